package org.neurite.nn.layers;

import java.util.List;
import java.util.Map;
import org.neurite.nn.Activations;
import org.neurite.nn.Initializer;
import org.neurite.nn.Initializers;
import org.neurite.nn.Constraint;
import org.neurite.nn.Layer;
import org.neurite.nn.Regularizer;
import org.neurite.nn.Summary;
import org.neurite.nn.Weight;
import org.neurite.tensor.Shape;
import org.neurite.tensor.Tensor;
import org.neurite.tensor.ops.Linear;
import org.neurite.tensor.ops.PointwiseActivation;

/**
 * Fully connected layer: {@code activation(x @ kernel + bias)}.
 *
 * <p>Input {@code (N, ..., in)}, output {@code (N, ..., units)}: applied to the last axis (as
 * Keras). Weights: kernel {@code (in, units)} (default glorot_uniform), bias {@code (units)}
 * (default zeros). Parameters: {@code in*units + units}.
 */
public final class Dense extends Layer {
    private final int units;
    private String activation = "linear";
    private boolean useBias = true;
    private Initializer kernelInitializer = Initializers.glorotUniform();
    private Initializer biasInitializer = Initializers.zeros();
    private Regularizer kernelRegularizer;
    private Regularizer biasRegularizer;
    private Weight kernel;
    private Weight bias;

    /**
     * A dense layer with linear activation and a bias.
     *
     * @param units the output size; &gt; 0
     * @throws IllegalArgumentException if units is not positive
     */
    public Dense(int units) {
        if (units <= 0) throw new IllegalArgumentException("Dense: units must be positive, got " + units);
        this.units = units;
    }

    /**
     * A dense layer with an activation, as Keras' {@code Dense(units, activation=...)}.
     *
     * @param units the output size; &gt; 0
     * @param activation an activation name, e.g. {@code relu}; null means linear
     * @throws IllegalArgumentException if units is not positive or the activation unknown
     */
    public Dense(int units, String activation) {
        this(units);
        activation(activation);
    }

    /**
     * Keras' {@code activation}, applied to the layer's output.
     *
     * @param name an activation name such as {@code relu} (default linear); null or empty means linear
     * @return this layer
     * @throws IllegalArgumentException if the name is unknown
     * @throws IllegalStateException if the layer is already built
     */
    public Dense activation(String name) {
        checkMutable("activation");
        this.activation = Activations.normalize(name);
        return this;
    }

    /**
     * Keras' {@code use_bias}.
     *
     * @param value whether the layer adds a learned bias (default true)
     * @return this layer
     * @throws IllegalStateException if the layer is already built
     */
    public Dense useBias(boolean value) {
        checkMutable("useBias");
        this.useBias = value;
        return this;
    }

    /**
     * Keras' {@code kernel_initializer}.
     *
     * @param init fills the kernel when the layer is built (default glorot_uniform)
     * @return this layer
     * @throws IllegalStateException if the layer is already built
     */
    public Dense kernelInitializer(Initializer init) {
        checkMutable("kernelInitializer");
        this.kernelInitializer = init;
        return this;
    }

    /**
     * Keras' {@code bias_initializer}.
     *
     * @param init fills the bias when the layer is built (default zeros)
     * @return this layer
     * @throws IllegalStateException if the layer is already built
     */
    public Dense biasInitializer(Initializer init) {
        checkMutable("biasInitializer");
        this.biasInitializer = init;
        return this;
    }

    /**
     * Keras' {@code kernel_regularizer}.
     *
     * @param r a penalty on the kernel added to the loss, or null for none (default)
     * @return this layer
     * @throws IllegalStateException if the layer is already built
     */
    public Dense kernelRegularizer(Regularizer r) {
        checkMutable("kernelRegularizer");
        this.kernelRegularizer = r;
        return this;
    }

    /**
     * Keras' {@code bias_regularizer}.
     *
     * @param r a penalty on the bias added to the loss, or null for none (default)
     * @return this layer
     * @throws IllegalStateException if the layer is already built
     */
    public Dense biasRegularizer(Regularizer r) {
        checkMutable("biasRegularizer");
        this.biasRegularizer = r;
        return this;
    }

    /**
     * Keras' {@code kernel_constraint}, applied after each optimizer step (see {@link org.neurite.nn.Constraints}).
     *
     * @param c the constraint on the kernel, or null for none
     * @return this layer
     */
    public Dense kernelConstraint(Constraint c) {
        constraint("kernel", c);
        return this;
    }

    /**
     * Keras' {@code bias_constraint}.
     *
     * @param c the constraint on the bias, or null for none
     * @return this layer
     */
    public Dense biasConstraint(Constraint c) {
        constraint("bias", c);
        return this;
    }

    @Override
    public Dense activityRegularizer(Regularizer r) {
        super.activityRegularizer(r);
        return this;
    }

    @Override
    protected Map<String, String> constraintKeys() {
        return KERNEL_AND_BIAS;
    }

    /** The constraint keys of a layer with a kernel and a bias. */
    static final Map<String, String> KERNEL_AND_BIAS = constraintKeys("kernel_constraint", "kernel", "bias_constraint", "bias");

    /**
     * The output size.
     *
     * @return units, the size of the output's last axis
     */
    public int units() {
        return units;
    }

    /**
     * The activation applied to the output.
     *
     * @return its normalized name ({@code linear} for none)
     */
    public String activation() {
        return activation;
    }

    /**
     * The kernel weight.
     *
     * @return shape {@code (in, units)}; null before build
     */
    public Weight kernel() {
        return kernel;
    }

    /**
     * The bias weight.
     *
     * @return shape {@code (units)}; null before build or without bias
     */
    public Weight bias() {
        return bias;
    }

    // Covariant returns so option chains keep the concrete type.
    @Override
    public Dense name(String newName) {
        super.name(newName);
        return this;
    }

    @Override
    public Dense inputShape(int... dims) {
        super.inputShape(dims);
        return this;
    }

    @Override
    public Dense seed(long value) {
        super.seed(value);
        return this;
    }

    @Override
    protected Shape computeOutputShape(Shape in) {
        if (in.rank() < 1) throw error("expected input (None, features), got " + Summary.shapeString(in));
        return in.withDim(-1, units);
    }

    @Override
    protected void createWeights(Shape in) {
        kernel = addWeight("kernel", Shape.of(in.dim(-1), units), kernelInitializer, kernelRegularizer, true);
        if (useBias) bias = addWeight("bias", Shape.of(units), biasInitializer, biasRegularizer, true);
    }

    /** As Keras' input spec: only the last axis must match. */
    @Override
    protected boolean acceptsInput(Shape built, Shape got) {
        return got.rank() >= 1 && built.dim(-1) == got.dim(-1);
    }

    @Override
    protected Tensor call(Tensor x, boolean training) {
        PointwiseActivation fused = PointwiseActivation.forName(activation);
        Tensor rows = x.rank() == 2 ? x : x.reshape(-1, x.dim(-1)); // (N, ..., in): fold the leading axes into rows
        Tensor y = Linear.apply(rows, kernel.value(), bias == null ? null : bias.value(),
                fused == null ? PointwiseActivation.LINEAR : fused);
        if (x.rank() != 2) {
            int[] dims = x.shape().dims();
            dims[dims.length - 1] = units;
            y = y.reshape(dims);
        }
        return fused == null ? Activations.get(activation).apply(y) : y;
    }

    /** Steps stay independent here: the input's mask passes on. */
    @Override
    protected Tensor computeMask(List<Tensor> inputs, List<Tensor> masks) {
        return masks.get(0);
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = super.config();
        c.put("units", units);
        c.put("activation", activation);
        c.put("use_bias", useBias);
        c.put("kernel_initializer", Initializers.toConfig(kernelInitializer));
        c.put("bias_initializer", Initializers.toConfig(biasInitializer));
        c.put("kernel_regularizer", LayerConfig.regularizer(name(), "kernel_regularizer", kernelRegularizer));
        c.put("bias_regularizer", LayerConfig.regularizer(name(), "bias_regularizer", biasRegularizer));
        return c;
    }

    static Dense fromConfig(LayerConfig c) {
        return new Dense(c.getInt("units"))
                .activation(c.getString("activation", "linear"))
                .useBias(c.getBool("use_bias", true))
                .kernelInitializer(c.getInitializer("kernel_initializer", Initializers.glorotUniform()))
                .biasInitializer(c.getInitializer("bias_initializer", Initializers.zeros()))
                .kernelRegularizer(c.getRegularizer("kernel_regularizer"))
                .biasRegularizer(c.getRegularizer("bias_regularizer"));
    }
}
