"""Exports small PyTorch models to ONNX for OnnxImportTest, with one input and PyTorch's output for it.

Run from this folder with Debian's python3-torch:  /usr/bin/python3 export_models.py
Writes NAME.onnx, NAME.input.txt and NAME.output.txt (shape on the first line, then the values).
"""
import numpy as np
import torch
from torch import nn

torch.manual_seed(0)


class Mlp(nn.Module):
    def __init__(self):
        super().__init__()
        self.net = nn.Sequential(nn.Linear(6, 16), nn.ReLU(), nn.Linear(16, 8), nn.Tanh(), nn.Linear(8, 3), nn.Softmax(dim=1))

    def forward(self, x):
        return self.net(x)


class Cnn(nn.Module):
    def __init__(self):
        super().__init__()
        self.features = nn.Sequential(
            nn.Conv2d(2, 4, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(4, 6, 3, stride=1), nn.Sigmoid(), nn.AvgPool2d(2))
        self.head = nn.Linear(6 * 1 * 2, 3)

    def forward(self, x):
        return self.head(torch.flatten(self.features(x), 1))


class Lstm(nn.Module):
    def __init__(self):
        super().__init__()
        self.lstm = nn.LSTM(3, 5, batch_first=True)
        self.fc = nn.Linear(5, 2)

    def forward(self, x):
        _, (h, _) = self.lstm(x)
        return self.fc(h[-1])


def save(name, model, x):
    model.eval()
    with torch.no_grad():
        y = model(x)
    torch.onnx.export(model, x, name + ".onnx", input_names=["x"], output_names=["y"], opset_version=13, do_constant_folding=True)
    for suffix, t in (("input", x), ("output", y)):
        a = t.numpy().astype(np.float32)
        with open(name + "." + suffix + ".txt", "w") as f:
            f.write(" ".join(str(d) for d in a.shape) + "\n")
            f.write(" ".join(repr(float(v)) for v in a.ravel()) + "\n")


save("mlp", Mlp(), torch.randn(4, 6))
save("cnn", Cnn(), torch.randn(2, 2, 10, 12))
save("lstm", Lstm(), torch.randn(3, 7, 3))
