package org.neurite.data;

import java.util.Arrays;
import org.neurite.tensor.Tensor;

/**
 * Data preprocessing on plain tensors (no autograd history; results are new tensors). Statistics
 * are accumulated in double precision.
 */
public final class Preprocessing {
    private Preprocessing() {}

    /**
     * One-hot encodes class indices: labels of shape {@code S} (usually {@code (N,)}) become
     * {@code S + (classes)}. Every label must be an integer in {@code 0..classes-1}.
     *
     * @param labels class indices, shape {@code S}
     * @param classes the number of classes
     * @return the one-hot tensor, shape {@code S + (classes)}
     * @throws IllegalArgumentException if a label is not an integer in range
     */
    public static Tensor oneHot(Tensor labels, int classes) {
        if (classes < 1) throw new IllegalArgumentException("oneHot: classes must be >= 1, got " + classes);
        float[] y = labels.data();
        if ((long) y.length * classes > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("oneHot: " + y.length + " labels x " + classes + " classes do not fit in one Java array");
        }
        float[] out = new float[y.length * classes];
        for (int i = 0; i < y.length; i++) {
            float v = y[i];
            if (v != Math.rint(v) || Float.isInfinite(v)) {
                throw new IllegalArgumentException("oneHot: label at index " + i + " is " + v + ", not an integer class index");
            }
            if (v < 0 || v >= classes) {
                throw new IllegalArgumentException("oneHot: label at index " + i + " is " + (long) v + ", outside 0.." + (classes - 1)
                        + " for " + classes + " classes");
            }
            out[i * classes + (int) v] = 1f;
        }
        int[] d = labels.shape().dims();
        int[] od = Arrays.copyOf(d, d.length + 1);
        od[d.length] = classes;
        return Tensor.of(out, od);
    }

    /**
     * {@code (x - mean) / std} elementwise.
     *
     * @param x any tensor
     * @param mean subtracted from every value
     * @param std every value is divided by it
     * @return a new tensor of the same shape
     */
    public static Tensor normalize(Tensor x, float mean, float std) {
        if (!(std > 0) || !Float.isFinite(std)) throw new IllegalArgumentException("normalize: std must be positive and finite, got " + std);
        float[] a = x.data();
        float[] out = new float[a.length];
        for (int i = 0; i < a.length; i++) out[i] = (a[i] - mean) / std;
        return Tensor.of(out, x.shape());
    }

    /** Per-channel mean and (population) standard deviation over all axes but the last. */
    public record ChannelStats(float[] mean, float[] std) {
        /**
         * Checks that the arrays pair up.
         *
         * @param mean one mean per channel
         * @param std one standard deviation per channel
         * @throws IllegalArgumentException if their lengths differ
         */
        public ChannelStats {
            if (mean.length != std.length) throw new IllegalArgumentException(mean.length + " means but " + std.length + " stds");
        }

        /** @return the number of channels */
        public int channels() {
            return mean.length;
        }

        @Override
        public String toString() {
            return "ChannelStats(mean " + Arrays.toString(mean) + ", std " + Arrays.toString(std) + ")";
        }
    }

    /**
     * Mean and population standard deviation of each channel of a channels-last tensor (the last
     * axis), e.g. {@code (N, H, W, C)} → C means and C stds.
     *
     * @param x a channels-last tensor
     * @return the per-channel statistics
     */
    public static ChannelStats channelStats(Tensor x) {
        if (x.rank() < 1) throw new IllegalArgumentException("channelStats: need at least 1 dimension, got shape " + x.shape());
        int c = x.dim(-1);
        float[] a = x.data();
        int rows = c == 0 ? 0 : a.length / c;
        if (rows == 0) throw new IllegalArgumentException("channelStats: tensor " + x.shape() + " has no values");
        double[] sum = new double[c];
        for (int r = 0; r < rows; r++) {
            int o = r * c;
            for (int k = 0; k < c; k++) sum[k] += a[o + k];
        }
        double[] m = new double[c];
        for (int k = 0; k < c; k++) m[k] = sum[k] / rows;
        double[] sq = new double[c];
        for (int r = 0; r < rows; r++) {
            int o = r * c;
            for (int k = 0; k < c; k++) {
                double d = a[o + k] - m[k];
                sq[k] += d * d;
            }
        }
        float[] mean = new float[c], std = new float[c];
        for (int k = 0; k < c; k++) {
            mean[k] = (float) m[k];
            std[k] = (float) Math.sqrt(sq[k] / rows);
        }
        return new ChannelStats(mean, std);
    }

    /**
     * Standardizes each channel (last axis) of {@code x} with its own statistics.
     *
     * @param x a channels-last tensor
     * @return a new tensor of the same shape
     */
    public static Tensor standardizePerChannel(Tensor x) {
        return standardizePerChannel(x, channelStats(x), 1e-7f);
    }

    /**
     * {@code (x[..., k] - mean[k]) / (std[k] + epsilon)} for each channel {@code k} of the last axis;
     * pass the training set's statistics to transform validation and test data.
     *
     * @param x a channels-last tensor
     * @param stats the statistics to apply, one entry per channel
     * @param epsilon added to each std, guarding constant channels
     * @return a new tensor of the same shape
     */
    public static Tensor standardizePerChannel(Tensor x, ChannelStats stats, float epsilon) {
        int c = x.rank() == 0 ? 0 : x.dim(-1);
        if (c != stats.channels()) {
            throw new IllegalArgumentException("standardizePerChannel: tensor " + x.shape() + " has " + c + " channels (last axis) but the statistics have "
                    + stats.channels());
        }
        float[] inv = new float[c];
        for (int k = 0; k < c; k++) {
            float s = stats.std()[k] + epsilon;
            if (!(s > 0)) throw new IllegalArgumentException("standardizePerChannel: channel " + k + " has std " + stats.std()[k] + " (+ epsilon " + epsilon + "), must be positive");
            inv[k] = 1f / s;
        }
        float[] a = x.data();
        float[] out = new float[a.length];
        float[] mean = stats.mean();
        for (int i = 0; i < a.length; i += c) {
            for (int k = 0; k < c; k++) out[i + k] = (a[i + k] - mean[k]) * inv[k];
        }
        return Tensor.of(out, x.shape());
    }

    /** A min/max range, for scaling to [0, 1] and back (e.g. forecasts to the original units). */
    public record MinMax(float min, float max) {
        /**
         * Checks the range.
         *
         * @param min the smallest value
         * @param max the largest value
         * @throws IllegalArgumentException unless {@code max > min}
         */
        public MinMax {
            if (!(max > min)) throw new IllegalArgumentException("MinMax: max (" + max + ") must be greater than min (" + min + ")");
        }

        /**
         * The range of the values of a tensor.
         *
         * @param x any tensor
         * @return its minimum and maximum
         */
        public static MinMax of(Tensor x) {
            return of(x.data());
        }

        /**
         * The range of some values.
         *
         * @param values at least two distinct values
         * @return their minimum and maximum
         */
        public static MinMax of(float[] values) {
            if (values.length == 0) throw new IllegalArgumentException("MinMax: no values");
            float lo = Float.POSITIVE_INFINITY, hi = Float.NEGATIVE_INFINITY;
            for (float v : values) {
                if (v < lo) lo = v;
                if (v > hi) hi = v;
            }
            if (!(hi > lo)) throw new IllegalArgumentException("MinMax: all values are equal (" + lo + ") or NaN, the range is empty");
            return new MinMax(lo, hi);
        }

        /**
         * Scales to [0, 1] by this range: {@code (x - min) / (max - min)}.
         *
         * @param x any tensor
         * @return a new tensor of the same shape
         */
        public Tensor scale(Tensor x) {
            return Tensor.of(scale(x.data()), x.shape());
        }

        /**
         * Scales values to [0, 1] by this range.
         *
         * @param v the values
         * @return new scaled values
         */
        public float[] scale(float[] v) {
            float[] out = new float[v.length];
            float range = max - min;
            for (int i = 0; i < v.length; i++) out[i] = (v[i] - min) / range;
            return out;
        }

        /**
         * Maps scaled values back to the original units: {@code x * (max - min) + min}.
         *
         * @param x scaled values
         * @return a new tensor of the same shape
         */
        public Tensor unscale(Tensor x) {
            return Tensor.of(unscale(x.data()), x.shape());
        }

        /**
         * Maps scaled values back to the original units.
         *
         * @param v scaled values
         * @return new values in the original units
         */
        public float[] unscale(float[] v) {
            float[] out = new float[v.length];
            float range = max - min;
            for (int i = 0; i < v.length; i++) out[i] = v[i] * range + min;
            return out;
        }
    }

    /**
     * Scales {@code x} to [0, 1] by its own minimum and maximum.
     *
     * @param x any tensor
     * @return a new tensor of the same shape
     */
    public static Tensor minMaxScale(Tensor x) {
        return MinMax.of(x).scale(x);
    }

    /**
     * {@code (x - min) / (max - min)} with a given range (e.g. the training set's).
     *
     * @param x any tensor
     * @param min the range's minimum
     * @param max the range's maximum
     * @return a new tensor of the same shape
     */
    public static Tensor minMaxScale(Tensor x, float min, float max) {
        return new MinMax(min, max).scale(x);
    }
}
