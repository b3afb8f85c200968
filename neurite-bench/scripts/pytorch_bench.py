#!/usr/bin/env python3
"""PyTorch side of the Neurite benchmark suite.

Runs the fp32 CPU training workloads W1..W12 and the inference workload W13 on synthetic data and prints one
JSON object per workload (W1: per matrix size) per line:

    {"workload": "W2", "framework": "pytorch", "threads": 1,
     "samples_per_s": ..., "median_step_ms": ..., "params": ..., "batch": ..., ...}

Usage:
    env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE /usr/bin/python3 pytorch_bench.py \
        [W1 ... W13] [--threads N] [--json] [--min-time S]

Timing: a few warm-up steps, then steps are timed one by one until at least
--min-time seconds (default 3) and --min-steps steps (default 10) have passed;
the median step time is reported and samples/s = batch / median step time.
Every model's parameter count is asserted against the Keras-convention count
of the reference architecture, so a wrong architecture cannot slip through.

OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE force OpenBLAS kernels and blocking that
do not fit this CPU; if either is set, the script re-executes itself without
them (unless --keep-openblas-env is given) and says so on stderr.
"""

import argparse
import json
import os
import statistics
import sys
import time

ALL_WORKLOADS = ["W1", "W2", "W3", "W4", "W5", "W6", "W7", "W8", "W9", "W10", "W11", "W12", "W13"]
OPENBLAS_OVERRIDES = ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")
W1_SIZES = (64, 256, 512, 1024, 2048)


def parse_workloads(items):
    """Accepts 'W2', 'w2', '2', 'W1,W3', 'W1..W8' / 'W1-W8'."""
    out = []
    for item in items:
        for tok in item.replace(" ", ",").split(","):
            tok = tok.strip().upper()
            if not tok:
                continue
            for sep in ("..", "-"):
                if sep in tok:
                    a, b = tok.split(sep, 1)
                    lo, hi = int(a.lstrip("W")), int(b.lstrip("W"))
                    out.extend("W%d" % i for i in range(lo, hi + 1))
                    break
            else:
                out.append(tok if tok.startswith("W") else "W" + tok)
    bad = [w for w in out if w not in ALL_WORKLOADS]
    if bad:
        raise SystemExit("unknown workload(s): %s (known: %s)" % (", ".join(bad), " ".join(ALL_WORKLOADS)))
    seen = []
    for w in out:
        if w not in seen:
            seen.append(w)
    return seen or list(ALL_WORKLOADS)


def parse_args(argv):
    p = argparse.ArgumentParser(description="PyTorch reference numbers for the Neurite workloads W1..W13")
    p.add_argument("workloads", nargs="*", help="workloads to run (default: all), e.g. W2 W3 or W1..W13")
    p.add_argument("--threads", type=int, default=1, help="intra-op threads (torch.set_num_threads), default 1")
    p.add_argument("--blas-threads", type=int, default=None,
                   help="OpenBLAS threads (OPENBLAS_NUM_THREADS), default = --threads")
    p.add_argument("--json", action="store_true", help="print JSON lines only (default: JSON lines plus a readable summary on stderr)")
    p.add_argument("--min-time", type=float, default=3.0, help="seconds of timed steps per workload (W1: per size, a third of it), default 3")
    p.add_argument("--min-steps", type=int, default=10, help="minimum timed steps per workload, default 10")
    p.add_argument("--warmup", type=int, default=5, help="warm-up steps before timing, default 5")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--keep-openblas-env", action="store_true",
                   help="do not drop OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE from the environment")
    return p.parse_args(argv)


ARGS = parse_args(sys.argv[1:])
if ARGS.threads < 1:
    raise SystemExit("--threads must be >= 1")

# Re-exec without the OpenBLAS overrides: they are read when libopenblas loads,
# so they must be gone before torch is imported.
if not ARGS.keep_openblas_env and any(k in os.environ for k in OPENBLAS_OVERRIDES):
    env = {k: v for k, v in os.environ.items() if k not in OPENBLAS_OVERRIDES}
    print("pytorch_bench: re-running without %s" % ", ".join(k for k in OPENBLAS_OVERRIDES if k in os.environ),
          file=sys.stderr)
    sys.stderr.flush()
    os.execve(sys.executable, [sys.executable] + sys.argv, env)

# Thread pools of the native libraries are sized when they load: OpenBLAS
# (pthread build on Debian) ignores torch.set_num_threads, so set it here.
BLAS_THREADS = ARGS.blas_threads or ARGS.threads
os.environ["OMP_NUM_THREADS"] = str(ARGS.threads)
os.environ["OPENBLAS_NUM_THREADS"] = str(BLAS_THREADS)
os.environ["MKL_NUM_THREADS"] = str(BLAS_THREADS)

import torch  # noqa: E402
import torch.nn as nn  # noqa: E402

torch.set_num_threads(ARGS.threads)
try:
    torch.set_num_interop_threads(1)
except RuntimeError:
    pass


# --------------------------------------------------------------------------- helpers

def n_trainable(model):
    return sum(p.numel() for p in model.parameters() if p.requires_grad)


def n_keras(model):
    """Keras-convention total: all parameters plus BatchNorm moving mean/variance."""
    total = sum(p.numel() for p in model.parameters())
    for m in model.modules():
        if isinstance(m, nn.modules.batchnorm._BatchNorm) and m.track_running_stats:
            total += m.running_mean.numel() + m.running_var.numel()
    return total


def check_params(name, got, expected):
    assert got == expected, "%s: parameter count %d != expected %d (wrong architecture?)" % (name, got, expected)


def time_steps(step, warmup=None, min_time=None, min_steps=None):
    warmup = ARGS.warmup if warmup is None else warmup
    min_time = ARGS.min_time if min_time is None else min_time
    min_steps = ARGS.min_steps if min_steps is None else min_steps
    for _ in range(warmup):
        step()
    times = []
    perf = time.perf_counter
    start = perf()
    while True:
        t0 = perf()
        step()
        t1 = perf()
        times.append(t1 - t0)
        if t1 - start >= min_time and len(times) >= min_steps:
            break
    return times, perf() - start


def summarize(times, total):
    med = statistics.median(times)
    return {
        "median_step_ms": med * 1e3,
        "mean_step_ms": total / len(times) * 1e3,
        "min_step_ms": min(times) * 1e3,
        "steps": len(times),
    }


def emit(rec):
    base = {"workload": rec.pop("workload"), "framework": "pytorch", "threads": ARGS.threads}
    if BLAS_THREADS != ARGS.threads:
        base["blas_threads"] = BLAS_THREADS
    base.update(rec)
    base.setdefault("torch_version", torch.__version__)
    for k, v in list(base.items()):
        if isinstance(v, float):
            base[k] = round(v, 6 if v < 1 else 3)
    print(json.dumps(base), flush=True)
    if not ARGS.json:
        extra = ""
        if "gflops" in base:
            extra = "  n=%d  %.1f GFLOP/s" % (base["n"], base["gflops"])
        if "infer_latency_ms" in base:
            extra += "  infer(b=1) %.3f ms" % base["infer_latency_ms"]
        print("# %-3s %-8s thr=%d  %12.1f samples/s  median %.4f ms  params=%s%s" % (
            base["workload"], base.get("model", ""), base["threads"], base["samples_per_s"],
            base["median_step_ms"], base.get("params"), extra), file=sys.stderr, flush=True)


def make_train_step(model, loss_fn, opt, batches):
    it = [0]
    n = len(batches)

    def step():
        x, y = batches[it[0] % n]
        it[0] += 1
        opt.zero_grad(set_to_none=True)
        loss = loss_fn(model(x), y)
        loss.backward()
        opt.step()
    return step


def train_workload(wid, model_name, model, loss_fn, opt, batches, batch, expected_params, extra=None,
                   params_value=None):
    if expected_params is not None:
        check_params(wid, n_keras(model), expected_params)
    model.train()
    times, total = time_steps(make_train_step(model, loss_fn, opt, batches))
    s = summarize(times, total)
    rec = {"workload": wid, "model": model_name,
           "samples_per_s": batch / (s["median_step_ms"] / 1e3),
           "median_step_ms": s["median_step_ms"],
           "params": params_value if params_value is not None else n_keras(model),
           "batch": batch}
    rec.update({k: v for k, v in s.items() if k != "median_step_ms"})
    if extra:
        rec.update(extra)
    return rec


def classification_batches(shape, classes, count=4):
    return [(torch.randn(*shape), torch.randint(0, classes, (shape[0],))) for _ in range(count)]


# --------------------------------------------------------------------------- workloads

def w1():
    per_size = max(ARGS.min_time / 3.0, 0.3)
    for n in W1_SIZES:
        a, b = torch.randn(n, n), torch.randn(n, n)
        c = torch.empty(n, n)
        torch.mm(a, b, out=c)
        # Group calls so one timed sample lasts >= ~2 ms (timer resolution at small n).
        t0 = time.perf_counter()
        torch.mm(a, b, out=c)
        one = max(time.perf_counter() - t0, 1e-7)
        reps = max(1, int(2e-3 / one))

        def step():
            for _ in range(reps):
                torch.mm(a, b, out=c)
        times, total = time_steps(step, warmup=max(2, ARGS.warmup // 2), min_time=per_size,
                                  min_steps=min(ARGS.min_steps, 10))
        times = [t / reps for t in times]
        s = summarize(times, total / reps)
        med = s["median_step_ms"] / 1e3
        rec = {"workload": "W1", "model": "matmul", "n": n,
               "gflops": 2.0 * n ** 3 / med / 1e9,
               "samples_per_s": 1.0 / med, "median_step_ms": s["median_step_ms"],
               "params": 0, "batch": 1, "reps_per_sample": reps,
               "unit": "samples_per_s = matmuls/s"}
        rec.update({k: v for k, v in s.items() if k not in ("median_step_ms", "mean_step_ms")})
        emit(rec)


def w2():
    model = nn.Sequential(nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 128), nn.ReLU(), nn.Linear(128, 10))
    opt = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
    emit(train_workload("W2", "mlp", model, nn.CrossEntropyLoss(), opt,
                        classification_batches((128, 784), 10), 128, 235_146,
                        {"optimizer": "sgd-momentum", "loss": "softmax-ce"}))


def w3():
    model = nn.Sequential(
        nn.Conv2d(1, 6, 5, padding=2), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(6, 16, 5), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(),
        nn.Linear(400, 120), nn.ReLU(), nn.Linear(120, 84), nn.ReLU(), nn.Linear(84, 10))
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    emit(train_workload("W3", "lenet5", model, nn.CrossEntropyLoss(), opt,
                        classification_batches((64, 1, 28, 28), 10), 64, 61_706,
                        {"optimizer": "adam", "loss": "softmax-ce"}))


def w4():
    model = nn.Sequential(
        nn.Conv2d(3, 4, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(4, 8, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(),  # 8 x 8 x 8 = 512
        nn.Linear(512, 28), nn.ReLU(), nn.Linear(28, 10))  # softmax folded into CrossEntropyLoss
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    emit(train_workload("W4", "cifar-cnn", model, nn.CrossEntropyLoss(), opt,
                        classification_batches((64, 3, 32, 32), 10), 64, 15_062,
                        {"optimizer": "adam", "loss": "softmax-ce"}))


class LstmRegressor(nn.Module):
    def __init__(self):
        super().__init__()
        self.lstm1 = nn.LSTM(1, 100, batch_first=True)
        self.drop1 = nn.Dropout(0.2)
        self.lstm2 = nn.LSTM(100, 50, batch_first=True)
        self.drop2 = nn.Dropout(0.2)
        self.dense = nn.Linear(50, 1)

    def forward(self, x):
        h, _ = self.lstm1(x)          # return_sequences=True
        h = self.drop1(h)
        h, _ = self.lstm2(h)
        h = self.drop2(h[:, -1, :])   # return_sequences=False: last step only
        return self.dense(h)


def w5():
    model = LstmRegressor()
    torch_params = n_trainable(model)
    # Keras LSTM has one bias vector per gate, PyTorch two (bias_ih + bias_hh).
    keras_params = torch_params - sum(p.numel() for n, p in model.named_parameters() if "bias_hh" in n)
    check_params("W5 (Keras convention)", keras_params, 40_800 + 30_200 + 51)
    check_params("W5 (PyTorch)", torch_params, 71_651)
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    batches = [(torch.randn(64, 50, 1), torch.randn(64, 1)) for _ in range(4)]
    emit(train_workload("W5", "lstm", model, nn.MSELoss(), opt, batches, 64, None,
                        {"optimizer": "adam", "loss": "mse", "params_keras": keras_params,
                         "params_note": "params = PyTorch count (two LSTM bias vectors); params_keras = Keras convention"},
                        params_value=torch_params))


def w6():
    # Case C003-01 (shared/conformance/cases.json), NCHW with the same sizes as Keras' 128x256x3.
    model = nn.Sequential(
        nn.Conv2d(3, 16, 5, padding=2), nn.ReLU(),                      # conv1, same
        nn.MaxPool2d(2),                                                 # mp1
        nn.Conv2d(16, 32, 3, padding=1), nn.ReLU(),                      # conv2, same
        nn.MaxPool2d(2),                                                 # mp2
        nn.Dropout(0.3),                                                 # dropout
        nn.Conv2d(32, 128, 1), nn.ReLU(),                                # conv3 1x1
        nn.BatchNorm2d(128, eps=1e-3, momentum=0.01),                    # Keras defaults
        nn.ConvTranspose2d(128, 32, 3, stride=2, padding=1, output_padding=1), nn.ReLU(),  # convt1, same
        nn.ConvTranspose2d(32, 16, 3, stride=2, padding=1, output_padding=1), nn.ReLU(),   # convt2, same
        nn.ConvTranspose2d(16, 3, 1), nn.Sigmoid())                      # output
    check_params("W6 trainable", n_trainable(model), 51_907)
    check_params("W6 total", n_keras(model), 52_163)
    with torch.no_grad():
        assert tuple(model.eval()(torch.zeros(1, 3, 128, 256)).shape) == (1, 3, 128, 256)
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    batches = [(torch.randn(8, 3, 128, 256), (torch.rand(8, 3, 128, 256) > 0.5).float()) for _ in range(2)]
    rec = train_workload("W6", "segnet", model, nn.BCELoss(), opt, batches, 8, 52_163,
                         {"optimizer": "adam", "loss": "bce", "trainable_params": n_trainable(model)})
    # Inference latency: batch 1, eval mode, no autograd.
    model.eval()
    x1 = torch.randn(1, 3, 128, 256)

    def infer():
        with torch.no_grad():
            model(x1)
    times, total = time_steps(infer, min_time=max(ARGS.min_time / 2.0, 0.5))
    lat = statistics.median(times)
    rec.update({"infer_latency_ms": lat * 1e3, "infer_samples_per_s": 1.0 / lat, "infer_steps": len(times)})
    emit(rec)


def w7():
    # Case C000-04: MaxPooling2D(2, padding='same') == MaxPool2d(2, ceil_mode=True) (7 -> 4).
    model = nn.Sequential(
        nn.Conv2d(1, 16, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2, ceil_mode=True),   # 28 -> 14
        nn.Conv2d(16, 8, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2, ceil_mode=True),   # 14 -> 7
        nn.Conv2d(8, 8, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2, ceil_mode=True),    # 7 -> 4
        nn.Conv2d(8, 8, 3, padding=1), nn.ReLU(), nn.Upsample(scale_factor=2, mode="nearest"),  # 4 -> 8
        nn.Conv2d(8, 8, 3, padding=1), nn.ReLU(), nn.Upsample(scale_factor=2, mode="nearest"),  # 8 -> 16
        nn.Conv2d(8, 16, 3), nn.ReLU(), nn.Upsample(scale_factor=2, mode="nearest"),  # valid 16 -> 14 -> 28
        nn.Conv2d(16, 1, 3, padding=1), nn.Sigmoid())
    check_params("W7", n_keras(model), 4_385)
    with torch.no_grad():
        assert tuple(model(torch.zeros(1, 1, 28, 28)).shape) == (1, 1, 28, 28)
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    batches = []
    for _ in range(4):
        x = torch.rand(128, 1, 28, 28)
        batches.append((x, x))  # autoencoder: target = input, in [0, 1]
    emit(train_workload("W7", "conv-ae", model, nn.BCELoss(), opt, batches, 128, 4_385,
                        {"optimizer": "adam", "loss": "bce"}))


def w8():
    model = nn.Sequential(nn.Linear(10, 32), nn.Tanh(), nn.Linear(32, 32), nn.Tanh(), nn.Linear(32, 1))
    opt = torch.optim.SGD(model.parameters(), lr=0.01)
    batches = [(torch.randn(1, 10), torch.randn(1, 1)) for _ in range(16)]
    rec = train_workload("W8", "tiny-mlp", model, nn.MSELoss(), opt, batches, 1, 1_441,
                         {"optimizer": "sgd", "loss": "mse"})
    rec["steps_per_s"] = rec["samples_per_s"]
    rec["mean_steps_per_s"] = 1e3 / rec["mean_step_ms"]
    emit(rec)


# --------------------------------------------------------------------------- W9..W13: today's networks
# Twins of org.neurite.bench.ModernModels; parameter counts in the Keras convention
# (BatchNorm moving statistics counted, one LSTM bias per gate) are asserted against the same
# constants as the Java side, and PyTorch's own count is reported too.

W9_PARAMS, W10_PARAMS, W11_PARAMS, W12_PARAMS = 1_437_442, 11_183_562, 719_034, 2_658_945


class TransformerClassifier(nn.Module):
    """Embedding(8000, 128) + learned positions -> 2 pre-norm GELU encoder blocks -> LayerNorm -> mean -> Linear(2)."""

    def __init__(self, vocab=8000, seq=128, d=128, heads=4, ff=512, blocks=2, classes=2):
        super().__init__()
        self.tok = nn.Embedding(vocab, d)
        self.pos = nn.Parameter(torch.randn(seq, d) * 0.02)
        layer = nn.TransformerEncoderLayer(d, heads, ff, dropout=0.0, activation="gelu", batch_first=True,
                                           norm_first=True)
        self.encoder = nn.TransformerEncoder(layer, blocks, enable_nested_tensor=False)
        self.norm = nn.LayerNorm(d)
        self.head = nn.Linear(d, classes)

    def forward(self, ids):
        h = self.tok(ids) + self.pos[: ids.shape[1]]
        h = self.norm(self.encoder(h))
        return self.head(h.mean(dim=1))


def bn(c):
    return nn.BatchNorm2d(c)  # eps 1e-5, momentum 0.1: the Java side sets the same


class BasicBlock(nn.Module):
    def __init__(self, cin, cout, stride):
        super().__init__()
        self.conv1 = nn.Conv2d(cin, cout, 3, stride, 1, bias=False)
        self.bn1 = bn(cout)
        self.conv2 = nn.Conv2d(cout, cout, 3, 1, 1, bias=False)
        self.bn2 = bn(cout)
        self.shortcut = nn.Sequential()
        if stride != 1 or cin != cout:
            self.shortcut = nn.Sequential(nn.Conv2d(cin, cout, 1, stride, bias=False), bn(cout))

    def forward(self, x):
        y = torch.relu(self.bn1(self.conv1(x)))
        y = self.bn2(self.conv2(y))
        return torch.relu(y + self.shortcut(x))


def resnet18_cifar(classes=10):
    layers = [nn.Conv2d(3, 64, 3, 1, 1, bias=False), bn(64), nn.ReLU()]
    cin = 64
    for stage, w in enumerate((64, 128, 256, 512)):
        for block in range(2):
            layers.append(BasicBlock(cin, w, 2 if stage > 0 and block == 0 else 1))
            cin = w
    layers += [nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(512, classes)]
    return nn.Sequential(*layers)


def make_divisible(v, d=8):
    r = max(d, int(v + d / 2) // d * d)
    return r + d if r < 0.9 * v else r


class InvertedResidual(nn.Module):
    def __init__(self, cin, cout, stride, t):
        super().__init__()
        hidden = cin * t
        layers = []
        if t != 1:
            layers += [nn.Conv2d(cin, hidden, 1, bias=False), bn(hidden), nn.ReLU6()]
        layers += [nn.Conv2d(hidden, hidden, 3, stride, 1, groups=hidden, bias=False), bn(hidden), nn.ReLU6(),
                   nn.Conv2d(hidden, cout, 1, bias=False), bn(cout)]
        self.body = nn.Sequential(*layers)
        self.residual = stride == 1 and cin == cout

    def forward(self, x):
        return x + self.body(x) if self.residual else self.body(x)


def mobilenet_v2(alpha=0.5, classes=10):
    cin = make_divisible(32 * alpha)
    layers = [nn.Conv2d(3, cin, 3, 2, 1, bias=False), bn(cin), nn.ReLU6()]
    for t, c, n, s in ((1, 16, 1, 1), (6, 24, 2, 2), (6, 32, 3, 2), (6, 64, 4, 2), (6, 96, 3, 1), (6, 160, 3, 2),
                       (6, 320, 1, 1)):
        cout = make_divisible(c * alpha)
        for i in range(n):
            layers.append(InvertedResidual(cin, cout, s if i == 0 else 1, t))
            cin = cout
    layers += [nn.Conv2d(cin, 1280, 1, bias=False), bn(1280), nn.ReLU6(),
               nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(1280, classes)]
    return nn.Sequential(*layers)


class TextLstm(nn.Module):
    """Embedding(20000, 128, sparse gradient) -> BiLSTM(64) (last states, concatenated) -> Linear(1) -> sigmoid."""

    def __init__(self):
        super().__init__()
        self.emb = nn.Embedding(20000, 128, sparse=True)
        self.lstm = nn.LSTM(128, 64, batch_first=True, bidirectional=True)
        self.head = nn.Linear(128, 1)

    def forward(self, ids):
        _, (h, _) = self.lstm(self.emb(ids))     # h: (2, N, 64), forward then backward final state
        return torch.sigmoid(self.head(torch.cat([h[0], h[1]], dim=1)))


def lstm_bias_hh(model):
    return sum(p.numel() for n, p in model.named_parameters() if "bias_hh" in n)


def check_both(wid, model, expected_keras, keras_count=None):
    keras = n_keras(model) if keras_count is None else keras_count
    print("# %s params: PyTorch %d (trainable %d), Keras convention %d, expected %d"
          % (wid, sum(p.numel() for p in model.parameters()), n_trainable(model), keras, expected_keras),
          file=sys.stderr, flush=True)
    check_params(wid, keras, expected_keras)


def token_batches(batch, seq, vocab, labels, count=4):
    return [(torch.randint(0, vocab, (batch, seq)), labels()) for _ in range(count)]


def w9():
    model = TransformerClassifier()
    check_both("W9", model, W9_PARAMS)
    opt = torch.optim.AdamW(model.parameters(), lr=1e-3, weight_decay=0.01)
    batches = token_batches(32, 128, 8000, lambda: torch.randint(0, 2, (32,)))
    emit(train_workload("W9", "transformer", model, nn.CrossEntropyLoss(), opt, batches, 32, W9_PARAMS,
                        {"optimizer": "adamw", "loss": "softmax-ce", "params_torch": n_trainable(model)}))


def w10():
    model = resnet18_cifar()
    check_both("W10", model, W10_PARAMS)
    opt = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
    emit(train_workload("W10", "resnet18", model, nn.CrossEntropyLoss(), opt,
                        classification_batches((32, 3, 32, 32), 10), 32, W10_PARAMS,
                        {"optimizer": "sgd-momentum", "loss": "softmax-ce", "params_torch": n_trainable(model)}))


def w11():
    model = mobilenet_v2()
    check_both("W11", model, W11_PARAMS)
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    emit(train_workload("W11", "mobilenetv2", model, nn.CrossEntropyLoss(), opt,
                        classification_batches((16, 3, 96, 96), 10), 16, W11_PARAMS,
                        {"optimizer": "adam", "loss": "softmax-ce", "params_torch": n_trainable(model)}))


class TwoOptimizers:
    """SparseAdam for the sparse embedding gradient, Adam for the rest (torch.optim.Adam refuses sparse gradients)."""

    def __init__(self, *opts):
        self.opts = opts

    def zero_grad(self, set_to_none=True):
        for o in self.opts:
            o.zero_grad(set_to_none=set_to_none)

    def step(self):
        for o in self.opts:
            o.step()


def w12():
    model = TextLstm()
    torch_params = n_trainable(model)
    check_both("W12", model, W12_PARAMS, torch_params - lstm_bias_hh(model))
    dense = [p for n, p in model.named_parameters() if not n.startswith("emb.")]
    opt = TwoOptimizers(torch.optim.SparseAdam(list(model.emb.parameters()), lr=1e-3), torch.optim.Adam(dense, lr=1e-3))
    batches = token_batches(64, 200, 20000, lambda: torch.randint(0, 2, (64, 1)).float())
    emit(train_workload("W12", "text-bilstm", model, nn.BCELoss(), opt, batches, 64, None,
                        {"optimizer": "adam (SparseAdam on the embedding)", "loss": "bce",
                         "params_keras": W12_PARAMS}, params_value=torch_params))


def infer_times(model, x):
    """(median seconds per call, calls) of model(x) in eval mode without autograd."""
    model.eval()

    def infer():
        with torch.no_grad():
            model(x)
    times, _ = time_steps(infer, min_time=max(ARGS.min_time / 2.0, 0.5))
    return statistics.median(times), len(times)


def w13():
    rec = {"workload": "W13", "model": "infer transformer+resnet18", "batch": 32}
    for prefix, model, x32, x1, params in (
            ("transformer", TransformerClassifier(), torch.randint(0, 8000, (32, 128)), torch.randint(0, 8000, (1, 128)), W9_PARAMS),
            ("resnet18", resnet18_cifar(), torch.randn(32, 3, 32, 32), torch.randn(1, 3, 32, 32), W10_PARAMS)):
        check_params("W13 " + prefix, n_keras(model), params)
        t32, n32 = infer_times(model, x32)
        t1, n1 = infer_times(model, x1)
        rec.update({prefix + "_samples_per_s": 32 / t32, prefix + "_latency_ms": t1 * 1e3,
                    prefix + "_steps": n32, prefix + "_latency_steps": n1})
    rec["samples_per_s"] = rec["transformer_samples_per_s"]
    rec["median_step_ms"] = 32 / rec["transformer_samples_per_s"] * 1e3
    rec["params"] = W9_PARAMS + W10_PARAMS
    emit(rec)


RUNNERS = {"W1": w1, "W2": w2, "W3": w3, "W4": w4, "W5": w5, "W6": w6, "W7": w7, "W8": w8,
           "W9": w9, "W10": w10, "W11": w11, "W12": w12, "W13": w13}


def main():
    torch.manual_seed(ARGS.seed)
    for w in parse_workloads(ARGS.workloads):
        RUNNERS[w]()


if __name__ == "__main__":
    main()
