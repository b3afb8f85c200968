package org.neurite.kernel;

/**
 * The sizes of one 2-d pooling, channels-last: input (batch, inH, inW, channels), output
 * (batch, outH, outW, channels). Output cell (oh, ow) covers input rows {@code oh*strideH - padTop}
 * to {@code oh*strideH - padTop + poolH - 1} (likewise columns); cells of the window outside the
 * input are padding. Padding on the bottom and right is implicit in outH/outW, and
 * {@code padBottom}/{@code padRight} are kept for the average's count of padded cells.
 *
 * <p>Build with {@link #of}, which computes the output size and validates everything.
 */
public record PoolGeometry(int batch, int inH, int inW, int channels, int poolH, int poolW,
                           int strideH, int strideW, int padTop, int padBottom, int padLeft, int padRight,
                           int outH, int outW) {

    public PoolGeometry {
        require(batch >= 0 && inH > 0 && inW > 0 && channels > 0, "input (" + batch + ", " + inH + ", " + inW + ", " + channels + ") must have positive height, width and channels");
        require(poolH > 0 && poolW > 0, "pool size must be positive, got (" + poolH + ", " + poolW + ")");
        require(strideH > 0 && strideW > 0, "strides must be positive, got (" + strideH + ", " + strideW + ")");
        require(padTop >= 0 && padBottom >= 0 && padLeft >= 0 && padRight >= 0,
                "padding must be non-negative, got (" + padTop + ", " + padBottom + ", " + padLeft + ", " + padRight + ")");
        require(outH > 0 && outW > 0, "output size must be positive, got (" + outH + ", " + outW + ")");
        require((long) batch * inH * inW * channels <= Integer.MAX_VALUE - 16 && (long) batch * outH * outW * channels <= Integer.MAX_VALUE - 16,
                "tensors are too large for a Java array");
    }

    /** Geometry with padding {top, bottom, left, right}; output = floor((in + pads - pool) / stride) + 1. */
    public static PoolGeometry of(int batch, int inH, int inW, int channels, int poolH, int poolW,
                                  int strideH, int strideW, int padTop, int padBottom, int padLeft, int padRight) {
        require(poolH > 0 && poolW > 0, "pool size must be positive, got (" + poolH + ", " + poolW + ")");
        require(strideH > 0 && strideW > 0, "strides must be positive, got (" + strideH + ", " + strideW + ")");
        require(padTop >= 0 && padBottom >= 0 && padLeft >= 0 && padRight >= 0,
                "padding must be non-negative, got (" + padTop + ", " + padBottom + ", " + padLeft + ", " + padRight + ")");
        long spanH = (long) inH + padTop + padBottom - poolH, spanW = (long) inW + padLeft + padRight - poolW;
        require(spanH >= 0 && spanW >= 0, "the " + poolH + "x" + poolW + " window does not fit in the " + inH + "x" + inW
                + " input padded by (" + padTop + ", " + padBottom + ", " + padLeft + ", " + padRight + ")");
        return new PoolGeometry(batch, inH, inW, channels, poolH, poolW, strideH, strideW, padTop, padBottom, padLeft, padRight,
                (int) (spanH / strideH + 1), (int) (spanW / strideW + 1));
    }

    public int inputSize() {
        return batch * inH * inW * channels;
    }

    public int outputSize() {
        return batch * outH * outW * channels;
    }

    private static void require(boolean ok, String message) {
        if (!ok) throw new IllegalArgumentException("pool2d: " + message);
    }
}
