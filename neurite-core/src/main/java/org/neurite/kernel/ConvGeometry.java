package org.neurite.kernel;

/**
 * The sizes of one 2-d convolution, channels-last. Input (batch, inH, inW, inC), kernel
 * (kH, kW, inC, outC), output (batch, outH, outW, outC). Padding on the bottom and right is
 * implicit in outH/outW: an output cell (oh, ow) reads input rows {@code oh*strideH - padTop +
 * i*dilationH}, i &lt; kH (likewise columns); reads outside the input are zeros.
 *
 * <p>Build with {@link #of}, which computes the output size and validates everything.
 */
public record ConvGeometry(int batch, int inH, int inW, int inC, int kH, int kW, int outC,
                           int strideH, int strideW, int padTop, int padLeft,
                           int dilationH, int dilationW, int outH, int outW) {

    public ConvGeometry {
        require(batch >= 0 && inH > 0 && inW > 0 && inC > 0, "input (" + batch + ", " + inH + ", " + inW + ", " + inC + ") must have positive height, width and channels");
        require(kH > 0 && kW > 0 && outC > 0, "kernel (" + kH + ", " + kW + ", " + inC + ", " + outC + ") must have positive sizes");
        require(strideH > 0 && strideW > 0, "strides must be positive, got (" + strideH + ", " + strideW + ")");
        require(dilationH > 0 && dilationW > 0, "dilations must be positive, got (" + dilationH + ", " + dilationW + ")");
        require(padTop >= 0 && padLeft >= 0, "padding must be non-negative, got top=" + padTop + " left=" + padLeft);
        require(outH > 0 && outW > 0, "output size must be positive, got (" + outH + ", " + outW + ")");
        require((long) batch * inH * inW * inC <= Integer.MAX_VALUE - 16 && (long) batch * outH * outW * outC <= Integer.MAX_VALUE - 16
                && (long) kH * kW * inC * outC <= Integer.MAX_VALUE - 16, "tensors are too large for a Java array");
    }

    /**
     * Geometry with padding {top, bottom, left, right}; the output size is
     * floor((in + padBefore + padAfter - dilation*(k-1) - 1) / stride) + 1.
     */
    public static ConvGeometry of(int batch, int inH, int inW, int inC, int kH, int kW, int outC,
                                  int strideH, int strideW, int padTop, int padBottom, int padLeft, int padRight,
                                  int dilationH, int dilationW) {
        require(kH > 0 && kW > 0, "kernel size must be positive, got (" + kH + ", " + kW + ")");
        require(strideH > 0 && strideW > 0, "strides must be positive, got (" + strideH + ", " + strideW + ")");
        require(dilationH > 0 && dilationW > 0, "dilations must be positive, got (" + dilationH + ", " + dilationW + ")");
        require(padTop >= 0 && padBottom >= 0 && padLeft >= 0 && padRight >= 0,
                "padding must be non-negative, got (" + padTop + ", " + padBottom + ", " + padLeft + ", " + padRight + ")");
        long effH = (long) dilationH * (kH - 1) + 1, effW = (long) dilationW * (kW - 1) + 1;
        long spanH = inH + (long) padTop + padBottom - effH, spanW = inW + (long) padLeft + padRight - effW;
        require(spanH >= 0 && spanW >= 0, "the " + effH + "x" + effW + " (dilated) kernel does not fit in the " + inH + "x" + inW
                + " input padded by (" + padTop + ", " + padBottom + ", " + padLeft + ", " + padRight + ")");
        int outH = (int) (spanH / strideH + 1), outW = (int) (spanW / strideW + 1);
        return new ConvGeometry(batch, inH, inW, inC, kH, kW, outC, strideH, strideW, padTop, padLeft, dilationH, dilationW, outH, outW);
    }

    /** Elements of the input: batch*inH*inW*inC. */
    public int inputSize() {
        return batch * inH * inW * inC;
    }

    /** Elements of the kernel: kH*kW*inC*outC. */
    public int kernelSize() {
        return kH * kW * inC * outC;
    }

    /** Elements of the output: batch*outH*outW*outC. */
    public int outputSize() {
        return batch * outH * outW * outC;
    }

    /** Length of one im2col row: kH*kW*inC. */
    public int patchSize() {
        return kH * kW * inC;
    }

    /** True when the convolution is a plain matrix product (1x1, stride 1, no padding). */
    public boolean isPointwise() {
        return kH == 1 && kW == 1 && strideH == 1 && strideW == 1 && padTop == 0 && padLeft == 0 && outH == inH && outW == inW;
    }

    private static void require(boolean ok, String message) {
        if (!ok) throw new IllegalArgumentException("conv2d: " + message);
    }
}
