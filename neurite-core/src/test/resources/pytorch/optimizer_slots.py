"""Reference numbers for SGDW and optimizer slots (OptimizerSlotsTest).

torch.optim has no SGDW, so its decoupled decay is applied by hand before each torch.optim.SGD step
(p *= 1 - lr * wd, then SGD with momentum and weight_decay=0), which is the definition; and
torch.optim.Adam / AdamW with their state (exp_avg = m, exp_avg_sq = v, step). Fixed gradients,
three steps. Writes optimizer_slots.json next to this file.
Run: /usr/bin/python3 optimizer_slots.py
"""
import json
import os

import torch

P0 = [0.5, -1.0, 2.0]
GRADS = [[0.3, -0.2, 1.0], [0.1, 0.4, -0.5], [-0.6, 0.2, 0.25]]


def flat(t):
    return [float(v) for v in t.detach().reshape(-1).tolist()]


def sgdw(lr, momentum, wd):
    p = torch.tensor(P0, dtype=torch.float32, requires_grad=True)
    opt = torch.optim.SGD([p], lr=lr, momentum=momentum, weight_decay=0.0)
    out = []
    for g in GRADS:
        with torch.no_grad():
            p.mul_(1 - lr * wd)
        p.grad = torch.tensor(g, dtype=torch.float32)
        opt.step()
        out.append({"p": flat(p), "momentum": flat(opt.state[p]["momentum_buffer"])})
    return {"lr": lr, "momentum": momentum, "weight_decay": wd, "steps": out}


def adam(cls, lr, betas, eps, wd):
    p = torch.tensor(P0, dtype=torch.float32, requires_grad=True)
    opt = cls([p], lr=lr, betas=betas, eps=eps, weight_decay=wd)
    out = []
    for g in GRADS:
        p.grad = torch.tensor(g, dtype=torch.float32)
        opt.step()
        s = opt.state[p]
        out.append({"p": flat(p), "m": flat(s["exp_avg"]), "v": flat(s["exp_avg_sq"]), "step": int(s["step"])})
    return {"lr": lr, "betas": list(betas), "eps": eps, "weight_decay": wd, "steps": out}


result = {
    "torch": torch.__version__, "p0": P0, "grads": GRADS,
    "sgdw": sgdw(0.1, 0.9, 0.05),
    "adam": adam(torch.optim.Adam, 0.01, (0.9, 0.999), 1e-8, 0.0),
    "adamw": adam(torch.optim.AdamW, 0.01, (0.9, 0.999), 1e-8, 0.1),
}
path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "optimizer_slots.json")
with open(path, "w") as f:
    json.dump(result, f, indent=1)
print("wrote", path)
