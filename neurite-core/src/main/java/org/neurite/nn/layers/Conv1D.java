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

/**
 * 1-d convolution over sequences, channels-last: {@code activation(conv(x, kernel) + bias)}.
 *
 * <p>Input {@code (N, L, C)}, output {@code (N, OL, filters)}: 'valid' OL = floor((L - d*(k-1) - 1)/s) + 1,
 * 'same' OL = ceil(L / s), 'causal' pads d*(k-1) zeros on the left only (output t sees inputs
 * &lt;= t) and then is 'valid', so OL = floor((L - 1)/s) + 1. Kernel {@code (K, C, filters)} as Keras,
 * bias {@code (filters)}; parameters {@code K*C*filters + filters}. Computed as a Conv2D on the
 * (N, 1, L, C) view with a (1, K, C, filters) kernel.
 */
public final class Conv1D extends Layer {
    private final int filters;
    private final int kernelSize;
    private int stride = 1;
    private String padding = "valid";
    private int dilationRate = 1;
    private String activation = "linear";
    private boolean useBias = true;
    private Initializer kernelInitializer = Initializers.glorotUniform();
    private Initializer biasInitializer = Initializers.zeros();
    private Regularizer kernelRegularizer;
    private Regularizer biasRegularizer;
    private Weight kernel;
    private Weight bias;

    public Conv1D(int filters, int kernelSize) {
        if (filters <= 0 || kernelSize <= 0) throw new IllegalArgumentException("Conv1D: filters and kernel size must be positive, got " + filters + ", " + kernelSize);
        this.filters = filters;
        this.kernelSize = kernelSize;
    }

    public Conv1D strides(int value) {
        checkMutable("strides");
        if (value <= 0) throw new IllegalArgumentException("Conv1D: strides must be positive, got " + value);
        this.stride = value;
        return this;
    }

    /** "valid", "same" or "causal". */
    public Conv1D padding(String name) {
        checkMutable("padding");
        String p = name.toLowerCase(java.util.Locale.ROOT);
        if (!p.equals("valid") && !p.equals("same") && !p.equals("causal")) {
            throw new IllegalArgumentException("Conv1D: padding must be 'valid', 'same' or 'causal', got '" + name + "'");
        }
        this.padding = p;
        return this;
    }

    public Conv1D dilationRate(int value) {
        checkMutable("dilationRate");
        if (value <= 0) throw new IllegalArgumentException("Conv1D: dilation rate must be positive, got " + value);
        this.dilationRate = value;
        return this;
    }

    public Conv1D activation(String name) {
        checkMutable("activation");
        this.activation = Activations.normalize(name);
        return this;
    }

    public Conv1D useBias(boolean value) {
        checkMutable("useBias");
        this.useBias = value;
        return this;
    }

    public Conv1D kernelInitializer(Initializer init) {
        checkMutable("kernelInitializer");
        this.kernelInitializer = init;
        return this;
    }

    public Conv1D biasInitializer(Initializer init) {
        checkMutable("biasInitializer");
        this.biasInitializer = init;
        return this;
    }

    public Conv1D kernelRegularizer(Regularizer r) {
        checkMutable("kernelRegularizer");
        this.kernelRegularizer = r;
        return this;
    }

    public Conv1D biasRegularizer(Regularizer r) {
        checkMutable("biasRegularizer");
        this.biasRegularizer = r;
        return this;
    }

    /** Kernel {@code (K, C, filters)}; null before build. */
    public Weight kernel() {
        return kernel;
    }

    public Weight bias() {
        return bias;
    }

    @Override
    public Conv1D name(String newName) {
        super.name(newName);
        return this;
    }

    @Override
    public Conv1D inputShape(int... dims) {
        super.inputShape(dims);
        return this;
    }

    @Override
    public Conv1D seed(long value) {
        super.seed(value);
        return this;
    }

    /** The padding of the (1, L) view. */
    private Padding padding2d() {
        return switch (padding) {
            case "same" -> Padding.same();
            case "causal" -> Padding.of(0, 0, dilationRate * (kernelSize - 1), 0);
            default -> Padding.valid();
        };
    }

    @Override
    protected Shape computeOutputShape(Shape in) {
        if (in.rank() != 2) throw error("expected input (None, steps, channels), got " + Summary.shapeString(in));
        int[] hw = Pool2D.outputHW(this, Shape.of(1, in.dim(0), in.dim(1)), new int[] {1, kernelSize}, new int[] {1, stride}, padding2d(), new int[] {1, dilationRate});
        return Shape.of(hw[1], filters);
    }

    @Override
    protected void createWeights(Shape in) {
        kernel = addWeight("kernel", Shape.of(kernelSize, in.dim(1), filters), kernelInitializer, kernelRegularizer, true);
        if (useBias) bias = addWeight("bias", Shape.of(filters), biasInitializer, biasRegularizer, true);
    }

    @Override
    protected boolean acceptsInput(Shape built, Shape got) {
        return got.rank() == 2 && got.dim(1) == built.dim(1);
    }

    @Override
    protected Tensor call(Tensor x, boolean training) {
        Tensor k = kernel.value();
        Tensor x4 = x.reshape(x.dim(0), 1, x.dim(1), x.dim(2));
        Tensor y = x4.conv2d(k.reshape(1, k.dim(0), k.dim(1), k.dim(2)), new int[] {1, stride}, padding2d(), new int[] {1, dilationRate});
        y = y.reshape(y.dim(0), y.dim(2), y.dim(3));
        if (bias != null) y = y.add(bias.value());
        return Activations.get(activation).apply(y);
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = super.config();
        c.put("filters", filters);
        c.put("kernel_size", LayerConfig.ints(kernelSize));
        c.put("strides", LayerConfig.ints(stride));
        c.put("padding", padding);
        c.put("dilation_rate", LayerConfig.ints(dilationRate));
        c.put("activation", activation);
        c.put("use_bias", useBias);
        c.put("kernel_initializer", kernelInitializer.name());
        c.put("bias_initializer", biasInitializer.name());
        c.put("kernel_regularizer", LayerConfig.regularizer(name(), "kernel_regularizer", kernelRegularizer));
        c.put("bias_regularizer", LayerConfig.regularizer(name(), "bias_regularizer", biasRegularizer));
        return c;
    }

    static Conv1D fromConfig(LayerConfig c) {
        return new Conv1D(c.getInt("filters"), single(c, "kernel_size"))
                .strides(single(c, "strides"))
                .padding(c.getString("padding", "valid"))
                .dilationRate(single(c, "dilation_rate"))
                .activation(c.getString("activation", "linear"))
                .useBias(c.getBool("use_bias", true))
                .kernelInitializer(c.getInitializer("kernel_initializer", Initializers.glorotUniform()))
                .biasInitializer(c.getInitializer("bias_initializer", Initializers.zeros()))
                .kernelRegularizer(c.getRegularizer("kernel_regularizer"))
                .biasRegularizer(c.getRegularizer("bias_regularizer"));
    }

    /** A one-element list (Keras writes 1-d sizes as tuples of one). */
    static int single(LayerConfig c, String key) {
        int[] v = c.getInts(key);
        if (v.length != 1) throw new IllegalArgumentException("config '" + key + "' needs 1 value, got " + v.length);
        return v[0];
    }
}
