package org.neurite.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class GemmTest {
    private static final int DEFAULT_THREADS = Parallel.threads();

    @AfterEach
    void restoreThreads() {
        Parallel.setThreads(DEFAULT_THREADS);
    }

    static List<Gemm.MicroKernel> kernels() {
        List<Gemm.MicroKernel> ks = new ArrayList<>();
        ks.add(new ScalarMicroKernel());
        if (!(Gemm.kernel() instanceof ScalarMicroKernel)) ks.add(Gemm.kernel());
        return ks;
    }

    static Stream<Arguments> shapes() {
        int[][] mnk = {
            {1, 1, 1}, {1, 3, 17}, {3, 1, 33}, {17, 33, 65}, {33, 17, 3}, {65, 130, 17}, {130, 65, 33},
            {7, 300, 5}, {130, 130, 130}, {9, 1000, 300}, {600, 20, 50}, {40, 41, 900},
            // small products with long reductions (unpacked A^T B tiles), narrow and medium n (unpacked A)
            {3, 16, 5000}, {8, 32, 1000}, {5, 20, 777}, {300, 40, 100}, {12, 250, 70}, {2000, 3, 16},
            // narrow column strips (a convolution with 16 or 6 filters, a last strip of 16), B panels
            // packed once for all threads across K blocks
            {1000, 16, 150}, {500, 6, 75}, {700, 48, 160}, {300, 600, 500},
            // B small enough to be read in place (whole strips of 32 columns, with and without a partial one)
            {64, 64, 64}, {24, 100, 80},
        };
        List<Arguments> args = new ArrayList<>();
        for (int[] s : mnk) for (boolean ta : new boolean[] {false, true}) for (boolean tb : new boolean[] {false, true}) {
            args.add(Arguments.of(s[0], s[1], s[2], ta, tb));
        }
        return args.stream();
    }

    private static float[] random(SplittableRandom r, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) x[i] = (float) (r.nextDouble() * 2 - 1);
        return x;
    }

    /** Naive double-precision reference with the same storage conventions. */
    private static double[] reference(boolean ta, boolean tb, int m, int n, int k, float[] a, int aOff, int lda,
                                      float[] b, int bOff, int ldb, float[] c0, int cOff, int ldc, boolean acc) {
        double[] r = new double[m * n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = acc ? c0[cOff + i * ldc + j] : 0;
                for (int p = 0; p < k; p++) {
                    double av = ta ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
                    double bv = tb ? b[bOff + j * ldb + p] : b[bOff + p * ldb + j];
                    s += av * bv;
                }
                r[i * n + j] = s;
            }
        }
        return r;
    }

    @ParameterizedTest(name = "m={0} n={1} k={2} transA={3} transB={4}")
    @MethodSource("shapes")
    void matchesNaiveReferenceWithOffsetsAndLeadingDims(int m, int n, int k, boolean ta, boolean tb) {
        SplittableRandom r = new SplittableRandom(31L * m + 7L * n + k + (ta ? 1 : 0) + (tb ? 2 : 0));
        int aRows = ta ? k : m, aCols = ta ? m : k, bRows = tb ? n : k, bCols = tb ? k : n;
        int lda = aCols + 3, ldb = bCols + 1, ldc = n + 5;
        int aOff = 2, bOff = 7, cOff = 3;
        float[] a = random(r, aOff + aRows * lda);
        float[] b = random(r, bOff + bRows * ldb);
        float[] c0 = random(r, cOff + m * ldc + 4);
        for (boolean acc : new boolean[] {false, true}) {
            double[] expected = reference(ta, tb, m, n, k, a, aOff, lda, b, bOff, ldb, c0, cOff, ldc, acc);
            for (Gemm.MicroKernel mk : kernels()) {
                float[] c = c0.clone();
                Gemm.sgemm(mk, ta, tb, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, acc);
                double tol = 1e-5 * (k + 1) + 1e-5;
                for (int i = 0; i < m; i++) {
                    for (int j = 0; j < n; j++) {
                        double e = expected[i * n + j];
                        float got = c[cOff + i * ldc + j];
                        if (Math.abs(e - got) > tol * Math.max(1, Math.abs(e))) {
                            throw new AssertionError(mk.getClass().getSimpleName() + " acc=" + acc + " C[" + i + "][" + j + "] = " + got + ", expected " + e);
                        }
                    }
                    // padding between rows (leading dimension) is untouched
                    for (int j = n; j < ldc && i < m - 1; j++) {
                        assertEquals(c0[cOff + i * ldc + j], c[cOff + i * ldc + j], "gap after row " + i);
                    }
                }
                for (int q = 0; q < cOff; q++) assertEquals(c0[q], c[q], "before the offset");
                for (int q = cOff + (m - 1) * ldc + n; q < c.length; q++) assertEquals(c0[q], c[q], "after the matrix");
            }
        }
    }

    /**
     * The micro-kernel reads A (and for small A^T B products also B) in place where it can and
     * packs it otherwise; both must give the same bits. Packing everything is forced by disabling
     * the unpacked-A path and by arrays without slack (the A^T B tile falls back to packing on a K
     * block whose in-place reads would pass the end of an array).
     */
    @ParameterizedTest(name = "m={0} n={1} k={2} transA={3} transB={4}")
    @MethodSource("shapes")
    void packedAndUnpackedPathsGiveIdenticalBits(int m, int n, int k, boolean ta, boolean tb) {
        SplittableRandom r = new SplittableRandom(m * 7919L + n * 31L + k);
        int lda = ta ? m : k, ldb = tb ? k : n;
        float[] a = random(r, m * k), b = random(r, k * n);
        float[] aPad = java.util.Arrays.copyOf(a, a.length + 64), bPad = java.util.Arrays.copyOf(b, b.length + 64);
        float[] c0 = random(r, m * n);
        int saved = Gemm.directAMaxN;
        try {
            for (boolean acc : new boolean[] {false, true}) {
                float[] c1 = c0.clone(), c2 = c0.clone(), c3 = c0.clone();
                Gemm.directAMaxN = Integer.MAX_VALUE;
                Gemm.sgemm(ta, tb, m, n, k, aPad, 0, lda, bPad, 0, ldb, c1, 0, n, acc);
                Gemm.directAMaxN = -1;
                Gemm.sgemm(ta, tb, m, n, k, a, 0, lda, b, 0, ldb, c2, 0, n, acc);
                Gemm.directAMaxN = saved;
                Gemm.sgemm(ta, tb, m, n, k, a, 0, lda, b, 0, ldb, c3, 0, n, acc);
                assertArrayEquals(c1, c2);
                assertArrayEquals(c1, c3);
            }
        } finally {
            Gemm.directAMaxN = saved;
        }
    }

    @ParameterizedTest(name = "m={0} n={1} k={2} transA={3} transB={4}")
    @MethodSource("shapes")
    void identicalBitsOnOneAndTwoThreads(int m, int n, int k, boolean ta, boolean tb) {
        SplittableRandom r = new SplittableRandom(m * 1000L + n + k);
        float[] a = random(r, m * k), b = random(r, k * n);
        float[] c1 = random(r, m * n), c2 = c1.clone(), c3 = c1.clone();
        Parallel.setThreads(1);
        Gemm.sgemm(ta, tb, m, n, k, a, 0, ta ? m : k, b, 0, tb ? k : n, c1, 0, n, true);
        Parallel.setThreads(2);
        Gemm.sgemm(ta, tb, m, n, k, a, 0, ta ? m : k, b, 0, tb ? k : n, c2, 0, n, true);
        Parallel.setThreads(3);
        Gemm.sgemm(ta, tb, m, n, k, a, 0, ta ? m : k, b, 0, tb ? k : n, c3, 0, n, true);
        assertArrayEquals(c1, c2);
        assertArrayEquals(c1, c3);
    }

    @Test
    void concurrentCallersSharingThePoolGetTheirOwnBits() throws Exception {
        // two callers at once: a part of one product may wait in the pool behind the other's, and
        // B panels packed for all threads of a product must neither block nor mix
        int m = 600, n = 700, k = 900;
        SplittableRandom r = new SplittableRandom(11);
        float[][] as = {random(r, m * k), random(r, m * k)}, bs = {random(r, k * n), random(r, k * n)};
        float[][] expected = new float[2][m * n];
        Parallel.setThreads(1);
        for (int i = 0; i < 2; i++) Gemm.sgemm(false, false, m, n, k, as[i], 0, k, bs[i], 0, n, expected[i], 0, n, false);
        Parallel.setThreads(2);
        java.util.concurrent.ExecutorService callers = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            List<java.util.concurrent.Future<float[]>> results = new ArrayList<>();
            for (int rep = 0; rep < 3; rep++) {
                for (int i = 0; i < 2; i++) {
                    int id = i;
                    results.add(callers.submit(() -> {
                        float[] c = new float[m * n];
                        Gemm.sgemm(false, false, m, n, k, as[id], 0, k, bs[id], 0, n, c, 0, n, false);
                        return c;
                    }));
                }
            }
            for (int i = 0; i < results.size(); i++) {
                assertArrayEquals(expected[i % 2], results.get(i).get(60, java.util.concurrent.TimeUnit.SECONDS));
            }
        } finally {
            callers.shutdownNow();
        }
    }

    @Test
    void largeBlockedProblemAcrossKBlocks() {
        // k larger than every KC, n larger than the scalar NC: all loops of the driver run more than once
        int m = 70, n = 2100, k = 800;
        SplittableRandom r = new SplittableRandom(5);
        float[] a = random(r, m * k), b = random(r, k * n), c = new float[m * n];
        Gemm.sgemm(false, false, m, n, k, a, 0, k, b, 0, n, c, 0, n, false);
        for (int i = 0; i < m; i += 13) {
            for (int j = 0; j < n; j += 37) {
                double s = 0;
                for (int p = 0; p < k; p++) s += (double) a[i * k + p] * b[p * n + j];
                assertEquals(s, c[i * n + j], 1e-3);
            }
        }
    }

    @Test
    void zeroKClearsOrKeepsC() {
        float[] c = {1, 2, 3, 4};
        Gemm.sgemm(false, false, 2, 2, 0, new float[0], 0, 0, new float[0], 0, 2, c, 0, 2, true);
        assertArrayEquals(new float[] {1, 2, 3, 4}, c);
        Gemm.sgemm(false, false, 2, 2, 0, new float[0], 0, 0, new float[0], 0, 2, c, 0, 2, false);
        assertArrayEquals(new float[4], c);
    }

    @Test
    void knownProduct() {
        float[] a = {1, 2, 3, 4, 5, 6}; // 2x3
        float[] b = {7, 8, 9, 10, 11, 12}; // 3x2
        float[] c = new float[4];
        Gemm.sgemm(2, 2, 3, a, b, c);
        assertArrayEquals(new float[] {58, 64, 139, 154}, c);
    }

    @Test
    void badArgumentsFailWithAClearMessage() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Gemm.sgemm(false, false, 3, 3, 3, new float[8], 0, 3, new float[9], 0, 3, new float[9], 0, 3, false));
        assertTrue(e.getMessage().contains("A") && e.getMessage().contains("needs 9"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Gemm.sgemm(false, false, 3, 3, 3, new float[9], 0, 2, new float[9], 0, 3, new float[9], 0, 3, false));
        assertTrue(e.getMessage().contains("leading dimension"), e.getMessage());
    }

    /** A row of C is bit-identical whether it is computed alone (the small path) or among many rows (packed). */
    @Test
    void aRowDoesNotDependOnTheOtherRowsOfTheCall() {
        java.util.SplittableRandom r = new java.util.SplittableRandom(9);
        for (int k : new int[] {7, 100, 500}) {
            for (int n : new int[] {3, 40}) {
                int m = 300;
                float[] a = new float[m * k], b = new float[k * n], bias = new float[n];
                for (int i = 0; i < a.length; i++) a[i] = (float) (r.nextDouble() - 0.5);
                for (int i = 0; i < b.length; i++) b[i] = (float) (r.nextDouble() - 0.5);
                for (int i = 0; i < n; i++) bias[i] = (float) r.nextDouble();
                float[] all = new float[m * n];
                for (int i = 0; i < m; i++) System.arraycopy(bias, 0, all, i * n, n);
                Gemm.sgemm(false, false, m, n, k, a, 0, k, b, 0, n, all, 0, n, true);
                for (int i : new int[] {0, 17, m - 1}) {
                    float[] one = bias.clone();
                    Gemm.sgemm(false, false, 1, n, k, a, i * k, k, b, 0, n, one, 0, n, true);
                    for (int j = 0; j < n; j++) {
                        assertEquals(Float.floatToIntBits(all[i * n + j]), Float.floatToIntBits(one[j]), "k=" + k + " n=" + n + " row " + i + " col " + j);
                    }
                }
            }
        }
    }

    /** A B packed once gives the same bits as sgemm with B, for every shape class (tiny, skinny, blocked). */
    @Test
    void packedBGivesTheSameBitsAsTheUnpackedProduct() {
        java.util.SplittableRandom r = new java.util.SplittableRandom(4);
        int[][] shapes = {{2, 3, 4}, {64, 400, 100}, {64, 6, 50}, {100, 1500, 700}, {33, 65, 17}};
        for (int[] sh : shapes) {
            for (boolean tb : new boolean[] {false, true}) {
                for (boolean acc : new boolean[] {false, true}) {
                    int m = sh[0], n = sh[1], k = sh[2];
                    float[] a = new float[m * k], b = new float[k * n], c0 = new float[m * n];
                    for (int i = 0; i < a.length; i++) a[i] = (float) (r.nextDouble() - 0.5);
                    for (int i = 0; i < b.length; i++) b[i] = (float) (r.nextDouble() - 0.5);
                    for (int i = 0; i < c0.length; i++) c0[i] = (float) r.nextDouble();
                    float[] c1 = c0.clone();
                    int ldb = tb ? k : n;
                    Gemm.sgemm(false, tb, m, n, k, a, 0, k, b, 0, ldb, c0, 0, n, acc);
                    Gemm.sgemm(false, m, a, 0, k, Gemm.pack(tb, k, n, b, 0, ldb), c1, 0, n, acc);
                    for (int i = 0; i < c0.length; i++) {
                        assertEquals(Float.floatToIntBits(c0[i]), Float.floatToIntBits(c1[i]), m + "x" + n + "x" + k + " transB=" + tb + " accumulate=" + acc + " at " + i);
                    }
                }
            }
        }
    }
}
