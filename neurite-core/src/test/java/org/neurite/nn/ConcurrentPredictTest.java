package org.neurite.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.neurite.nn.layers.BatchNormalization;
import org.neurite.nn.layers.Conv2D;
import org.neurite.nn.layers.Dense;
import org.neurite.nn.layers.Dropout;
import org.neurite.nn.layers.Flatten;
import org.neurite.nn.layers.GlobalAveragePooling1D;
import org.neurite.nn.layers.LSTM;
import org.neurite.nn.layers.MaxPooling2D;
import org.neurite.nn.layers.Sampling;
import org.neurite.nn.layers.TransformerEncoder;
import org.neurite.nn.losses.MeanSquaredError;
import org.neurite.nn.optimizers.Adam;
import org.neurite.tensor.Tensor;

/**
 * The inference contract: {@code Model.predict} may be called from many threads at once, and
 * each call gives exactly (bit for bit) what the same call gives alone, including the first
 * calls that race on building an unbuilt model.
 */
class ConcurrentPredictTest {
    private static final int THREADS = 8, CALLS = 12;

    /** Layers seeded one by one, so that two instances are the same model. */
    private static Sequential seeded(Layer... layers) {
        for (int i = 0; i < layers.length; i++) layers[i].seed(100 + i);
        return new Sequential(layers);
    }

    private static Sequential unbuiltCnn() {
        return seeded(new Conv2D(6, 3).padding("same").activation("relu"), new BatchNormalization(), new MaxPooling2D(2),
                new Conv2D(8, 3).activation("relu"), new Flatten(), new Dropout(0.3), new Dense(5, "softmax"));
    }

    private static Sequential unbuiltLstm() {
        return seeded(new LSTM(12).returnSequences(true), new LSTM(6), new Dense(1));
    }

    private static Sequential unbuiltTransformer() {
        return seeded(new TransformerEncoder(16, 2), new GlobalAveragePooling1D(), new Dense(3, "softmax"));
    }

    /** Input of call (thread t, call c): a different batch per call, batch sizes 1 to 3. */
    private static Tensor input(int t, int c, int... sample) {
        int[] dims = new int[sample.length + 1];
        dims[0] = 1 + (t + c) % 3;
        System.arraycopy(sample, 0, dims, 1, sample.length);
        return Tensor.uniform(1000L * t + c, -1f, 1f, dims);
    }

    private static void assertConcurrentEqualsSequential(Supplier<Sequential> factory, int... sample) throws Exception {
        Sequential alone = factory.get();
        float[][][] expected = new float[THREADS][CALLS][];
        for (int t = 0; t < THREADS; t++) {
            for (int c = 0; c < CALLS; c++) expected[t][c] = alone.predict(input(t, c, sample)).data().clone();
        }
        Sequential shared = factory.get(); // unbuilt: the first calls race on building it
        CyclicBarrier start = new CyclicBarrier(THREADS);
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<float[][]>> results = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                results.add(pool.submit((Callable<float[][]>) () -> {
                    start.await();
                    float[][] out = new float[CALLS][];
                    for (int c = 0; c < CALLS; c++) out[c] = shared.predict(input(thread, c, sample)).data();
                    return out;
                }));
            }
            for (int t = 0; t < THREADS; t++) {
                float[][] got = results.get(t).get();
                for (int c = 0; c < CALLS; c++) assertArrayEquals(expected[t][c], got[c], "thread " + t + ", call " + c);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void convolutionalNetworkFromManyThreads() throws Exception {
        assertConcurrentEqualsSequential(ConcurrentPredictTest::unbuiltCnn, 12, 12, 2);
    }

    @Test
    void recurrentNetworkFromManyThreads() throws Exception {
        assertConcurrentEqualsSequential(ConcurrentPredictTest::unbuiltLstm, 7, 3);
    }

    @Test
    void transformerFromManyThreads() throws Exception {
        assertConcurrentEqualsSequential(ConcurrentPredictTest::unbuiltTransformer, 5, 8);
    }

    @Test
    void compiledModelPredictsFromManyThreads() throws Exception {
        // a compiled model predicts through its trainer
        Supplier<Sequential> factory = () -> {
            Sequential m = seeded(new Dense(16, "relu"), new Dense(2));
            m.compile(new Adam(0.01f), new MeanSquaredError());
            return m;
        };
        assertConcurrentEqualsSequential(factory, 4);
    }

    /**
     * Soak: many predict calls leave the live heap where it was (no per-call growth: no caches,
     * pools or recorded tensors kept). 1e5 calls run in the bench (see PredictSoak there).
     */
    @Test
    void heapStaysFlatOverManyPredictCalls() {
        Sequential m = seeded(new Dense(32, "relu"), new Dense(32, "relu"), new Dense(4));
        Tensor x = Tensor.uniform(5, -1f, 1f, 1, 16);
        for (int i = 0; i < 1_000; i++) m.predict(x); // warm up: JIT, lazily built weights
        long before = liveHeap();
        int calls = 10_000;
        float checksum = 0;
        for (int i = 0; i < calls; i++) checksum += m.predict(x).data()[0];
        long after = liveHeap();
        assertTrue(Float.isFinite(checksum));
        // 10 000 calls that each kept only 100 bytes would add 1 MB
        assertTrue(after - before < 1_000_000, "live heap grew by " + (after - before) + " bytes over " + calls + " predict calls");
    }

    static long liveHeap() {
        Runtime rt = Runtime.getRuntime();
        long best = Long.MAX_VALUE;
        for (int i = 0; i < 4; i++) { // the smallest of a few collections: System.gc() is a hint
            System.gc();
            best = Math.min(best, rt.totalMemory() - rt.freeMemory());
        }
        return best;
    }

    @Test
    void predictLeavesTheLossesOfATrainingPassAlone() throws Exception {
        // a VAE's Sampling adds its KL term in every pass; predict (on any thread) neither records nor clears it
        Input in = Input.of(4);
        SymbolicTensor mu = new Dense(2).seed(1).apply(in), logVar = new Dense(2).seed(2).apply(in);
        Model vae = new Model(in, new Sampling().klWeight(1f).seed(3).apply(mu, logVar));
        Tensor x = Tensor.uniform(9, -1f, 1f, 3, 4);
        vae.forward(x, true);
        float kl = vae.addedLosses().get(0).item();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Tensor>> runs = new ArrayList<>();
            for (int t = 0; t < 4; t++) runs.add(pool.submit(() -> vae.predict(Tensor.uniform(10, -1f, 1f, 2, 4))));
            for (Future<Tensor> r : runs) assertEquals(2, r.get().dim(0));
        } finally {
            pool.shutdownNow();
        }
        vae.predict(x);
        assertEquals(1, vae.addedLosses().size());
        assertEquals(kl, vae.addedLosses().get(0).item());
    }
}
