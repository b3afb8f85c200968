"""Reference numbers for Neurite's SimpleRNN, LSTM, GRU and Bidirectional(LSTM) (RecurrentPyTorchTest).

PyTorch nn.RNN (tanh), nn.LSTM, nn.GRU and nn.LSTM(bidirectional=True), batch_first, with seeded
weights and non-zero initial states. Loss = sum(out * P) + sum(h_n * Q) (+ sum(c_n * S)) with fixed
projections, so the gradients go through the sequence output and the final states. Writes
recurrent.json next to this file: inputs, PyTorch-layout weights, outputs and gradients.
Run: /usr/bin/python3 recurrent.py
"""
import json
import os

import torch

torch.manual_seed(20240601)
N, T, IN, U = 3, 5, 4, 6


def flat(t):
    return [float(v) for v in t.detach().reshape(-1).tolist()]


def entry(t):
    return {"shape": list(t.shape), "data": flat(t)}


def run(kind, module, directions=1):
    for p in module.parameters():
        with torch.no_grad():
            p.uniform_(-0.5, 0.5)
    x = torch.randn(N, T, IN, requires_grad=True)
    h0 = (0.5 * torch.randn(directions, N, U)).requires_grad_(True)
    c0 = (0.5 * torch.randn(directions, N, U)).requires_grad_(True)
    if kind == "lstm":
        out, (hn, cn) = module(x, (h0, c0))
    else:
        out, hn = module(x, h0)
        cn = None
    p = torch.randn(out.shape)
    q = torch.randn(hn.shape)
    loss = (out * p).sum() + (hn * q).sum()
    s = None
    if cn is not None:
        s = torch.randn(cn.shape)
        loss = loss + (cn * s).sum()
    loss.backward()
    rec = {"x": entry(x), "h0": entry(h0), "out": entry(out), "h_n": entry(hn),
           "proj_out": entry(p), "proj_h": entry(q), "grad_x": entry(x.grad), "grad_h0": entry(h0.grad)}
    if cn is not None:
        rec.update({"c0": entry(c0), "c_n": entry(cn), "proj_c": entry(s), "grad_c0": entry(c0.grad)})
    rec["weights"] = {name: entry(p) for name, p in module.named_parameters()}
    rec["grads"] = {name: entry(p.grad) for name, p in module.named_parameters()}
    return rec


result = {
    "N": N, "T": T, "in": IN, "units": U, "torch": torch.__version__,
    "rnn": run("rnn", torch.nn.RNN(IN, U, nonlinearity="tanh", batch_first=True)),
    "lstm": run("lstm", torch.nn.LSTM(IN, U, batch_first=True)),
    "gru": run("gru", torch.nn.GRU(IN, U, batch_first=True)),
    "bilstm": run("lstm", torch.nn.LSTM(IN, U, batch_first=True, bidirectional=True), directions=2),
}
path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "recurrent.json")
with open(path, "w") as f:
    json.dump(result, f, indent=1)
print("wrote", path)
