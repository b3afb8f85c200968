"""Reference numbers for Neurite's Attention and AdditiveAttention (ScoredAttentionTest).

Keras' formulas (keras/src/layers/attention/attention.py and additive_attention.py), written out in
PyTorch: dot scores scale * q @ k^T; concat scores c * sum(tanh(scale * (q_i + k_j))); additive
scores sum(scale * tanh(q_i + k_j)); masked keys get -1e9 added; softmax over the keys; output =
weights @ value, times the query mask. Gradients of sum(out * P) w.r.t. query, value, key and the
scale weights. Writes attention.json next to this file. Run: /usr/bin/python3 attention.py
"""
import json
import os

import torch

torch.manual_seed(77)
N, TQ, TV, D, DV = 2, 3, 4, 5, 3
VMASK = [[1, 1, 1, 0], [1, 0, 1, 1]]
QMASK = [[1, 1, 0], [1, 1, 1]]


def run(kind, scale_value, concat_value, causal):
    q = torch.randn(N, TQ, D, requires_grad=True)
    v = torch.randn(N, TV, DV, requires_grad=True)
    k = torch.randn(N, TV, D, requires_grad=True)
    scale = torch.tensor(scale_value, requires_grad=True)
    if kind == "dot":
        scores = scale * (q @ k.transpose(1, 2))
    elif kind == "concat":
        c = torch.tensor(concat_value, requires_grad=True)
        scores = c * torch.tanh(scale * (q.unsqueeze(2) + k.unsqueeze(1))).sum(-1)
    else:
        scores = (scale * torch.tanh(q.unsqueeze(2) + k.unsqueeze(1))).sum(-1)
    allowed = torch.tensor(VMASK, dtype=torch.float32).reshape(N, 1, TV)
    if causal:
        allowed = allowed * torch.tril(torch.ones(TQ, TV)).unsqueeze(0)
    scores = scores - 1e9 * (1 - allowed)
    out = torch.softmax(scores, -1) @ v
    out = out * torch.tensor(QMASK, dtype=torch.float32).unsqueeze(-1)
    p = torch.randn(out.shape)
    (out * p).sum().backward()
    rec = {"q": q.tolist(), "v": v.tolist(), "k": k.tolist(), "out": out.tolist(), "proj": p.tolist(),
           "grad_q": q.grad.tolist(), "grad_v": v.grad.tolist(), "grad_k": k.grad.tolist(),
           "scale": scale.detach().reshape(-1).tolist(), "grad_scale": scale.grad.reshape(-1).tolist()}
    if kind == "concat":
        rec["grad_concat"] = [c.grad.item()]
    return rec


result = {
    "torch": torch.__version__, "vmask": VMASK, "qmask": QMASK,
    "dot": run("dot", 0.7, None, False),
    "dot_causal": run("dot", 1.3, None, True),
    "concat": run("concat", 0.8, 1.5, False),
    "additive": run("additive", [0.3, -0.2, 0.5, 0.1, -0.4], None, False),
}
path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "attention.json")
with open(path, "w") as f:
    json.dump(result, f, indent=1)
print("wrote", path)
