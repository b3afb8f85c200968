"""Reference numbers for the activation ops and the PReLU layer.

Writes activations.json: x (2, 5, 3) in PyTorch (N, C, L) for PReLU and flat for the elementwise
functions; for gelu (approximate='none', the exact erf form), elu (alpha 1 and 0.5), softplus,
silu (swish) and hardsigmoid: y and dL/dx of L = sum(y * p). For PReLU (num_parameters=3, one
alpha per channel) y and the gradients w.r.t. x and alpha. float64 from float32-representable
values. Run: python3 activations.py
"""
import json, os
import torch
import torch.nn.functional as F

torch.manual_seed(11)

def f32(*shape):
    return torch.randn(*shape).float().double()

x = (f32(30) * 3).requires_grad_(True)
p = f32(30)
out = {"torch_version": torch.__version__, "x": x.tolist(), "proj": p.tolist()}
fns = {
    "gelu": lambda t: F.gelu(t, approximate="none"),
    "elu": lambda t: F.elu(t, alpha=1.0),
    "elu_half": lambda t: F.elu(t, alpha=0.5),
    "softplus": F.softplus,
    "silu": F.silu,
    "hardsigmoid": F.hardsigmoid,
}
for name, fn in fns.items():
    x.grad = None
    y = fn(x)
    (y * p).sum().backward()
    out[name] = y.tolist()
    out[name + "_grad"] = x.grad.tolist()

prelu = torch.nn.PReLU(num_parameters=3).double()
with torch.no_grad():
    prelu.weight.copy_(torch.tensor([0.25, -0.5, 1.5]).double())
xp = (f32(2, 3, 5) * 2).requires_grad_(True)   # (N, C, L)
yp = prelu(xp)
pp = f32(*yp.shape)
(yp * pp).sum().backward()
out["prelu"] = {"x": xp.tolist(), "alpha": prelu.weight.tolist(), "proj": pp.tolist(), "y": yp.tolist(),
                "grad_x": xp.grad.tolist(), "grad_alpha": prelu.weight.grad.tolist()}
with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "activations.json"), "w") as f:
    json.dump(out, f)
