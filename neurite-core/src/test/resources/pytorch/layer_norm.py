"""Reference numbers for LayerNormalization (PyTorch LayerNorm over the last axis, eps 1e-3 as Keras).

Writes layer_norm.json: x (2, 3, 6), gamma, beta, projection p, y and the gradients of sum(y * p)
w.r.t. x, gamma and beta; float64 from float32-representable values. Run: python3 layer_norm.py
"""
import json, os
import torch

torch.manual_seed(7)

def f32(*shape):
    return torch.randn(*shape).float().double()

ln = torch.nn.LayerNorm(6, eps=1e-3).double()
with torch.no_grad():
    ln.weight.copy_(f32(6))
    ln.bias.copy_(f32(6))
x = (f32(2, 3, 6) * 3 - 1).requires_grad_(True)
y = ln(x)
proj = f32(*y.shape)
(y * proj).sum().backward()
out = {"torch_version": torch.__version__, "epsilon": 1e-3, "x": x.tolist(), "gamma": ln.weight.tolist(), "beta": ln.bias.tolist(),
       "proj": proj.tolist(), "y": y.tolist(), "grad_x": x.grad.tolist(), "grad_gamma": ln.weight.grad.tolist(), "grad_beta": ln.bias.grad.tolist()}
with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "layer_norm.json"), "w") as f:
    json.dump(out, f)
