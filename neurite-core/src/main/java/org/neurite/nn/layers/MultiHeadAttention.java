package org.neurite.nn.layers;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.neurite.nn.Initializer;
import org.neurite.nn.Initializers;
import org.neurite.nn.Layer;
import org.neurite.nn.Summary;
import org.neurite.nn.Weight;
import org.neurite.tensor.Shape;
import org.neurite.tensor.Tensor;

/**
 * Multi-head scaled dot-product attention, as {@code keras.layers.MultiHeadAttention}.
 *
 * <p>Inputs: query {@code (N, T, Dq)}, value {@code (N, S, Dv)}, key {@code (N, S, Dk)} (default:
 * the value). With {@code H = numHeads}, per head {@code h}:
 * {@code Q_h = query Wq_h + bq_h (T, keyDim)}, {@code K_h}, {@code V_h} likewise,
 * {@code A_h = softmax(Q_h K_h^T / sqrt(keyDim)) (T, S)}, {@code O_h = dropout(A_h) V_h (T, valueDim)};
 * output {@code sum_h O_h Wo_h + bo}: {@code (N, T, outputDim)}, outputDim = Dq unless set.
 *
 * <p>Weights, in Keras' shapes, names and order: {@code query/kernel (Dq, H, keyDim)},
 * {@code query/bias (H, keyDim)}, {@code key/kernel (Dk, H, keyDim)}, {@code key/bias},
 * {@code value/kernel (Dv, H, valueDim)}, {@code value/bias (H, valueDim)},
 * {@code attention_output/kernel (H, valueDim, outputDim)}, {@code attention_output/bias (outputDim)}.
 * Parameters: {@code H*keyDim*(Dq+Dk) + H*valueDim*Dv + H*valueDim*outputDim}, plus
 * {@code 2*H*keyDim + H*valueDim + outputDim} with biases.
 *
 * <p>Masks: {@code attentionMask} {@code (N, T, S)} (or {@code (T, S)} for every sample) with 1/true
 * = query t may attend to key s, 0 = not (Keras' convention; PyTorch's boolean {@code attn_mask} is
 * the opposite, True = not allowed). Masked scores are replaced by -1e9 before the softmax, so a
 * row with no allowed key gets uniform weights as in Keras (PyTorch gives NaN there).
 * {@code useCausalMask} allows key s only for {@code s <= t}; it is combined with the attention mask.
 *
 * <p>In a functional model, apply it to [query, value] or [query, value, key];
 * {@link #useCausalMask(boolean)} fixes the causal mask for such calls. Eagerly,
 * {@link #attend} also takes a mask and returns the attention scores {@code (N, H, T, S)}.
 */
public final class MultiHeadAttention extends Layer {
    /** What {@link #attend} returns: the output and the attention weights before dropout. */
    public record Result(Tensor output, Tensor scores) {}

    private static final float MASKED = -1e9f;

    private final int numHeads;
    private final int keyDim;
    private int valueDim;
    private int outputDim;
    private float dropout;
    private boolean useBias = true;
    private boolean useCausalMask;
    private Initializer kernelInitializer = Initializers.glorotUniform();
    private Initializer biasInitializer = Initializers.zeros();
    private Weight queryKernel, queryBias, keyKernel, keyBias, valueKernel, valueBias, outputKernel, outputBias;
    private SplittableRandom random;

    /**
     * Multi-head attention with Keras' defaults: valueDim = keyDim, output width = the query's,
     * no dropout, with biases, no causal mask.
     *
     * @param numHeads the number of attention heads; &gt; 0
     * @param keyDim the width of each head's query and key projections; &gt; 0
     * @throws IllegalArgumentException if either is not positive
     */
    public MultiHeadAttention(int numHeads, int keyDim) {
        if (numHeads <= 0 || keyDim <= 0) throw new IllegalArgumentException("MultiHeadAttention: numHeads and keyDim must be positive, got " + numHeads + ", " + keyDim);
        this.numHeads = numHeads;
        this.keyDim = keyDim;
        this.valueDim = keyDim;
    }

    /**
     * Keras' {@code value_dim}: the width of each head's value projection.
     *
     * @param value &gt; 0 (default keyDim)
     * @return this layer
     * @throws IllegalArgumentException if it is not positive
     * @throws IllegalStateException if the layer is already built
     */
    public MultiHeadAttention valueDim(int value) {
        checkMutable("valueDim");
        if (value <= 0) throw new IllegalArgumentException("MultiHeadAttention: valueDim must be positive, got " + value);
        this.valueDim = value;
        return this;
    }

    /**
     * Keras' {@code output_shape}: the width of the output.
     *
     * @param value &gt; 0 (default: the query's last dimension, Keras' {@code output_shape=None})
     * @return this layer
     * @throws IllegalArgumentException if it is not positive
     * @throws IllegalStateException if the layer is already built
     */
    public MultiHeadAttention outputDim(int value) {
        checkMutable("outputDim");
        if (value <= 0) throw new IllegalArgumentException("MultiHeadAttention: outputDim must be positive, got " + value);
        this.outputDim = value;
        return this;
    }

    /**
     * Keras' {@code dropout}: the rate dropped from the attention weights, in training only.
     *
     * @param rate in [0, 1) (default 0)
     * @return this layer
     * @throws IllegalArgumentException if it is outside [0, 1)
     */
    public MultiHeadAttention dropout(double rate) {
        if (!(rate >= 0 && rate < 1)) throw new IllegalArgumentException("MultiHeadAttention: dropout must be in [0, 1), got " + rate);
        this.dropout = (float) rate;
        return this;
    }

    /**
     * Keras' {@code use_bias}.
     *
     * @param value whether the layer adds a learned bias (default true)
     * @return this layer
     * @throws IllegalStateException if the layer is already built
     */
    public MultiHeadAttention useBias(boolean value) {
        checkMutable("useBias");
        this.useBias = value;
        return this;
    }

    /**
     * Applies a causal (lower-triangular) mask in every call through the layer's graph API:
     * query position t attends only to keys at positions &lt;= t.
     *
     * @param value true for a causal mask; false (default) for none
     * @return this layer
     */
    public MultiHeadAttention useCausalMask(boolean value) {
        this.useCausalMask = value;
        return this;
    }

    /**
     * Keras' {@code kernel_initializer}.
     *
     * @param init fills the kernel when the layer is built (default glorot_uniform)
     * @return this layer
     * @throws IllegalStateException if the layer is already built
     */
    public MultiHeadAttention kernelInitializer(Initializer init) {
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
    public MultiHeadAttention biasInitializer(Initializer init) {
        checkMutable("biasInitializer");
        this.biasInitializer = init;
        return this;
    }

    @Override
    public MultiHeadAttention name(String newName) {
        super.name(newName);
        return this;
    }

    @Override
    public MultiHeadAttention seed(long value) {
        super.seed(value);
        return this;
    }

    @Override
    protected void onSeedChanged() {
        random = null;
    }

    /**
     * The number of heads.
     *
     * @return the head count
     */
    public int numHeads() {
        return numHeads;
    }

    /**
     * The width of each head's query and key projections.
     *
     * @return keyDim
     */
    public int keyDim() {
        return keyDim;
    }

    /**
     * The width of each head's value projection.
     *
     * @return valueDim (keyDim unless set)
     */
    public int valueDim() {
        return valueDim;
    }

    /**
     * A weight by its Keras name.
     *
     * @param name {@code query/kernel} {@code (Dq, heads, keyDim)}, {@code key/kernel},
     *     {@code value/kernel} {@code (Dv, heads, valueDim)}, {@code attention_output/kernel}
     *     {@code (heads, valueDim, out)}, or one of their {@code /bias}
     * @return the weight; null before build, for an unknown name, or for a bias without useBias
     */
    public Weight weight(String name) {
        for (Weight w : weights()) if (w.name().equals(name)) return w;
        return null;
    }

    // ---------------------------------------------------------------- shapes and weights

    @Override
    protected Shape computeOutputShape(List<Shape> in) {
        if (in.size() < 2 || in.size() > 3) throw error("expects [query, value] or [query, value, key], got " + in.size() + " input(s)");
        for (int i = 0; i < in.size(); i++) {
            if (in.get(i).rank() != 2) {
                throw error("expected " + new String[] {"query", "value", "key"}[i] + " (None, sequence, features), got " + Summary.shapeString(in.get(i)));
            }
        }
        if (in.size() == 3 && in.get(2).dim(0) != in.get(1).dim(0)) {
            throw error("key and value must have the same sequence length, got " + Summary.shapeString(in.get(2)) + " and " + Summary.shapeString(in.get(1)));
        }
        return Shape.of(in.get(0).dim(0), outputDim > 0 ? outputDim : in.get(0).dim(1));
    }

    @Override
    protected Shape computeOutputShape(Shape in) {
        throw error("expects [query, value] or [query, value, key], got 1 input");
    }

    @Override
    protected void createWeights(List<Shape> in) {
        int dq = in.get(0).dim(1), dv = in.get(1).dim(1), dk = in.size() == 3 ? in.get(2).dim(1) : dv;
        int out = outputDim > 0 ? outputDim : dq;
        queryKernel = addWeight("query/kernel", Shape.of(dq, numHeads, keyDim), kernelInitializer, null, true);
        if (useBias) queryBias = addWeight("query/bias", Shape.of(numHeads, keyDim), biasInitializer, null, true);
        keyKernel = addWeight("key/kernel", Shape.of(dk, numHeads, keyDim), kernelInitializer, null, true);
        if (useBias) keyBias = addWeight("key/bias", Shape.of(numHeads, keyDim), biasInitializer, null, true);
        valueKernel = addWeight("value/kernel", Shape.of(dv, numHeads, valueDim), kernelInitializer, null, true);
        if (useBias) valueBias = addWeight("value/bias", Shape.of(numHeads, valueDim), biasInitializer, null, true);
        outputKernel = addWeight("attention_output/kernel", Shape.of(numHeads, valueDim, out), kernelInitializer, null, true);
        if (useBias) outputBias = addWeight("attention_output/bias", Shape.of(out), biasInitializer, null, true);
    }

    @Override
    protected boolean acceptsInput(Shape built, Shape got) {
        return got.rank() == 2 && got.dim(1) == built.dim(1); // other sequence lengths are fine
    }

    // ---------------------------------------------------------------- computing

    @Override
    protected Tensor call(List<Tensor> inputs, boolean training) {
        Tensor key = inputs.size() == 3 ? inputs.get(2) : inputs.get(1);
        return compute(inputs.get(0), inputs.get(1), key, null, useCausalMask, training).output();
    }

    /**
     * Self- or cross-attention in inference mode (the key is the value).
     *
     * @param query shape {@code (N, T, Dq)}
     * @param value shape {@code (N, S, Dv)}; pass the query again for self-attention
     * @return shape {@code (N, T, out)}
     * @throws IllegalArgumentException if an input is not rank 3 or does not fit the built weights
     */
    public Tensor apply(Tensor query, Tensor value) {
        return attend(query, value, null, null, useCausalMask, false).output();
    }

    /**
     * The full call, as Keras' {@code call(query, value, key, attention_mask, return_attention_scores=True,
     * training, use_causal_mask)}.
     *
     * @param query shape {@code (N, T, Dq)}
     * @param value shape {@code (N, S, Dv)}
     * @param key shape {@code (N, S, Dk)}, or null to use the value
     * @param attentionMask shape {@code (N, T, S)} or {@code (T, S)}, 1 where query t may attend to key s and 0
     *     where not; or null for no mask
     * @param causal whether to add a causal mask (key s &lt;= query t)
     * @param training whether dropout on the attention weights applies
     * @return the output {@code (N, T, out)} and the attention weights after the softmax {@code (N, heads, T, S)}
     * @throws IllegalArgumentException if an input is not rank 3 or the shapes do not fit
     */
    public Result attend(Tensor query, Tensor value, Tensor key, Tensor attentionMask, boolean causal, boolean training) {
        List<Tensor> in = new ArrayList<>(List.of(query, value));
        if (key != null) in.add(key);
        List<Shape> shapes = new ArrayList<>();
        for (Tensor t : in) {
            if (t.rank() != 3) throw error("expected (batch, sequence, features) inputs, got " + t.shape());
            shapes.add(Shape.of(t.dim(1), t.dim(2)));
        }
        if (query.dim(0) != value.dim(0) || (key != null && key.dim(0) != query.dim(0))) {
            throw error("query, value and key must have the same batch size, got " + query.shape() + ", " + value.shape() + (key != null ? ", " + key.shape() : ""));
        }
        build(shapes);
        return compute(query, value, key != null ? key : value, attentionMask, causal, training);
    }

    private Result compute(Tensor query, Tensor value, Tensor key, Tensor mask, boolean causal, boolean training) {
        int n = query.dim(0), t = query.dim(1), s = value.dim(1);
        Tensor q = project(query, queryKernel, queryBias).mul((float) (1 / Math.sqrt(keyDim))); // (N, H, T, kd)
        Tensor k = project(key, keyKernel, keyBias);                                             // (N, H, S, kd)
        Tensor v = project(value, valueKernel, valueBias);                                       // (N, H, S, vd)
        Tensor scores = q.matmul(k.transpose(2, 3));                                             // (N, H, T, S)
        Tensor allowed = allowed(mask, causal, n, t, s);
        if (allowed != null) scores = Tensor.where(allowed, scores, Tensor.scalar(MASKED));
        Tensor weights = scores.softmax(-1);
        Tensor dropped = weights;
        if (training && dropout > 0) {
            if (random == null) random = new SplittableRandom(seed());
            dropped = weights.dropout(dropout, random);
        }
        Tensor context = dropped.matmul(v).permute(0, 2, 1, 3).reshape(n * t, numHeads * valueDim); // (N*T, H*vd)
        Tensor wo = outputKernel.value();
        Tensor out = context.matmul(wo.reshape(numHeads * valueDim, wo.dim(2))).reshape(n, t, wo.dim(2));
        if (outputBias != null) out = out.add(outputBias.value());
        return new Result(out, weights);
    }

    /** x (N, L, D) through kernel (D, H, d) and bias (H, d), heads moved forward: (N, H, L, d). */
    private Tensor project(Tensor x, Weight kernel, Weight bias) {
        int n = x.dim(0), len = x.dim(1), d = kernel.shape().dim(2);
        Tensor w = kernel.value().reshape(kernel.shape().dim(0), numHeads * d);
        Tensor y = x.reshape(n * len, x.dim(2)).matmul(w).reshape(n, len, numHeads, d);
        if (bias != null) y = y.add(bias.value());
        return y.permute(0, 2, 1, 3);
    }

    /** The 0/1 mask (N or 1, 1, T, S) of allowed pairs, or null when everything is allowed. */
    private Tensor allowed(Tensor mask, boolean causal, int n, int t, int s) {
        Tensor m = null;
        if (mask != null) {
            boolean perSample = mask.rank() == 3 && mask.dim(0) == n && mask.dim(1) == t && mask.dim(2) == s;
            boolean shared = mask.rank() == 2 && mask.dim(0) == t && mask.dim(1) == s;
            if (!perSample && !shared) throw error("attention mask must be (" + n + ", " + t + ", " + s + ") or (" + t + ", " + s + "), got " + mask.shape());
            Tensor m3 = perSample ? mask.detach() : mask.detach().unsqueeze(0);
            m = m3.gt(Tensor.scalar(0f)).unsqueeze(1);
        }
        if (causal) {
            float[] c = new float[t * s];
            for (int i = 0; i < t; i++) for (int j = 0; j <= i && j < s; j++) c[i * s + j] = 1f;
            Tensor tri = Tensor.of(c, 1, 1, t, s);
            m = m == null ? tri : m.mul(tri);
        }
        return m;
    }

    // ---------------------------------------------------------------- saving

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = super.config();
        c.put("num_heads", numHeads);
        c.put("key_dim", keyDim);
        c.put("value_dim", valueDim);
        c.put("output_dim", outputDim > 0 ? outputDim : null);
        c.put("dropout", dropout);
        c.put("use_bias", useBias);
        c.put("use_causal_mask", useCausalMask);
        c.put("kernel_initializer", Initializers.toConfig(kernelInitializer));
        c.put("bias_initializer", Initializers.toConfig(biasInitializer));
        return c;
    }

    static MultiHeadAttention fromConfig(LayerConfig c) {
        MultiHeadAttention m = new MultiHeadAttention(c.getInt("num_heads"), c.getInt("key_dim"))
                .valueDim(c.getInt("value_dim", c.getInt("key_dim")))
                .dropout(c.has("dropout") ? c.getFloat("dropout") : 0f)
                .useBias(c.getBool("use_bias", true))
                .useCausalMask(c.getBool("use_causal_mask", false))
                .kernelInitializer(c.getInitializer("kernel_initializer", Initializers.glorotUniform()))
                .biasInitializer(c.getInitializer("bias_initializer", Initializers.zeros()));
        if (c.has("output_dim")) m.outputDim(c.getInt("output_dim"));
        return m;
    }
}
