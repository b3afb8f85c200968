"""Reference numbers for MultiHeadAttention: PyTorch nn.MultiheadAttention(embed_dim=8, num_heads=2,
batch_first=True), head width 4, float64 from float32-representable values.

Cross-attention: query (2, 3, 8), key and value (2, 4, 8). Three cases: no mask; a per-sample
boolean mask (2, 3, 4) given to PyTorch as attn_mask (N*H, T, S) with True = NOT allowed (the Java
test passes the complement, Keras' 1 = allowed); and the causal mask s <= t (Keras
use_causal_mask, PyTorch attn_mask = ~tril). For each: output, per-head attention weights
(N, H, T, S) and the gradients of L = sum(output * proj) w.r.t. query, key, value, in_proj_weight
(24, 8) = [Wq; Wk; Wv] (rows h*4+d), in_proj_bias, out_proj.weight (8, 8), out_proj.bias.
Run: python3 multi_head_attention.py
"""
import json, os
import torch

torch.manual_seed(3)
E, H, N, T, S = 8, 2, 2, 3, 4

def f32(*shape):
    return torch.randn(*shape).float().double()

mha = torch.nn.MultiheadAttention(E, H, batch_first=True).double()
with torch.no_grad():
    mha.in_proj_weight.copy_(f32(3 * E, E) * 0.4)
    mha.in_proj_bias.copy_(f32(3 * E) * 0.2)
    mha.out_proj.weight.copy_(f32(E, E) * 0.4)
    mha.out_proj.bias.copy_(f32(E) * 0.2)
q0, k0, v0 = f32(N, T, E), f32(N, S, E), f32(N, S, E)
proj = f32(N, T, E)
allowed = torch.rand(N, T, S) > 0.4
allowed[:, :, 0] = True  # every query may attend to something
causal = torch.tril(torch.ones(T, S)).bool()

out = {"torch_version": torch.__version__, "embed_dim": E, "num_heads": H,
       "in_proj_weight": mha.in_proj_weight.tolist(), "in_proj_bias": mha.in_proj_bias.tolist(),
       "out_proj_weight": mha.out_proj.weight.tolist(), "out_proj_bias": mha.out_proj.bias.tolist(),
       "query": q0.tolist(), "key": k0.tolist(), "value": v0.tolist(), "proj": proj.tolist(),
       "allowed": allowed.double().tolist()}

def run(name, torch_mask):
    mha.zero_grad()
    q, k, v = (t.clone().requires_grad_(True) for t in (q0, k0, v0))
    y, w = mha(q, k, v, attn_mask=torch_mask, need_weights=True, average_attn_weights=False)
    (y * proj).sum().backward()
    out[name] = {"output": y.tolist(), "scores": w.tolist(), "grad_query": q.grad.tolist(), "grad_key": k.grad.tolist(),
                 "grad_value": v.grad.tolist(), "grad_in_proj_weight": mha.in_proj_weight.grad.tolist(),
                 "grad_in_proj_bias": mha.in_proj_bias.grad.tolist(), "grad_out_proj_weight": mha.out_proj.weight.grad.tolist(),
                 "grad_out_proj_bias": mha.out_proj.bias.grad.tolist()}

run("no_mask", None)
run("mask", (~allowed).repeat_interleave(H, dim=0))  # (N*H, T, S), True = not allowed
run("causal", ~causal)
with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "multi_head_attention.json"), "w") as f:
    json.dump(out, f)
