package org.neurite.nn.layers;

import java.util.List;
import java.util.Map;
import org.neurite.nn.Layer;
import org.neurite.nn.RandomStream;
import org.neurite.nn.Stochastic;
import org.neurite.nn.Summary;
import org.neurite.tensor.Shape;
import org.neurite.tensor.Tensor;

/**
 * What Keras' {@link Attention} (Luong) and {@link AdditiveAttention} (Bahdanau) share (Keras'
 * {@code BaseDenseAttention}): inputs {@code [query (N, Tq, d), value (N, Tv, dv)]} or
 * {@code [query, value, key (N, Tv, d)]} (key defaults to value); scores {@code (N, Tq, Tv)} from
 * the subclass; masked keys get {@code -1e9} added, then
 * {@code weights = softmax(scores)} over the keys, dropout on the weights in training, and
 * {@code output = weights @ value}, shape {@code (N, Tq, dv)}. Masks from the model (the value's
 * mask for the keys, the query's mask zeroing padded query steps, as Keras) are applied, and the
 * output keeps the query's mask. {@code causal} lets query step i see keys {@code j <= i} only.
 */
public abstract class BaseAttention extends Layer implements Stochastic {
    private static final float MASKED = 1e9f;
    private final float dropout;
    private boolean causal;
    private RandomStream random;

    BaseAttention(double dropout) {
        if (!(dropout >= 0 && dropout < 1)) throw new IllegalArgumentException(getClass().getSimpleName() + ": dropout must be in [0, 1), got " + dropout);
        this.dropout = (float) dropout;
    }

    /**
     * Lets query step i attend to keys 0..i only (Keras' {@code use_causal_mask=True}).
     *
     * @param value true for a causal mask; false (default) for none
     * @return this layer
     */
    public BaseAttention causal(boolean value) {
        this.causal = value;
        return this;
    }

    /**
     * Whether the causal mask applies.
     *
     * @return true if query step i sees keys 0..i only
     */
    public boolean causal() {
        return causal;
    }

    /**
     * The dropout rate on the attention weights (training only).
     *
     * @return the rate, in [0, 1)
     */
    public float dropout() {
        return dropout;
    }

    /**
     * The raw scores, before masking and the softmax.
     *
     * @param query shape {@code (N, Tq, d)}
     * @param key shape {@code (N, Tv, d)}
     * @return shape {@code (N, Tq, Tv)}
     */
    protected abstract Tensor scores(Tensor query, Tensor key);

    @Override
    protected Shape computeOutputShape(List<Shape> in) {
        if (in.size() != 2 && in.size() != 3) throw error("expected inputs [query, value] or [query, value, key], got " + in.size() + " tensor(s)");
        Shape q = in.get(0), v = in.get(1), k = in.size() == 3 ? in.get(2) : v;
        for (Shape s : in) if (s.rank() != 2) throw error("expected inputs (None, steps, features), got " + Add.shapes(in));
        if (k.dim(0) != v.dim(0)) throw error("key and value must have the same number of steps, got key " + Summary.shapeString(k) + " and value " + Summary.shapeString(v));
        if (q.dim(1) != k.dim(1)) throw error("query and key must have the same features, got query " + Summary.shapeString(q) + " and key " + Summary.shapeString(k));
        return Shape.of(q.dim(0), v.dim(1));
    }

    /** Other numbers of steps are fine; the features must match. */
    @Override
    protected boolean acceptsInput(Shape built, Shape got) {
        return got.rank() == built.rank() && got.dim(-1) == built.dim(-1);
    }

    @Override
    protected Tensor call(List<Tensor> inputs, boolean training) {
        return attend(inputs, null, null, training);
    }

    @Override
    protected List<Tensor> callAll(List<Tensor> inputs, List<Tensor> masks, boolean training) {
        return List.of(attend(inputs, masks.get(0), masks.get(1), training));
    }

    /** The output keeps the query's mask. */
    @Override
    protected Tensor computeMask(List<Tensor> inputs, List<Tensor> masks) {
        return masks.get(0);
    }

    /** The attention result {@code (N, Tq, dv)}; the masks {@code (N, Tq)} and {@code (N, Tv)} may be null. */
    private Tensor attend(List<Tensor> inputs, Tensor queryMask, Tensor valueMask, boolean training) {
        Tensor query = inputs.get(0), value = inputs.get(1), key = inputs.size() == 3 ? inputs.get(2) : value;
        int n = query.dim(0), tq = query.dim(1), tv = value.dim(1);
        Tensor scores = scores(query, key);
        Tensor allowed = valueMask == null ? null : valueMask.reshape(n, 1, tv);
        if (causal) {
            float[] c = new float[tq * tv];
            for (int i = 0; i < tq; i++) for (int j = 0; j <= i && j < tv; j++) c[i * tv + j] = 1f;
            Tensor tri = Tensor.of(c, 1, tq, tv);
            allowed = allowed == null ? tri : allowed.mul(tri);
        }
        if (allowed != null) scores = scores.sub(allowed.rsub(1f).mul(MASKED));
        Tensor weights = scores.softmax(-1);
        if (training && dropout > 0f) {
            if (random == null) random = new RandomStream(seed());
            weights = weights.dropout(dropout, random.next());
        }
        Tensor out = weights.matmul(value);
        return queryMask == null ? out : out.mul(queryMask.reshape(n, tq, 1));
    }

    @Override
    protected void onSeedChanged() {
        random = null;
    }

    @Override
    public long randomPosition() {
        return random == null ? 0 : random.position();
    }

    @Override
    public void randomPosition(long position) {
        random = new RandomStream(seed());
        random.position(position);
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = super.config();
        c.put("dropout", dropout);
        c.put("causal", causal);
        return c;
    }
}
