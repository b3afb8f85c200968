"""Reference numbers for TransformerEncoder: PyTorch nn.TransformerEncoderLayer(d_model=8, nhead=2,
dim_feedforward=16, dropout=0, activation relu, layer_norm_eps 1e-5, batch_first=True), post-norm
(norm_first=False) and pre-norm (norm_first=True), float64 from float32-representable values.

x (2, 5, 8); a key padding mask (2, 5) with the last two tokens of sample 1 padded
(src_key_padding_mask True = padding; the Java test passes 1 = real token). For each variant and
with/without the mask: output and dL/dx, dL/d(linear1.weight) of L = sum(y * proj).
Run: python3 transformer_encoder.py
"""
import json, os
import torch

torch.manual_seed(5)
D, H, FF, N, T = 8, 2, 16, 2, 5

def f32(*shape):
    return torch.randn(*shape).float().double()

x0, proj = f32(N, T, D), f32(N, T, D)
pad = torch.zeros(N, T, dtype=torch.bool)
pad[1, 3:] = True
out = {"torch_version": torch.__version__, "x": x0.tolist(), "proj": proj.tolist(), "real": (~pad).double().tolist()}
for norm_first in (False, True):
    torch.manual_seed(9)
    layer = torch.nn.TransformerEncoderLayer(D, H, dim_feedforward=FF, dropout=0.0, batch_first=True, norm_first=norm_first).double()
    with torch.no_grad():
        for prm in layer.parameters():
            prm.copy_(f32(*prm.shape) * 0.4)
    layer.train()  # no dropout (p = 0), and keeps PyTorch off its inference fast path
    key = "pre_norm" if norm_first else "post_norm"
    entry = {name: prm.tolist() for name, prm in layer.named_parameters()}
    for masked in (False, True):
        layer.zero_grad()
        x = x0.clone().requires_grad_(True)
        y = layer(x, src_key_padding_mask=pad if masked else None)
        (y * proj).sum().backward()
        entry["masked" if masked else "plain"] = {"y": y.tolist(), "grad_x": x.grad.tolist(),
                                                   "grad_linear1_weight": layer.linear1.weight.grad.tolist()}
    out[key] = entry
with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "transformer_encoder.json"), "w") as f:
    json.dump(out, f)
