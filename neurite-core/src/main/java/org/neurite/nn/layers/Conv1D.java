package org.neurite.nn.layers;

import org.neurite.nn.Constraint;

import java.util.Map;
import org.neurite.nn.Initializer;
import org.neurite.nn.Regularizer;
import org.neurite.nn.Summary;
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
public final class Conv1D extends ConvLayer {
    private final int filters;
    private boolean causal;

    /**
     * A 1-d convolution with stride 1, 'valid' padding, no dilation, linear activation and a bias.
     *
     * @param filters the number of output channels; &gt; 0
     * @param kernelSize the window length K, in time steps; &gt; 0
     * @throws IllegalArgumentException if filters or a kernel size is not positive
     */
    public Conv1D(int filters, int kernelSize) {
        super(kernelSize);
        if (filters <= 0) throw new IllegalArgumentException("Conv1D: filters must be positive, got " + filters);
        this.filters = filters;
    }

    /**
     * Keras' {@code strides}, the same on every axis.
     *
     * @param value the step between window positions, in input cells (default 1); &gt; 0
     * @return this layer
     * @throws IllegalArgumentException if the stride is not positive
     * @throws IllegalStateException if the layer is already built
     */
    public Conv1D strides(int value) {
        setStrides(value);
        return this;
    }

    /**
     * "valid", "same" or "causal".
     *
     * @param name {@code "valid"} (default: no padding), {@code "same"} (output length
     *     ceil(L / stride)) or {@code "causal"} (left padding only), any case
     * @return this layer
     * @throws IllegalArgumentException if the name is none of these
     * @throws IllegalStateException if the layer is already built
     */
    public Conv1D padding(String name) {
        String p = name.toLowerCase(java.util.Locale.ROOT);
        if (!p.equals("valid") && !p.equals("same") && !p.equals("causal")) {
            throw new IllegalArgumentException("Conv1D: padding must be 'valid', 'same' or 'causal', got '" + name + "'");
        }
        setPadding(p.equals("same") ? Padding.same() : Padding.valid());
        this.causal = p.equals("causal");
        return this;
    }

    /**
     * Keras' {@code dilation_rate}, the same on every axis: the kernel's taps are this many cells apart.
     *
     * @param value the spacing (default 1: no dilation); &gt; 0
     * @return this layer
     * @throws IllegalArgumentException if the rate is not positive
     * @throws IllegalStateException if the layer is already built
     */
    public Conv1D dilationRate(int value) {
        setDilationRate(value);
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
    public Conv1D activation(String name) {
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
    public Conv1D useBias(boolean value) {
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
    public Conv1D kernelInitializer(Initializer init) {
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
    public Conv1D biasInitializer(Initializer init) {
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
    public Conv1D kernelRegularizer(Regularizer r) {
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
    public Conv1D biasRegularizer(Regularizer r) {
        setBiasRegularizer(r);
        return this;
    }

    /**
     * Keras' {@code kernel_constraint}, applied after each optimizer step (see {@link org.neurite.nn.Constraints}).
     *
     * @param c the constraint on the kernel, or null for none
     * @return this layer
     */
    public Conv1D kernelConstraint(Constraint c) {
        constraint("kernel", c);
        return this;
    }

    /**
     * Keras' {@code bias_constraint}.
     *
     * @param c the constraint on the bias, or null for none
     * @return this layer
     */
    public Conv1D biasConstraint(Constraint c) {
        constraint("bias", c);
        return this;
    }

    @Override
    public Conv1D activityRegularizer(Regularizer r) {
        super.activityRegularizer(r);
        return this;
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
        return causal ? Padding.of(0, 0, dilationRate[0] * (kernelSize[0] - 1), 0) : padding;
    }

    @Override
    protected Shape computeOutputShape(Shape in) {
        if (in.rank() != 2) throw error("expected input (None, steps, channels), got " + Summary.shapeString(in));
        int[] hw = Pool2D.outputHW(this, Shape.of(1, in.dim(0), in.dim(1)), new int[] {1, kernelSize[0]}, new int[] {1, strides[0]}, padding2d(), new int[] {1, dilationRate[0]});
        return Shape.of(hw[1], filters);
    }

    @Override
    protected void createWeights(Shape in) {
        addKernelAndBias("kernel", Shape.of(kernelSize[0], in.dim(1), filters), filters);
    }

    @Override
    protected Tensor call(Tensor x, boolean training) {
        Tensor k = kernel.value();
        Tensor x4 = x.reshape(x.dim(0), 1, x.dim(1), x.dim(2));
        Tensor y = x4.conv2d(k.reshape(1, k.dim(0), k.dim(1), k.dim(2)), new int[] {1, strides[0]}, padding2d(), new int[] {1, dilationRate[0]});
        return biasAndActivation(y.reshape(y.dim(0), y.dim(2), y.dim(3)));
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = super.config();
        c.put("filters", filters);
        c.put("kernel_size", LayerConfig.ints(kernelSize));
        c.put("strides", LayerConfig.ints(strides));
        c.put("padding", causal ? "causal" : LayerConfig.padding(padding));
        c.put("dilation_rate", LayerConfig.ints(dilationRate));
        putActivationAndWeightOptions(c);
        return c;
    }

    static Conv1D fromConfig(LayerConfig c) {
        return configure(new Conv1D(c.getInt("filters"), single(c, "kernel_size"))
                .strides(single(c, "strides"))
                .padding(c.getString("padding", "valid"))
                .dilationRate(single(c, "dilation_rate")), c);
    }

    /** A one-element list (Keras writes 1-d sizes as tuples of one). */
    static int single(LayerConfig c, String key) {
        int[] v = c.getInts(key);
        if (v.length != 1) throw new IllegalArgumentException("config '" + key + "' needs 1 value, got " + v.length);
        return v[0];
    }
}
