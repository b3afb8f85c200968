package org.neurite.analysis;

/**
 * The distribution of a set of values in equal-width buckets between their minimum and maximum,
 * with the moments TensorBoard's {@code HistogramProto} carries. Bucket {@code i} holds the
 * values in {@code (limits[i-1], limits[i]]}; the first bucket also holds the minimum, and
 * {@code limits[last] == max}. Non-finite values are left out (and counted in {@link #skipped}).
 *
 * @param min        smallest finite value (0 when there is none)
 * @param max        largest finite value (0 when there is none)
 * @param num        number of finite values
 * @param sum        their sum
 * @param sumSquares the sum of their squares
 * @param limits     right edges of the buckets, ascending
 * @param counts     values per bucket, {@code counts.length == limits.length}
 * @param skipped    NaN and infinite values left out
 */
public record Histogram(double min, double max, long num, double sum, double sumSquares, double[] limits, long[] counts, long skipped) {

    /** The histogram of {@code values} in {@code buckets} equal-width buckets (one bucket when all values are equal). */
    public static Histogram of(float[] values, int buckets) {
        if (buckets < 1) throw new IllegalArgumentException("Histogram: buckets must be >= 1, got " + buckets);
        double min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY, sum = 0, sumSquares = 0;
        long num = 0, skipped = 0;
        for (float f : values) {
            if (!Float.isFinite(f)) {
                skipped++;
                continue;
            }
            min = Math.min(min, f);
            max = Math.max(max, f);
            sum += f;
            sumSquares += (double) f * f;
            num++;
        }
        if (num == 0) return new Histogram(0, 0, 0, 0, 0, new double[0], new long[0], skipped);
        int k = max > min ? buckets : 1;
        double[] limits = new double[k];
        for (int i = 0; i < k; i++) limits[i] = min + (max - min) * (i + 1) / k;
        limits[k - 1] = max;
        long[] counts = new long[k];
        double width = (max - min) / k;
        for (float f : values) {
            if (!Float.isFinite(f)) continue;
            int i = width == 0 ? 0 : (int) Math.ceil((f - min) / width) - 1;
            i = Math.max(0, Math.min(k - 1, i));
            // the rounding of the division can put a value one bucket off its edge: move it to where the limits say
            while (i > 0 && f <= limits[i - 1]) i--;
            while (i < k - 1 && f > limits[i]) i++;
            counts[i]++;
        }
        return new Histogram(min, max, num, sum, sumSquares, limits, counts, skipped);
    }
}
