package org.neurite.nn.layers;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.neurite.nn.Layer;
import org.neurite.nn.Summary;
import org.neurite.nn.Variable;
import org.neurite.nn.Weight;
import org.neurite.tensor.Shape;
import org.neurite.tensor.Tensor;

/**
 * Applies one layer to every time step, as Keras' {@code TimeDistributed}: the same weights for
 * all steps. The time axis is folded into the batch ({@code (N, T, ...) -> (N*T, ...)}), the
 * wrapped layer runs once on that batch, and the result is unfolded again, so gradients flow
 * through ordinary reshapes.
 *
 * <p>Input {@code (N, T, ...)} (T may differ between calls), output {@code (N, T, ...inner output)}.
 * Parameters: the wrapped layer's (its weights keep its own name, e.g. {@code dense/kernel}).
 * A mask on the input passes through unchanged.
 */
public final class TimeDistributed extends Layer {
    private final Layer inner;

    /**
     * Applies {@code layer} to every time step: {@code (N, T, ...) -> (N, T, ...out)}, one set of
     * weights for all steps.
     *
     * @param layer the unbuilt layer to wrap; not null
     * @throws IllegalArgumentException if it is null or already built
     */
    public TimeDistributed(Layer layer) {
        if (layer == null) throw new IllegalArgumentException("TimeDistributed: the wrapped layer must not be null");
        if (layer.isBuilt()) throw new IllegalArgumentException("TimeDistributed: the wrapped layer " + layer.name() + " must not be built yet");
        this.inner = layer;
    }

    /**
     * The wrapped layer.
     *
     * @return the layer applied to each step
     */
    public Layer layer() {
        return inner;
    }

    @Override
    public TimeDistributed name(String newName) {
        super.name(newName);
        return this;
    }

    @Override
    public TimeDistributed inputShape(int... dims) {
        super.inputShape(dims);
        return this;
    }

    @Override
    public TimeDistributed seed(long value) {
        super.seed(value);
        return this;
    }

    @Override
    public TimeDistributed trainable(boolean value) {
        super.trainable(value);
        inner.trainable(value);
        return this;
    }

    // ---------------------------------------------------------------- shapes and weights

    /** Builds the wrapped layer on one step's shape (the wrapper's seed decides its weights). */
    @Override
    protected Shape computeOutputShape(Shape in) {
        if (in.rank() < 2) throw error("expected input (None, timesteps, ...), got " + Summary.shapeString(in));
        if (!inner.isBuilt()) inner.seed(seed());
        Shape step = inner.build(List.of(Shape.of(Arrays.copyOfRange(in.dims(), 1, in.rank()))));
        int[] out = new int[step.rank() + 1];
        out[0] = in.dim(0);
        System.arraycopy(step.dims(), 0, out, 1, step.rank());
        return Shape.of(out);
    }

    /** Another number of time steps is fine; one step's shape must match. */
    @Override
    protected boolean acceptsInput(Shape built, Shape got) {
        if (got.rank() != built.rank()) return false;
        for (int a = 1; a < got.rank(); a++) if (got.dim(a) != built.dim(a)) return false;
        return true;
    }

    @Override
    public List<Weight> weights() {
        return inner.weights();
    }

    @Override
    public List<Variable> variables() {
        return inner.variables();
    }

    @Override
    public long countParams() {
        return inner.countParams();
    }

    @Override
    public long trainableParams() {
        return inner.trainableParams();
    }

    // ---------------------------------------------------------------- running

    @Override
    protected Tensor call(Tensor x, boolean training) {
        int n = x.dim(0), t = x.dim(1);
        int[] folded = Arrays.copyOfRange(x.shape().dims(), 1, x.rank());
        folded[0] = n * t;
        Tensor y = inner.forward(List.of(x.reshape(folded)), training);
        int[] out = new int[y.rank() + 1];
        out[0] = n;
        out[1] = t;
        System.arraycopy(y.shape().dims(), 1, out, 2, y.rank() - 1);
        return y.reshape(out);
    }

    @Override
    protected List<Layer> wrappedLayers() {
        return List.of(inner);
    }

    // ---------------------------------------------------------------- config

    /** Steps stay independent here: the input's mask passes on. */
    @Override
    protected Tensor computeMask(List<Tensor> inputs, List<Tensor> masks) {
        return masks.get(0);
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = super.config();
        Map<String, Object> wrapped = new LinkedHashMap<>();
        wrapped.put("class", inner.className());
        wrapped.put("name", inner.name());
        wrapped.put("config", inner.config());
        c.put("layer", wrapped);
        return c;
    }

    @SuppressWarnings("unchecked")
    static TimeDistributed fromConfig(LayerConfig c) {
        if (!(c.raw("layer") instanceof Map<?, ?> w) || !(w.get("class") instanceof String cls) || !(w.get("config") instanceof Map<?, ?> cfg)) {
            throw new IllegalArgumentException("TimeDistributed: config 'layer' must be {\"class\": ..., \"config\": {...}}, got " + c.raw("layer"));
        }
        String name = w.get("name") instanceof String s ? s : cls;
        Layer layer = LayerRegistry.create(cls, new LayerConfig(name, (Map<String, Object>) cfg));
        if (w.get("name") instanceof String s) layer.name(s);
        return new TimeDistributed(layer);
    }
}
