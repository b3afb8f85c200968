package org.neurite.nn.layers;

import java.util.List;
import java.util.Map;
import org.neurite.nn.Layer;
import org.neurite.nn.Regularizers;
import org.neurite.tensor.Shape;
import org.neurite.tensor.Tensor;

/**
 * Keras' {@code ActivityRegularization}: passes its input through unchanged and adds
 * {@code l1 * sum(|x|) + l2 * sum(x^2)} over the whole batch to the training loss (through
 * {@link Layer#addLoss}, which the trainer adds to the loss it minimizes). This is Keras 3's
 * term; tf.keras 2 divided it by the batch size. Shape in = shape out, no parameters.
 */
public final class ActivityRegularization extends Layer {
    private final Regularizers.L1L2 penalty;

    /**
     * Adds {@code l1 * sum|x| + l2 * sum x^2} of its input to the loss; passes the input on unchanged.
     *
     * @param l1 the L1 factor; &gt;= 0
     * @param l2 the L2 factor; &gt;= 0
     * @throws IllegalArgumentException if either is negative or NaN
     */
    public ActivityRegularization(double l1, double l2) {
        if (!(l1 >= 0) || !(l2 >= 0)) throw new IllegalArgumentException("ActivityRegularization: l1 and l2 must be >= 0, got " + l1 + " and " + l2);
        this.penalty = new Regularizers.L1L2((float) l1, (float) l2);
    }

    /**
     * The L1 factor.
     *
     * @return the weight of {@code sum|x|} in the penalty
     */
    public float l1() {
        return penalty.l1();
    }

    /**
     * The L2 factor.
     *
     * @return the weight of {@code sum x^2} in the penalty
     */
    public float l2() {
        return penalty.l2();
    }

    @Override
    protected Shape computeOutputShape(Shape in) {
        return in;
    }

    @Override
    protected boolean acceptsInput(Shape built, Shape got) {
        return got.rank() == built.rank() && got.dim(-1) == built.dim(-1);
    }

    @Override
    protected Tensor call(Tensor x, boolean training) {
        if (penalty.l1() != 0f || penalty.l2() != 0f) addLoss(penalty.penalty(x));
        return x;
    }

    @Override
    protected Tensor computeMask(List<Tensor> inputs, List<Tensor> masks) {
        return masks.get(0);
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = super.config();
        c.put("l1", penalty.l1());
        c.put("l2", penalty.l2());
        return c;
    }

    static ActivityRegularization fromConfig(LayerConfig c) {
        return new ActivityRegularization(c.has("l1") ? c.getFloat("l1") : 0f, c.has("l2") ? c.getFloat("l2") : 0f);
    }
}
