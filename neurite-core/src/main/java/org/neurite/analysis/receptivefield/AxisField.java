package org.neurite.analysis.receptivefield;

/**
 * The receptive field along one spatial axis of a layer's output, in input coordinates where
 * input pixel {@code i} is centred at {@code i} (index coordinates).
 *
 * @param size  r: how many input pixels one output unit sees (the span of its field)
 * @param jump  j: the distance in input pixels between neighbouring output units (the cumulative
 *              stride; below 1 after up-sampling or a transposed convolution)
 * @param start the centre of the first output unit's field, in input coordinates (negative when
 *              padding puts it before the first pixel)
 */
public record AxisField(double size, double jump, double start) {
    /** The input itself: each pixel sees itself, neighbours 1 apart, the first centred at 0. */
    public static final AxisField INPUT = new AxisField(1, 1, 0);

    /**
     * After a window of {@code k} (dilated size), stride {@code s} and padding {@code padBefore}:
     * {@code j' = j*s}, {@code r' = r + (k - 1)*j}, {@code start' = start + ((k - 1)/2 - p)*j}.
     *
     * @param k the window's dilated size, {@code d*(k-1)+1}
     * @param s the stride
     * @param padBefore p, the padding before the first input
     * @return the field after the window
     */
    public AxisField window(int k, int s, int padBefore) {
        return new AxisField(size + (k - 1) * jump, jump * s, start + ((k - 1) / 2.0 - padBefore) * jump);
    }

    /**
     * After a transposed convolution (kernel k, stride s, padding p before): it equals zero
     * insertion (s - 1 zeros between inputs, so the jump becomes {@code j/s}), padding by
     * {@code k - 1 - p}, and a stride-1 convolution with k: {@code j' = j/s},
     * {@code r' = r + (k - 1)*j'}, {@code start' = start + (p - (k - 1)/2)*j'}. The size counts
     * the inserted zeros, so it is an upper bound: an output unit depends on about {@code ceil(k/s)}
     * input units per axis.
     *
     * @param k the kernel size
     * @param s the stride
     * @param padBefore p, the padding before
     * @return the field after the transposed convolution
     */
    public AxisField transposed(int k, int s, int padBefore) {
        double j = jump / s;
        return new AxisField(size + (k - 1) * j, j, start + (padBefore - (k - 1) / 2.0) * j);
    }

    /**
     * After nearest-neighbour up-sampling by {@code u}: a copy of one input unit, so the size stays,
     * {@code j' = j/u}, {@code start' = start - (u - 1)/2 * j'} (the first u outputs share the
     * first input's field; start is their average position). Bilinear interpolation mixes two
     * neighbours: the size grows by one input jump.
     *
     * @param u the up-sampling factor
     * @param bilinear true for bilinear interpolation, false for nearest neighbour
     * @return the field after up-sampling
     */
    public AxisField upsample(int u, boolean bilinear) {
        double j = jump / u;
        return new AxisField(bilinear ? size + jump : size, j, start - (u - 1) / 2.0 * j);
    }

    /**
     * The larger field (for merges): the larger size; its jump and start.
     *
     * @param a one merged input's field
     * @param b another's
     * @return the one with the larger size ({@code a} on ties)
     */
    public static AxisField max(AxisField a, AxisField b) {
        return a.size >= b.size ? a : b;
    }

    /**
     * The size for tables.
     *
     * @return an integer when the size is one (it always is without transposed convolutions), else 4 significant digits
     */
    public String sizeText() {
        return num(size);
    }

    static String num(double v) {
        if (v == Math.rint(v)) return Long.toString((long) v);
        return new java.math.BigDecimal(String.format(java.util.Locale.ROOT, "%.4g", v)).stripTrailingZeros().toPlainString();
    }
}
