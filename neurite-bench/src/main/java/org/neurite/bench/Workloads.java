package org.neurite.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.neurite.autograd.GradMode;
import org.neurite.examples.ExamCifarModel;
import org.neurite.nn.layers.BatchNormalization;
import org.neurite.nn.layers.Conv2D;
import org.neurite.nn.layers.Conv2DTranspose;
import org.neurite.nn.layers.Dropout;
import org.neurite.nn.layers.LSTM;
import org.neurite.nn.layers.MaxPooling2D;
import org.neurite.nn.layers.UpSampling2D;
import org.neurite.nn.losses.BinaryCrossentropy;
import org.neurite.examples.LeNet5;
import org.neurite.kernel.Gemm;
import org.neurite.kernel.Parallel;
import org.neurite.nn.Input;
import org.neurite.nn.Model;
import org.neurite.nn.Sequential;
import org.neurite.nn.layers.Dense;
import org.neurite.nn.losses.Loss;
import org.neurite.nn.losses.MeanSquaredError;
import org.neurite.nn.losses.SparseCategoricalCrossentropy;
import org.neurite.nn.optimizers.Adam;
import org.neurite.nn.optimizers.AdamW;
import org.neurite.nn.optimizers.Optimizer;
import org.neurite.nn.optimizers.SGD;
import org.neurite.nn.training.Trainer;
import org.neurite.tensor.Tensor;

/**
 * The fp32 training workloads W1..W8 of the benchmark suite, the same as
 * {@code neurite-bench/scripts/pytorch_bench.py} (same shapes, batch sizes, optimizers, losses and
 * parameter counts) on seeded synthetic data. A training step is {@link Trainer#trainOnBatch} on a
 * pre-made batch (zero gradients, forward, loss, backward, optimizer step), cycling over 4 batches.
 *
 * <table>
 * <caption>Workloads</caption>
 * <tr><th>id</th><th>workload</th><th>batch</th><th>params</th></tr>
 * <tr><td>W1</td><td>square sgemm, n = 64, 256, 512, 1024, 2048 (GFLOP/s)</td><td>-</td><td>-</td></tr>
 * <tr><td>W2</td><td>MLP 784-256-128-10 ReLU, softmax CE (from logits), SGD lr 0.01 momentum 0.9</td><td>128</td><td>235,146</td></tr>
 * <tr><td>W3</td><td>LeNet-5 ({@link LeNet5#build}), Adam</td><td>64</td><td>61,706</td></tr>
 * <tr><td>W4</td><td>exam CIFAR-10 CNN ({@link ExamCifarModel#build}), Adam</td><td>64</td><td>15,062</td></tr>
 * <tr><td>W5</td><td>LSTM(100, seq) + Dropout + LSTM(50) + Dropout + Dense(1), 50x1, MSE, Adam</td><td>64</td><td>71,051</td></tr>
 * <tr><td>W6</td><td>exam segmentation enc-dec (C003-01) 128x256x3, BCE, Adam; + batch-1 inference latency</td><td>8</td><td>52,163</td></tr>
 * <tr><td>W7</td><td>exam MNIST conv autoencoder (C000-04), BCE, Adam</td><td>128</td><td>4,385</td></tr>
 * <tr><td>W8</td><td>MLP 10-32-32-1 tanh, MSE, SGD lr 0.01 (steps/s)</td><td>1</td><td>1,441</td></tr>
 * <tr><td>W9</td><td>Transformer encoder classifier ({@link ModernModels#transformer}), AdamW</td><td>32</td><td>1,437,442</td></tr>
 * <tr><td>W10</td><td>ResNet-18 CIFAR variant ({@link ModernModels#resnet18}), SGD lr 0.01 momentum 0.9</td><td>32</td><td>11,183,562</td></tr>
 * <tr><td>W11</td><td>MobileNetV2 width 0.5 at 96x96x3 ({@link ModernModels#mobileNetV2}), Adam</td><td>16</td><td>719,034</td></tr>
 * <tr><td>W12</td><td>Embedding(20000, 128) + Bidirectional(LSTM(64)) + Dense(1, sigmoid), seq 200, BCE, Adam</td><td>64</td><td>2,658,945</td></tr>
 * <tr><td>W13</td><td>inference of the W9 and W10 networks: batch-32 throughput and batch-1 latency</td><td>32 / 1</td><td>-</td></tr>
 * </table>
 *
 * <p>W6 also reports {@code infer_latency_ms}: batch 1, training=false, no autograd. W13 reports
 * {@code transformer_samples_per_s}, {@code transformer_latency_ms}, {@code resnet18_samples_per_s}
 * and {@code resnet18_latency_ms} the same way (its {@code samples_per_s} is the transformer's).
 */
public final class Workloads {
    public static final List<String> IDS = List.of("W1", "W2", "W3", "W4", "W5", "W6", "W7", "W8", "W9", "W10", "W11", "W12", "W13");
    static final int[] W1_SIZES = {64, 256, 512, 1024, 2048};

    private static final Map<String, String> TITLES = new LinkedHashMap<>();

    static {
        TITLES.put("W1", "matmul n = 64, 256, 512, 1024, 2048");
        TITLES.put("W2", "MLP 784-256-128-10, SGD momentum, b128");
        TITLES.put("W3", "LeNet-5, Adam, b64");
        TITLES.put("W4", "exam CIFAR-10 CNN, Adam, b64");
        TITLES.put("W5", "LSTM 100+50, Adam, b64");
        TITLES.put("W6", "segmentation enc-dec 128x256x3, Adam, b8");
        TITLES.put("W7", "MNIST conv autoencoder, Adam, b128");
        TITLES.put("W8", "MLP 10-32-32-1, SGD, b1");
        TITLES.put("W9", "Transformer encoder classifier, AdamW, b32");
        TITLES.put("W10", "ResNet-18 CIFAR 32x32x3, SGD momentum, b32");
        TITLES.put("W11", "MobileNetV2 0.5 96x96x3, Adam, b16");
        TITLES.put("W12", "Embedding + BiLSTM(64) text, Adam, b64");
        TITLES.put("W13", "inference W9 + W10, b32 and b1");
    }

    private Workloads() {}

    /** One-line description of a workload. */
    public static String title(String id) {
        return TITLES.get(id);
    }

    /**
     * Workload ids from command-line tokens: {@code W2}, {@code w2}, {@code 2}, {@code W1,W3},
     * {@code W1..W8} or {@code W1-W8}; duplicates dropped; empty means all.
     */
    public static List<String> parse(List<String> tokens) {
        List<String> out = new ArrayList<>();
        for (String item : tokens) {
            for (String raw : item.replace(' ', ',').split(",")) {
                String tok = raw.trim().toUpperCase(Locale.ROOT);
                if (tok.isEmpty()) continue;
                String sep = tok.contains("..") ? ".." : tok.indexOf('-') > 0 ? "-" : null;
                if (sep != null) {
                    int at = tok.indexOf(sep);
                    int lo = number(tok.substring(0, at), tok), hi = number(tok.substring(at + sep.length()), tok);
                    for (int i = lo; i <= hi; i++) add(out, "W" + i, tok);
                } else {
                    add(out, "W" + number(tok, tok), tok);
                }
            }
        }
        return out.isEmpty() ? IDS : out;
    }

    private static int number(String s, String tok) {
        String t = s.startsWith("W") ? s.substring(1) : s;
        try {
            return Integer.parseInt(t);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("unknown workload '" + tok + "' (known: " + String.join(" ", IDS) + ", or a range like W1..W8)");
        }
    }

    private static void add(List<String> out, String id, String tok) {
        if (!IDS.contains(id)) throw new IllegalArgumentException("unknown workload '" + tok + "' (known: " + String.join(" ", IDS) + ")");
        if (!out.contains(id)) out.add(id);
    }

    /**
     * Runs one workload and hands its result lines to sink (W1: one per matrix size). A workload
     * that cannot run (a missing layer, a wrong parameter count, an exception) gives one line with
     * an {@code error} field instead; this method does not throw for those.
     */
    public static void run(String id, BenchOptions o, Consumer<Result> sink) {
        try {
            Measure.resetPeakHeap();
            switch (id) {
                case "W1" -> w1(o, sink);
                case "W2" -> sink.accept(w2(o));
                case "W3" -> sink.accept(w3(o));
                case "W4" -> sink.accept(w4(o));
                case "W8" -> sink.accept(w8(o));
                case "W5" -> sink.accept(w5(o));
                case "W6" -> sink.accept(w6(o));
                case "W7" -> sink.accept(w7(o));
                case "W9" -> sink.accept(w9(o));
                case "W10" -> sink.accept(w10(o));
                case "W11" -> sink.accept(w11(o));
                case "W12" -> sink.accept(w12(o));
                case "W13" -> sink.accept(w13(o));
                default -> throw new IllegalArgumentException("unknown workload '" + id + "'");
            }
        } catch (RuntimeException | OutOfMemoryError e) {
            String msg = e.getMessage() == null ? e.toString() : e.getClass().getSimpleName() + ": " + e.getMessage();
            sink.accept(new Result(id).put("error", msg));
        }
    }

    // ------------------------------------------------------------------ W1

    private static void w1(BenchOptions o, Consumer<Result> sink) {
        double perSize = Math.max(o.seconds() / 3, 0.3);
        double warmPerSize = Math.max(o.warmupSeconds() / 3, 0.1);
        for (int n : W1_SIZES) {
            Measure.resetPeakHeap();
            float[] a = Tensor.normal(o.seed() + n, 0, 1, n, n).data();
            float[] b = Tensor.normal(o.seed() + n + 1, 0, 1, n, n).data();
            float[] c = new float[n * n];
            Gemm.sgemm(n, n, n, a, b, c);
            // Group calls so one timed sample lasts >= ~2 ms (timer resolution at small n), as the PyTorch side.
            long t0 = System.nanoTime();
            Gemm.sgemm(n, n, n, a, b, c);
            double one = Math.max((System.nanoTime() - t0) / 1e9, 1e-7);
            int reps = Math.max(1, (int) (2e-3 / one));
            Measure.Timing t = Measure.time(() -> {
                for (int r = 0; r < reps; r++) Gemm.sgemm(n, n, n, a, b, c);
            }, warmPerSize, 5, perSize, 10);
            double med = t.median() / reps;
            sink.accept(common(new Result("W1"))
                    .put("model", "matmul")
                    .put("n", n)
                    .put("gflops", 2.0 * n * n * (double) n / med / 1e9)
                    .put("samples_per_s", 1.0 / med)
                    .put("median_step_ms", med * 1e3)
                    .put("params", 0)
                    .put("batch", 1)
                    .put("reps_per_sample", reps)
                    .put("unit", "samples_per_s = matmuls/s")
                    .put("min_step_ms", t.min() / reps * 1e3)
                    .put("steps", t.steps())
                    .put("peak_heap_mb", Measure.peakHeapMb())
                    .put("kernel", Gemm.kernelName())
                    .put("java", System.getProperty("java.version")));
        }
    }

    // ------------------------------------------------------------------ training workloads

    private static Result w2(BenchOptions o) {
        Sequential model = new Sequential(Input.of(784),
                new Dense(256, "relu"), new Dense(128, "relu"), new Dense(10));
        return train("W2", "mlp", model, new SGD(0.01f, 0.9f), new SparseCategoricalCrossentropy(true),
                classification(o.seed(), 10, 128, 784), 128, 235_146, o)
                .put("optimizer", "sgd-momentum").put("loss", "softmax-ce");
    }

    private static Result w3(BenchOptions o) {
        return train("W3", "lenet5", LeNet5.build(10), new Adam(1e-3f), new SparseCategoricalCrossentropy(false),
                classification(o.seed(), 10, 64, 28, 28, 1), 64, 61_706, o)
                .put("optimizer", "adam").put("loss", "softmax-ce");
    }

    private static Result w4(BenchOptions o) {
        return train("W4", "cifar-cnn", ExamCifarModel.build(), new Adam(1e-3f), new SparseCategoricalCrossentropy(false),
                classification(o.seed(), 10, 64, 32, 32, 3), 64, 15_062, o)
                .put("optimizer", "adam").put("loss", "softmax-ce");
    }

    private static Result w8(BenchOptions o) {
        Sequential model = new Sequential(Input.of(10),
                new Dense(32, "tanh"), new Dense(32, "tanh"), new Dense(1));
        List<Tensor[]> batches = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            batches.add(new Tensor[] {Tensor.normal(o.seed() * 1000 + 2 * i, 0, 1, 1, 10), Tensor.normal(o.seed() * 1000 + 2 * i + 1, 0, 1, 1, 1)});
        }
        Result r = train("W8", "tiny-mlp", model, new SGD(0.01f), new MeanSquaredError(), batches, 1, 1_441, o)
                .put("optimizer", "sgd").put("loss", "mse");
        r.put("steps_per_s", r.get("samples_per_s"));
        return r;
    }

    private static Result w5(BenchOptions o) {
        Sequential model = new Sequential(Input.of(50, 1),
                new LSTM(100).returnSequences(true), new Dropout(0.2), new LSTM(50), new Dropout(0.2), new Dense(1));
        List<Tensor[]> batches = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            batches.add(new Tensor[] {Tensor.normal(o.seed() + 2 * i, 0, 1, 64, 50, 1), Tensor.normal(o.seed() + 2 * i + 1, 0, 1, 64, 1)});
        }
        // params: the Keras count (one bias per gate); PyTorch's line reports 71,651 (two) and params_keras 71,051
        return train("W5", "lstm", model, new Adam(1e-3f), new MeanSquaredError(), batches, 64, 71_051, o)
                .put("optimizer", "adam").put("loss", "mse").put("params_keras", 71_051);
    }

    private static Result w6(BenchOptions o) {
        Sequential model = new Sequential(Input.of(128, 256, 3),                          // case C003-01
                new Conv2D(16, 5).padding("same").activation("relu").name("conv1"),
                new MaxPooling2D(2).name("mp1"),
                new Conv2D(32, 3).padding("same").activation("relu").name("conv2"),
                new MaxPooling2D(2).name("mp2"),
                new Dropout(0.3).name("dropout"),
                new Conv2D(128, 1).padding("same").activation("relu").name("conv3"),
                new BatchNormalization().name("batchNorm"),
                new Conv2DTranspose(32, 3).strides(2).padding("same").activation("relu").name("convt1"),
                new Conv2DTranspose(16, 3).strides(2).padding("same").activation("relu").name("convt2"),
                new Conv2DTranspose(3, 1).padding("same").activation("sigmoid").name("output"));
        List<Tensor[]> batches = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            float[] t = Tensor.uniform(o.seed() + 2 * i + 1, 0, 1, 8, 128, 256, 3).data();
            for (int j = 0; j < t.length; j++) t[j] = t[j] > 0.5f ? 1f : 0f;
            batches.add(new Tensor[] {Tensor.normal(o.seed() + 2 * i, 0, 1, 8, 128, 256, 3), Tensor.of(t, 8, 128, 256, 3)});
        }
        Result r = train("W6", "segnet", model, new Adam(1e-3f), new BinaryCrossentropy(), batches, 8, 52_163, o)
                .put("optimizer", "adam").put("loss", "bce").put("trainable_params", model.trainableParams());
        // inference latency: batch 1, training=false, no autograd (as the PyTorch side: eval + no_grad)
        Tensor x1 = Tensor.normal(o.seed() + 99, 0, 1, 1, 128, 256, 3);
        Measure.Timing t;
        try (GradMode.Scope s = GradMode.noGrad()) {
            t = Measure.time(() -> model.forward(x1, false), o.warmupSeconds() / 2, 10, Math.max(o.seconds() / 2, 0.5), 10);
        }
        return r.put("infer_latency_ms", t.median() * 1e3).put("infer_samples_per_s", 1 / t.median()).put("infer_steps", t.steps());
    }

    private static Result w7(BenchOptions o) {
        Sequential model = new Sequential(Input.of(28, 28, 1),                            // case C000-04
                new Conv2D(16, 3).padding("same").activation("relu"), new MaxPooling2D(2).padding("same"),
                new Conv2D(8, 3).padding("same").activation("relu"), new MaxPooling2D(2).padding("same"),
                new Conv2D(8, 3).padding("same").activation("relu"), new MaxPooling2D(2).padding("same"),
                new Conv2D(8, 3).padding("same").activation("relu"), new UpSampling2D(2),
                new Conv2D(8, 3).padding("same").activation("relu"), new UpSampling2D(2),
                new Conv2D(16, 3).activation("relu"), new UpSampling2D(2),               // valid: 16 -> 14 -> 28
                new Conv2D(1, 3).padding("same").activation("sigmoid"));
        List<Tensor[]> batches = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Tensor x = Tensor.uniform(o.seed() + i, 0, 1, 128, 28, 28, 1);
            batches.add(new Tensor[] {x, x}); // autoencoder: target = input, in [0, 1]
        }
        return train("W7", "conv-ae", model, new Adam(1e-3f), new BinaryCrossentropy(), batches, 128, 4_385, o)
                .put("optimizer", "adam").put("loss", "bce");
    }

    // ------------------------------------------------------------------ W9..W13: today's networks

    private static Result w9(BenchOptions o) {
        return trainHeavy("W9", "transformer", ModernModels.transformer(), new AdamW(1e-3f, 0.01f), new SparseCategoricalCrossentropy(true),
                tokens(o.seed(), 32, ModernModels.TRANSFORMER_SEQ, ModernModels.TRANSFORMER_VOCAB, 2), 32, ModernModels.TRANSFORMER_PARAMS, o)
                .put("optimizer", "adamw").put("loss", "softmax-ce");
    }

    private static Result w10(BenchOptions o) {
        return trainHeavy("W10", "resnet18", ModernModels.resnet18(), new SGD(0.01f, 0.9f), new SparseCategoricalCrossentropy(true),
                classification(o.seed(), 10, 32, 32, 32, 3), 32, ModernModels.RESNET18_PARAMS, o)
                .put("optimizer", "sgd-momentum").put("loss", "softmax-ce");
    }

    private static Result w11(BenchOptions o) {
        return trainHeavy("W11", "mobilenetv2", ModernModels.mobileNetV2(), new Adam(1e-3f), new SparseCategoricalCrossentropy(true),
                classification(o.seed(), 10, 16, 96, 96, 3), 16, ModernModels.MOBILENET_V2_PARAMS, o)
                .put("optimizer", "adam").put("loss", "softmax-ce");
    }

    private static Result w12(BenchOptions o) {
        List<Tensor[]> batches = tokens(o.seed(), 64, ModernModels.TEXT_SEQ, ModernModels.TEXT_VOCAB, 2);
        for (Tensor[] b : batches) b[1] = b[1].reshape(64, 1); // BCE target (N, 1)
        return trainHeavy("W12", "text-bilstm", ModernModels.textLstm(), new Adam(1e-3f), new BinaryCrossentropy(),
                batches, 64, ModernModels.TEXT_LSTM_PARAMS, o)
                .put("optimizer", "adam").put("loss", "bce");
    }

    /** W13: eval-mode forward without autograd, batch 32 (throughput) and batch 1 (latency), of the W9 and W10 networks. */
    private static Result w13(BenchOptions o) {
        Result r = common(new Result("W13")).put("model", "infer transformer+resnet18").put("batch", 32);
        Model transformer = ModernModels.transformer();
        Model resnet = ModernModels.resnet18();
        SplittableRandom rnd = new SplittableRandom(o.seed());
        infer(r, "transformer", transformer, tokens(rnd, 32, ModernModels.TRANSFORMER_SEQ, ModernModels.TRANSFORMER_VOCAB),
                tokens(rnd, 1, ModernModels.TRANSFORMER_SEQ, ModernModels.TRANSFORMER_VOCAB), ModernModels.TRANSFORMER_PARAMS, o);
        infer(r, "resnet18", resnet, Tensor.normal(o.seed() + 1, 0, 1, 32, 32, 32, 3), Tensor.normal(o.seed() + 2, 0, 1, 1, 32, 32, 3),
                ModernModels.RESNET18_PARAMS, o);
        double tps = ((Number) r.get("transformer_samples_per_s")).doubleValue();
        return r.put("samples_per_s", tps).put("median_step_ms", 32 / tps * 1e3)
                .put("params", ModernModels.TRANSFORMER_PARAMS + ModernModels.RESNET18_PARAMS)
                .put("peak_heap_mb", Measure.peakHeapMb()).put("kernel", Gemm.kernelName()).put("java", System.getProperty("java.version"));
    }

    private static void infer(Result r, String prefix, Model model, Tensor x32, Tensor x1, long expectedParams, BenchOptions o) {
        model.seed(o.seed());
        Measure.Timing batch, single;
        try (GradMode.Scope s = GradMode.noGrad()) {
            model.forward(x1, false); // builds every layer
            if (model.countParams() != expectedParams) {
                throw new IllegalStateException("W13 " + prefix + ": parameter count " + model.countParams() + " != expected " + expectedParams);
            }
            double secs = Math.max(o.seconds() / 2, 0.5);
            batch = Measure.time(() -> model.forward(x32, false), o.warmupSeconds() / 2, 2, secs, 5);
            single = Measure.time(() -> model.forward(x1, false), o.warmupSeconds() / 2, 10, secs, 10);
        }
        r.put(prefix + "_samples_per_s", x32.shape().dim(0) / batch.median()).put(prefix + "_latency_ms", single.median() * 1e3)
                .put(prefix + "_steps", batch.steps()).put(prefix + "_latency_steps", single.steps());
        if (batch.allocatedBytes() >= 0) r.put(prefix + "_alloc_mb_per_batch", batch.allocatedBytes() / (double) batch.steps() / (1024.0 * 1024.0));
    }

    /** 4 batches of uniform token ids {@code (batch, seq)} in [0, vocab) with integer labels in [0, classes). */
    static List<Tensor[]> tokens(long seed, int batch, int seq, int vocab, int classes) {
        SplittableRandom r = new SplittableRandom(seed);
        List<Tensor[]> out = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            float[] labels = new float[batch];
            for (int j = 0; j < batch; j++) labels[j] = r.nextInt(classes);
            out.add(new Tensor[] {tokens(r, batch, seq, vocab), Tensor.of(labels, batch)});
        }
        return out;
    }

    private static Tensor tokens(SplittableRandom r, int batch, int seq, int vocab) {
        float[] ids = new float[batch * seq];
        for (int j = 0; j < ids.length; j++) ids[j] = r.nextInt(vocab);
        return Tensor.of(ids, batch, seq);
    }

    /** {@code count} batches of normal(0, 1) inputs of shape (batch, dims...) with integer labels in [0, classes). */
    static List<Tensor[]> classification(long seed, int classes, int batch, int... dims) {
        List<Tensor[]> out = new ArrayList<>();
        SplittableRandom r = new SplittableRandom(seed);
        int[] shape = new int[dims.length + 1];
        shape[0] = batch;
        System.arraycopy(dims, 0, shape, 1, dims.length);
        for (int i = 0; i < 4; i++) {
            float[] labels = new float[batch];
            for (int j = 0; j < batch; j++) labels[j] = r.nextInt(classes);
            out.add(new Tensor[] {Tensor.normal(r.nextLong(), 0, 1, shape), Tensor.of(labels, batch)});
        }
        return out;
    }

    /** Times trainOnBatch over the batches; checks the parameter count against the Keras-convention one. */
    static Result train(String id, String name, Model model, Optimizer opt, Loss loss, List<Tensor[]> batches, int batch,
                        long expectedParams, BenchOptions o) {
        return train(id, name, model, opt, loss, batches, batch, expectedParams, o, 20, 30);
    }

    /** W9..W12 steps take 0.1-5 s on 2 cores: fewer minimum steps keep a run within minutes (the seconds still apply). */
    private static Result trainHeavy(String id, String name, Model model, Optimizer opt, Loss loss, List<Tensor[]> batches, int batch,
                                     long expectedParams, BenchOptions o) {
        return train(id, name, model, opt, loss, batches, batch, expectedParams, o, 3, 5);
    }

    private static Result train(String id, String name, Model model, Optimizer opt, Loss loss, List<Tensor[]> batches, int batch,
                                long expectedParams, BenchOptions o, int warmupSteps, int minSteps) {
        model.seed(o.seed());
        Trainer trainer = new Trainer(model, opt, loss, List.of());
        trainer.trainOnBatch(batches.get(0)[0], batches.get(0)[1]); // builds every layer
        long params = model.countParams();
        if (params != expectedParams) {
            throw new IllegalStateException(id + ": parameter count " + params + " != expected " + expectedParams + " (wrong architecture?)");
        }
        int[] it = {0};
        Measure.Timing t = Measure.time(() -> {
            Tensor[] b = batches.get(it[0]++ % batches.size());
            trainer.trainOnBatch(b[0], b[1]);
        }, o.warmupSeconds(), warmupSteps, o.seconds(), minSteps);
        double med = t.median();
        double peak = Measure.peakHeapMb();
        double live = Measure.liveHeapMb(); // the model, its optimizer state and the batches are still reachable here
        Result r = common(new Result(id))
                .put("model", name)
                .put("samples_per_s", batch / med)
                .put("median_step_ms", med * 1e3)
                .put("params", params)
                .put("batch", batch)
                .put("peak_heap_mb", peak)
                .put("java", System.getProperty("java.version"))
                .put("live_heap_mb", live)
                .put("mean_step_ms", t.mean() * 1e3)
                .put("min_step_ms", t.min() * 1e3)
                .put("steps", t.steps())
                .put("caller_cpu_ms_per_step", t.callerCpuPerStep() * 1e3);
        if (t.allocatedBytes() >= 0) r.put("alloc_mb_per_step", t.allocatedBytes() / (double) t.steps() / (1024.0 * 1024.0));
        r.put("kernel", Gemm.kernelName());
        java.lang.ref.Reference.reachabilityFence(trainer); // model and optimizer state counted in live_heap_mb
        java.lang.ref.Reference.reachabilityFence(batches);
        return r;
    }

    private static Result common(Result r) {
        return r.put("threads", Parallel.threads());
    }
}
