#!/usr/bin/env python3
"""Fixtures of SafetensorsTest / PyTorchWeightsTest, written with PyTorch (Debian python3-torch 1.13).

The Python `safetensors` package is not available here, so `save_file` below writes the format
by its specification, byte for byte as safetensors.torch.save_file does: an 8-byte little-endian
header length, a JSON header {name: {"dtype", "shape", "data_offsets": [begin, end]}, "__metadata__"}
with tensors ordered by dtype size (largest first) then name, padded with spaces to a multiple of
8 bytes, then the raw little-endian data.

Writes:
  cnn.safetensors / cnn.json    state_dict of Conv2d + BatchNorm2d + MaxPool + ConvTranspose2d + Linear,
                                with an input (NHWC) and the eval-mode output
  lstm.safetensors / lstm.json  state_dict of LSTM + Linear on the last hidden state, input and output
  dtypes.safetensors / dtypes.json  F64, F16, BF16, I64, I32, U8 tensors and their values as floats

Run: /usr/bin/python3 make_fixtures.py   (writes next to this file)
"""
import json
import os
import struct

import torch

HERE = os.path.dirname(os.path.abspath(__file__))
DTYPES = {torch.float64: ("F64", 8), torch.float32: ("F32", 4), torch.float16: ("F16", 2), torch.bfloat16: ("BF16", 2),
          torch.int64: ("I64", 8), torch.int32: ("I32", 4), torch.int16: ("I16", 2), torch.int8: ("I8", 1),
          torch.uint8: ("U8", 1), torch.bool: ("BOOL", 1)}


def save_file(tensors, path, metadata=None):
    items = sorted(tensors.items(), key=lambda kv: (-DTYPES[kv[1].dtype][1], kv[0]))
    header = {}
    if metadata:
        header["__metadata__"] = metadata
    offset = 0
    blobs = []
    for name, t in items:
        t = t.detach().contiguous()
        if t.dtype == torch.bfloat16:
            data = t.view(torch.int16).numpy().astype("<i2").tobytes()
        else:
            data = t.numpy().astype(t.numpy().dtype.newbyteorder("<")).tobytes()
        header[name] = {"dtype": DTYPES[t.dtype][0], "shape": list(t.shape), "data_offsets": [offset, offset + len(data)]}
        offset += len(data)
        blobs.append(data)
    h = json.dumps(header, separators=(",", ":")).encode("utf-8")
    h += b" " * ((8 - len(h) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(h)))
        f.write(h)
        for b in blobs:
            f.write(b)


class Cnn(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = torch.nn.Conv2d(3, 4, 3, padding=1)
        self.bn = torch.nn.BatchNorm2d(4, eps=1e-3)
        # Keras 'same' for a stride-2 3x3 transposed conv pads asymmetrically (TensorFlow puts the extra
        # row at the end), = PyTorch padding 0 cropped to in*stride; padding=1, output_padding=1 has
        # the same shape but is shifted by one pixel.
        self.convt = torch.nn.ConvTranspose2d(4, 2, 3, stride=2)
        self.fc = torch.nn.Linear(2 * 8 * 8, 5)

    def forward(self, x):
        x = torch.relu(self.bn(self.conv(x)))
        x = torch.nn.functional.max_pool2d(x, 2)
        x = self.convt(x)[:, :, :8, :8]
        return self.fc(x.permute(0, 2, 3, 1).flatten(1))  # channels-last flatten, as Keras


class Rnn(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.lstm = torch.nn.LSTM(3, 6, batch_first=True)
        self.head = torch.nn.Linear(6, 2)

    def forward(self, x):
        out, _ = self.lstm(x)
        return self.head(out[:, -1])


def dump(name, model, x, x_for_neurite):
    model.eval()
    with torch.no_grad():
        y = model(x)
    save_file(model.state_dict(), os.path.join(HERE, name + ".safetensors"), {"format": "pt"})
    with open(os.path.join(HERE, name + ".json"), "w") as f:
        json.dump({"input_shape": list(x_for_neurite.shape), "input": x_for_neurite.flatten().tolist(),
                   "output_shape": list(y.shape), "output": y.flatten().tolist()}, f)
        f.write("\n")


def main():
    torch.manual_seed(6)
    cnn = Cnn()
    with torch.no_grad():  # non-trivial running statistics
        cnn.bn.running_mean.copy_(torch.linspace(-0.5, 0.5, 4))
        cnn.bn.running_var.copy_(torch.linspace(0.5, 2.0, 4))
        cnn.bn.weight.copy_(torch.linspace(0.8, 1.2, 4))
        cnn.bn.bias.copy_(torch.linspace(-0.1, 0.1, 4))
        cnn.bn.num_batches_tracked.fill_(7)
    x = torch.randn(2, 3, 8, 8)
    dump("cnn", cnn, x, x.permute(0, 2, 3, 1))
    rnn = Rnn()
    s = torch.randn(2, 5, 3)
    dump("lstm", rnn, s, s)

    values = [1.5, -2.25, 0.0009765625, 65504.0, -0.0, 3.0]
    tensors = {"f64": torch.tensor(values, dtype=torch.float64).reshape(2, 3),
               "f16": torch.tensor(values, dtype=torch.float16),
               "bf16": torch.tensor([1.5, -2.25, 0.0078125, 3.0], dtype=torch.bfloat16),
               "i64": torch.tensor([[-3, 7]], dtype=torch.int64),
               "i32": torch.tensor([5, -6, 7], dtype=torch.int32),
               "u8": torch.tensor([0, 255], dtype=torch.uint8),
               "scalar": torch.tensor(2.5, dtype=torch.float32)}
    save_file(tensors, os.path.join(HERE, "dtypes.safetensors"), {"source": "make_fixtures.py"})
    with open(os.path.join(HERE, "dtypes.json"), "w") as f:
        json.dump({k: {"shape": list(v.shape), "values": v.to(torch.float64).flatten().tolist()} for k, v in tensors.items()}, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
