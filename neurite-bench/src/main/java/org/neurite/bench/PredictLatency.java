package org.neurite.bench;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import java.io.PrintStream;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.function.IntFunction;
import org.neurite.examples.LeNet5;
import org.neurite.examples.LstmForecaster;
import org.neurite.examples.SegmentationNet;
import org.neurite.nn.Model;
import org.neurite.onnx.OnnxExporter;
import org.neurite.tensor.Tensor;

/**
 * What a request-threaded server sees: batch-1 {@code Model.predict} latency (p50, p99) of LeNet-5,
 * the exam segmentation net (128x256x3) and the LSTM forecaster, with 1, 2 and 8 threads calling
 * one shared model at once, against ONNX Runtime for Java running the same model exported by
 * {@link OnnxExporter}, in the same JVM (one shared session, its default options). Each caller
 * sends its own input, one request after the other; the two runtimes alternate per setting.
 *
 * <pre>{@code
 * mvn -B -ntp -o -q -pl neurite-bench -am package -DskipTests
 * java --add-modules jdk.incubator.vector -cp 'neurite-bench/target/neurite-bench-*.jar:neurite-bench/target/lib/*' \
 *     org.neurite.bench.PredictLatency [seconds per cell, default 3] [threads]
 * }</pre>
 * With {@code threads}, both Neurite's kernel pool ({@code Parallel.setThreads}) and ONNX Runtime's
 * intra-op pool use that many threads per request; without, each runtime's default.
 */
public final class PredictLatency {
    private static int threads;

    private PredictLatency() {}

    /** One runtime answering a batch-1 request; must be callable from many threads at once. */
    interface Runtime {
        float[] predict(Tensor x) throws Exception;
    }

    public static void main(String[] argv) throws Exception {
        double seconds = argv.length > 0 ? Double.parseDouble(argv[0]) : 3;
        threads = argv.length > 1 ? Integer.parseInt(argv[1]) : 0;
        if (threads > 0) org.neurite.kernel.Parallel.setThreads(threads);
        PrintStream out = System.out;
        out.printf(Locale.ROOT, "batch-1 predict latency, %d cores, %.1f s per cell, kernel threads per request: %s, ms (p50 / p99)%n",
                java.lang.Runtime.getRuntime().availableProcessors(), seconds, threads > 0 ? threads : "defaults");
        out.println("| model | callers | Neurite p50 | Neurite p99 | ORT p50 | ORT p99 | Neurite req/s | ORT req/s |");
        out.println("|---|---|---|---|---|---|---|---|");
        bench(out, "LeNet-5 28x28x1", LeNet5.build(10), c -> Tensor.normal(c, 0, 1, 1, 28, 28, 1), seconds);
        bench(out, "segmentation 128x256x3", SegmentationNet.build(128, 256), c -> Tensor.normal(c, 0, 1, 1, 128, 256, 3), seconds);
        Model lstm = LstmForecaster.build();
        int steps = lstm.inputs().get(0).shape().dim(0);
        bench(out, "LSTM forecaster (" + steps + "x1, 32 units)", lstm, c -> Tensor.normal(c, 0, 1, 1, steps, 1), seconds);
    }

    static void bench(PrintStream out, String name, Model model, IntFunction<Tensor> input, double seconds) throws Exception {
        model.seed(1);
        Runtime neurite = x -> model.predict(x, 1).data();
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        String inputName = model.inputs().get(0).layer().name();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions();
             OrtSession session = createSession(env, model, options)) {
            Runtime ort = x -> {
                long[] shape = Arrays.stream(x.shape().dims()).asLongStream().toArray();
                try (OnnxTensor t = OnnxTensor.createTensor(env, FloatBuffer.wrap(x.data()), shape);
                     OrtSession.Result r = session.run(Map.of(inputName, t))) {
                    FloatBuffer fb = ((OnnxTensor) r.get(0)).getFloatBuffer();
                    float[] y = new float[fb.remaining()];
                    fb.get(y);
                    return y;
                }
            };
            float[] a = neurite.predict(input.apply(0)), b = ort.predict(input.apply(0));
            double diff = 0;
            for (int i = 0; i < a.length; i++) diff = Math.max(diff, Math.abs(a[i] - b[i]));
            if (diff > 1e-4) throw new IllegalStateException(name + ": Neurite and ONNX Runtime differ by " + diff);
            // JIT warm-up before any cell (a loaded machine compiles slowly; ONNX Runtime is native code)
            for (Runtime rt : List.of(neurite, ort)) {
                long end = System.nanoTime() + (long) (Math.max(3, seconds) * 1e9);
                for (int i = 0; i < 500 || System.nanoTime() < end; i++) {
                    rt.predict(input.apply(i % 4));
                    if (System.nanoTime() > end + 30_000_000_000L) break;
                }
            }
            for (int callers : new int[] {1, 2, 8}) {
                double[] n = run(neurite, input, callers, seconds), o = run(ort, input, callers, seconds);
                out.printf(Locale.ROOT, "| %s | %d | %.3f | %.3f | %.3f | %.3f | %.0f | %.0f |%n", name, callers,
                        n[0], n[1], o[0], o[1], n[2], o[2]);
            }
        }
    }

    private static OrtSession createSession(OrtEnvironment env, Model model, OrtSession.SessionOptions options) throws Exception {
        if (threads > 0) options.setIntraOpNumThreads(threads);
        return env.createSession(new OnnxExporter().toBytes(model), options);
    }

    /** {p50 ms, p99 ms, requests per second} of {@code callers} threads calling for {@code seconds} after a warm-up. */
    static double[] run(Runtime rt, IntFunction<Tensor> input, int callers, double seconds) throws Exception {
        List<Tensor> inputs = new ArrayList<>();
        for (int c = 0; c < callers; c++) inputs.add(input.apply(c + 1));
        long warmEnd = System.nanoTime() + (long) (Math.min(1.0, seconds / 2) * 1e9);
        while (System.nanoTime() < warmEnd) rt.predict(inputs.get(0));
        CyclicBarrier start = new CyclicBarrier(callers);
        List<long[]> perThread = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        Throwable[] failure = new Throwable[1];
        long[] window = new long[2];
        for (int c = 0; c < callers; c++) {
            long[] latencies = new long[2_000_000];
            perThread.add(latencies);
            int caller = c;
            Thread t = new Thread(() -> {
                try {
                    start.await();
                    long begin = System.nanoTime(), end = begin + (long) (seconds * 1e9);
                    int n = 0;
                    for (long now = begin; now < end && n < latencies.length; ) {
                        rt.predict(inputs.get(caller));
                        long after = System.nanoTime();
                        latencies[n++] = after - now;
                        now = after;
                    }
                    latencies[latencies.length - 1] = n; // count in the last slot
                    synchronized (window) {
                        window[0] = Math.max(window[0], System.nanoTime() - begin);
                    }
                } catch (Throwable e) {
                    synchronized (failure) {
                        failure[0] = e;
                    }
                }
            }, "caller-" + c);
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) t.join();
        if (failure[0] != null) throw new IllegalStateException("a caller failed", failure[0]);
        int total = 0;
        for (long[] l : perThread) total += (int) l[l.length - 1];
        long[] all = new long[total];
        int k = 0;
        for (long[] l : perThread) {
            int n = (int) l[l.length - 1];
            System.arraycopy(l, 0, all, k, n);
            k += n;
        }
        Arrays.sort(all);
        return new double[] {all[(int) (0.50 * (total - 1))] / 1e6, all[(int) (0.99 * (total - 1))] / 1e6, total / (window[0] / 1e9)};
    }
}
