package org.neurite.data;

/**
 * Resizes a channels-last image {@code (h, w, c)} held in a float array, following TensorFlow's
 * {@code tf.image.resize} (which Keras' {@code image_dataset_from_directory} calls) without
 * antialiasing and with half-pixel centres:
 * <ul>
 *   <li>bilinear: output pixel {@code o} samples the input at {@code s = (o + 0.5) * in/out - 0.5};
 *       the two neighbours are {@code max(floor(s), 0)} and {@code min(ceil(s), in - 1)}, weighted
 *       by {@code s - floor(s)} (rows first, then columns, as TF's {@code compute_interpolation_weights});</li>
 *   <li>nearest: output pixel {@code o} copies input pixel {@code min(floor((o + 0.5) * in/out), in - 1)}.</li>
 * </ul>
 * Same size in and out is the identity for both.
 */
public final class ImageResize {
    /** How pixels are interpolated. */
    public enum Interpolation {
        /** Weighted mean of the four nearest pixels. */
        BILINEAR,
        /** The nearest pixel. */
        NEAREST
    }

    private ImageResize() {}

    /**
     * Resizes {@code src} ({@code h x w x c}) into {@code dst} from {@code dstOffset} ({@code outH x outW x c}).
     *
     * @param src the image, channels last
     * @param h its height
     * @param w its width
     * @param c channels
     * @param dst the output buffer
     * @param dstOffset where the result starts in {@code dst}
     * @param outH the output height
     * @param outW the output width
     * @param mode the interpolation
     */
    public static void resize(float[] src, int h, int w, int c, float[] dst, int dstOffset, int outH, int outW, Interpolation mode) {
        if (h <= 0 || w <= 0 || c <= 0 || outH <= 0 || outW <= 0) {
            throw new IllegalArgumentException("resize: sizes must be positive, got " + h + "x" + w + "x" + c + " -> " + outH + "x" + outW);
        }
        if (mode == Interpolation.NEAREST) {
            int[] rows = nearest(h, outH), cols = nearest(w, outW);
            for (int y = 0; y < outH; y++) {
                for (int x = 0; x < outW; x++) {
                    System.arraycopy(src, (rows[y] * w + cols[x]) * c, dst, dstOffset + (y * outW + x) * c, c);
                }
            }
            return;
        }
        Weights ry = bilinear(h, outH), rx = bilinear(w, outW);
        for (int y = 0; y < outH; y++) {
            int top = ry.lower[y] * w, bottom = ry.upper[y] * w;
            float fy = ry.lerp[y];
            for (int x = 0; x < outW; x++) {
                int l = rx.lower[x], r = rx.upper[x];
                float fx = rx.lerp[x];
                int o = dstOffset + (y * outW + x) * c;
                for (int k = 0; k < c; k++) {
                    float tl = src[(top + l) * c + k], tr = src[(top + r) * c + k];
                    float bl = src[(bottom + l) * c + k], br = src[(bottom + r) * c + k];
                    float topRow = tl + (tr - tl) * fx;
                    float bottomRow = bl + (br - bl) * fx;
                    dst[o + k] = topRow + (bottomRow - topRow) * fy;
                }
            }
        }
    }

    private record Weights(int[] lower, int[] upper, float[] lerp) {}

    private static Weights bilinear(int in, int out) {
        float scale = (float) in / out;
        int[] lower = new int[out], upper = new int[out];
        float[] lerp = new float[out];
        for (int o = 0; o < out; o++) {
            float s = (o + 0.5f) * scale - 0.5f;
            float f = (float) Math.floor(s);
            lower[o] = Math.max((int) f, 0);
            upper[o] = Math.min((int) Math.ceil(s), in - 1);
            lerp[o] = s - f;
        }
        return new Weights(lower, upper, lerp);
    }

    private static int[] nearest(int in, int out) {
        float scale = (float) in / out;
        int[] idx = new int[out];
        for (int o = 0; o < out; o++) idx[o] = Math.max(0, Math.min((int) Math.floor((o + 0.5f) * scale), in - 1));
        return idx;
    }
}
