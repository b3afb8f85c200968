package org.neurite.nn.layers;

import java.util.Map;
import org.neurite.nn.Initializer;
import org.neurite.nn.Initializers;
import org.neurite.nn.Regularizer;
import org.neurite.nn.Summary;
import org.neurite.tensor.Padding;
import org.neurite.tensor.Shape;
import org.neurite.tensor.Tensor;
import org.neurite.tensor.ops.DepthwiseConvolution;

/**
 * Depthwise 2-d convolution: each input channel convolved with its own {@code depthMultiplier}
 * filters, no sum over channels (the first half of a depthwise-separable convolution).
 *
 * <p>Input {@code (N, H, W, C)}, output {@code (N, OH, OW, C*M)} (output channel c*M + m),
 * OH/OW as Conv2D ('valid', 'same', explicit; strides, dilation). Weights: depthwise kernel
 * {@code (KH, KW, C, M)} as Keras stores it (glorot_uniform), bias {@code (C*M)}. Parameters
 * {@code KH*KW*C*M + C*M}. See {@link DepthwiseConvolution}.
 */
public final class DepthwiseConv2D extends ConvLayer {
    private int depthMultiplier = 1;

    /**
     * A depthwise convolution with a square window, depth multiplier 1, stride 1, 'valid'
     * padding, linear activation and a bias.
     *
     * @param kernelSize the window's height and width; &gt; 0
     * @throws IllegalArgumentException if it is not positive
     */
    public DepthwiseConv2D(int kernelSize) {
        this(kernelSize, kernelSize);
    }

    /**
     * A depthwise convolution with a KH x KW window.
     *
     * @param kernelHeight KH; &gt; 0
     * @param kernelWidth KW; &gt; 0
     * @throws IllegalArgumentException if a size is not positive
     */
    public DepthwiseConv2D(int kernelHeight, int kernelWidth) {
        super(kernelHeight, kernelWidth);
    }

    /**
     * Keras' {@code depth_multiplier}: how many filters each input channel gets.
     *
     * @param value M, &gt; 0 (default 1); the depthwise step outputs C*M channels
     * @return this layer
     * @throws IllegalArgumentException if it is not positive
     * @throws IllegalStateException if the layer is already built
     */
    public DepthwiseConv2D depthMultiplier(int value) {
        checkMutable("depthMultiplier");
        if (value <= 0) throw new IllegalArgumentException("DepthwiseConv2D: depth multiplier must be positive, got " + value);
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
    public DepthwiseConv2D strides(int stride) {
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
    public DepthwiseConv2D strides(int strideH, int strideW) {
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
    public DepthwiseConv2D padding(String name) {
        return padding(Padding.parse(name));
    }

    /**
     * Any padding, including explicit PyTorch-style amounts ({@code Padding.of(1, 1)}).
     *
     * @param value the padding (default valid)
     * @return this layer
     * @throws IllegalStateException if the layer is already built
     */
    public DepthwiseConv2D padding(Padding value) {
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
    public DepthwiseConv2D dilationRate(int rate) {
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
    public DepthwiseConv2D activation(String name) {
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
    public DepthwiseConv2D useBias(boolean value) {
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
    public DepthwiseConv2D depthwiseInitializer(Initializer init) {
        checkMutable("depthwiseInitializer");
        this.kernelInitializer = init;
        return this;
    }

    @Override
    protected java.util.Map<String, String> constraintKeys() {
        return constraintKeys("depthwise_constraint", "depthwise_kernel", "bias_constraint", "bias");
    }

    /**
     * Keras' {@code depthwise_regularizer}.
     *
     * @param r a penalty on the depthwise kernel added to the loss, or null for none (default)
     * @return this layer
     * @throws IllegalStateException if the layer is already built
     */
    public DepthwiseConv2D depthwiseRegularizer(Regularizer r) {
        checkMutable("depthwiseRegularizer");
        this.kernelRegularizer = r;
        return this;
    }

    @Override
    public DepthwiseConv2D name(String newName) {
        super.name(newName);
        return this;
    }

    @Override
    public DepthwiseConv2D inputShape(int... dims) {
        super.inputShape(dims);
        return this;
    }

    @Override
    public DepthwiseConv2D seed(long value) {
        super.seed(value);
        return this;
    }

    @Override
    protected Shape computeOutputShape(Shape in) {
        if (in.rank() != 3) throw error("expected input (None, height, width, channels), got " + Summary.shapeString(in));
        int[] hw = Pool2D.outputHW(this, in, kernelSize, strides, padding, dilationRate);
        return Shape.of(hw[0], hw[1], in.dim(2) * depthMultiplier);
    }

    /** The bias has the default initializer (zeros) and no regularizer: this layer has no options for them. */
    @Override
    protected void createWeights(Shape in) {
        addKernelAndBias("depthwise_kernel", Shape.of(kernelSize[0], kernelSize[1], in.dim(2), depthMultiplier), in.dim(2) * depthMultiplier);
    }

    @Override
    protected Tensor call(Tensor x, boolean training) {
        return biasAndActivation(DepthwiseConvolution.depthwiseConv2d(x, kernel.value(), strides, padding, dilationRate));
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = super.config();
        c.put("kernel_size", LayerConfig.ints(kernelSize));
        c.put("depth_multiplier", depthMultiplier);
        c.put("strides", LayerConfig.ints(strides));
        c.put("padding", LayerConfig.padding(padding));
        c.put("dilation_rate", LayerConfig.ints(dilationRate));
        c.put("activation", activation);
        c.put("use_bias", useBias);
        c.put("depthwise_initializer", Initializers.toConfig(kernelInitializer));
        c.put("depthwise_regularizer", LayerConfig.regularizer(name(), "depthwise_regularizer", kernelRegularizer));
        return c;
    }

    static DepthwiseConv2D fromConfig(LayerConfig c) {
        int[] k = c.getInts("kernel_size");
        int[] s = c.getInts("strides");
        int[] d = c.getInts("dilation_rate");
        if (k.length != 2 || s.length != 2 || d.length != 2 || d[0] != d[1]) {
            throw new IllegalArgumentException("DepthwiseConv2D config: kernel_size, strides and dilation_rate need 2 values (equal dilations)");
        }
        return new DepthwiseConv2D(k[0], k[1])
                .depthMultiplier(c.getInt("depth_multiplier", 1))
                .strides(s[0], s[1])
                .padding(c.getPadding("padding"))
                .dilationRate(d[0])
                .activation(c.getString("activation", "linear"))
                .useBias(c.getBool("use_bias", true))
                .depthwiseInitializer(c.getInitializer("depthwise_initializer", Initializers.glorotUniform()))
                .depthwiseRegularizer(c.getRegularizer("depthwise_regularizer"));
    }
}
