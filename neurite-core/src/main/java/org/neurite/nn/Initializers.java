package org.neurite.nn;

import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;
import org.neurite.tensor.Shape;
import org.neurite.tensor.Tensor;

/**
 * The Keras initializers by name. Fans follow Keras' {@code _compute_fans}: for a Dense kernel
 * (in, out) fan_in = in, fan_out = out; for a conv kernel (kh, kw, in, out) fan_in = kh*kw*in and
 * fan_out = kh*kw*out.
 *
 * <p>Unseeded layers draw their seeds from one process-wide generator, which {@link #setGlobalSeed}
 * fixes (as {@code keras.utils.set_random_seed}); models can also be seeded one by one.
 */
public final class Initializers {
    /** sd of a standard normal truncated to [-2, 2] (scipy truncnorm.std(-2, 2)), as Keras divides by it. */
    private static final double TRUNCATED_STD = 0.87962566103423978;
    private static SplittableRandom global = new SplittableRandom();

    private Initializers() {}

    /** Fixes the generator that seeds every layer not seeded explicitly. */
    public static synchronized void setGlobalSeed(long seed) {
        global = new SplittableRandom(seed);
    }

    /** A fresh seed from the process-wide generator. */
    public static synchronized long nextSeed() {
        return global.nextLong();
    }

    public static Initializer zeros() {
        return named("zeros", (s, r) -> new float[s.size()]);
    }

    public static Initializer ones() {
        return constant(1f);
    }

    public static Initializer constant(float value) {
        return named(value == 1f ? "ones" : "constant(" + value + ")", (s, r) -> {
            float[] d = new float[s.size()];
            Arrays.fill(d, value);
            return d;
        });
    }

    /** Keras' default kernel initializer: U(-limit, limit), limit = sqrt(6 / (fan_in + fan_out)). */
    public static Initializer glorotUniform() {
        return named("glorot_uniform", (s, r) -> uniform(s, r, Math.sqrt(6.0 / (fanIn(s) + fanOut(s)))));
    }

    /** N(0, sd) truncated at 2 sd, sd = sqrt(2 / (fan_in + fan_out)) (corrected for the truncation). */
    public static Initializer glorotNormal() {
        return named("glorot_normal", (s, r) -> truncated(s, r, Math.sqrt(2.0 / (fanIn(s) + fanOut(s)))));
    }

    /**
     * Keras' he_normal: a TRUNCATED normal (cut at 2 sd) whose standard deviation after truncation is
     * sqrt(2 / fan_in); Keras divides by 0.8796 so the truncation does not shrink it.
     */
    public static Initializer heNormal() {
        return named("he_normal", (s, r) -> truncated(s, r, Math.sqrt(2.0 / fanIn(s))));
    }

    /** U(-limit, limit), limit = sqrt(6 / fan_in). */
    public static Initializer heUniform() {
        return named("he_uniform", (s, r) -> uniform(s, r, Math.sqrt(6.0 / fanIn(s))));
    }

    /** Keras RandomNormal: N(mean, stddev), not truncated. */
    public static Initializer randomNormal(float mean, float stddev) {
        return named("random_normal", (s, r) -> {
            float[] d = new float[s.size()];
            for (int i = 0; i < d.length; i++) d[i] = (float) (mean + stddev * Tensor.gaussian(r));
            return d;
        });
    }

    /** Keras RandomUniform: U(low, high). */
    public static Initializer randomUniform(float low, float high) {
        return named("random_uniform", (s, r) -> {
            float[] d = new float[s.size()];
            for (int i = 0; i < d.length; i++) d[i] = (float) (low + (high - low) * r.nextDouble());
            return d;
        });
    }

    /**
     * Keras' Orthogonal(gain=1), the default recurrent kernel initializer: the weight viewed as
     * (rows = product of all but the last axis, cols = last axis), a normal matrix of shape
     * (max, min) orthonormalized (QR by Gram-Schmidt, signs fixed by diag(R)), transposed when
     * rows &lt; cols, so rows or columns are orthonormal.
     */
    public static Initializer orthogonal() {
        return named("orthogonal", (s, r) -> {
            int cols = s.rank() == 0 ? 1 : s.dim(-1);
            int rows = s.size() / Math.max(1, cols);
            int m = Math.max(rows, cols), k = Math.min(rows, cols);
            double[][] q = new double[k][m]; // k columns of length m
            for (int i = 0; i < m; i++) for (int j = 0; j < k; j++) q[j][i] = Tensor.gaussian(r);
            for (int j = 0; j < k; j++) {
                for (int p = 0; p < j; p++) { // modified Gram-Schmidt; r_pj = <q_p, a_j>
                    double dot = 0;
                    for (int i = 0; i < m; i++) dot += q[p][i] * q[j][i];
                    for (int i = 0; i < m; i++) q[j][i] -= dot * q[p][i];
                }
                double norm = 0;
                for (int i = 0; i < m; i++) norm += q[j][i] * q[j][i];
                norm = Math.sqrt(norm); // r_jj > 0 here, so the sign correction is already applied
                for (int i = 0; i < m; i++) q[j][i] /= norm;
            }
            float[] d = new float[s.size()];
            for (int i = 0; i < rows; i++) {
                for (int j = 0; j < cols; j++) d[i * cols + j] = (float) (rows >= cols ? q[j][i] : q[i][j]);
            }
            return d;
        });
    }

    /** Looks up a Keras name: zeros, ones, glorot_uniform, glorot_normal, he_normal, he_uniform. */
    public static Initializer get(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "zeros" -> zeros();
            case "ones" -> ones();
            case "glorot_uniform" -> glorotUniform();
            case "glorot_normal" -> glorotNormal();
            case "he_normal" -> heNormal();
            case "he_uniform" -> heUniform();
            case "random_normal" -> randomNormal(0f, 0.05f);
            case "random_uniform" -> randomUniform(-0.05f, 0.05f);
            case "orthogonal" -> orthogonal();
            default -> throw new IllegalArgumentException("unknown initializer '" + name
                    + "'; known: zeros, ones, glorot_uniform, glorot_normal, he_normal, he_uniform, random_normal, random_uniform");
        };
    }

    /** Keras fan_in: rank 2 -> dims[0]; rank > 2 -> dims[-2] * receptive field size. */
    public static double fanIn(Shape s) {
        if (s.rank() == 0) return 1;
        if (s.rank() == 1) return s.dim(0);
        return (double) s.dim(-2) * s.sizeBetween(0, s.rank() - 2);
    }

    public static double fanOut(Shape s) {
        if (s.rank() == 0) return 1;
        if (s.rank() == 1) return s.dim(0);
        return (double) s.dim(-1) * s.sizeBetween(0, s.rank() - 2);
    }

    private static float[] uniform(Shape s, SplittableRandom r, double limit) {
        float[] d = new float[s.size()];
        for (int i = 0; i < d.length; i++) d[i] = (float) ((2 * r.nextDouble() - 1) * limit);
        return d;
    }

    private static float[] truncated(Shape s, SplittableRandom r, double targetStd) {
        double sd = targetStd / TRUNCATED_STD;
        float[] d = new float[s.size()];
        for (int i = 0; i < d.length; i++) {
            double z;
            do {
                z = Tensor.gaussian(r);
            } while (Math.abs(z) > 2); // resample outside 2 sd, as tf.random.truncated_normal
            d[i] = (float) (z * sd);
        }
        return d;
    }

    private static Initializer named(String name, java.util.function.BiFunction<Shape, SplittableRandom, float[]> f) {
        return new Initializer() {
            @Override
            public float[] sample(Shape shape, SplittableRandom random) {
                return f.apply(shape, random);
            }

            @Override
            public String name() {
                return name;
            }

            @Override
            public String toString() {
                return name;
            }
        };
    }
}
