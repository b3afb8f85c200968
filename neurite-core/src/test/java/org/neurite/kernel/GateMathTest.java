package org.neurite.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The gate functions: accurate to float precision, and the same bits on the vector and scalar paths. */
class GateMathTest {
    private static float[] inputs() {
        SplittableRandom r = new SplittableRandom(11);
        float[] x = new float[5003];
        for (int i = 0; i < x.length; i++) x[i] = (float) (r.nextGaussian() * 4);
        float[] special = {0f, -0f, 1e-8f, -1e-8f, 0.62f, 0.63f, -0.625f, 20f, -20f, 90f, -90f, 200f, -200f};
        System.arraycopy(special, 0, x, 0, special.length);
        return x;
    }

    @Test
    void sigmoidAndTanhAreAccurate() {
        float[] x = inputs();
        float[] s = x.clone();
        GateMath.sigmoid(s, 0, s.length);
        float[] t = new float[x.length];
        GateMath.tanh(x, 0, t, 0, x.length);
        for (int i = 0; i < x.length; i++) {
            double es = 1 / (1 + Math.exp(-x[i]));
            double et = Math.tanh(x[i]);
            assertEquals(es, s[i], 3e-7 * Math.max(es, 1e-30) + 1e-38, "sigmoid(" + x[i] + ")");
            assertEquals(et, t[i], 3e-7 * Math.abs(et) + 1e-38, "tanh(" + x[i] + ")");
        }
        assertTrue(Float.isNaN(GateMath.tanh(Float.NaN)) && Float.isNaN(GateMath.sigmoid(Float.NaN)));
    }

    @Test
    void vectorAndScalarPathsGiveTheSameBits() {
        float[] x = inputs();
        for (int len : new int[] {1, 15, 16, 17, 333, x.length}) {
            float[] v = x.clone(), sc = x.clone();
            GateMath.sigmoid(v, 0, len);
            new GateMath.Scalar().sigmoid(sc, 0, len);
            float[] tv = new float[len], ts = new float[len];
            GateMath.tanh(x, 0, tv, 0, len);
            new GateMath.Scalar().tanh(x, 0, ts, 0, len);
            for (int i = 0; i < len; i++) {
                assertEquals(Float.floatToIntBits(sc[i]), Float.floatToIntBits(v[i]), "sigmoid(" + x[i] + ")");
                assertEquals(Float.floatToIntBits(ts[i]), Float.floatToIntBits(tv[i]), "tanh(" + x[i] + ")");
            }
        }
    }

    @Test
    void resultsDoNotChangeOnceTheJitHasCompiledTheLoops() {
        float[] x = inputs();
        float[] cold = x.clone();
        GateMath.sigmoid(cold, 0, cold.length);
        float[] warm = null;
        for (int rep = 0; rep < 3000; rep++) {
            warm = x.clone();
            GateMath.sigmoid(warm, 0, warm.length);
        }
        for (int i = 0; i < x.length; i++) assertEquals(Float.floatToIntBits(cold[i]), Float.floatToIntBits(warm[i]));
    }
}
