#!/usr/bin/env python3
"""Neurite vs PyTorch on the workloads W1..W13, measured in one invocation on one machine.

    python3 compare.py [--threads 1,2] [--workloads W1..W13] [--ours-cmd "./neurite bench --json"]

1. Runs pytorch_bench.py once per thread count (with OPENBLAS_CORETYPE and
   OPENBLAS_L2_SIZE removed from its environment) and keeps PyTorch's best.
2. Runs our command, which prints the same kind of JSON lines with
   "framework": "neurite". The workload ids are appended to it, unless it
   contains "{workloads}"; if it contains "{threads}" it is run once per
   thread count and its best is kept too. If it fails or prints nothing,
   PyTorch's numbers are printed alone and ours are reported missing.
3. With --repeat R, steps 1 and 2 alternate R times and each side keeps its
   best: on a shared machine, bursts of load then hit both sides alike.
4. Prints a markdown table (ratio = ours / theirs, higher is better) and a
   machine description line.
"""

import argparse
import json
import os
import platform
import re
import shlex
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
PYTORCH_BENCH = os.path.join(HERE, "pytorch_bench.py")
OPENBLAS_OVERRIDES = ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")
ALL_WORKLOADS = ["W1", "W2", "W3", "W4", "W5", "W6", "W7", "W8", "W9", "W10", "W11", "W12", "W13"]
W1_SIZES = (64, 256, 512, 1024, 2048)
TITLES = {
    "W1": "matmul",
    "W2": "MLP 784-256-128-10, b128",
    "W3": "LeNet-5, b64",
    "W4": "CIFAR-10 CNN, b64",
    "W5": "LSTM 100+50, b64",
    "W6": "segmentation enc-dec, b8",
    "W7": "MNIST conv autoencoder, b128",
    "W8": "MLP 10-32-32-1, b1",
    "W9": "Transformer encoder, b32",
    "W10": "ResNet-18 CIFAR, b32",
    "W11": "MobileNetV2 0.5 96x96, b16",
    "W12": "Embedding + BiLSTM text, b64",
    "W13": "inference",
}


def parse_workloads(text):
    out = []
    for tok in text.replace(" ", ",").split(","):
        tok = tok.strip().upper()
        if not tok:
            continue
        for sep in ("..", "-"):
            if sep in tok:
                a, b = tok.split(sep, 1)
                out.extend("W%d" % i for i in range(int(a.lstrip("W")), int(b.lstrip("W")) + 1))
                break
        else:
            out.append(tok if tok.startswith("W") else "W" + tok)
    bad = [w for w in out if w not in ALL_WORKLOADS]
    if bad:
        raise SystemExit("unknown workload(s): " + ", ".join(bad))
    return [w for i, w in enumerate(out) if w not in out[:i]] or list(ALL_WORKLOADS)


def clean_env(threads=None, blas_threads=None):
    env = {k: v for k, v in os.environ.items() if k not in OPENBLAS_OVERRIDES}
    if threads is not None:
        env["OMP_NUM_THREADS"] = str(threads)
        env["OPENBLAS_NUM_THREADS"] = env["MKL_NUM_THREADS"] = str(blas_threads or threads)
    return env


def loadavg():
    try:
        with open("/proc/loadavg") as f:
            return float(f.read().split()[0])
    except (OSError, ValueError, IndexError):
        return None


def last_lines(text, n=3):
    text = re.sub(r"\x1b\[[0-9;]*[A-Za-z]", "", text or "")
    lines = [l.strip() for l in text.splitlines() if l.strip()]
    return " / ".join(lines[-n:])[:500]


def json_lines(text):
    recs = []
    for line in text.splitlines():
        line = line.strip()
        if not line.startswith("{"):
            continue
        try:
            rec = json.loads(line)
        except ValueError:
            continue
        if isinstance(rec, dict) and "workload" in rec:
            recs.append(rec)
    return recs


def run(cmd, env, shell=False, timeout=None):
    print("$ " + (cmd if shell else " ".join(shlex.quote(c) for c in cmd)), file=sys.stderr, flush=True)
    try:
        p = subprocess.run(cmd, shell=shell, env=env, cwd=REPO, stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, text=True, timeout=timeout)
    except subprocess.TimeoutExpired as e:
        out = e.stdout.decode() if isinstance(e.stdout, bytes) else (e.stdout or "")
        return 124, out, "timed out after %s s" % timeout
    except OSError as e:
        return 127, "", str(e)
    return p.returncode, p.stdout, p.stderr


def key(rec):
    return (rec["workload"], rec.get("n")) if rec["workload"] == "W1" else (rec["workload"], None)


# metric name, JSON field, higher is better, unit
def metrics_for(wid, n=None):
    if wid == "W1":
        return [("n=%d" % n, "gflops", True, "GFLOP/s")]
    if wid == "W6":
        return [("train", "samples_per_s", True, "samples/s"),
                ("infer b1", "infer_latency_ms", False, "ms")]
    if wid == "W8":
        return [("", "samples_per_s", True, "steps/s")]
    if wid == "W13":
        return [("W9 b32", "transformer_samples_per_s", True, "samples/s"),
                ("W9 b1", "transformer_latency_ms", False, "ms"),
                ("W10 b32", "resnet18_samples_per_s", True, "samples/s"),
                ("W10 b1", "resnet18_latency_ms", False, "ms")]
    return [("", "samples_per_s", True, "samples/s")]


def best_of(recs_by_threads):
    """{threads: [recs]} -> {(key, field): (value, threads)} keeping the best per metric."""
    best = {}
    for threads, recs in recs_by_threads.items():
        for rec in recs:
            k = key(rec)
            for _, field, higher, _ in metrics_for(rec["workload"], rec.get("n")):
                v = rec.get(field)
                if not isinstance(v, (int, float)) or v <= 0:
                    continue
                cur = best.get((k, field))
                if cur is None or (v > cur[0] if higher else v < cur[0]):
                    best[(k, field)] = (v, rec.get("_label", rec.get("threads", threads)))
    return best


def fmt(v, unit):
    if v is None:
        return "—"
    if unit == "ms":
        s = "%.2f ms" % v if v < 100 else "%.0f ms" % v
    elif v >= 1e5:
        s = "%.0fk" % (v / 1e3)
    elif v >= 1e4:
        s = "%.1fk" % (v / 1e3)
    elif v >= 100:
        s = "%.0f" % v
    else:
        s = "%.1f" % v
    return s if unit == "ms" else "%s %s" % (s, unit)


def tdisp(label):
    t, _, b = str(label).partition(":")
    return "%st" % t + (", BLAS %s" % b if b else "")


def machine_line(torch_version):
    cpu = platform.processor() or "?"
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    cores = os.cpu_count()
    try:
        p = subprocess.run(["java", "-version"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        java = p.stdout.strip().splitlines()[0] if p.stdout.strip() else "java: ?"
    except OSError:
        java = "java: not found"
    return "Machine: %s, %s cores, %s; %s; torch %s (%s)" % (
        cpu, cores, platform.machine(), java, torch_version or "?", platform.platform())


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--threads", default="1,2,2:1",
                    help="PyTorch thread counts, comma-separated (default 1,2); 'T:B' runs T intra-op threads "
                         "with B OpenBLAS threads, e.g. 1,2,2:1")
    ap.add_argument("--workloads", default="W1..W13", help="e.g. W1..W13 or W2,W3 (default all)")
    ap.add_argument("--ours-cmd", default="./neurite bench --json",
                    help="our benchmark command, run from the repo root (default: ./neurite bench --json)")
    ap.add_argument("--python", default="/usr/bin/python3", help="interpreter with torch (default /usr/bin/python3)")
    ap.add_argument("--min-time", type=float, default=None, help="passed to pytorch_bench.py (seconds per workload)")
    ap.add_argument("--timeout", type=float, default=1800, help="timeout per command in seconds (default 1800)")
    ap.add_argument("--repeat", type=int, default=1,
                    help="run both sides this many times per thread count, alternating, and keep each "
                         "side's best (default 1; on a busy machine 2-3 evens out bursts of load)")
    ap.add_argument("--raw", action="store_true", help="also print every JSON line collected")
    args = ap.parse_args()

    specs = [t.strip() for t in args.threads.replace(" ", ",").split(",") if t.strip()]
    threads = []  # (label, intra-op threads, blas threads)
    for spec in specs:
        t, _, b = spec.partition(":")
        threads.append((spec, int(t), int(b) if b else int(t)))
    load_before = loadavg()
    workloads = parse_workloads(args.workloads)

    torch_runs, ours_runs, ours_problem = {}, {}, None
    base = args.ours_cmd
    if "{workloads}" in base:
        base = base.replace("{workloads}", " ".join(workloads))
    else:
        base = base + " " + " ".join(workloads)
    for _ in range(max(1, args.repeat)):
        # ---- PyTorch, once per thread count
        for label, t, b in threads:
            cmd = [args.python, PYTORCH_BENCH] + workloads + ["--threads", str(t), "--blas-threads", str(b), "--json"]
            if args.min_time is not None:
                cmd += ["--min-time", str(args.min_time)]
            rc, out, err = run(cmd, clean_env(t, b), timeout=args.timeout)
            recs = [r for r in json_lines(out) if r.get("framework", "pytorch") == "pytorch"]
            if rc != 0:
                print("pytorch_bench.py --threads %s exited %d:\n%s" % (label, rc, err.strip()[-2000:]), file=sys.stderr)
            for r in recs:
                r["_label"] = label
            torch_runs.setdefault(label, []).extend(recs)
        # ---- ours
        for t in (sorted({tt for _, tt, _ in threads}) if "{threads}" in base else [None]):
            cmd = base.replace("{threads}", str(t)) if t is not None else base
            rc, out, err = run(cmd, clean_env(), shell=True, timeout=args.timeout)
            recs = [r for r in json_lines(out) if r.get("framework", "neurite") == "neurite"]
            if rc != 0 or not recs:
                ours_problem = "`%s` %s%s" % (cmd, "exited %d" % rc if rc != 0 else "printed no JSON lines",
                                              (": " + last_lines(err)) if last_lines(err) else "")
                print("ours: " + ours_problem, file=sys.stderr)
            if recs:
                ours_runs.setdefault(t if t is not None else 0, []).extend(recs)
    torch_version = next((r.get("torch_version") for rs in torch_runs.values() for r in rs), None)
    ours_missing = not ours_runs

    tbest = best_of(torch_runs)
    obest = best_of(ours_runs)

    # ---- table
    tlabel = "/".join(label for label, _, _ in threads)
    lines = []
    lines.append("| workload | Neurite | PyTorch (best of %s threads) | ratio (ours/theirs, higher is better) |" % tlabel)
    lines.append("|---|---:|---:|---:|")
    for wid in workloads:
        ns = W1_SIZES if wid == "W1" else (None,)
        for n in ns:
            for label, field, higher, unit in metrics_for(wid, n):
                k = ((wid, n), field)
                tv = tbest.get(k)
                ov = obest.get(k)
                name = "%s %s" % (wid, TITLES[wid]) + (" " + label if label else "")
                if unit == "ms":
                    name += " (latency)"
                tcell = "%s (%s)" % (fmt(tv[0], unit), tdisp(tv[1])) if tv else "—"
                ocell = fmt(ov[0], unit) if ov else ("missing" if ours_missing else "—")
                if ov and ov[1] and "{threads}" in args.ours_cmd:
                    ocell += " (%s)" % tdisp(ov[1])
                ratio = "—"
                if tv and ov:
                    r = ov[0] / tv[0] if higher else tv[0] / ov[0]
                    ratio = "%.2f" % r
                lines.append("| %s | %s | %s | %s |" % (name, ocell, tcell, ratio))

    print()
    print(machine_line(torch_version) + "; load average before/after: %s/%s" % (load_before, loadavg()))
    print()
    print("\n".join(lines))
    print()
    print("PyTorch run without OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE; OMP_NUM_THREADS = T and OPENBLAS_NUM_THREADS = B (= T unless T:B), "
          "interop threads 1. W6 and W13 latency: batch 1, eval mode, no_grad (ratio = theirs/ours); W13 b32: "
          "eval-mode throughput at batch 32.")

    # per-thread PyTorch detail
    if len(threads) > 1:
        print()
        print("PyTorch per thread count:")
        print()
        print("| workload | " + " | ".join(
            "%d thread%s" % (t, "" if t == 1 else "s") + (" (BLAS %d)" % b if b != t else "") for _, t, b in threads) + " |")
        print("|---|" + "---:|" * len(threads))
        for wid in workloads:
            for n in (W1_SIZES if wid == "W1" else (None,)):
                for mlabel, field, _, unit in metrics_for(wid, n):
                    cells = []
                    for tlab, _, _ in threads:
                        tb = best_of({tlab: [r for r in torch_runs.get(tlab, []) if key(r) == (wid, n)]})
                        v = tb.get(((wid, n), field))
                        cells.append(fmt(v[0], unit) if v else "—")
                    print("| %s%s | %s |" % (wid, " " + mlabel if mlabel else "", " | ".join(cells)))

    allocs = []
    for wid in workloads:
        vals = ["%s %.2f" % (tdisp(r.get("threads", "?")), r["alloc_mb_per_step"])
                for rs in ours_runs.values() for r in rs
                if r["workload"] == wid and isinstance(r.get("alloc_mb_per_step"), (int, float))]
        if vals:
            allocs.append("%s: %s" % (wid, ", ".join(vals)))
    if allocs:
        print()
        print("Neurite alloc_mb_per_step (MB allocated per training step, by threads): " + "; ".join(allocs))

    if ours_missing:
        print()
        print("Neurite numbers are missing: %s. PyTorch's numbers are shown alone." % (ours_problem or "no output"))
    elif ours_problem:
        print()
        print("Note: " + ours_problem)

    if args.raw:
        print()
        for t, recs in list(torch_runs.items()) + list(ours_runs.items()):
            for r in recs:
                print(json.dumps(r))


if __name__ == "__main__":
    main()
