package org.neurite.nn.layers.preprocessing;

/**
 * Reads an image at real-valued pixel coordinates, as Keras 3's {@code map_coordinates} (which its
 * {@code affine_transform} and so RandomTranslation, RandomRotation and RandomZoom use): pixel
 * {@code (row, col)} sits at integer coordinates, bilinear interpolation weights the four
 * neighbours, nearest rounds half to even, and a neighbour outside the image is read through the
 * fill mode:
 * <ul>
 *   <li>{@code reflect}: {@code (d c b a | a b c d | d c b a)}, reflected about the edge of the last pixel;</li>
 *   <li>{@code wrap}: {@code (a b c d | a b c d | a b c d)};</li>
 *   <li>{@code nearest}: {@code (a a a a | a b c d | d d d d)};</li>
 *   <li>{@code constant}: {@code (k k k k | a b c d | k k k k)} with {@code k = fillValue}.</li>
 * </ul>
 */
final class ImageSampler {
    static final java.util.List<String> FILL_MODES = java.util.List.of("reflect", "wrap", "nearest", "constant");
    static final java.util.List<String> INTERPOLATIONS = java.util.List.of("bilinear", "nearest");

    private final String fillMode;
    private final boolean bilinear;
    private final float fillValue;

    ImageSampler(String layer, String fillMode, String interpolation, float fillValue) {
        if (!FILL_MODES.contains(fillMode)) throw new IllegalArgumentException(layer + ": fill_mode must be one of " + FILL_MODES + ", got '" + fillMode + "'");
        if (!INTERPOLATIONS.contains(interpolation)) throw new IllegalArgumentException(layer + ": interpolation must be one of " + INTERPOLATIONS + ", got '" + interpolation + "'");
        this.fillMode = fillMode;
        this.bilinear = interpolation.equals("bilinear");
        this.fillValue = fillValue;
    }

    /**
     * Keras' projective transform {@code [a0, a1, a2, b0, b1, b2, c0, c1]}: output pixel (x = col,
     * y = row) reads the input at {@code ((a0 x + a1 y + a2) / k, (b0 x + b1 y + b2) / k)} with
     * {@code k = c0 x + c1 y + 1}. One image of {@code h x w x c} floats, read at {@code inOffset},
     * written at {@code outOffset}.
     */
    void transform(float[] in, int inOffset, float[] out, int outOffset, int h, int w, int c, double[] t) {
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double k = t[6] * x + t[7] * y + 1;
                double xin = (t[0] * x + t[1] * y + t[2]) / k, yin = (t[3] * x + t[4] * y + t[5]) / k;
                sample(in, inOffset, h, w, c, yin, xin, out, outOffset + (y * w + x) * c);
            }
        }
    }

    /** Writes the {@code c} channels at (row, col) = (yin, xin) to {@code out[to..]}. */
    void sample(float[] in, int offset, int h, int w, int c, double yin, double xin, float[] out, int to) {
        if (!bilinear) {
            int yi = (int) Math.rint(yin), xi = (int) Math.rint(xin);
            for (int ch = 0; ch < c; ch++) out[to + ch] = read(in, offset, h, w, c, yi, xi, ch);
            return;
        }
        int y0 = (int) Math.floor(yin), x0 = (int) Math.floor(xin);
        double wy1 = yin - y0, wx1 = xin - x0, wy0 = 1 - wy1, wx0 = 1 - wx1;
        for (int ch = 0; ch < c; ch++) {
            double v = wy0 * (wx0 * read(in, offset, h, w, c, y0, x0, ch) + wx1 * read(in, offset, h, w, c, y0, x0 + 1, ch))
                    + wy1 * (wx0 * read(in, offset, h, w, c, y0 + 1, x0, ch) + wx1 * read(in, offset, h, w, c, y0 + 1, x0 + 1, ch));
            out[to + ch] = (float) v;
        }
    }

    private float read(float[] in, int offset, int h, int w, int c, int y, int x, int ch) {
        if (fillMode.equals("constant")) {
            if (y < 0 || y >= h || x < 0 || x >= w) return fillValue;
        } else {
            y = fix(y, h);
            x = fix(x, w);
        }
        return in[offset + (y * w + x) * c + ch];
    }

    /** The index that {@code i} (possibly outside 0..size-1) reads under the fill mode. */
    int fix(int i, int size) {
        return switch (fillMode) {
            case "nearest" -> Math.max(0, Math.min(size - 1, i));
            case "wrap" -> Math.floorMod(i, size);
            case "reflect" -> {
                int period = 2 * size, m = Math.floorMod(i, period);
                yield m < size ? m : period - 1 - m;
            }
            default -> i;
        };
    }

    /**
     * Bilinear resize of the window {@code (top, left, ch, cw)} of an image to {@code (oh, ow)} with
     * half-pixel centers and edge clamping, as Keras 3's {@code resize} without antialiasing.
     */
    static void resize(float[] in, int offset, int w, int c, int top, int left, int ch, int cw, float[] out, int outOffset, int oh, int ow) {
        double sy = (double) ch / oh, sx = (double) cw / ow;
        for (int y = 0; y < oh; y++) {
            double fy = Math.max(0, Math.min(ch - 1, (y + 0.5) * sy - 0.5));
            int y0 = (int) Math.floor(fy), y1 = Math.min(ch - 1, y0 + 1);
            double wy = fy - y0;
            for (int x = 0; x < ow; x++) {
                double fx = Math.max(0, Math.min(cw - 1, (x + 0.5) * sx - 0.5));
                int x0 = (int) Math.floor(fx), x1 = Math.min(cw - 1, x0 + 1);
                double wx = fx - x0;
                for (int k = 0; k < c; k++) {
                    double v = (1 - wy) * ((1 - wx) * px(in, offset, w, c, top + y0, left + x0, k) + wx * px(in, offset, w, c, top + y0, left + x1, k))
                            + wy * ((1 - wx) * px(in, offset, w, c, top + y1, left + x0, k) + wx * px(in, offset, w, c, top + y1, left + x1, k));
                    out[outOffset + (y * ow + x) * c + k] = (float) v;
                }
            }
        }
    }

    private static float px(float[] in, int offset, int w, int c, int y, int x, int k) {
        return in[offset + (y * w + x) * c + k];
    }
}
