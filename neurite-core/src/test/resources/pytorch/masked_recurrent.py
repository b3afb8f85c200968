"""Reference numbers for Neurite's masked SimpleRNN, LSTM and GRU (MaskedRecurrentTest).

Keras' masking skips a masked step: the states carry over and the output repeats the previous
step's (zeros before the first real step). That equals running PyTorch's nn.RNN / nn.LSTM / nn.GRU
(batch_first, zero initial state) on each sample's real steps only, then spreading the outputs
back over the time axis; the last output is the output of the last real step. Masked steps of x
are exactly zero, so the same input also tests Masking(0.0). go_backwards reads the real steps
from the last to the first. Writes masked_recurrent.json next to this file.
Run: /usr/bin/python3 masked_recurrent.py
"""
import json
import os

import torch

torch.manual_seed(20261207)
N, T, IN, U = 3, 6, 4, 5
# sample 0: all real; 1: right padding; 2: padding first, in the middle and last
MASK = [[1, 1, 1, 1, 1, 1], [1, 1, 1, 1, 0, 0], [0, 1, 0, 1, 1, 0]]


def keras_masked(module, x, mask, backwards):
    outs, lasts = [], []
    for n in range(N):
        order = list(range(T))[::-1] if backwards else list(range(T))
        real = [t for t in order if mask[n][t]]
        y, _ = module(x[n:n + 1, real, :])
        seq, prev, k = [], torch.zeros(U), 0
        for t in order:  # outputs in processing order, as Keras' go_backwards
            if mask[n][t]:
                prev = y[0, k]
                k += 1
            seq.append(prev)
        outs.append(torch.stack(seq))
        lasts.append(prev)
    return torch.stack(outs), torch.stack(lasts)


def case(module):
    for p in module.parameters():
        with torch.no_grad():
            p.uniform_(-0.5, 0.5)
    x = torch.randn(N, T, IN) * torch.tensor(MASK, dtype=torch.float32).unsqueeze(-1)
    with torch.no_grad():
        out, last = keras_masked(module, x, MASK, False)
        out_b, last_b = keras_masked(module, x, MASK, True)
    rec = {"x": x.tolist(), "mask": MASK, "out": out.tolist(), "last": last.tolist(),
           "out_backwards": out_b.tolist(), "last_backwards": last_b.tolist()}
    for name, p in module.named_parameters():
        rec[name] = p.detach().reshape(-1).tolist()
    return rec


result = {
    "torch": torch.__version__,
    "rnn": case(torch.nn.RNN(IN, U, nonlinearity="tanh", batch_first=True)),
    "lstm": case(torch.nn.LSTM(IN, U, batch_first=True)),
    "gru": case(torch.nn.GRU(IN, U, batch_first=True)),
}
path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "masked_recurrent.json")
with open(path, "w") as f:
    json.dump(result, f, indent=1)
print("wrote", path)
