package org.neurite.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The vector and scalar ReLU loops agree bit for bit, including NaN, signed zeros and loop tails. */
class PointwiseTest {
    private static float[] sample(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) x[i] = (float) (r.nextDouble() * 2 - 1);
        x[0] = Float.NaN;
        x[1] = -0f;
        x[2] = 0f;
        x[3] = Float.NEGATIVE_INFINITY;
        return x;
    }

    @Test
    void reluMatchesTheScalarDefinition() {
        for (int n : new int[] {5, 16, 37, 100}) {
            float[] x = sample(n, n);
            float[] expected = new float[n], got = new float[n];
            new Pointwise.Scalar().relu(x, expected, 0, n);
            Pointwise.relu(x, got, 0, n);
            assertArrayEquals(expected, got);
            assertEquals(Float.NaN, got[0]);
            assertEquals(0f, got[1]);
            assertEquals(Float.floatToIntBits(0f), Float.floatToIntBits(got[1]), "-0.0 becomes +0.0");
        }
    }

    @Test
    void reluBackwardPassesGradientOnlyWherePositive() {
        for (int n : new int[] {4, 16, 41}) {
            float[] y = sample(n, 7 * n), g = sample(n, 11 * n);
            float[] expected = new float[n], got = new float[n];
            new Pointwise.Scalar().reluBackward(g, y, expected, 0, n);
            Pointwise.reluBackward(g, y, got, 0, n);
            assertArrayEquals(expected, got);
            for (int i = 0; i < n; i++) assertEquals(y[i] > 0f ? g[i] : 0f, got[i]);
        }
    }

    @Test
    void worksOnSubranges() {
        float[] x = sample(50, 3);
        float[] out = new float[50];
        java.util.Arrays.fill(out, 9f);
        Pointwise.relu(x, out, 10, 30);
        for (int i = 0; i < 50; i++) {
            if (i < 10 || i >= 30) assertEquals(9f, out[i]);
        }
    }
}
