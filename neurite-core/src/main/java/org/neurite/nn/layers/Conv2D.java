package org.neurite.nn.layers;

import java.util.Map;
import org.neurite.nn.Activations;
import org.neurite.nn.Initializer;
import org.neurite.nn.Initializers;
import org.neurite.nn.Layer;
import org.neurite.nn.Regularizer;
import org.neurite.nn.Summary;
import org.neurite.nn.Weight;
import org.neurite.tensor.Padding;
import org.neurite.tensor.Shape;
import org.neurite.tensor.Tensor;
import org.neurite.tensor.ops.BiasActivation;
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
public final class Conv2D extends Layer {
    private final int filters;
    private int[] kernelSize;
    private int[] strides = {1, 1};
    private Padding padding = Padding.valid();
    private int[] dilationRate = {1, 1};
    private String activation = "linear";
    private boolean useBias = true;
    private Initializer kernelInitializer = Initializers.glorotUniform();
    private Initializer biasInitializer = Initializers.zeros();
    private Regularizer kernelRegularizer;
    private Regularizer biasRegularizer;
    private Weight kernel;
    private Weight bias;

    /** {@code filters} output channels, square {@code kernelSize}; stride 1, 'valid' padding. */
    public Conv2D(int filters, int kernelSize) {
        this(filters, kernelSize, kernelSize);
    }

    public Conv2D(int filters, int kernelHeight, int kernelWidth) {
        if (filters <= 0) throw new IllegalArgumentException("Conv2D: filters must be positive, got " + filters);
        this.filters = filters;
        this.kernelSize = positivePair("kernel size", kernelHeight, kernelWidth);
    }

    public Conv2D strides(int stride) {
        return strides(stride, stride);
    }

    public Conv2D strides(int strideH, int strideW) {
        checkMutable("strides");
        this.strides = positivePair("strides", strideH, strideW);
        return this;
    }

    /** "same" or "valid" (Keras). */
    public Conv2D padding(String name) {
        return padding(Padding.parse(name));
    }

    /** Any padding, including explicit PyTorch-style amounts ({@code Padding.of(1, 1)}). */
    public Conv2D padding(Padding value) {
        checkMutable("padding");
        this.padding = value;
        return this;
    }

    public Conv2D dilationRate(int rate) {
        return dilationRate(rate, rate);
    }

    public Conv2D dilationRate(int rateH, int rateW) {
        checkMutable("dilationRate");
        this.dilationRate = positivePair("dilation rate", rateH, rateW);
        return this;
    }

    public Conv2D activation(String name) {
        checkMutable("activation");
        this.activation = Activations.normalize(name);
        return this;
    }

    public Conv2D useBias(boolean value) {
        checkMutable("useBias");
        this.useBias = value;
        return this;
    }

    public Conv2D kernelInitializer(Initializer init) {
        checkMutable("kernelInitializer");
        this.kernelInitializer = init;
        return this;
    }

    public Conv2D biasInitializer(Initializer init) {
        checkMutable("biasInitializer");
        this.biasInitializer = init;
        return this;
    }

    public Conv2D kernelRegularizer(Regularizer r) {
        checkMutable("kernelRegularizer");
        this.kernelRegularizer = r;
        return this;
    }

    public Conv2D biasRegularizer(Regularizer r) {
        checkMutable("biasRegularizer");
        this.biasRegularizer = r;
        return this;
    }

    public int filters() {
        return filters;
    }

    /** Kernel weight {@code (KH, KW, C, filters)}; null before build. */
    public Weight kernel() {
        return kernel;
    }

    public Weight bias() {
        return bias;
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
        kernel = addWeight("kernel", Shape.of(kernelSize[0], kernelSize[1], in.dim(2), filters), kernelInitializer, kernelRegularizer, true);
        if (useBias) bias = addWeight("bias", Shape.of(filters), biasInitializer, biasRegularizer, true);
    }

    /** Other heights and widths are fine (fully convolutional use); the channels must match. */
    @Override
    protected boolean acceptsInput(Shape built, Shape got) {
        return got.rank() == 3 && got.dim(2) == built.dim(2);
    }

    @Override
    protected Tensor call(Tensor x, boolean training) {
        Tensor y = x.conv2d(kernel.value(), strides, padding, dilationRate);
        PointwiseActivation fused = PointwiseActivation.forName(activation);
        if (fused != null) return BiasActivation.apply(y, bias == null ? null : bias.value(), fused);
        if (bias != null) y = y.add(bias.value());
        return Activations.get(activation).apply(y);
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = super.config();
        c.put("filters", filters);
        c.put("kernel_size", LayerConfig.ints(kernelSize));
        c.put("strides", LayerConfig.ints(strides));
        c.put("padding", LayerConfig.padding(padding));
        c.put("dilation_rate", LayerConfig.ints(dilationRate));
        c.put("activation", activation);
        c.put("use_bias", useBias);
        c.put("kernel_initializer", kernelInitializer.name());
        c.put("bias_initializer", biasInitializer.name());
        c.put("kernel_regularizer", LayerConfig.regularizer(name(), "kernel_regularizer", kernelRegularizer));
        c.put("bias_regularizer", LayerConfig.regularizer(name(), "bias_regularizer", biasRegularizer));
        return c;
    }

    static Conv2D fromConfig(LayerConfig c) {
        int[] k = c.getInts("kernel_size");
        int[] s = c.getInts("strides");
        int[] d = c.getInts("dilation_rate");
        if (k.length != 2 || s.length != 2 || d.length != 2) throw new IllegalArgumentException("Conv2D config: kernel_size, strides and dilation_rate need 2 values");
        return new Conv2D(c.getInt("filters"), k[0], k[1])
                .strides(s[0], s[1])
                .padding(c.getPadding("padding"))
                .dilationRate(d[0], d[1])
                .activation(c.getString("activation", "linear"))
                .useBias(c.getBool("use_bias", true))
                .kernelInitializer(c.getInitializer("kernel_initializer", Initializers.glorotUniform()))
                .biasInitializer(c.getInitializer("bias_initializer", Initializers.zeros()))
                .kernelRegularizer(c.getRegularizer("kernel_regularizer"))
                .biasRegularizer(c.getRegularizer("bias_regularizer"));
    }

    static int[] positivePair(String what, int a, int b) {
        if (a <= 0 || b <= 0) throw new IllegalArgumentException("Conv2D: " + what + " must be positive, got (" + a + ", " + b + ")");
        return new int[] {a, b};
    }
}
