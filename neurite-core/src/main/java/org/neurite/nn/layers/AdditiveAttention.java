package org.neurite.nn.layers;

import java.util.List;
import java.util.Map;
import org.neurite.nn.Initializers;
import org.neurite.nn.Weight;
import org.neurite.tensor.Shape;
import org.neurite.tensor.Tensor;

/**
 * Additive (Bahdanau) attention, as Keras' {@code AdditiveAttention}; see {@link BaseAttention}
 * for the inputs, masks and output {@code (N, Tq, dv)}. Scores
 * {@code s_ij = sum_d scale_d tanh(q_id + k_jd)}. Weight: {@code scale (d)} (glorot_uniform) with
 * {@code useScale} (the default), else none: parameters {@code d} or 0.
 */
public final class AdditiveAttention extends BaseAttention {
    private boolean useScale = true;
    private Weight scale;

    /** Without dropout, as Keras' default. */
    public AdditiveAttention() {
        this(0.0);
    }

    /**
     * With dropout on the attention weights.
     *
     * @param dropout the rate dropped from the attention weights in training; in [0, 1)
     * @throws IllegalArgumentException if it is outside [0, 1)
     */
    public AdditiveAttention(double dropout) {
        super(dropout);
    }

    /**
     * Keras' {@code use_scale}: a learned vector {@code (d)} weighs the tanh terms of the scores.
     *
     * @param value true (default) for the learned scale; false to sum the terms unweighted
     * @return this layer
     * @throws IllegalStateException if the layer is already built
     */
    public AdditiveAttention useScale(boolean value) {
        checkMutable("useScale");
        this.useScale = value;
        return this;
    }

    @Override
    public AdditiveAttention causal(boolean value) {
        super.causal(value);
        return this;
    }

    /**
     * The learned scale.
     *
     * @return the weight; null before build or without useScale
     */
    public Weight scale() {
        return scale;
    }

    @Override
    protected void createWeights(List<Shape> in) {
        if (useScale) scale = addWeight("scale", Shape.of(in.get(0).dim(1)), Initializers.glorotUniform(), null, true);
    }

    @Override
    protected Tensor scores(Tensor query, Tensor key) {
        Tensor t = query.unsqueeze(2).add(key.unsqueeze(1)).tanh(); // (N, Tq, Tv, d)
        return (scale == null ? t : t.mul(scale.value())).sum(-1, false);
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = super.config();
        c.put("use_scale", useScale);
        return c;
    }

    static AdditiveAttention fromConfig(LayerConfig c) {
        return new AdditiveAttention(c.has("dropout") ? c.getFloat("dropout") : 0f)
                .useScale(c.getBool("use_scale", true))
                .causal(c.getBool("causal", false));
    }
}
