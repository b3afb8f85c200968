"""Reference numbers for BatchNormalization (PyTorch BatchNorm2d / BatchNorm1d, training mode).

Keras momentum 0.99 == PyTorch momentum 0.01; epsilon 1e-3 as Keras. Writes batch_norm.json with,
per case, x (PyTorch layout: NCHW or NC), gamma, beta, the initial running stats, a projection p,
y, the gradients of sum(y * p) w.r.t. x, gamma, beta, PyTorch's updated running stats (unbiased
variance) and the Keras rule's moving variance (biased batch variance), plus the inference-mode
output after the update. float64 from float32-representable values.
Run: python3 batch_norm.py
"""
import json, os
import torch

torch.manual_seed(5)

def f32(*shape):
    return torch.randn(*shape).float().double()

def case(bn, xshape):
    c = bn.num_features
    x = (f32(*xshape) * 2 + 0.5).requires_grad_(True)
    with torch.no_grad():
        bn.weight.copy_(f32(c))
        bn.bias.copy_(f32(c))
        bn.running_mean.copy_(f32(c) * 0.1)
        bn.running_var.copy_(f32(c).abs().float().double() + 0.5)
    rm0, rv0 = bn.running_mean.clone(), bn.running_var.clone()
    bn.train()
    y = bn(x)
    proj = f32(*y.shape)
    (y * proj).sum().backward()
    axes = [0] + list(range(2, x.dim()))
    m = x.numel() // c
    biased = x.detach().var(dim=axes, unbiased=False)
    keras_var = rv0 * 0.99 + biased * 0.01
    bn.eval()
    y_eval = bn(x.detach())
    return {"x": x.tolist(), "gamma": bn.weight.tolist(), "beta": bn.bias.tolist(),
            "moving_mean0": rm0.tolist(), "moving_var0": rv0.tolist(), "proj": proj.tolist(), "y": y.tolist(),
            "grad_x": x.grad.tolist(), "grad_gamma": bn.weight.grad.tolist(), "grad_beta": bn.bias.grad.tolist(),
            "torch_running_mean": bn.running_mean.tolist(), "torch_running_var": bn.running_var.tolist(),
            "keras_moving_var": keras_var.tolist(), "count": m, "y_eval_torch_stats": y_eval.tolist()}

out = {
    "torch_version": torch.__version__, "momentum_keras": 0.99, "epsilon": 1e-3,
    "bn2d": case(torch.nn.BatchNorm2d(3, eps=1e-3, momentum=0.01).double(), (4, 3, 5, 6)),
    "bn1d": case(torch.nn.BatchNorm1d(4, eps=1e-3, momentum=0.01).double(), (6, 4)),
}
with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "batch_norm.json"), "w") as f:
    json.dump(out, f)
