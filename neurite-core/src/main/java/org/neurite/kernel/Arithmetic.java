package org.neurite.kernel;

import java.util.SplittableRandom;

/**
 * Elementwise arithmetic loops: the four operations on equal-length arrays, with a scalar, and
 * along one broadcast run (two inputs stepping by their own strides); plus the generic maps for the
 * rarer functions. The four operations have their inner loops written out, so no lambda call sits
 * in a hot loop.
 */
public final class Arithmetic {
    private Arithmetic() {}

    /** The four operations whose loops are written out. */
    public enum Op { ADD, SUB, MUL, DIV }

    /** A function of one float, for the rarer pointwise maps (exp, masks, comparisons). */
    @FunctionalInterface
    public interface FloatUnary {
        float apply(float a);
    }

    /** A function of two floats, for the rarer binary maps (maximum, masks, comparisons). */
    @FunctionalInterface
    public interface FloatBinary {
        float apply(float a, float b);
    }

    /** Below this many elements a loop is not worth handing to another thread. */
    public static final int PARALLEL_GRAIN = 1 << 15;

    /** o[i] = x[i] op y[i] over the whole arrays, split over the kernel threads. */
    public static void sameShape(Op op, float[] x, float[] y, float[] o) {
        Parallel.forRange(o.length, PARALLEL_GRAIN, (from, to) -> sameShape(op, x, y, o, from, to));
    }

    /** o[i] = v[i] op c (or c op v[i] when the scalar is on the left), split over the kernel threads. */
    public static void withScalar(Op op, float[] v, float c, boolean scalarRight, float[] o) {
        Parallel.forRange(o.length, PARALLEL_GRAIN, (from, to) -> withScalar(op, v, c, scalarRight, o, from, to));
    }

    private static void sameShape(Op op, float[] x, float[] y, float[] o, int from, int to) {
        switch (op) {
            case ADD -> { for (int i = from; i < to; i++) o[i] = x[i] + y[i]; }
            case SUB -> { for (int i = from; i < to; i++) o[i] = x[i] - y[i]; }
            case MUL -> { for (int i = from; i < to; i++) o[i] = x[i] * y[i]; }
            case DIV -> { for (int i = from; i < to; i++) o[i] = x[i] / y[i]; }
        }
    }

    private static void withScalar(Op op, float[] v, float c, boolean scalarRight, float[] o, int from, int to) {
        switch (op) {
            case ADD -> { for (int i = from; i < to; i++) o[i] = v[i] + c; }
            case MUL -> { for (int i = from; i < to; i++) o[i] = v[i] * c; }
            case SUB -> {
                if (scalarRight) for (int i = from; i < to; i++) o[i] = v[i] - c;
                else for (int i = from; i < to; i++) o[i] = c - v[i];
            }
            case DIV -> {
                if (scalarRight) for (int i = from; i < to; i++) o[i] = v[i] / c;
                else for (int i = from; i < to; i++) o[i] = c / v[i];
            }
        }
    }

    /** One broadcast run: o[oo + i] = x[ao + i*sa] op y[bo + i*sb] for i &lt; n (contiguous and scalar cases unrolled). */
    public static void run(Op op, float[] x, int ao, int sa, float[] y, int bo, int sb, float[] o, int oo, int n) {
        if (sa == 1 && sb == 0) {
            float c = y[bo];
            switch (op) {
                case ADD -> { for (int i = 0; i < n; i++) o[oo + i] = x[ao + i] + c; }
                case SUB -> { for (int i = 0; i < n; i++) o[oo + i] = x[ao + i] - c; }
                case MUL -> { for (int i = 0; i < n; i++) o[oo + i] = x[ao + i] * c; }
                case DIV -> { for (int i = 0; i < n; i++) o[oo + i] = x[ao + i] / c; }
            }
        } else if (sa == 1 && sb == 1) {
            switch (op) {
                case ADD -> { for (int i = 0; i < n; i++) o[oo + i] = x[ao + i] + y[bo + i]; }
                case SUB -> { for (int i = 0; i < n; i++) o[oo + i] = x[ao + i] - y[bo + i]; }
                case MUL -> { for (int i = 0; i < n; i++) o[oo + i] = x[ao + i] * y[bo + i]; }
                case DIV -> { for (int i = 0; i < n; i++) o[oo + i] = x[ao + i] / y[bo + i]; }
            }
        } else {
            switch (op) {
                case ADD -> { for (int i = 0; i < n; i++) o[oo + i] = x[ao + i * sa] + y[bo + i * sb]; }
                case SUB -> { for (int i = 0; i < n; i++) o[oo + i] = x[ao + i * sa] - y[bo + i * sb]; }
                case MUL -> { for (int i = 0; i < n; i++) o[oo + i] = x[ao + i * sa] * y[bo + i * sb]; }
                case DIV -> { for (int i = 0; i < n; i++) o[oo + i] = x[ao + i * sa] / y[bo + i * sb]; }
            }
        }
    }

    /** o[i] = f(x[i]). */
    public static void map(FloatUnary f, float[] x, float[] o) {
        for (int i = 0; i < o.length; i++) o[i] = f.apply(x[i]);
    }

    /** o[i] = f(x[i], y[i]) for arrays of one length. */
    public static void zip(FloatBinary f, float[] x, float[] y, float[] o) {
        for (int i = 0; i < o.length; i++) o[i] = f.apply(x[i], y[i]);
    }

    /** One broadcast run of a generic binary map: o[oo + i] = f(x[ao + i*sa], y[bo + i*sb]) for i &lt; n. */
    public static void zipRun(FloatBinary f, float[] x, int ao, int sa, float[] y, int bo, int sb, float[] o, int oo, int n) {
        for (int i = 0; i < n; i++) o[oo + i] = f.apply(x[ao + i * sa], y[bo + i * sb]);
    }

    /** o[i] = mask[i] != 0 ? x[i] : y[i]. */
    public static void select(float[] mask, float[] x, float[] y, float[] o) {
        for (int i = 0; i < o.length; i++) o[i] = mask[i] != 0 ? x[i] : y[i];
    }

    /** Inverted-dropout mask: each m[i] is 0 with probability {@code rate}, else {@code scale}, drawn in index order. */
    public static void dropoutMask(float[] m, float rate, float scale, SplittableRandom random) {
        for (int i = 0; i < m.length; i++) m[i] = random.nextDouble() < rate ? 0f : scale;
    }
}
