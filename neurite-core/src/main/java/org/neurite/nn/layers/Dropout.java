package org.neurite.nn.layers;

import java.util.List;
import java.util.Map;
import org.neurite.nn.Layer;
import org.neurite.nn.RandomStream;
import org.neurite.nn.Stochastic;
import org.neurite.tensor.Shape;
import org.neurite.tensor.Tensor;

/**
 * Inverted dropout: in training, zeroes each element with probability {@code rate} and scales
 * the rest by {@code 1/(1-rate)}; in inference, the identity. Shape in = shape out. No parameters.
 * The masks come from the layer seed ({@link #seed(long)} or the model's), so runs repeat; the
 * mask of call k depends only on (seed, k) (see {@link RandomStream}), so checkpoints resume it.
 */
public final class Dropout extends Layer implements Stochastic {
    private final float rate;
    private RandomStream random;

    /**
     * Inverted dropout: in training zeroes each element with probability {@code rate} and scales
     * the rest by {@code 1 / (1 - rate)}; the identity in inference.
     *
     * @param rate the fraction dropped, in [0, 1)
     * @throws IllegalArgumentException if it is outside [0, 1)
     */
    public Dropout(double rate) {
        if (!(rate >= 0 && rate < 1)) throw new IllegalArgumentException("Dropout: rate must be in [0, 1), got " + rate);
        this.rate = (float) rate;
    }

    /**
     * The drop probability.
     *
     * @return the rate, in [0, 1)
     */
    public float rate() {
        return rate;
    }

    @Override
    public Dropout seed(long value) {
        super.seed(value); // onSeedChanged restarts the mask sequence
        return this;
    }

    @Override
    protected void onSeedChanged() {
        random = null;
    }

    @Override
    protected Shape computeOutputShape(Shape in) {
        return in;
    }

    @Override
    protected Tensor call(Tensor x, boolean training) {
        if (!training || rate == 0f) return x;
        if (random == null) random = new RandomStream(seed());
        return x.dropout(rate, random.next());
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

    /** Steps stay independent here: the input's mask passes on. */
    @Override
    protected Tensor computeMask(List<Tensor> inputs, List<Tensor> masks) {
        return masks.get(0);
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = super.config();
        c.put("rate", rate);
        return c;
    }

    static Dropout fromConfig(LayerConfig c) {
        return new Dropout(c.getFloat("rate"));
    }
}
