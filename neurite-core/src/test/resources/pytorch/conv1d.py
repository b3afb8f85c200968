"""Reference numbers for Conv1D with padding='causal' and dilation 2 (PyTorch Conv1d on an input
left-padded with d*(k-1) = 4 zeros), NCL / weight (F, C, K) -> Keras (K, C, F).
Writes conv1d.json: x (2, 3, 9), weight, bias, projection p, y and gradients of sum(y * p).
Run: python3 conv1d.py
"""
import json, os
import torch
import torch.nn.functional as F

torch.manual_seed(17)

def f32(*shape):
    return torch.randn(*shape).float().double()

conv = torch.nn.Conv1d(3, 4, 3, dilation=2).double()
with torch.no_grad():
    conv.weight.copy_(f32(*conv.weight.shape))
    conv.bias.copy_(f32(4))
x = f32(2, 3, 9).requires_grad_(True)
y = conv(F.pad(x, (4, 0)))
proj = f32(*y.shape)
(y * proj).sum().backward()
out = {"torch_version": torch.__version__, "x": x.tolist(), "weight": conv.weight.tolist(), "bias": conv.bias.tolist(),
       "proj": proj.tolist(), "y": y.tolist(), "grad_x": x.grad.tolist(), "grad_weight": conv.weight.grad.tolist(),
       "grad_bias": conv.bias.grad.tolist()}
with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "conv1d.json"), "w") as f:
    json.dump(out, f)
