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
import org.neurite.tensor.ops.ConvBiasActivation;
import org.neurite.tensor.ops.Convolution;
import org.neurite.tensor.ops.PointwiseActivation;

/**
 * 2-d convolution (cross-correlation), channels-last: {@code activation(conv(x, kernel) + bias)}.
 *
 * <p>Input {@code (N, H, W, C)}, output {@code (N, OH, OW, filters)} with, per axis,
 * {@code 'valid'}: OH = floor((H - d*(k-1) - 1) / s) + 1; {@code 'same'}: OH = ceil(H / s);
 * explicit padding p: OH = floor((H + pTop + pBottom - d*(k-1) - 1) / s) + 1.
 * Weights: kernel {@code (KH, KW, C, filters)} as Keras stores it (default glorot_uniform with
 * fan_in = KH*KW*C, fan_out = KH*KW*filters), bias {@code (filters)} (default zeros).
 * Parameters: {@code KH*KW*C*filters + filters}.
 */
public final class Conv2D extends ConvLayer {
    private final int filters;

    /**
     * A 2-d convolution with a square window, stride 1, 'valid' padding, no dilation, linear
     * activation and a bias.
     *
     * @param filters the number of output channels; &gt; 0
     * @param kernelSize the window's height and width, KH = KW; &gt; 0
     * @throws IllegalArgumentException if filters or a kernel size is not positive
     */
    public Conv2D(int filters, int kernelSize) {
        this(filters, kernelSize, kernelSize);
    }

    /**
     * A 2-d convolution with a KH x KW window, stride 1, 'valid' padding, linear activation and a bias.
     *
     * @param filters the number of output channels; &gt; 0
     * @param kernelHeight KH, the window's height; &gt; 0
     * @param kernelWidth KW, the window's width; &gt; 0
     * @throws IllegalArgumentException if filters or a kernel size is not positive
     */
    public Conv2D(int filters, int kernelHeight, int kernelWidth) {
        super(kernelHeight, kernelWidth);
        if (filters <= 0) throw new IllegalArgumentException("Conv2D: filters must be positive, got " + filters);
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
    public Conv2D strides(int stride) {
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
    public Conv2D strides(int strideH, int strideW) {
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
    public Conv2D padding(String name) {
        return padding(Padding.parse(name));
    }

    /**
     * Any padding, including explicit PyTorch-style amounts ({@code Padding.of(1, 1)}).
     *
     * @param value the padding (default valid)
     * @return this layer
     * @throws IllegalStateException if the layer is already built
     */
    public Conv2D padding(Padding value) {
        setPadding(value);
        return this;
    }

    /**
     * Keras' {@code dilation_rate}, the same on every axis: the kernel's taps are this many cells apart.
     *
     * @param rate the spacing (default 1: no dilation); &gt; 0
     * @return this layer
     * @throws IllegalArgumentException if the rate is not positive
     * @throws IllegalStateException if the layer is already built
     */
    public Conv2D dilationRate(int rate) {
        return dilationRate(rate, rate);
    }

    /**
     * Keras' {@code dilation_rate}, one per spatial axis.
     *
     * @param rateH the spacing of the kernel taps along the height (default 1); &gt; 0
     * @param rateW the spacing of the kernel taps along the width (default 1); &gt; 0
     * @return this layer
     * @throws IllegalArgumentException if a rate is not positive
     * @throws IllegalStateException if the layer is already built
     */
    public Conv2D dilationRate(int rateH, int rateW) {
        setDilationRate(rateH, rateW);
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
    public Conv2D activation(String name) {
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
    public Conv2D useBias(boolean value) {
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
    public Conv2D kernelInitializer(Initializer init) {
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
    public Conv2D biasInitializer(Initializer init) {
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
    public Conv2D kernelRegularizer(Regularizer r) {
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
    public Conv2D biasRegularizer(Regularizer r) {
        setBiasRegularizer(r);
        return this;
    }

    /**
     * Keras' {@code kernel_constraint}, applied after each optimizer step (see {@link org.neurite.nn.Constraints}).
     *
     * @param c the constraint on the kernel, or null for none
     * @return this layer
     */
    public Conv2D kernelConstraint(Constraint c) {
        constraint("kernel", c);
        return this;
    }

    /**
     * Keras' {@code bias_constraint}.
     *
     * @param c the constraint on the bias, or null for none
     * @return this layer
     */
    public Conv2D biasConstraint(Constraint c) {
        constraint("bias", c);
        return this;
    }

    @Override
    public Conv2D activityRegularizer(Regularizer r) {
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

    // Covariant returns so option chains keep the concrete type.
    @Override
    public Conv2D name(String newName) {
        super.name(newName);
        return this;
    }

    @Override
    public Conv2D inputShape(int... dims) {
        super.inputShape(dims);
        return this;
    }

    @Override
    public Conv2D seed(long value) {
        super.seed(value);
        return this;
    }

    @Override
    protected Shape computeOutputShape(Shape in) {
        if (in.rank() != 3) {
            throw error("expected input (None, height, width, channels), got " + Summary.shapeString(in));
        }
        int[] hw = Pool2D.outputHW(this, in, kernelSize, strides, padding, dilationRate);
        return Shape.of(hw[0], hw[1], filters);
    }

    @Override
    protected void createWeights(Shape in) {
        addKernelAndBias("kernel", Shape.of(kernelSize[0], kernelSize[1], in.dim(2), filters), filters);
    }

    @Override
    protected Tensor call(Tensor x, boolean training) {
        PointwiseActivation fused = PointwiseActivation.forName(activation);
        if (fused != null && (bias != null || fused != PointwiseActivation.LINEAR)) {
            Tensor k = kernel.value();
            ConvGeometry g = Convolution.geometry("conv2d", x, k, strides, padding, dilationRate);
            return ConvBiasActivation.apply(g, x, k, bias == null ? null : bias.value(), fused);
        }
        return biasAndActivation(x.conv2d(kernel.value(), strides, padding, dilationRate));
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = super.config();
        c.put("filters", filters);
        c.put("kernel_size", LayerConfig.ints(kernelSize));
        c.put("strides", LayerConfig.ints(strides));
        c.put("padding", LayerConfig.padding(padding));
        c.put("dilation_rate", LayerConfig.ints(dilationRate));
        putActivationAndWeightOptions(c);
        return c;
    }

    static Conv2D fromConfig(LayerConfig c) {
        int[] k = c.getInts("kernel_size");
        int[] s = c.getInts("strides");
        int[] d = c.getInts("dilation_rate");
        if (k.length != 2 || s.length != 2 || d.length != 2) throw new IllegalArgumentException("Conv2D config: kernel_size, strides and dilation_rate need 2 values");
        return configure(new Conv2D(c.getInt("filters"), k[0], k[1])
                .strides(s[0], s[1])
                .padding(c.getPadding("padding"))
                .dilationRate(d[0], d[1]), c);
    }

    static int[] positivePair(String what, int a, int b) {
        if (a <= 0 || b <= 0) throw new IllegalArgumentException("Conv2D: " + what + " must be positive, got (" + a + ", " + b + ")");
        return new int[] {a, b};
    }
}
