package org.neurite.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class Pool2dKernelTest {
    private static final int DEFAULT_THREADS = Parallel.threads();

    @AfterEach
    void restoreThreads() {
        Parallel.setThreads(DEFAULT_THREADS);
    }

    // 4x4 single-channel image
    private static final float[] IMG = {
        1, 3, 2, 1,
        4, 6, 5, 0,
        7, 2, 9, 8,
        3, 1, 4, 2,
    };

    @Test
    void maxPool2x2Stride2() {
        PoolGeometry g = PoolGeometry.of(1, 4, 4, 1, 2, 2, 2, 2, 0, 0, 0, 0);
        float[] out = new float[4];
        int[] arg = new int[4];
        Pool2dKernel.maxForward(g, IMG, Float.NEGATIVE_INFINITY, out, arg);
        assertArrayEquals(new float[] {6, 5, 7, 9}, out);
        assertArrayEquals(new int[] {5, 6, 8, 10}, arg);
        float[] gin = new float[16];
        Pool2dKernel.maxBackward(g, new float[] {1, 2, 3, 4}, arg, gin);
        float[] expected = new float[16];
        expected[5] = 1; expected[6] = 2; expected[8] = 3; expected[10] = 4;
        assertArrayEquals(expected, gin);
    }

    @Test
    void maxPoolPadValueZeroVersusMinusInfinity() {
        float[] neg = {-1, -2, -3, -4}; // 2x2, all negative
        // 2x2 window, stride 1, pad 1 on every side: 3x3 output, every window has padded cells
        PoolGeometry g = PoolGeometry.of(1, 2, 2, 1, 2, 2, 1, 1, 1, 1, 1, 1);
        assertEquals(3, g.outH());
        float[] out = new float[9];
        int[] arg = new int[9];
        Pool2dKernel.maxForward(g, neg, Float.NEGATIVE_INFINITY, out, arg);
        assertArrayEquals(new float[] {-1, -1, -2, -1, -1, -2, -3, -3, -4}, out);
        Pool2dKernel.maxForward(g, neg, 0f, out, arg);
        assertArrayEquals(new float[] {0, 0, 0, 0, -1, 0, 0, 0, 0}, out);
        assertArrayEquals(new int[] {-1, -1, -1, -1, 0, -1, -1, -1, -1}, arg);
        // padded maxima drop their gradient
        float[] gin = new float[4];
        Pool2dKernel.maxBackward(g, new float[] {1, 1, 1, 1, 5, 1, 1, 1, 1}, arg, gin);
        assertArrayEquals(new float[] {5, 0, 0, 0}, gin);
    }

    @Test
    void maxPoolTiesGoToTheFirstAndNaNPropagates() {
        PoolGeometry g = PoolGeometry.of(1, 2, 2, 1, 2, 2, 2, 2, 0, 0, 0, 0);
        float[] out = new float[1];
        int[] arg = new int[1];
        Pool2dKernel.maxForward(g, new float[] {2, 5, 5, 1}, Float.NEGATIVE_INFINITY, out, arg);
        assertEquals(5f, out[0]);
        assertEquals(1, arg[0]);
        Pool2dKernel.maxForward(g, new float[] {2, Float.NaN, 5, 1}, Float.NEGATIVE_INFINITY, out, arg);
        assertEquals(Float.NaN, out[0]);
    }

    @Test
    void averagePoolCountingOrExcludingPadding() {
        // 3x3 window, stride 1, pad 1: the corner window holds 4 real cells of 9
        PoolGeometry g = PoolGeometry.of(1, 4, 4, 1, 3, 3, 1, 1, 1, 1, 1, 1);
        float[] out = new float[16];
        Pool2dKernel.avgForward(g, IMG, false, out);
        assertEquals((1 + 3 + 4 + 6) / 4f, out[0], 1e-6);
        assertEquals((1 + 3 + 2 + 4 + 6 + 5) / 6f, out[1], 1e-6);
        assertEquals((6 + 5 + 0 + 2 + 9 + 8 + 1 + 4 + 2) / 9f, out[10], 1e-6);
        Pool2dKernel.avgForward(g, IMG, true, out);
        assertEquals((1 + 3 + 4 + 6) / 9f, out[0], 1e-6);
        assertEquals((1 + 3 + 2 + 4 + 6 + 5) / 9f, out[1], 1e-6);

        float[] gin = new float[16];
        float[] gy = new float[16];
        gy[0] = 1;
        Pool2dKernel.avgBackward(g, gy, false, gin);
        assertEquals(0.25f, gin[0], 1e-7);
        assertEquals(0.25f, gin[5], 1e-7);
        assertEquals(0f, gin[2], 1e-7);
        Pool2dKernel.avgBackward(g, gy, true, gin);
        assertEquals(1 / 9f, gin[0], 1e-7);
    }

    @Test
    void multiChannelBatchAndThreadIndependence() {
        PoolGeometry g = PoolGeometry.of(5, 9, 7, 3, 3, 2, 2, 1, 1, 0, 0, 1);
        SplittableRandom r = new SplittableRandom(3);
        float[] x = new float[g.inputSize()], gy = new float[g.outputSize()];
        for (int i = 0; i < x.length; i++) x[i] = (float) r.nextDouble();
        for (int i = 0; i < gy.length; i++) gy[i] = (float) r.nextDouble();
        float[][] res = new float[2][];
        for (int t = 1; t <= 2; t++) {
            Parallel.setThreads(t);
            float[] mo = new float[g.outputSize()], ao = new float[g.outputSize()];
            float[] mg = new float[g.inputSize()], ag = new float[g.inputSize()];
            int[] arg = new int[g.outputSize()];
            Pool2dKernel.maxForward(g, x, Float.NEGATIVE_INFINITY, mo, arg);
            Pool2dKernel.maxBackward(g, gy, arg, mg);
            Pool2dKernel.avgForward(g, x, true, ao);
            Pool2dKernel.avgBackward(g, gy, true, ag);
            float[] all = new float[2 * g.outputSize() + 2 * g.inputSize()];
            System.arraycopy(mo, 0, all, 0, mo.length);
            System.arraycopy(ao, 0, all, mo.length, ao.length);
            System.arraycopy(mg, 0, all, 2 * mo.length, mg.length);
            System.arraycopy(ag, 0, all, 2 * mo.length + mg.length, ag.length);
            res[t - 1] = all;
        }
        assertArrayEquals(res[0], res[1]);
        // spot-check one max against a direct scan: n=2, oh=1, ow=2, c=1 (window rows 1..3, cols 2..3)
        float best = Float.NEGATIVE_INFINITY;
        for (int ih = 1; ih < 4; ih++) for (int iw = 2; iw < 4; iw++) best = Math.max(best, x[((2 * 9 + ih) * 7 + iw) * 3 + 1]);
        assertEquals(best, res[0][((2 * g.outH() + 1) * g.outW() + 2) * 3 + 1]);
    }

    @ParameterizedTest(name = "channels={0}")
    @ValueSource(ints = {3, 4, 6, 8, 16, 32, 48})
    void maxPool2x2MatchesDirectScanWithTiesOddSizesAndThreads(int ch) {
        // (16, 32, 48 channels: whole vectors of channels on the SIMD path; 4, 6, 8: a cell per vector step)
        // the specialised 2x2 / stride 2 path: odd input sizes leave the last row and column out
        PoolGeometry g = PoolGeometry.of(6, 7, 9, ch, 2, 2, 2, 2, 0, 0, 0, 0);
        SplittableRandom r = new SplittableRandom(11);
        float[] x = new float[g.inputSize()];
        for (int i = 0; i < x.length; i++) x[i] = r.nextInt(4); // many ties
        x[((1 * 7 + 2) * 9 + 4) * ch + 1] = Float.NaN;
        int[][] args = new int[2][];
        for (int t = 1; t <= 2; t++) {
            Parallel.setThreads(t);
            float[] out = new float[g.outputSize()];
            int[] arg = new int[g.outputSize()];
            Pool2dKernel.maxForward(g, x, Float.NEGATIVE_INFINITY, out, arg);
            args[t - 1] = arg;
            for (int n = 0; n < 6; n++) for (int oh = 0; oh < g.outH(); oh++) for (int ow = 0; ow < g.outW(); ow++) for (int c = 0; c < ch; c++) {
                int o = ((n * g.outH() + oh) * g.outW() + ow) * ch + c;
                int best = -1;
                for (int i = 0; i < 2; i++) for (int j = 0; j < 2; j++) {
                    int k = ((n * 7 + 2 * oh + i) * 9 + 2 * ow + j) * ch + c;
                    if (best < 0 || x[k] > x[best] || (Float.isNaN(x[k]) && !Float.isNaN(x[best]))) best = k;
                }
                assertEquals(best, arg[o], "argmax of output " + o);
                assertEquals(x[best], out[o], "max of output " + o);
            }
        }
        assertArrayEquals(args[0], args[1]);
    }

    @Test
    void badGeometryFailsClearly() {
        assertThrows(IllegalArgumentException.class, () -> PoolGeometry.of(1, 2, 2, 1, 3, 3, 1, 1, 0, 0, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> PoolGeometry.of(1, 4, 4, 1, 2, 2, 0, 1, 0, 0, 0, 0));
    }
}
