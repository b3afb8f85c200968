package org.neurite.nn.layers;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.neurite.nn.Activations;
import org.neurite.nn.Layer;
import org.neurite.nn.Summary;
import org.neurite.nn.Variable;
import org.neurite.nn.Weight;
import org.neurite.tensor.Shape;
import org.neurite.tensor.Tensor;

/**
 * One Transformer encoder block ("Attention Is All You Need", 3.1), as keras_nlp's
 * {@code TransformerEncoder(intermediate_dim, num_heads, dropout, activation, layer_norm_epsilon,
 * normalize_first)} and PyTorch's {@code nn.TransformerEncoderLayer}.
 *
 * <p>Input {@code (N, T, D)}, output {@code (N, T, D)}. Post-norm (the paper's, the default):
 * <pre>
 *   x = LayerNorm(x + Dropout(MultiHeadAttention(x, x)))
 *   x = LayerNorm(x + Dropout(Dense_D(Dense_ff(x, activation))))
 * </pre>
 * With {@code preNorm(true)} the normalisation moves in front of each sub-block:
 * {@code x = x + Dropout(MHA(LN(x)))}, {@code x = x + Dropout(FF(LN(x)))}. The attention has
 * {@code numHeads} heads of width {@code D / numHeads} (D must divide) and the same dropout on its
 * weights. Unlike PyTorch, no dropout sits between the two Dense layers (keras_nlp's layout); with
 * dropout 0 the two agree exactly.
 *
 * <p>Sublayers are named after the block ({@code <name>_self_attention_layer},
 * {@code <name>_self_attention_layer_norm}, {@code <name>_feedforward_intermediate_dense},
 * {@code <name>_feedforward_output_dense}, {@code <name>_feedforward_layer_norm}), so weights are
 * saved as e.g. {@code transformer_encoder_self_attention_layer/query/kernel}. Parameters:
 * {@code 4*(D*D + D)} (attention) {@code + 2*2*D} (norms) {@code + D*ff + ff + ff*D + D}.
 */
public final class TransformerEncoder extends Layer {
    private final int intermediateDim;
    private final int numHeads;
    private float dropout;
    private String activation = "relu";
    private float layerNormEpsilon = 1e-5f;
    private boolean preNorm;

    private MultiHeadAttention attention;
    private LayerNormalization attentionNorm;
    private Dense intermediate;
    private Dense output;
    private LayerNormalization feedforwardNorm;
    private Dropout attentionDropout;
    private Dropout feedforwardDropout;

    /**
     * A post-norm encoder block (as keras_nlp's default) with no dropout, relu and layer-norm epsilon 1e-5.
     *
     * @param intermediateDim the width of the feed-forward block's hidden Dense layer; &gt; 0
     * @param numHeads the attention heads; each head's key width is D / numHeads; &gt; 0
     * @throws IllegalArgumentException if either is not positive
     */
    public TransformerEncoder(int intermediateDim, int numHeads) {
        if (intermediateDim <= 0 || numHeads <= 0) {
            throw new IllegalArgumentException("TransformerEncoder: intermediateDim and numHeads must be positive, got " + intermediateDim + ", " + numHeads);
        }
        this.intermediateDim = intermediateDim;
        this.numHeads = numHeads;
    }

    /**
     * Dropout after the attention and after the feed-forward block (and on the attention
     * weights), in training only.
     *
     * @param rate in [0, 1) (default 0)
     * @return this layer
     * @throws IllegalArgumentException if it is outside [0, 1)
     * @throws IllegalStateException if the layer is already built
     */
    public TransformerEncoder dropout(double rate) {
        checkMutable("dropout");
        if (!(rate >= 0 && rate < 1)) throw new IllegalArgumentException("TransformerEncoder: dropout must be in [0, 1), got " + rate);
        this.dropout = (float) rate;
        return this;
    }

    /**
     * Activation of the intermediate Dense layer (default relu; "gelu" for BERT-style blocks).
     *
     * @param name an activation name such as {@code relu} (default relu); null or empty means linear
     * @return this layer
     * @throws IllegalArgumentException if the name is unknown
     * @throws IllegalStateException if the layer is already built
     */
    public TransformerEncoder activation(String name) {
        checkMutable("activation");
        this.activation = Activations.normalize(name);
        return this;
    }

    /**
     * Epsilon of both LayerNormalizations.
     *
     * @param eps added to the variance (default 1e-5, as keras_nlp and PyTorch)
     * @return this layer
     * @throws IllegalStateException if the layer is already built
     */
    public TransformerEncoder layerNormEpsilon(double eps) {
        checkMutable("layerNormEpsilon");
        this.layerNormEpsilon = (float) eps;
        return this;
    }

    /**
     * Normalise before each sub-block (keras_nlp {@code normalize_first}, PyTorch {@code norm_first}).
     *
     * @param value true for pre-norm; false (default) for post-norm, normalising after each residual sum
     * @return this layer
     * @throws IllegalStateException if the layer is already built
     */
    public TransformerEncoder preNorm(boolean value) {
        checkMutable("preNorm");
        this.preNorm = value;
        return this;
    }

    @Override
    public TransformerEncoder name(String newName) {
        super.name(newName);
        return this;
    }

    @Override
    public TransformerEncoder seed(long value) {
        super.seed(value);
        return this;
    }

    /**
     * The self-attention sublayer.
     *
     * @return it; null before build
     */
    public MultiHeadAttention attention() {
        return attention;
    }

    /**
     * The normalization around the attention sublayer.
     *
     * @return it; null before build
     */
    public LayerNormalization attentionNorm() {
        return attentionNorm;
    }

    /**
     * The feed-forward block's first Dense layer, {@code D -> intermediateDim}, with the activation.
     *
     * @return it; null before build
     */
    public Dense intermediateDense() {
        return intermediate;
    }

    /**
     * The feed-forward block's second Dense layer, {@code intermediateDim -> D}.
     *
     * @return it; null before build
     */
    public Dense outputDense() {
        return output;
    }

    /**
     * The normalization around the feed-forward block.
     *
     * @return it; null before build
     */
    public LayerNormalization feedforwardNorm() {
        return feedforwardNorm;
    }

    private List<Layer> sublayers() {
        if (attention == null) return List.of();
        return List.of(attention, attentionNorm, intermediate, output, feedforwardNorm);
    }

    // ---------------------------------------------------------------- build

    @Override
    protected Shape computeOutputShape(Shape in) {
        if (in.rank() != 2) throw error("expected input (None, sequence, features), got " + Summary.shapeString(in));
        if (in.dim(1) % numHeads != 0) throw error("the feature size " + in.dim(1) + " must be divisible by numHeads " + numHeads);
        return in;
    }

    @Override
    protected void createWeights(Shape in) {
        int d = in.dim(1);
        String n = name();
        long s = seed();
        attention = new MultiHeadAttention(numHeads, d / numHeads).dropout(dropout).name(n + "_self_attention_layer").seed(s + 1);
        attentionNorm = new LayerNormalization().epsilon(layerNormEpsilon).name(n + "_self_attention_layer_norm");
        intermediate = new Dense(intermediateDim, activation).name(n + "_feedforward_intermediate_dense").seed(s + 2);
        output = new Dense(d).name(n + "_feedforward_output_dense").seed(s + 3);
        feedforwardNorm = new LayerNormalization().epsilon(layerNormEpsilon).name(n + "_feedforward_layer_norm");
        attentionDropout = (Dropout) new Dropout(dropout).name(n + "_self_attention_dropout").seed(s + 4);
        feedforwardDropout = (Dropout) new Dropout(dropout).name(n + "_feedforward_dropout").seed(s + 5);
        attention.build(in, in);
        attentionNorm.build(in);
        intermediate.build(in);
        output.build(Shape.of(in.dim(0), intermediateDim));
        feedforwardNorm.build(in);
        for (Layer l : sublayers()) l.trainable(trainable());
    }

    @Override
    protected boolean acceptsInput(Shape built, Shape got) {
        return got.rank() == 2 && got.dim(1) == built.dim(1);
    }

    // ---------------------------------------------------------------- computing

    @Override
    protected Tensor call(Tensor x, boolean training) {
        return compute(x, null, training);
    }

    /**
     * Encodes {@code x (N, T, D)}; {@code paddingMask (N, T)} (1 = real token, 0 = padding, e.g.
     * from {@link Embedding#computeMask}) keeps attention away from padded keys.
     *
     * @param x the token vectors, shape {@code (N, T, D)}
     * @param paddingMask shape {@code (N, T)}, 1 = real token, 0 = padding; or null
     * @param training whether dropout applies
     * @return shape {@code (N, T, D)}
     * @throws IllegalArgumentException if x is not rank 3
     */
    public Tensor encode(Tensor x, Tensor paddingMask, boolean training) {
        if (x.rank() != 3) throw error("expected (batch, sequence, features), got " + x.shape());
        build(Shape.of(x.dim(1), x.dim(2)));
        return compute(x, paddingMask, training);
    }

    private Tensor compute(Tensor x, Tensor paddingMask, boolean training) {
        Tensor mask = null;
        if (paddingMask != null) {
            if (paddingMask.rank() != 2 || paddingMask.dim(0) != x.dim(0) || paddingMask.dim(1) != x.dim(1)) {
                throw error("padding mask must be (" + x.dim(0) + ", " + x.dim(1) + "), got " + paddingMask.shape());
            }
            mask = paddingMask.detach().unsqueeze(1).broadcastTo(Shape.of(x.dim(0), x.dim(1), x.dim(1))); // (N, T, S=T)
        }
        Tensor residual = x;
        Tensor h = preNorm ? attentionNorm.forward(x, training) : x;
        h = attention.attend(h, h, null, mask, false, training).output();
        h = attentionDropout.forward(h, training).add(residual);
        if (!preNorm) h = attentionNorm.forward(h, training);
        residual = h;
        Tensor f = preNorm ? feedforwardNorm.forward(h, training) : h;
        f = output.forward(intermediate.forward(f, training), training);
        f = feedforwardDropout.forward(f, training).add(residual);
        if (!preNorm) f = feedforwardNorm.forward(f, training);
        return f;
    }

    // ---------------------------------------------------------------- weights of the sublayers

    @Override
    public List<Weight> weights() {
        List<Weight> out = new ArrayList<>();
        for (Layer l : sublayers()) out.addAll(l.weights());
        return out;
    }

    @Override
    public List<Variable> variables() {
        List<Variable> out = new ArrayList<>();
        for (Layer l : sublayers()) out.addAll(l.variables());
        return out;
    }

    @Override
    public long countParams() {
        long n = 0;
        for (Layer l : sublayers()) n += l.countParams();
        return n;
    }

    @Override
    public long trainableParams() {
        long n = 0;
        for (Layer l : sublayers()) n += l.trainableParams();
        return n;
    }

    @Override
    public TransformerEncoder trainable(boolean value) {
        super.trainable(value);
        for (Layer l : sublayers()) l.trainable(value);
        return this;
    }

    // ---------------------------------------------------------------- saving

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = super.config();
        c.put("intermediate_dim", intermediateDim);
        c.put("num_heads", numHeads);
        c.put("dropout", dropout);
        c.put("activation", activation);
        c.put("layer_norm_epsilon", layerNormEpsilon);
        c.put("normalize_first", preNorm);
        return c;
    }

    static TransformerEncoder fromConfig(LayerConfig c) {
        return new TransformerEncoder(c.getInt("intermediate_dim"), c.getInt("num_heads"))
                .dropout(c.has("dropout") ? c.getFloat("dropout") : 0f)
                .activation(c.getString("activation", "relu"))
                .layerNormEpsilon(c.has("layer_norm_epsilon") ? c.getFloat("layer_norm_epsilon") : 1e-5f)
                .preNorm(c.getBool("normalize_first", false));
    }
}
