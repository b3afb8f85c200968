package org.neurite.nn.layers;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.neurite.nn.Layer;
import org.neurite.nn.Variable;
import org.neurite.nn.Weight;
import org.neurite.tensor.Shape;
import org.neurite.tensor.Tensor;
import org.neurite.tensor.ops.RecurrentSequences;

/**
 * Runs a recurrent layer over the sequence in both directions and merges the results, as Keras'
 * {@code Bidirectional}. The wrapped layer becomes the forward layer (renamed
 * {@code forward_<name>}); a copy with the opposite {@code goBackwards} is the backward layer
 * ({@code backward_<name>}). With {@code returnSequences} the backward outputs are put back in
 * input time order before merging, so step t of both halves belongs to input step t (as Keras and
 * PyTorch's {@code bidirectional=True}).
 *
 * <p>Input {@code (N, T, in)}; output {@code (N, 2u)} (concat) or {@code (N, u)} (sum, mul, ave), or
 * with a time axis. With {@code returnState} the further outputs are the forward states then the
 * backward states; initial states are given the same way ({@code [x, fwd states..., bwd states...]}).
 * Parameters: twice the wrapped layer's. Weights are named {@code forward_lstm/kernel}, ...; the
 * wrapper's seed decides both halves' initial weights.
 */
public final class Bidirectional extends Layer {
    private final RecurrentLayer forward;
    private final RecurrentLayer backward;
    private final String mergeMode;
    private final String baseName;

    /**
     * Runs {@code layer} forwards and a copy of it backwards and concatenates their outputs
     * ({@code (N, 2*units)}, or {@code (N, T, 2*units)} with returnSequences).
     *
     * @param layer the unbuilt recurrent layer to wrap; it becomes the forward layer
     * @throws IllegalArgumentException if the layer is already built
     */
    public Bidirectional(RecurrentLayer layer) {
        this(layer, "concat");
    }

    /**
     * Runs {@code layer} forwards and a copy of it backwards and merges their outputs.
     *
     * @param layer the unbuilt recurrent layer to wrap; it becomes the forward layer, renamed
     *     {@code forward_<name>}
     * @param mergeMode Keras' {@code merge_mode}: {@code concat} (default; output width 2*units),
     *     {@code sum}, {@code mul} or {@code ave} (output width units)
     * @throws IllegalArgumentException if the merge mode is none of these or the layer is built
     */
    public Bidirectional(RecurrentLayer layer, String mergeMode) {
        String m = mergeMode == null ? "" : mergeMode.toLowerCase(Locale.ROOT);
        if (!List.of("concat", "sum", "mul", "ave").contains(m)) {
            throw new IllegalArgumentException("Bidirectional: merge_mode must be concat, sum, mul or ave, got " + mergeMode);
        }
        if (layer.isBuilt()) throw new IllegalArgumentException("Bidirectional: the wrapped layer " + layer.name() + " must not be built yet");
        this.mergeMode = m;
        this.forward = layer;
        String base = layer.name();
        this.baseName = base;
        this.backward = (RecurrentLayer) LayerRegistry.create(layer.className(), new LayerConfig(base, layer.config()));
        backward.goBackwards(!layer.goBackwards());
        forward.name("forward_" + base);
        backward.name("backward_" + base);
    }

    /**
     * The layer reading the sequence forwards.
     *
     * @return the wrapped layer
     */
    public RecurrentLayer forwardLayer() {
        return forward;
    }

    /**
     * The copy reading the sequence backwards (its own weights).
     *
     * @return the copy, named {@code backward_<name>}
     */
    public RecurrentLayer backwardLayer() {
        return backward;
    }

    /**
     * How the two directions' outputs are merged.
     *
     * @return {@code concat}, {@code sum}, {@code mul} or {@code ave}
     */
    public String mergeMode() {
        return mergeMode;
    }

    @Override
    public Bidirectional name(String newName) {
        super.name(newName);
        return this;
    }

    @Override
    public Bidirectional inputShape(int... dims) {
        super.inputShape(dims);
        return this;
    }

    @Override
    public Bidirectional seed(long value) {
        super.seed(value);
        return this;
    }

    @Override
    public Bidirectional trainable(boolean value) {
        super.trainable(value);
        forward.trainable(value);
        backward.trainable(value);
        return this;
    }

    // ---------------------------------------------------------------- shapes and weights

    private List<List<Shape>> splitInputs(List<Shape> in) {
        int states = forward.stateCount();
        if (in.size() != 1 && in.size() != 1 + 2 * states) {
            throw error("expected the input alone or the input and " + 2 * states + " initial states (forward then backward), got " + in.size() + " tensors");
        }
        List<Shape> f = new ArrayList<>(List.of(in.get(0)));
        List<Shape> b = new ArrayList<>(List.of(in.get(0)));
        if (in.size() > 1) {
            f.addAll(in.subList(1, 1 + states));
            b.addAll(in.subList(1 + states, 1 + 2 * states));
        }
        return List.of(f, b);
    }

    @Override
    protected List<Shape> computeOutputShapes(List<Shape> in) {
        List<List<Shape>> parts = splitInputs(in);
        List<Shape> f = forward.outputShapesFor(parts.get(0));
        List<Shape> b = backward.outputShapesFor(parts.get(1));
        List<Shape> out = new ArrayList<>();
        Shape main = f.get(0);
        out.add(mergeMode.equals("concat") ? main.withDim(-1, 2 * main.dim(-1)) : main);
        out.addAll(f.subList(1, f.size()));
        out.addAll(b.subList(1, b.size()));
        return out;
    }

    @Override
    protected Shape computeOutputShape(List<Shape> inputShapes) {
        return computeOutputShapes(inputShapes).get(0);
    }

    @Override
    protected void createWeights(List<Shape> in) {
        forward.seed(seed());
        backward.seed(seed() * 31 + 17);
        List<List<Shape>> parts = splitInputs(in);
        forward.build(parts.get(0));
        backward.build(parts.get(1));
    }

    @Override
    protected boolean acceptsInput(Shape built, Shape got) {
        if (built.rank() == 2) return got.rank() == 2 && got.dim(1) == built.dim(1);
        return built.equals(got);
    }

    /** The weights of both halves: forward then backward. */
    @Override
    public List<Weight> weights() {
        List<Weight> out = new ArrayList<>(forward.weights());
        out.addAll(backward.weights());
        return out;
    }

    @Override
    public List<Variable> variables() {
        List<Variable> out = new ArrayList<>(forward.variables());
        out.addAll(backward.variables());
        return out;
    }

    @Override
    public long countParams() {
        return forward.countParams() + backward.countParams();
    }

    @Override
    public long trainableParams() {
        return forward.trainableParams() + backward.trainableParams();
    }

    // ---------------------------------------------------------------- running

    @Override
    protected List<Tensor> callAll(List<Tensor> inputs, boolean training) {
        return callAll(inputs, null, training);
    }

    /** Both halves skip the masked steps of the input (its mask is {@code masks.get(0)}). */
    @Override
    protected List<Tensor> callAll(List<Tensor> inputs, List<Tensor> masks, boolean training) {
        List<Tensor> stepMask = new ArrayList<>();
        stepMask.add(masks == null ? null : masks.get(0));
        int states = forward.stateCount();
        List<Tensor> fin = new ArrayList<>(List.of(inputs.get(0)));
        List<Tensor> bin = new ArrayList<>(List.of(inputs.get(0)));
        if (inputs.size() > 1) {
            fin.addAll(inputs.subList(1, 1 + states));
            bin.addAll(inputs.subList(1 + states, 1 + 2 * states));
        }
        while (stepMask.size() < fin.size()) stepMask.add(null); // initial states have no mask
        List<Tensor> f = forward.forwardAll(fin, stepMask, training);
        List<Tensor> b = backward.forwardAll(bin, stepMask, training);
        Tensor yb = b.get(0);
        if (backward.returnSequences()) yb = RecurrentSequences.reverseTime(yb);
        Tensor y = f.get(0);
        Tensor merged = switch (mergeMode) {
            case "concat" -> Tensor.concat(List.of(y, yb), -1);
            case "sum" -> y.add(yb);
            case "mul" -> y.mul(yb);
            default -> y.add(yb).mul(0.5f);
        };
        List<Tensor> out = new ArrayList<>();
        out.add(merged);
        out.addAll(f.subList(1, f.size()));
        out.addAll(b.subList(1, b.size()));
        return out;
    }

    @Override
    protected Tensor call(Tensor input, boolean training) {
        return callAll(List.of(input), training).get(0);
    }

    @Override
    protected Tensor call(List<Tensor> inputs, boolean training) {
        return callAll(inputs, training).get(0);
    }

    /** The merged sequence keeps the input's mask; a final state has none. */
    @Override
    protected Tensor computeMask(List<Tensor> inputs, List<Tensor> masks) {
        return forward.returnSequences() ? masks.get(0) : null;
    }

    // ---------------------------------------------------------------- config

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = super.config();
        Map<String, Object> inner = new LinkedHashMap<>();
        inner.put("class", forward.className());
        inner.put("name", baseName);
        inner.put("config", forward.config());
        c.put("layer", inner);
        c.put("merge_mode", mergeMode);
        return c;
    }

    @SuppressWarnings("unchecked")
    static Bidirectional fromConfig(LayerConfig c) {
        if (!(c.raw("layer") instanceof Map<?, ?> inner) || !(inner.get("class") instanceof String cls) || !(inner.get("config") instanceof Map<?, ?> cfg)) {
            throw new IllegalArgumentException("Bidirectional: config 'layer' must be {\"class\": ..., \"config\": {...}}, got " + c.raw("layer"));
        }
        Layer layer = LayerRegistry.create(cls, new LayerConfig(cls, (Map<String, Object>) cfg));
        if (!(layer instanceof RecurrentLayer r)) throw new IllegalArgumentException("Bidirectional: can only wrap SimpleRNN, LSTM or GRU, got " + cls);
        if (inner.get("name") instanceof String n) r.name(n); // so the halves get their saved names back
        return new Bidirectional(r, c.getString("merge_mode", "concat"));
    }
}
