package org.neurite.kernel;

/**
 * The loops of the pointwise nonlinearities that run as ops of their own (the fused ones are
 * {@link FusedActivation}): each forward next to its derivative. Forward loops over large arrays
 * are split over the kernel threads; every element is computed alone, so results are the same
 * for any thread count. Sigmoid and tanh here use double-precision {@link Math#exp} (the fused
 * path uses {@link GateMath}'s float recipe).
 */
public final class ActivationKernels {
    private ActivationKernels() {}

    private static final int GRAIN = Arithmetic.PARALLEL_GRAIN;
    private static final double SQRT_HALF = Math.sqrt(0.5);
    private static final double INV_SQRT_2PI = 1.0 / Math.sqrt(2 * Math.PI);

    /** o = max(x, 0) (NaN stays NaN). */
    public static void relu(float[] x, float[] o) {
        Parallel.forRange(o.length, GRAIN, (from, to) -> Pointwise.relu(x, o, from, to));
    }

    /** r = x &gt; 0 ? g : 0. */
    public static void reluBackward(float[] g, float[] x, float[] r) {
        Parallel.forRange(r.length, GRAIN, (from, to) -> Pointwise.reluBackward(g, x, r, from, to));
    }

    /** o = x &gt; 0 ? x : slope x. */
    public static void leakyRelu(float[] x, float slope, float[] o) {
        for (int i = 0; i < o.length; i++) o[i] = x[i] > 0f ? x[i] : x[i] * slope;
    }

    /** r = x &gt; 0 ? g : slope g. */
    public static void leakyReluBackward(float[] g, float[] x, float slope, float[] r) {
        for (int i = 0; i < r.length; i++) r[i] = x[i] > 0f ? g[i] : g[i] * slope;
    }

    /** o = 1 / (1 + e^-x), stable for large |x|. */
    public static void sigmoid(float[] x, float[] o) {
        Parallel.forRange(o.length, GRAIN / 4, (from, to) -> {
            for (int i = from; i < to; i++) o[i] = sigmoid(x[i]);
        });
    }

    /** Stable for large |x|: never computes exp of a large positive number. */
    public static float sigmoid(float x) {
        if (x >= 0) {
            return (float) (1.0 / (1.0 + Math.exp(-x)));
        }
        double e = Math.exp(x);
        return (float) (e / (1.0 + e));
    }

    /** o = tanh(x). */
    public static void tanh(float[] x, float[] o) {
        Parallel.forRange(o.length, GRAIN / 4, (from, to) -> {
            for (int i = from; i < to; i++) o[i] = (float) Math.tanh(x[i]);
        });
    }

    /** o = x &gt; 0 ? x : alpha (e^x - 1). */
    public static void elu(float[] x, float alpha, float[] o) {
        for (int i = 0; i < o.length; i++) o[i] = x[i] > 0f ? x[i] : (float) (alpha * Math.expm1(x[i]));
    }

    /** r = g * (x &gt; 0 ? 1 : alpha e^x). */
    public static void eluBackward(float[] g, float[] x, float alpha, float[] r) {
        for (int i = 0; i < r.length; i++) r[i] = x[i] > 0f ? g[i] : (float) (g[i] * alpha * Math.exp(x[i]));
    }

    /** o = log(1 + e^x), computed as max(x, 0) + log1p(e^-|x|). */
    public static void softplus(float[] x, float[] o) {
        for (int i = 0; i < o.length; i++) o[i] = (float) (Math.max(x[i], 0.0) + Math.log1p(Math.exp(-Math.abs(x[i]))));
    }

    /** r = g * sigmoid(x). */
    public static void softplusBackward(float[] g, float[] x, float[] r) {
        for (int i = 0; i < r.length; i++) r[i] = g[i] * sigmoid(x[i]);
    }

    /** o = x sigmoid(x) (swish, SiLU). */
    public static void swish(float[] x, float[] o) {
        for (int i = 0; i < o.length; i++) o[i] = x[i] * sigmoid(x[i]);
    }

    /** r = g * (s + x s (1 - s)) with s = sigmoid(x). */
    public static void swishBackward(float[] g, float[] x, float[] r) {
        for (int i = 0; i < r.length; i++) {
            float s = sigmoid(x[i]);
            r[i] = g[i] * (s + x[i] * s * (1f - s));
        }
    }

    /** o = x Phi(x), the exact GELU. */
    public static void gelu(float[] x, float[] o) {
        for (int i = 0; i < o.length; i++) o[i] = (float) (x[i] * normalCdf(x[i]));
    }

    /** r = g * (Phi(x) + x phi(x)). */
    public static void geluBackward(float[] g, float[] x, float[] r) {
        for (int i = 0; i < r.length; i++) {
            double v = x[i];
            r[i] = (float) (g[i] * (normalCdf(v) + v * INV_SQRT_2PI * Math.exp(-0.5 * v * v)));
        }
    }

    /** The standard normal CDF Phi(x) = (1 + erf(x / sqrt 2)) / 2. */
    public static double normalCdf(double x) {
        return 0.5 * (1 + erf(x * SQRT_HALF));
    }

    /**
     * The error function in double precision (absolute error below 1e-15, checked against
     * tabulated values in the tests and against C's erf while choosing the split). For |x| &lt; 2 the
     * Maclaurin series {@code erf x = 2/sqrt(pi) sum (-1)^n x^(2n+1) / (n! (2n+1))} (at most 60
     * terms; the alternating terms stay below 2.3 there, so cancellation costs under one digit;
     * beyond 2.5 it costs several). For 2 &lt;= |x| &lt;= 6 the Laplace continued fraction
     * {@code erfc x = e^(-x^2)/sqrt(pi) / (x + (1/2)/(x + 1/(x + (3/2)/(x + ...))))} evaluated
     * bottom-up over 60 levels, which converges quickly there (Abramowitz and Stegun 7.1.14).
     */
    public static double erf(double x) {
        if (Double.isNaN(x)) return x;
        double ax = Math.abs(x);
        double r;
        if (ax < 2) {
            double x2 = ax * ax, term = ax, sum = ax;
            for (int n = 1; n < 60; n++) {
                term *= -x2 / n;
                double t = term / (2 * n + 1);
                sum += t;
                if (Math.abs(t) < 1e-17 * Math.abs(sum)) break;
            }
            r = 2 / Math.sqrt(Math.PI) * sum;
        } else if (ax > 6) {
            r = 1; // erfc(6) = 2e-17 is below double resolution at 1
        } else {
            double f = ax;
            for (int k = 60; k >= 1; k--) f = ax + (k / 2.0) / f;
            r = 1 - Math.exp(-ax * ax) / Math.sqrt(Math.PI) / f;
        }
        return x < 0 ? -r : r;
    }

    /**
     * Softmax (or log-softmax) along one axis of a tensor laid out as (outer, n, inner): the row
     * maximum is subtracted first, so large logits cannot overflow; sums in double.
     */
    public static void softmax(float[] x, float[] o, int outer, int n, int inner, boolean log) {
        for (int p = 0; p < outer; p++) {
            for (int q = 0; q < inner; q++) {
                int base = p * n * inner + q;
                float max = Float.NEGATIVE_INFINITY;
                for (int i = 0; i < n; i++) max = Math.max(max, x[base + i * inner]);
                double sum = 0;
                for (int i = 0; i < n; i++) sum += Math.exp(x[base + i * inner] - max);
                if (log) {
                    float lse = (float) (max + Math.log(sum));
                    for (int i = 0; i < n; i++) o[base + i * inner] = x[base + i * inner] - lse;
                } else {
                    for (int i = 0; i < n; i++) o[base + i * inner] = (float) (Math.exp(x[base + i * inner] - max) / sum);
                }
            }
        }
    }

    /**
     * The softmax backward from its output s: r = s (g - sum(g s)); for log-softmax (s holds the
     * log-probabilities) r = g - e^s sum(g). Same (outer, n, inner) layout as {@link #softmax}.
     */
    public static void softmaxBackward(float[] s, float[] g, float[] r, int outer, int n, int inner, boolean log) {
        for (int p = 0; p < outer; p++) {
            for (int q = 0; q < inner; q++) {
                int base = p * n * inner + q;
                double dot = 0;
                if (log) {
                    for (int i = 0; i < n; i++) dot += g[base + i * inner];
                    for (int i = 0; i < n; i++) {
                        int k = base + i * inner;
                        r[k] = (float) (g[k] - Math.exp(s[k]) * dot);
                    }
                } else {
                    for (int i = 0; i < n; i++) dot += (double) g[base + i * inner] * s[base + i * inner];
                    for (int i = 0; i < n; i++) {
                        int k = base + i * inner;
                        r[k] = (float) (s[k] * (g[k] - dot));
                    }
                }
            }
        }
    }
}
