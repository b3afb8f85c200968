package org.neurite.nn.layers;

import java.util.List;
import java.util.Map;
import org.neurite.nn.Initializers;
import org.neurite.nn.Layer;
import org.neurite.nn.Summary;
import org.neurite.nn.Weight;
import org.neurite.tensor.Shape;
import org.neurite.tensor.Tensor;
import org.neurite.tensor.ops.Normalization;

/**
 * Layer normalisation over the last axis (Keras defaults: axis -1, epsilon 1e-3): each sample's
 * feature vector x (D) becomes {@code gamma * (x - mean(x)) / sqrt(var(x) + eps) + beta}, with the
 * biased variance; the same in training and inference. Input {@code (N, ..., D)}, output the same.
 * Weights gamma (ones) and beta (zeros), each {@code (D)}, trainable: {@code 2*D} parameters. One
 * fused op ({@link Normalization#layerNorm}). Note PyTorch's LayerNorm defaults to eps 1e-5.
 */
public final class LayerNormalization extends Layer {
    private float epsilon = 1e-3f;
    private boolean center = true;
    private boolean scale = true;
    private Weight gamma;
    private Weight beta;

    /** With Keras' defaults: epsilon 1e-3, center and scale. */
    public LayerNormalization() {}

    /**
     * Keras' {@code epsilon}, added to the variance before its square root.
     *
     * @param value &gt; 0 (default 1e-3; PyTorch uses 1e-5)
     * @return this layer
     * @throws IllegalArgumentException if it is not positive
     * @throws IllegalStateException if the layer is already built
     */
    public LayerNormalization epsilon(float value) {
        checkMutable("epsilon");
        if (!(value > 0)) throw new IllegalArgumentException("LayerNormalization: epsilon must be positive, got " + value);
        this.epsilon = value;
        return this;
    }

    /**
     * Keras' {@code center}: whether to add the learned offset beta.
     *
     * @param value true (default) to add beta
     * @return this layer
     * @throws IllegalStateException if the layer is already built
     */
    public LayerNormalization center(boolean value) {
        checkMutable("center");
        this.center = value;
        return this;
    }

    /**
     * Keras' {@code scale}: whether to multiply by the learned scale gamma.
     *
     * @param value true (default) to multiply by gamma
     * @return this layer
     * @throws IllegalStateException if the layer is already built
     */
    public LayerNormalization scale(boolean value) {
        checkMutable("scale");
        this.scale = value;
        return this;
    }

    /**
     * The learned scale.
     *
     * @return shape {@code (features)}, the last axis; null before build or without scale
     */
    public Weight gamma() {
        return gamma;
    }

    /**
     * The learned offset.
     *
     * @return shape {@code (features)}; null before build or without center
     */
    public Weight beta() {
        return beta;
    }

    @Override
    public LayerNormalization name(String newName) {
        super.name(newName);
        return this;
    }

    @Override
    public LayerNormalization inputShape(int... dims) {
        super.inputShape(dims);
        return this;
    }

    @Override
    protected Shape computeOutputShape(Shape in) {
        if (in.rank() < 1) throw error("expected input (None, ..., features), got " + Summary.shapeString(in));
        return in;
    }

    @Override
    protected void createWeights(Shape in) {
        Shape d = Shape.of(in.dim(in.rank() - 1));
        if (scale) gamma = addWeight("gamma", d, Initializers.ones(), null, true);
        if (center) beta = addWeight("beta", d, Initializers.zeros(), null, true);
    }

    @Override
    protected boolean acceptsInput(Shape built, Shape got) {
        return got.rank() == built.rank() && got.dim(got.rank() - 1) == built.dim(built.rank() - 1);
    }

    @Override
    protected Tensor call(Tensor x, boolean training) {
        int d = x.dim(x.rank() - 1);
        return Normalization.layerNorm(x, gamma != null ? gamma.value() : Tensor.ones(d), beta != null ? beta.value() : Tensor.zeros(d), epsilon);
    }

    /** Keras' constraint keys of this layer; set them with {@link #constraint(String, org.neurite.nn.Constraint)}. */
    @Override
    protected Map<String, String> constraintKeys() {
        return constraintKeys("beta_constraint", "beta", "gamma_constraint", "gamma");
    }

    /** Steps stay independent here: the input's mask passes on. */
    @Override
    protected Tensor computeMask(List<Tensor> inputs, List<Tensor> masks) {
        return masks.get(0);
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = super.config();
        c.put("axis", -1);
        c.put("epsilon", epsilon);
        c.put("center", center);
        c.put("scale", scale);
        return c;
    }

    static LayerNormalization fromConfig(LayerConfig c) {
        if (c.getInt("axis", -1) != -1) throw new IllegalArgumentException("LayerNormalization config: only axis -1 is supported, got " + c.getInt("axis"));
        return new LayerNormalization()
                .epsilon(c.has("epsilon") ? c.getFloat("epsilon") : 1e-3f)
                .center(c.getBool("center", true))
                .scale(c.getBool("scale", true));
    }
}
