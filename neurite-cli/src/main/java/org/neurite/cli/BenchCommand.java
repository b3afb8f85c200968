package org.neurite.cli;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.neurite.bench.BenchOptions;
import org.neurite.bench.Result;
import org.neurite.bench.Workloads;
import org.neurite.kernel.Gemm;
import org.neurite.kernel.Parallel;

/**
 * {@code ./neurite bench}: the workloads W1..W13 of the benchmark suite (module
 * neurite-bench), one JSON line per workload with {@code --json} (the format
 * {@code neurite-bench/scripts/compare.py} reads), else a readable table.
 */
final class BenchCommand implements Main.Command {
    private static final Set<String> OPTIONS = Set.of("threads", "json", "seconds", "warmup", "seed", "same-jvm", "child");

    @Override
    public String summary() {
        return "time the workloads W1..W13 (samples/s, median step, params, peak heap)";
    }

    @Override
    public String usage() {
        return """
                Usage: ./neurite bench [W1..W13 ...] [--threads N] [--json] [--seconds S] [--warmup S] [--seed N]
                  Times fp32 training steps on synthetic data, the same workloads as
                  neurite-bench/scripts/pytorch_bench.py (compare both with neurite-bench/scripts/compare.py):
                    W1 matmul n = 64..2048 (GFLOP/s)   W2 MLP 784-256-128-10, b128   W3 LeNet-5, b64
                    W4 exam CIFAR-10 CNN, b64           W5 LSTM 100+50, b64           W6 segmentation enc-dec, b8
                    W7 MNIST conv autoencoder, b128     W8 MLP 10-32-32-1, b1 (steps/s)
                    W9 Transformer encoder, b32         W10 ResNet-18 CIFAR, b32      W11 MobileNetV2 0.5 96x96, b16
                    W12 Embedding + BiLSTM text, b64    W13 inference of W9 and W10 (b32 samples/s, b1 latency)
                  Workloads: W2, 2, W2,W3 or a range W1..W13 (default: all).
                  --threads N   kernel threads, default: all cores
                  --json        one JSON object per line (workload, framework, threads, samples_per_s,
                                median_step_ms, params, batch, peak_heap_mb, java, ...), nothing else on stdout
                  --seconds S   timed seconds per workload (at least 30 steps, W9..W12 5; W1: S/3 per size), default 3
                  --warmup S    warm-up seconds before timing (at least 20 steps), default 3
                  --seed N      seed of the synthetic data and the weights, default 0
                  --same-jvm    run every workload in this JVM (default: each in a fresh JVM with the same
                                options, as JMH forks: the JIT's profile of one workload can slow the next)""";
    }

    @Override
    public int run(String[] argv, PrintStream out) throws Exception {
        Args args = Args.parse(argv, 1, Set.of("json", "same-jvm", "child"));
        args.allowOnly(OPTIONS);
        List<String> ids;
        try {
            ids = Workloads.parse(args.positionals());
        } catch (IllegalArgumentException e) {
            throw new Args.UsageException(e.getMessage());
        }
        if (args.has("threads")) {
            Parallel.setThreads(args.getInt("threads", 1, 1, 1024));
        }
        float seconds = args.getFloat("seconds", 3f, 0, true, 86_400);
        float warmup = args.getFloat("warmup", 3f, 0, false, 86_400);
        BenchOptions options = new BenchOptions(seconds, warmup, args.getInt("seed", 0));
        boolean json = args.has("json");
        boolean child = args.has("child");
        boolean fork = !child && !args.has("same-jvm") && ids.size() > 1;

        if (!json && !child) {
            out.printf("Neurite bench: %d thread(s), Java %s, %s; %s s warm-up + %s s timed per workload%n%n",
                    Parallel.threads(), System.getProperty("java.version"), Gemm.kernelName(), fmt(warmup), fmt(seconds));
            out.println(Result.tableHeader());
            out.flush();
        }
        boolean failed = false;
        for (String id : ids) {
            if (fork) {
                failed |= runInChildJvm(id, args, out) != 0;
                continue;
            }
            final boolean[] bad = {false};
            Workloads.run(id, options, r -> {
                out.println(json ? r.toJson() : r.tableRow());
                out.flush();
                bad[0] |= r.isError(); // the other workloads still run; the exit code says one failed
            });
            failed |= bad[0];
        }
        if (!json && !child) {
            out.println();
            out.println("throughput: samples/s (sm/s), W8 steps/s (st/s), W1 GFLOP/s; median ms: one training step (W1: one matmul);");
            out.println("heap MB: sum of the heap pools' peak usage during the workload; alloc: bytes allocated per step by all threads.");
        }
        return failed ? 1 : 0;
    }

    /** Runs one workload in a new JVM with this JVM's options and classpath; its rows go to out. */
    private static int runInChildJvm(String id, Args args, PrintStream out) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName(), "bench", id, "--child"));
        if (args.has("json")) cmd.add("--json");
        for (String o : List.of("threads", "seconds", "warmup", "seed")) {
            if (args.has(o)) cmd.addAll(List.of("--" + o, args.get(o, null)));
        }
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                out.println(line);
                out.flush();
            }
        }
        return p.waitFor();
    }

    private static String fmt(float v) {
        return v == Math.rint(v) ? String.valueOf((int) v) : String.valueOf(v);
    }
}
