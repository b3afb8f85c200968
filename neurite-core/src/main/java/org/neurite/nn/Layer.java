package org.neurite.nn;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.neurite.kernel.Buffers;
import org.neurite.tensor.Shape;
import org.neurite.tensor.Tensor;

/**
 * A layer in the Keras 3 mould: it is built lazily from the shape of its first input (shapes here
 * never include the batch axis), declares its weights in {@link #createWeights}, and computes with
 * tensor ops in {@link #call}. The same object works eagerly ({@link #apply(Tensor)}) and
 * symbolically ({@link #apply(SymbolicTensor)}, for functional models).
 *
 * <p>A subclass with one input overrides {@link #computeOutputShape(Shape)}, optionally
 * {@link #createWeights(Shape)}, and {@link #call(Tensor, boolean)}; merge layers override the
 * {@code List} versions. Names are given automatically ({@code conv2d}, {@code conv2d_1}, ...,
 * see {@link LayerNames}) when the layer is first used, added to a model or asked for its name,
 * or explicitly with {@link #name(String)} (which, as in Keras, uses up no number). Keras numbers
 * layers when they are constructed; the two orders agree except for layers constructed long
 * before their first use (or nested: {@code outer.apply(inner.apply(x))} numbers inner first).
 */
public abstract class Layer {
    private String name;
    private boolean trainable = true;
    private Long seed;
    private boolean explicitSeed;
    private Shape declaredInputShape;
    /** Volatile: predict threads read it without a lock once a racing first call has built the layer. */
    private volatile List<Shape> builtInputShapes;
    private final List<Weight> weights = new ArrayList<>();
    private int nodeCount;

    // ---------------------------------------------------------------- identity and options

    /** The layer's name; assigned from the Keras-style registry on first call unless set. */
    public String name() {
        if (name == null) name = LayerNames.next(LayerNames.snakeCase(className()));
        return name;
    }

    /** Sets an explicit name (it does not consume an automatic number). Returns this. */
    public Layer name(String newName) {
        if (newName == null || newName.isBlank()) throw new IllegalArgumentException("a layer name must not be empty");
        if (newName.contains("/")) throw new IllegalArgumentException("a layer name must not contain '/': " + newName);
        checkMutable("name");
        this.name = newName;
        return this;
    }

    /** The Keras class name shown in summaries, e.g. {@code Conv2D}. */
    public String className() {
        return getClass().getSimpleName();
    }

    public boolean trainable() {
        return trainable;
    }

    /** Freezes (false) or unfreezes the layer: all its weights follow. Returns this. */
    public Layer trainable(boolean value) {
        this.trainable = value;
        for (Weight w : weights) w.refreshTrainable();
        return this;
    }

    /**
     * Declares the input shape (without batch axis) for a first layer of a {@link Sequential},
     * as Keras' {@code input_shape=}. Returns this.
     */
    public Layer inputShape(int... dims) {
        checkMutable("inputShape");
        this.declaredInputShape = Shape.of(dims);
        return this;
    }

    /** The shape given with {@link #inputShape}, or null. */
    public Shape declaredInputShape() {
        return declaredInputShape;
    }

    /** Fixes the seed of this layer's initial weights (and dropout masks). Returns this. */
    public Layer seed(long value) {
        this.seed = value;
        this.explicitSeed = true;
        onSeedChanged();
        return this;
    }

    /** A seed from the model's seed; a seed set on the layer itself wins. */
    void seedFromModel(long value) {
        if (!explicitSeed) {
            this.seed = value;
            onSeedChanged();
        }
    }

    /** Called when the seed changes, set on the layer or by the model (Dropout restarts its mask sequence). */
    protected void onSeedChanged() {}

    /** The seed, drawn from {@link Initializers#nextSeed()} on first use if none was given. */
    public long seed() {
        if (seed == null) seed = Initializers.nextSeed();
        return seed;
    }

    // ---------------------------------------------------------------- build

    public boolean isBuilt() {
        return builtInputShapes != null;
    }

    /**
     * Builds the layer for inputs of these shapes (batch axis excluded) if it is not built yet,
     * otherwise checks that they are compatible with the first ones. Returns the output shape.
     */
    public final Shape build(List<Shape> inputShapes) {
        if (inputShapes.isEmpty()) throw error("called without inputs");
        if (isBuilt()) {
            checkInputs(inputShapes);
            return computeOutputShape(inputShapes);
        }
        synchronized (this) { // first calls racing on an unbuilt layer: one creates the weights, the others wait and check
            return buildOnce(inputShapes);
        }
    }

    private Shape buildOnce(List<Shape> inputShapes) {
        name(); // an automatic name is fixed at first use, in the order layers are used
        if (isBuilt()) {
            checkInputs(inputShapes);
            return computeOutputShape(inputShapes);
        }
        if (declaredInputShape != null && inputShapes.size() == 1 && !declaredInputShape.equals(inputShapes.get(0))) {
            throw error("expected input " + Summary.shapeString(declaredInputShape) + ", got " + Summary.shapeString(inputShapes.get(0)));
        }
        Shape out = computeOutputShape(inputShapes); // validates before any weight exists
        try (Buffers.Scope s = Buffers.unrecycled()) { // weights outlive the training step that builds them
            createWeights(inputShapes);
        }
        builtInputShapes = List.copyOf(inputShapes);
        return out;
    }

    public final Shape build(Shape... inputShapes) {
        return build(List.of(inputShapes));
    }

    /** The input shapes the layer was built for (batch axis excluded); fails if not built. */
    public List<Shape> inputShapes() {
        if (!isBuilt()) throw error("is not built yet: call it on an input or add it to a model with an input shape");
        return builtInputShapes;
    }

    /** The output shape for the built input shapes (batch axis excluded). */
    public Shape outputShape() {
        return computeOutputShape(inputShapes());
    }

    private void checkInputs(List<Shape> got) {
        List<Shape> expected = builtInputShapes;
        if (got.size() != expected.size()) {
            throw error("expected " + expected.size() + " input(s), got " + got.size());
        }
        for (int i = 0; i < got.size(); i++) {
            if (!acceptsInput(expected.get(i), got.get(i))) {
                String which = got.size() > 1 ? " " + i : "";
                throw error("expected input" + which + " " + Summary.shapeString(expected.get(i)) + ", got " + Summary.shapeString(got.get(i)));
            }
        }
    }

    /** Fails if the layer is built: options that shape weights cannot change afterwards. */
    protected final void checkMutable(String what) {
        if (isBuilt()) throw new IllegalStateException(name() + ": cannot change " + what + " after the layer is built");
    }

    // ---------------------------------------------------------------- hooks for subclasses

    /** Output shape for one input shape; validates it (throw {@link #error} when it does not fit). */
    protected Shape computeOutputShape(Shape inputShape) {
        throw new UnsupportedOperationException(className() + " must override computeOutputShape");
    }

    /** Output shape for a list of inputs; by default requires exactly one input. */
    protected Shape computeOutputShape(List<Shape> inputShapes) {
        if (inputShapes.size() != 1) throw error("expected 1 input, got " + inputShapes.size());
        return computeOutputShape(inputShapes.get(0));
    }

    /** Declares the weights with {@link #addWeight} for this input shape. */
    protected void createWeights(Shape inputShape) {}

    protected void createWeights(List<Shape> inputShapes) {
        createWeights(inputShapes.get(0));
    }

    /** The computation; {@code training} switches dropout-like behaviour. Input has the batch axis. */
    protected Tensor call(Tensor input, boolean training) {
        throw new UnsupportedOperationException(className() + " must override call");
    }

    protected Tensor call(List<Tensor> inputs, boolean training) {
        return call(inputs.get(0), training);
    }

    /**
     * Shapes of all outputs (batch axis excluded). A layer with several outputs (an LSTM with
     * {@code returnState}) overrides this and {@link #callAll}; the first output is the main one,
     * the only one a {@link Sequential} or {@link #apply(Tensor)} passes on.
     */
    protected List<Shape> computeOutputShapes(List<Shape> inputShapes) {
        return List.of(computeOutputShape(inputShapes));
    }

    /** All outputs of the computation, main output first; by default the single {@link #call} result. */
    protected List<Tensor> callAll(List<Tensor> inputs, boolean training) {
        return List.of(inputs.size() == 1 ? call(inputs.get(0), training) : call(inputs, training));
    }

    /**
     * Whether a later input of shape {@code got} may be used with a layer built for {@code built}.
     * Exact equality by default; convolutions accept other heights and widths, Dense other leading axes.
     */
    protected boolean acceptsInput(Shape built, Shape got) {
        return built.equals(got);
    }

    /** Declares a weight (created lazily, initialized from this layer's seed). */
    protected final Weight addWeight(String weightName, Shape shape, Initializer initializer, Regularizer regularizer, boolean isTrainable) {
        Weight w = new Weight(this, weights.size(), weightName, shape, initializer, regularizer, isTrainable);
        weights.add(w);
        return w;
    }

    /** An IllegalArgumentException whose message starts with the layer name. */
    protected final IllegalArgumentException error(String message) {
        return new IllegalArgumentException(name() + ": " + message);
    }

    // ---------------------------------------------------------------- running

    /** Eager forward pass in inference mode on a batch. */
    public Tensor apply(Tensor input) {
        return forward(List.of(input), false);
    }

    public Tensor forward(Tensor input, boolean training) {
        return forward(List.of(input), training);
    }

    /** Eager forward pass: builds on first use, checks shapes, then calls {@link #call}; the main output. */
    public final Tensor forward(List<Tensor> inputs, boolean training) {
        return forwardAll(inputs, training).get(0);
    }

    /** Eager forward pass returning every output (see {@link #computeOutputShapes}), main output first. */
    public final List<Tensor> forwardAll(List<Tensor> inputs, boolean training) {
        List<Shape> shapes = new ArrayList<>(inputs.size());
        for (Tensor t : inputs) {
            if (t.rank() < 1) throw error("expected a batch (rank >= 1), got a scalar");
            shapes.add(Shape.of(java.util.Arrays.copyOfRange(t.shape().dims(), 1, t.rank())));
        }
        build(shapes);
        if (MODEL_DEPTH.get()[0] == 0 && INFERENCE_DEPTH.get()[0] == 0) clearLosses(); // a model clears once per pass (shared layers add twice)
        return callAll(inputs, training);
    }

    // ---------------------------------------------------------------- added losses (Keras' add_loss)

    private final List<Tensor> addedLosses = new ArrayList<>();
    private static final ThreadLocal<int[]> MODEL_DEPTH = ThreadLocal.withInitial(() -> new int[1]);
    /** Inside {@link #inferencePass}: added losses are neither cleared nor recorded (predict threads share the layer). */
    private static final ThreadLocal<int[]> INFERENCE_DEPTH = ThreadLocal.withInitial(() -> new int[1]);

    /**
     * Adds a scalar term to the training loss from inside {@link #call} (Keras' {@code add_loss}),
     * e.g. a VAE's KL term or an activity penalty; it must be differentiable with tensor ops. The
     * terms of a forward pass are kept until the next pass: a model clears them at the start of
     * each of its forward passes, a layer used on its own at the start of each of its calls. The
     * trainer adds every term of the pass to the loss it minimizes (and reports, as Keras).
     */
    protected final void addLoss(Tensor scalar) {
        if (scalar == null || scalar.size() != 1) {
            throw error("addLoss expects a scalar tensor, got " + (scalar == null ? "null" : "shape " + scalar.shape()));
        }
        if (INFERENCE_DEPTH.get()[0] > 0) return; // predict: nobody reads the loss, and other threads may be running this layer
        synchronized (addedLosses) {
            addedLosses.add(scalar.rank() == 0 ? scalar : scalar.reshape());
        }
    }

    /** The loss terms added by the last forward pass ({@link #addLoss}), in order. */
    public List<Tensor> losses() {
        return Collections.unmodifiableList(addedLosses);
    }

    /** Forgets the added losses (a model calls this at the start of each forward pass). */
    final void clearLosses() {
        if (INFERENCE_DEPTH.get()[0] > 0) return;
        synchronized (addedLosses) {
            addedLosses.clear();
        }
    }

    /**
     * Marks the calling thread as running pure inference until the returned scope closes:
     * layers then leave their added losses alone ({@link #addLoss} records nothing), so that
     * any number of threads may run the same layers at once ({@code Model.predict} opens it).
     */
    public static InferenceScope inferencePass() {
        INFERENCE_DEPTH.get()[0]++;
        return new InferenceScope();
    }

    /** Closes an {@link #inferencePass()}; not thread-safe itself: close it on the thread that opened it. */
    public static final class InferenceScope implements AutoCloseable {
        private boolean closed;

        private InferenceScope() {}

        @Override
        public void close() {
            if (closed) return;
            closed = true;
            INFERENCE_DEPTH.get()[0]--;
        }
    }

    /** Marks that a model's forward pass is running on this thread (layers then keep their losses). */
    static void enterModelPass() {
        MODEL_DEPTH.get()[0]++;
    }

    static void exitModelPass() {
        MODEL_DEPTH.get()[0]--;
    }

    /** Functional API: applies the layer to a symbolic tensor, giving the symbolic output. */
    public SymbolicTensor apply(SymbolicTensor input) {
        return apply(List.of(input));
    }

    public SymbolicTensor apply(SymbolicTensor... inputs) {
        return apply(List.of(inputs));
    }

    public SymbolicTensor apply(List<? extends SymbolicTensor> inputs) {
        return applyAll(inputs).get(0);
    }

    /**
     * Functional API for layers with several outputs: one symbolic tensor per output, main output
     * first ({@code [out, h, c] = lstm.applyAll(x)}); they share one node of the graph.
     */
    public List<SymbolicTensor> applyAll(List<? extends SymbolicTensor> inputs) {
        List<Shape> shapes = new ArrayList<>();
        for (SymbolicTensor t : inputs) shapes.add(t.shape());
        build(shapes);
        List<Shape> outs = computeOutputShapes(shapes);
        int node = nodeCount++;
        if (outs.size() == 1) return List.of(new SymbolicTensor(outs.get(0), this, node, new ArrayList<>(inputs)));
        List<SymbolicTensor> group = new ArrayList<>(outs.size());
        for (int i = 0; i < outs.size(); i++) group.add(new SymbolicTensor(outs.get(i), this, node, i, new ArrayList<>(inputs), group));
        return Collections.unmodifiableList(group);
    }

    public List<SymbolicTensor> applyAll(SymbolicTensor... inputs) {
        return applyAll(List.of(inputs));
    }

    // ---------------------------------------------------------------- weights

    /** The declared weights in creation order (kernel before bias). */
    public List<Weight> weights() {
        return Collections.unmodifiableList(weights);
    }

    /** The variables, created on first call. */
    public List<Variable> variables() {
        List<Variable> out = new ArrayList<>(weights.size());
        for (Weight w : weights) out.add(w.variable());
        return out;
    }

    public long countParams() {
        long n = 0;
        for (Weight w : weights) n += w.size();
        return n;
    }

    public long trainableParams() {
        long n = 0;
        for (Weight w : weights) if (w.trainable()) n += w.size();
        return n;
    }

    /**
     * The constructor arguments, as Keras' {@code get_config()}: JSON-compatible values (numbers,
     * strings, booleans, lists, maps). A saved model records them; {@code LayerRegistry} rebuilds
     * the layer from them.
     */
    public Map<String, Object> config() {
        return new LinkedHashMap<>();
    }

    @Override
    public String toString() {
        return name() + " (" + className() + ")" + (isBuilt() ? " -> " + Summary.shapeString(outputShape()) + ", " + countParams() + " params" : "");
    }
}
