package org.neurite.nn.layers;

import java.util.Map;
import org.neurite.nn.Initializer;
import org.neurite.nn.Initializers;
import org.neurite.nn.Regularizer;
import org.neurite.nn.Summary;
import org.neurite.nn.Weight;
import org.neurite.tensor.Padding;
import org.neurite.tensor.Shape;
import org.neurite.tensor.Tensor;
import org.neurite.tensor.ops.Convolution;
import org.neurite.tensor.ops.DepthwiseConvolution;

/**
 * Depthwise-separable 2-d convolution, as Keras' {@code SeparableConv2D} (Xception, MobileNet):
 * a depthwise convolution (each input channel with its own {@code depthMultiplier} filters, see
 * {@link DepthwiseConv2D}) followed by a 1x1 convolution that mixes the channels, then bias and
 * activation.
 *
 * <p>Input {@code (N, H, W, C)}, output {@code (N, OH, OW, filters)}, OH/OW as Conv2D ('valid',
 * 'same', explicit; strides and dilation act on the depthwise step). Weights as Keras stores
 * them: depthwise_kernel {@code (KH, KW, C, M)}, pointwise_kernel {@code (1, 1, C*M, filters)}
 * (both glorot_uniform), bias {@code (filters)}. Parameters
 * {@code KH*KW*C*M + C*M*filters + filters}.
 */
public final class SeparableConv2D extends ConvLayer {
    private static final int[] ONE = {1, 1};
    private final int filters;
    private int depthMultiplier = 1;
    private Initializer pointwiseInitializer = Initializers.glorotUniform();
    private Regularizer pointwiseRegularizer;
    private Weight pointwise;

    /**
     * A separable convolution with a square window, depth multiplier 1, stride 1, 'valid'
     * padding, linear activation and a bias.
     *
     * @param filters the number of output channels (of the pointwise step); &gt; 0
     * @param kernelSize the depthwise window's height and width; &gt; 0
     * @throws IllegalArgumentException if filters or a kernel size is not positive
     */
    public SeparableConv2D(int filters, int kernelSize) {
        this(filters, kernelSize, kernelSize);
    }

    /**
     * A separable convolution with a KH x KW depthwise window.
     *
     * @param filters the number of output channels; &gt; 0
     * @param kernelHeight KH; &gt; 0
     * @param kernelWidth KW; &gt; 0
     * @throws IllegalArgumentException if filters or a kernel size is not positive
     */
    public SeparableConv2D(int filters, int kernelHeight, int kernelWidth) {
        super(kernelHeight, kernelWidth);
        if (filters <= 0) throw new IllegalArgumentException("SeparableConv2D: filters must be positive, got " + filters);
        this.filters = filters;
    }

    /**
     * Keras' {@code depth_multiplier}: how many filters each input channel gets.
     *
     * @param value M, &gt; 0 (default 1); the depthwise step outputs C*M channels
     * @return this layer
     * @throws IllegalArgumentException if it is not positive
     * @throws IllegalStateException if the layer is already built
     */
    public SeparableConv2D depthMultiplier(int value) {
        checkMutable("depthMultiplier");
        if (value <= 0) throw new IllegalArgumentException("SeparableConv2D: depth multiplier must be positive, got " + value);
        this.depthMultiplier = value;
        return this;
    }

    /**
     * Keras' {@code strides}, the same on every axis.
     *
     * @param stride the step between window positions, in input cells (default 1); &gt; 0
     * @return this layer
     * @throws IllegalArgumentException if the stride is not positive
     * @throws IllegalStateException if the layer is already built
     */
    public SeparableConv2D strides(int stride) {
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
    public SeparableConv2D strides(int strideH, int strideW) {
        setStrides(strideH, strideW);
        return this;
    }

    /**
     * Keras' {@code padding}.
     *
     * @param name {@code "valid"} (default: no padding) or {@code "same"} (output size ceil(input / stride))
     * @return this layer
     * @throws IllegalArgumentException if the name is neither
     * @throws IllegalStateException if the layer is already built
     */
    public SeparableConv2D padding(String name) {
        return padding(Padding.parse(name));
    }

    /**
     * Any padding, including explicit PyTorch-style amounts ({@code Padding.of(1, 1)}).
     *
     * @param value the padding (default valid)
     * @return this layer
     * @throws IllegalStateException if the layer is already built
     */
    public SeparableConv2D padding(Padding value) {
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
    public SeparableConv2D dilationRate(int rate) {
        setDilationRate(rate, rate);
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
    public SeparableConv2D activation(String name) {
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
    public SeparableConv2D useBias(boolean value) {
        setUseBias(value);
        return this;
    }

    /**
     * Keras' {@code depthwise_initializer}.
     *
     * @param init fills the depthwise kernel when the layer is built
     * @return this layer
     * @throws IllegalStateException if the layer is already built
     */
    public SeparableConv2D depthwiseInitializer(Initializer init) {
        setKernelInitializer(init);
        return this;
    }

    /**
     * Keras' {@code pointwise_initializer}.
     *
     * @param init fills the pointwise kernel when the layer is built (default glorot_uniform)
     * @return this layer
     * @throws IllegalStateException if the layer is already built
     */
    public SeparableConv2D pointwiseInitializer(Initializer init) {
        checkMutable("pointwiseInitializer");
        this.pointwiseInitializer = init;
        return this;
    }

    /**
     * Keras' {@code bias_initializer}.
     *
     * @param init fills the bias when the layer is built (default zeros)
     * @return this layer
     * @throws IllegalStateException if the layer is already built
     */
    public SeparableConv2D biasInitializer(Initializer init) {
        setBiasInitializer(init);
        return this;
    }

    /**
     * Keras' {@code depthwise_regularizer}.
     *
     * @param r a penalty on the depthwise kernel added to the loss, or null for none (default)
     * @return this layer
     * @throws IllegalStateException if the layer is already built
     */
    public SeparableConv2D depthwiseRegularizer(Regularizer r) {
        setKernelRegularizer(r);
        return this;
    }

    /**
     * Keras' {@code pointwise_regularizer}.
     *
     * @param r a penalty on the pointwise kernel added to the loss, or null for none (default)
     * @return this layer
     * @throws IllegalStateException if the layer is already built
     */
    public SeparableConv2D pointwiseRegularizer(Regularizer r) {
        checkMutable("pointwiseRegularizer");
        this.pointwiseRegularizer = r;
        return this;
    }

    /**
     * Keras' {@code bias_regularizer}.
     *
     * @param r a penalty on the bias added to the loss, or null for none (default)
     * @return this layer
     * @throws IllegalStateException if the layer is already built
     */
    public SeparableConv2D biasRegularizer(Regularizer r) {
        setBiasRegularizer(r);
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

    /**
     * The depthwise kernel (also {@link #kernel()}).
     *
     * @return shape {@code (KH, KW, C, M)}; null before build
     */
    public Weight depthwiseKernel() {
        return kernel;
    }

    /**
     * The pointwise kernel, which mixes the channels.
     *
     * @return shape {@code (1, 1, C*M, filters)}; null before build
     */
    public Weight pointwiseKernel() {
        return pointwise;
    }

    @Override
    public SeparableConv2D name(String newName) {
        super.name(newName);
        return this;
    }

    @Override
    public SeparableConv2D inputShape(int... dims) {
        super.inputShape(dims);
        return this;
    }

    @Override
    public SeparableConv2D seed(long value) {
        super.seed(value);
        return this;
    }

    @Override
    protected Shape computeOutputShape(Shape in) {
        if (in.rank() != 3) throw error("expected input (None, height, width, channels), got " + Summary.shapeString(in));
        int[] hw = Pool2D.outputHW(this, in, kernelSize, strides, padding, dilationRate);
        return Shape.of(hw[0], hw[1], filters);
    }

    /** Keras' order: depthwise kernel, pointwise kernel, bias. */
    @Override
    protected void createWeights(Shape in) {
        int mid = in.dim(2) * depthMultiplier;
        kernel = addWeight("depthwise_kernel", Shape.of(kernelSize[0], kernelSize[1], in.dim(2), depthMultiplier), kernelInitializer, kernelRegularizer, true);
        pointwise = addWeight("pointwise_kernel", Shape.of(1, 1, mid, filters), pointwiseInitializer, pointwiseRegularizer, true);
        if (useBias) bias = addWeight("bias", Shape.of(filters), biasInitializer, biasRegularizer, true);
    }

    @Override
    protected Tensor call(Tensor x, boolean training) {
        Tensor depthwise = DepthwiseConvolution.depthwiseConv2d(x, kernel.value(), strides, padding, dilationRate);
        return biasAndActivation(Convolution.conv2d(depthwise, pointwise.value(), ONE, Padding.valid(), ONE));
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = super.config();
        c.put("filters", filters);
        c.put("kernel_size", LayerConfig.ints(kernelSize));
        c.put("strides", LayerConfig.ints(strides));
        c.put("padding", LayerConfig.padding(padding));
        c.put("dilation_rate", LayerConfig.ints(dilationRate));
        c.put("depth_multiplier", depthMultiplier);
        c.put("activation", activation);
        c.put("use_bias", useBias);
        c.put("depthwise_initializer", kernelInitializer.name());
        c.put("pointwise_initializer", pointwiseInitializer.name());
        c.put("bias_initializer", biasInitializer.name());
        c.put("depthwise_regularizer", LayerConfig.regularizer(name(), "depthwise_regularizer", kernelRegularizer));
        c.put("pointwise_regularizer", LayerConfig.regularizer(name(), "pointwise_regularizer", pointwiseRegularizer));
        c.put("bias_regularizer", LayerConfig.regularizer(name(), "bias_regularizer", biasRegularizer));
        return c;
    }

    static SeparableConv2D fromConfig(LayerConfig c) {
        int[] k = c.getInts("kernel_size");
        int[] s = c.getInts("strides");
        int[] d = c.has("dilation_rate") ? c.getInts("dilation_rate") : ONE;
        if (k.length != 2 || s.length != 2 || d.length != 2 || d[0] != d[1]) {
            throw new IllegalArgumentException("SeparableConv2D config: kernel_size, strides and dilation_rate need 2 values (equal dilations)");
        }
        return new SeparableConv2D(c.getInt("filters"), k[0], k[1])
                .depthMultiplier(c.getInt("depth_multiplier", 1))
                .strides(s[0], s[1])
                .padding(c.getPadding("padding"))
                .dilationRate(d[0])
                .activation(c.getString("activation", "linear"))
                .useBias(c.getBool("use_bias", true))
                .depthwiseInitializer(c.getInitializer("depthwise_initializer", Initializers.glorotUniform()))
                .pointwiseInitializer(c.getInitializer("pointwise_initializer", Initializers.glorotUniform()))
                .biasInitializer(c.getInitializer("bias_initializer", Initializers.zeros()))
                .depthwiseRegularizer(c.getRegularizer("depthwise_regularizer"))
                .pointwiseRegularizer(c.getRegularizer("pointwise_regularizer"))
                .biasRegularizer(c.getRegularizer("bias_regularizer"));
    }
}
