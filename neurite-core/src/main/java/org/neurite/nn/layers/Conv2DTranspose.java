package org.neurite.nn.layers;

import org.neurite.nn.Constraint;

import java.util.Map;
import org.neurite.kernel.ConvGeometry;
import org.neurite.nn.Initializer;
import org.neurite.nn.Regularizer;
import org.neurite.nn.Summary;
import org.neurite.tensor.Padding;
import org.neurite.tensor.Shape;
import org.neurite.tensor.Tensor;
import org.neurite.tensor.ops.BiasActivation;
import org.neurite.tensor.ops.Convolution;
import org.neurite.tensor.ops.PointwiseActivation;

/**
 * Transposed 2-d convolution ("deconvolution"), channels-last: the adjoint of a Conv2D, i.e. each
 * input cell scatters {@code x[n, i, j, :] . kernel[:, :, f, :]} into a KH x KW window of the
 * output at (i*s - padTop, j*s - padLeft); then bias and activation.
 *
 * <p>Input {@code (N, H, W, C)}, output {@code (N, OH, OW, filters)} with, per axis (Keras'
 * {@code conv_utils.deconv_output_length}, dilation 1):
 * <ul>
 * <li>{@code 'valid'}: OH = H*s + max(k - s, 0) (= (H-1)*s + k when k >= s), padTop 0;</li>
 * <li>{@code 'same'}: OH = H*s; the padding is Conv2D's 'same' padding of an OH-sized input
 *     (TensorFlow: padTop = floor(max(k - s, 0) / 2));</li>
 * <li>with {@code outputPadding} op: OH = (H-1)*s + k - 2*pad + op, pad = 0 ('valid') or
 *     floor(k/2) ('same', where padTop again follows Conv2D's 'same' on OH);</li>
 * <li>explicit {@code Padding.of(p, p)} (PyTorch's ConvTranspose2d): OH = (H-1)*s - 2p + k + op,
 *     padTop = p. Note: Keras 'same' with k=3, s=2 has the output size of PyTorch p=1,
 *     output_padding=1, but its kernel sits one cell higher (padTop 0, not 1).</li>
 * </ul>
 * Weights: kernel {@code (KH, KW, filters, C)} as Keras stores it (glorot_uniform), bias
 * {@code (filters)}. Parameters {@code KH*KW*filters*C + filters}. The forward is
 * {@link Convolution#inputGrad} (the backward-input map of a Conv2D from filters to C channels), so
 * the backward is a Conv2D forward (input gradient) and {@link Convolution#kernelGrad}.
 */
public final class Conv2DTranspose extends ConvLayer {
    private final int filters;
    private int[] outputPadding;

    /**
     * A transposed convolution with a square window, stride 1, 'valid' padding, linear activation and a bias.
     *
     * @param filters the number of output channels; &gt; 0
     * @param kernelSize the window's height and width; &gt; 0
     * @throws IllegalArgumentException if filters or a kernel size is not positive
     */
    public Conv2DTranspose(int filters, int kernelSize) {
        this(filters, kernelSize, kernelSize);
    }

    /**
     * A transposed convolution with a KH x KW window, stride 1, 'valid' padding, linear activation and a bias.
     *
     * @param filters the number of output channels; &gt; 0
     * @param kernelHeight KH; &gt; 0
     * @param kernelWidth KW; &gt; 0
     * @throws IllegalArgumentException if filters or a kernel size is not positive
     */
    public Conv2DTranspose(int filters, int kernelHeight, int kernelWidth) {
        super(kernelHeight, kernelWidth);
        if (filters <= 0) throw new IllegalArgumentException("Conv2DTranspose: filters must be positive, got " + filters);
        this.filters = filters;
    }

    /**
     * Keras' {@code strides}, the same on every axis.
     *
     * @param stride the step between window positions, in input cells (default 1); &gt; 0
     * @return this layer
     * @throws IllegalArgumentException if the stride is not positive
     * @throws IllegalStateException if the layer is already built
     */
    public Conv2DTranspose strides(int stride) {
        return strides(stride, stride);
    }

    /**
     * Keras' {@code strides}, one per spatial axis.
     *
     * @param strideH the step along the height, in input cells (default 1); &gt; 0
     * @param strideW the step along the width, in input cells (default 1); &gt; 0
     * @return this layer
     * @throws IllegalArgumentException if a stride is not positive
     * @throws IllegalStateException if the layer is already built
     */
    public Conv2DTranspose strides(int strideH, int strideW) {
        setStrides(strideH, strideW);
        return this;
    }

    /**
     * "same" or "valid" (Keras).
     *
     * @param name {@code "valid"} (default: no padding) or {@code "same"} (output size ceil(input / stride))
     * @return this layer
     * @throws IllegalArgumentException if the name is neither
     * @throws IllegalStateException if the layer is already built
     */
    public Conv2DTranspose padding(String name) {
        return padding(Padding.parse(name));
    }

    /**
     * Keras modes, or explicit symmetric PyTorch padding {@code Padding.of(p, p)}.
     *
     * @param value the padding (default valid)
     * @return this layer
     * @throws IllegalStateException if the layer is already built
     */
    public Conv2DTranspose padding(Padding value) {
        setPadding(value);
        return this;
    }

    /**
     * Keras' {@code output_padding}, the same on both axes: extra rows and columns at the
     * bottom and right of the output; each must be smaller than the stride (checked at build).
     *
     * @param value the rows and columns added, &gt;= 0 (default: none, the size follows the padding mode)
     * @return this layer
     * @throws IllegalArgumentException if it is negative
     * @throws IllegalStateException if the layer is already built
     */
    public Conv2DTranspose outputPadding(int value) {
        return outputPadding(value, value);
    }

    /**
     * Keras' {@code output_padding}, per axis.
     *
     * @param rows extra rows at the bottom, &gt;= 0 and smaller than the vertical stride
     * @param cols extra columns at the right, &gt;= 0 and smaller than the horizontal stride
     * @return this layer
     * @throws IllegalArgumentException if either is negative
     * @throws IllegalStateException if the layer is already built
     */
    public Conv2DTranspose outputPadding(int rows, int cols) {
        checkMutable("outputPadding");
        if (rows < 0 || cols < 0) throw new IllegalArgumentException("Conv2DTranspose: output padding must be non-negative, got (" + rows + ", " + cols + ")");
        this.outputPadding = new int[] {rows, cols};
        return this;
    }

    /**
     * Keras' {@code activation}, applied to the layer's output.
     *
     * @param name an activation name such as {@code relu} (default linear); null or empty means linear
     * @return this layer
     * @throws IllegalArgumentException if the name is unknown
     * @throws IllegalStateException if the layer is already built
     */
    public Conv2DTranspose activation(String name) {
        setActivation(name);
        return this;
    }

    /**
     * Keras' {@code use_bias}.
     *
     * @param value whether the layer adds a learned bias (default true)
     * @return this layer
     * @throws IllegalStateException if the layer is already built
     */
    public Conv2DTranspose useBias(boolean value) {
        setUseBias(value);
        return this;
    }

    /**
     * Keras' {@code kernel_initializer}.
     *
     * @param init fills the kernel when the layer is built (default glorot_uniform)
     * @return this layer
     * @throws IllegalStateException if the layer is already built
     */
    public Conv2DTranspose kernelInitializer(Initializer init) {
        setKernelInitializer(init);
        return this;
    }

    /**
     * Keras' {@code bias_initializer}.
     *
     * @param init fills the bias when the layer is built (default zeros)
     * @return this layer
     * @throws IllegalStateException if the layer is already built
     */
    public Conv2DTranspose biasInitializer(Initializer init) {
        setBiasInitializer(init);
        return this;
    }

    /**
     * Keras' {@code kernel_regularizer}.
     *
     * @param r a penalty on the kernel added to the loss, or null for none (default)
     * @return this layer
     * @throws IllegalStateException if the layer is already built
     */
    public Conv2DTranspose kernelRegularizer(Regularizer r) {
        setKernelRegularizer(r);
        return this;
    }

    /**
     * Keras' {@code bias_regularizer}.
     *
     * @param r a penalty on the bias added to the loss, or null for none (default)
     * @return this layer
     * @throws IllegalStateException if the layer is already built
     */
    public Conv2DTranspose biasRegularizer(Regularizer r) {
        setBiasRegularizer(r);
        return this;
    }

    /**
     * Keras' {@code kernel_constraint}, applied after each optimizer step (see {@link org.neurite.nn.Constraints}).
     *
     * @param c the constraint on the kernel, or null for none
     * @return this layer
     */
    public Conv2DTranspose kernelConstraint(Constraint c) {
        constraint("kernel", c);
        return this;
    }

    /**
     * Keras' {@code bias_constraint}.
     *
     * @param c the constraint on the bias, or null for none
     * @return this layer
     */
    public Conv2DTranspose biasConstraint(Constraint c) {
        constraint("bias", c);
        return this;
    }

    @Override
    public Conv2DTranspose activityRegularizer(Regularizer r) {
        super.activityRegularizer(r);
        return this;
    }

    /**
     * The number of output channels.
     *
     * @return filters, the size of the output's last axis
     */
    public int filters() {
        return filters;
    }

    @Override
    public Conv2DTranspose name(String newName) {
        super.name(newName);
        return this;
    }

    @Override
    public Conv2DTranspose inputShape(int... dims) {
        super.inputShape(dims);
        return this;
    }

    @Override
    public Conv2DTranspose seed(long value) {
        super.seed(value);
        return this;
    }

    /** Output length and {padBefore, padAfter} of the equivalent Conv2D along one axis. */
    private int[] axis(int in, int k, int s, int axisIndex) {
        int op = outputPadding == null ? -1 : outputPadding[axisIndex];
        if (op >= s) throw error("output padding " + op + " must be smaller than the stride " + s);
        int out;
        int before, after;
        switch (padding.mode()) {
            case VALID -> {
                out = op < 0 ? in * s + Math.max(k - s, 0) : (in - 1) * s + k + op;
                before = 0;
                after = 0;
            }
            case SAME -> {
                out = op < 0 ? in * s : (in - 1) * s + k - 2 * (k / 2) + op;
                if (out <= 0) throw error("output size " + out + " is not positive");
                int total = Math.max(((out + s - 1) / s - 1) * s + k - out, 0);
                before = total / 2;
                after = total - before;
            }
            default -> {
                int[] p = padding.resolve(0, 0, 1, 1, 1, 1);
                before = p[2 * axisIndex];
                after = p[2 * axisIndex + 1];
                out = (in - 1) * s - before - after + k + Math.max(op, 0);
            }
        }
        if (out <= 0) throw error("output size " + out + " is not positive for input length " + in + " (kernel " + k + ", stride " + s + ", padding " + padding + ")");
        return new int[] {out, before, after};
    }

    /** The Conv2D geometry whose backward-input map is this layer's forward, for a batch of n. */
    private ConvGeometry geometry(int n, Shape in) {
        int[] h = axis(in.dim(0), kernelSize[0], strides[0], 0);
        int[] w = axis(in.dim(1), kernelSize[1], strides[1], 1);
        ConvGeometry g;
        try {
            g = ConvGeometry.of(n, h[0], w[0], filters, kernelSize[0], kernelSize[1], in.dim(2), strides[0], strides[1], h[1], h[2], w[1], w[2], 1, 1);
        } catch (IllegalArgumentException e) {
            throw error("kernel " + kernelSize[0] + "x" + kernelSize[1] + " does not fit input " + Summary.shapeString(in) + " (" + e.getMessage() + ")");
        }
        if (g.outH() != in.dim(0) || g.outW() != in.dim(1)) {
            throw error("padding " + padding + " with output padding " + java.util.Arrays.toString(outputPadding) + " gives an output of "
                    + h[0] + "x" + w[0] + " that does not map back to the input " + in.dim(0) + "x" + in.dim(1));
        }
        return g;
    }

    @Override
    protected Shape computeOutputShape(Shape in) {
        if (in.rank() != 3) throw error("expected input (None, height, width, channels), got " + Summary.shapeString(in));
        ConvGeometry g = geometry(1, in);
        return Shape.of(g.inH(), g.inW(), filters);
    }

    @Override
    protected void createWeights(Shape in) {
        addKernelAndBias("kernel", Shape.of(kernelSize[0], kernelSize[1], filters, in.dim(2)), filters);
    }

    @Override
    protected Tensor call(Tensor x, boolean training) {
        Shape in = Shape.of(x.dim(1), x.dim(2), x.dim(3));
        Tensor y = Convolution.inputGrad(geometry(x.dim(0), in), x, kernel.value());
        PointwiseActivation fused = PointwiseActivation.forName(activation);
        if (fused != null) return BiasActivation.apply(y, bias == null ? null : bias.value(), fused);
        return biasAndActivation(y);
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = super.config();
        c.put("filters", filters);
        c.put("kernel_size", LayerConfig.ints(kernelSize));
        c.put("strides", LayerConfig.ints(strides));
        c.put("padding", LayerConfig.padding(padding));
        c.put("output_padding", outputPadding == null ? null : LayerConfig.ints(outputPadding));
        putActivationAndWeightOptions(c);
        return c;
    }

    static Conv2DTranspose fromConfig(LayerConfig c) {
        int[] k = c.getInts("kernel_size");
        int[] s = c.getInts("strides");
        if (k.length != 2 || s.length != 2) throw new IllegalArgumentException("Conv2DTranspose config: kernel_size and strides need 2 values");
        Conv2DTranspose layer = configure(new Conv2DTranspose(c.getInt("filters"), k[0], k[1])
                .strides(s[0], s[1])
                .padding(c.getPadding("padding")), c);
        if (c.has("output_padding")) {
            int[] op = c.getInts("output_padding");
            if (op.length != 2) throw new IllegalArgumentException("Conv2DTranspose config: output_padding needs 2 values");
            layer.outputPadding(op[0], op[1]);
        }
        return layer;
    }
}
