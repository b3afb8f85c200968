package org.neurite.nn.layers;

import java.util.Map;
import org.neurite.nn.Initializers;
import org.neurite.nn.Weight;
import org.neurite.tensor.Shape;
import org.neurite.tensor.Tensor;

/**
 * Dot-product (Luong) attention, as Keras' {@code Attention}; see {@link BaseAttention} for the
 * inputs, masks and output {@code (N, Tq, dv)}. Scores: {@code score_mode="dot"}:
 * {@code scale * query @ key^T}; {@code "concat"}: {@code c * sum_d tanh(scale * (q_i + k_j))}.
 * Weights: {@code scale} (scalar, ones) with {@code useScale}, {@code concat_score_weight}
 * (scalar, ones) with "concat": parameters 0, 1 or 2.
 */
public final class Attention extends BaseAttention {
    private boolean useScale;
    private String scoreMode = "dot";
    private Weight scale;
    private Weight concatScoreWeight;

    /** Without dropout, as Keras' default. */
    public Attention() {
        this(0.0);
    }

    /**
     * With dropout on the attention weights.
     *
     * @param dropout the rate dropped from the attention weights in training; in [0, 1)
     * @throws IllegalArgumentException if it is outside [0, 1)
     */
    public Attention(double dropout) {
        super(dropout);
    }

    /**
     * A learned scalar factor on the scores (Keras' {@code use_scale}).
     *
     * @param value true for the learned scale (initially 1); false (default) for none
     * @return this layer
     * @throws IllegalStateException if the layer is already built
     */
    public Attention useScale(boolean value) {
        checkMutable("useScale");
        this.useScale = value;
        return this;
    }

    /**
     * Keras' {@code score_mode}: how a query and a key are scored.
     *
     * @param mode {@code "dot"} (default): their dot product; {@code "concat"}: Keras' learned
     *     {@code sum tanh(q + k)} form
     * @return this layer
     * @throws IllegalArgumentException if it is neither
     * @throws IllegalStateException if the layer is already built
     */
    public Attention scoreMode(String mode) {
        checkMutable("scoreMode");
        if (!"dot".equals(mode) && !"concat".equals(mode)) throw new IllegalArgumentException("Attention: score_mode must be dot or concat, got " + mode);
        this.scoreMode = mode;
        return this;
    }

    @Override
    public Attention causal(boolean value) {
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
    protected void createWeights(java.util.List<Shape> in) {
        if (useScale) scale = addWeight("scale", Shape.of(), Initializers.ones(), null, true);
        if (scoreMode.equals("concat")) concatScoreWeight = addWeight("concat_score_weight", Shape.of(), Initializers.ones(), null, true);
    }

    @Override
    protected Tensor scores(Tensor query, Tensor key) {
        if (scoreMode.equals("dot")) {
            Tensor s = query.matmul(key.transpose(1, 2));
            return scale == null ? s : s.mul(scale.value());
        }
        Tensor sum = query.unsqueeze(2).add(key.unsqueeze(1)); // (N, Tq, Tv, d)
        if (scale != null) sum = sum.mul(scale.value());
        return sum.tanh().sum(-1, false).mul(concatScoreWeight.value());
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = super.config();
        c.put("use_scale", useScale);
        c.put("score_mode", scoreMode);
        return c;
    }

    static Attention fromConfig(LayerConfig c) {
        return new Attention(c.has("dropout") ? c.getFloat("dropout") : 0f)
                .useScale(c.getBool("use_scale", false))
                .scoreMode(c.getString("score_mode", "dot"))
                .causal(c.getBool("causal", false));
    }
}
