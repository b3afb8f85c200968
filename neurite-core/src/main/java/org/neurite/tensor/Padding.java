package org.neurite.tensor;

/**
 * How a convolution or pooling window treats the border: Keras' {@code valid} (no padding) and
 * {@code same} (output = ceil(input / stride), the extra cell of an odd total going to the bottom
 * and right as TensorFlow does), or explicit PyTorch-style amounts. For max pooling the value of a
 * padded cell is selectable: -infinity (PyTorch, Keras) or zero (as some textbooks assume).
 */
public final class Padding {
    /** The kind of padding. */
    public enum Mode {
        /** No padding. */
        VALID,
        /** Output = ceil(input / stride), TensorFlow's split of the padding. */
        SAME,
        /** Given amounts per side. */
        EXPLICIT
    }

    private final Mode mode;
    private final int top, bottom, left, right;
    private final float padValue;

    private Padding(Mode mode, int top, int bottom, int left, int right, float padValue) {
        if (top < 0 || bottom < 0 || left < 0 || right < 0) {
            throw new IllegalArgumentException("padding must be non-negative, got top=" + top + " bottom=" + bottom + " left=" + left + " right=" + right);
        }
        this.mode = mode;
        this.top = top;
        this.bottom = bottom;
        this.left = left;
        this.right = right;
        this.padValue = padValue;
    }

    /** @return Keras' {@code valid}: no padding */
    public static Padding valid() {
        return new Padding(Mode.VALID, 0, 0, 0, 0, Float.NEGATIVE_INFINITY);
    }

    /** @return Keras' {@code same}: output = ceil(input / stride) */
    public static Padding same() {
        return new Padding(Mode.SAME, 0, 0, 0, 0, Float.NEGATIVE_INFINITY);
    }

    /**
     * Symmetric explicit padding, PyTorch's {@code padding=(ph, pw)}.
     *
     * @param padH rows added above and below
     * @param padW columns added left and right
     * @return the padding
     */
    public static Padding of(int padH, int padW) {
        return new Padding(Mode.EXPLICIT, padH, padH, padW, padW, Float.NEGATIVE_INFINITY);
    }

    /**
     * Explicit padding per side.
     *
     * @param top rows above
     * @param bottom rows below
     * @param left columns on the left
     * @param right columns on the right
     * @return the padding
     */
    public static Padding of(int top, int bottom, int left, int right) {
        return new Padding(Mode.EXPLICIT, top, bottom, left, right, Float.NEGATIVE_INFINITY);
    }

    /**
     * Parses "same" or "valid" (case-insensitive), as Keras accepts them.
     *
     * @param name the name
     * @return the padding
     * @throws IllegalArgumentException naming the value when it is neither
     */
    public static Padding parse(String name) {
        return switch (name.toLowerCase(java.util.Locale.ROOT)) {
            case "same" -> same();
            case "valid" -> valid();
            default -> throw new IllegalArgumentException("padding must be 'same' or 'valid', got '" + name + "'");
        };
    }

    /**
     * The value padded cells take in max pooling (convolution and average pooling always pad with zeros).
     *
     * @param value the pad value, e.g. 0 or negative infinity (the default)
     * @return a copy with that value
     */
    public Padding withPadValue(float value) {
        return new Padding(mode, top, bottom, left, right, value);
    }

    /** @return the kind of padding */
    public Mode mode() {
        return mode;
    }

    /** @return the value padded cells take in max pooling */
    public float padValue() {
        return padValue;
    }

    /**
     * Largest extent along one axis of a padded input or a dilated window: far above real images
     * and sequences, and a bound that keeps a corrupt or hostile config (dilation 1,000,000) from
     * asking for gigabytes of padded planes.
     */
    public static final int MAX_EXTENT = 1 << 16;

    /**
     * Concrete padding {top, bottom, left, right} for an input of inH x inW and a window of kH x kW
     * (already dilated: effective size d*(k-1)+1) moved by the given strides.
     *
     * @param inH input height
     * @param inW input width
     * @param kH window height
     * @param kW window width
     * @param strideH vertical stride
     * @param strideW horizontal stride
     * @return {top, bottom, left, right}
     */
    public int[] resolve(int inH, int inW, int kH, int kW, int strideH, int strideW) {
        return switch (mode) {
            case VALID -> new int[] {0, 0, 0, 0};
            case EXPLICIT -> new int[] {top, bottom, left, right};
            case SAME -> {
                int totalH = samePadTotal(inH, kH, strideH);
                int totalW = samePadTotal(inW, kW, strideW);
                yield new int[] {totalH / 2, totalH - totalH / 2, totalW / 2, totalW - totalW / 2};
            }
        };
    }

    private static int samePadTotal(int in, int k, int stride) {
        int out = (in + stride - 1) / stride;
        return Math.max((out - 1) * stride + k - in, 0);
    }

    /**
     * Output length along one axis: floor((in + padBefore + padAfter - k) / stride) + 1.
     *
     * @param in input length
     * @param k window length (dilated)
     * @param stride the stride
     * @param padBefore padding before
     * @param padAfter padding after
     * @return the output length
     * @throws IllegalArgumentException when the window does not fit
     */
    public static int outputSize(int in, int k, int stride, int padBefore, int padAfter) {
        int span = in + padBefore + padAfter - k;
        if (span < 0) {
            throw new IllegalArgumentException("window of " + k + " does not fit in input of " + in + " with padding " + padBefore + "+" + padAfter);
        }
        return span / stride + 1;
    }

    @Override
    public String toString() {
        return switch (mode) {
            case VALID -> "valid";
            case SAME -> "same";
            case EXPLICIT -> "(" + top + ", " + bottom + ", " + left + ", " + right + ")";
        };
    }
}
