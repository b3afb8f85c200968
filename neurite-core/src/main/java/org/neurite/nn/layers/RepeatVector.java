package org.neurite.nn.layers;

import java.util.Map;
import org.neurite.nn.Layer;
import org.neurite.nn.Summary;
import org.neurite.tensor.Shape;
import org.neurite.tensor.Tensor;

/**
 * Repeats a vector n times: {@code (N, F) -> (N, n, F)} (the bridge from an encoder's state to a
 * sequence decoder). The backward pass sums the n copies' gradients. No parameters.
 */
public final class RepeatVector extends Layer {
    private final int n;

    /**
     * Repeats each sample n times: {@code (N, D) -> (N, n, D)}.
     *
     * @param n the number of repetitions; &gt; 0
     * @throws IllegalArgumentException if it is not positive
     */
    public RepeatVector(int n) {
        if (n <= 0) throw new IllegalArgumentException("RepeatVector: n must be positive, got " + n);
        this.n = n;
    }

    /**
     * The number of repetitions.
     *
     * @return n, the size of the output's axis 1
     */
    public int n() {
        return n;
    }

    @Override
    protected Shape computeOutputShape(Shape in) {
        if (in.rank() != 1) throw error("expected input (None, features), got " + Summary.shapeString(in));
        return Shape.of(n, in.dim(0));
    }

    @Override
    protected Tensor call(Tensor x, boolean training) {
        return x.unsqueeze(1).broadcastTo(Shape.of(x.dim(0), n, x.dim(1)));
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = super.config();
        c.put("n", n);
        return c;
    }

    static RepeatVector fromConfig(LayerConfig c) {
        return new RepeatVector(c.getInt("n"));
    }
}
