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
    private List<Shape> inputShapesBeingBuilt = List.of();
    private final List<Weight> weights = new ArrayList<>();
    private int nodeCount;

    // ---------------------------------------------------------------- identity and options

    /** @return the layer's name; assigned from the Keras-style registry on first call unless set */
    public String name() {
        if (name == null) name = LayerNames.next(LayerNames.snakeCase(className()));
        return name;
    }

    /**
     * Sets an explicit name (it does not consume an automatic number).
     *
     * @param newName the name, unique within a model
     * @return this layer, for chaining
     */
    public Layer name(String newName) {
        if (newName == null || newName.isBlank()) throw new IllegalArgumentException("a layer name must not be empty");
        if (newName.contains("/")) throw new IllegalArgumentException("a layer name must not contain '/': " + newName);
        checkMutable("name");
        this.name = newName;
        return this;
    }

    /** @return the Keras class name shown in summaries, e.g. {@code Conv2D} */
    public String className() {
        return getClass().getSimpleName();
    }

    /**
     * Whether the layer's weights are trained (Keras' {@code layer.trainable}); true by default.
     *
     * @return false when frozen
     */
    public boolean trainable() {
        return trainable;
    }

    /**
     * Freezes (false) or unfreezes the layer: all its weights follow, from the next training step.
     *
     * @param value false to freeze
     * @return this layer, for chaining
     */
    public Layer trainable(boolean value) {
        this.trainable = value;
        for (Weight w : weights) w.refreshTrainable();
        return this;
    }

    /**
     * Declares the input shape (without batch axis) for a first layer of a {@link Sequential},
     * as Keras' {@code input_shape=}. Returns this.
     *
     * @param dims the sample shape, e.g. {@code 784} or {@code 28, 28, 1}
     * @return this layer, for chaining
     * @throws IllegalStateException if the layer is already built
     */
    public Layer inputShape(int... dims) {
        checkMutable("inputShape");
        this.declaredInputShape = Shape.of(dims);
        return this;
    }

    /** @return the shape given with {@link #inputShape}, or null */
    public Shape declaredInputShape() {
        return declaredInputShape;
    }

    /**
     * Fixes the seed of this layer's initial weights (and dropout masks).
     *
     * @param value the seed; the same seed gives the same weights
     * @return this layer, for chaining
     */
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

    /** @return the seed, drawn from {@link Initializers#nextSeed()} on first use if none was given */
    public long seed() {
        if (seed == null) seed = Initializers.nextSeed();
        return seed;
    }

    // ---------------------------------------------------------------- build

    /**
     * Whether the layer has been built, i.e. its input shapes (and so its weights' shapes) are fixed.
     *
     * @return true after the first {@link #build} or forward pass
     */
    public boolean isBuilt() {
        return builtInputShapes != null;
    }

    /**
     * Builds the layer for inputs of these shapes (batch axis excluded) if it is not built yet,
     * otherwise checks that they are compatible with the first ones. Returns the output shape.
     *
     * @param inputShapes one shape per input, batch axis excluded
     * @return the main output shape, batch axis excluded
     * @throws IllegalArgumentException if no shapes are given or they do not fit the layer or its first build
     */
    public final Shape build(List<Shape> inputShapes) {
        if (inputShapes.isEmpty()) throw error("called without inputs");
        if (isBuilt()) {
            checkInputs(inputShapes);
            return outputShapesFor(inputShapes).get(0);
        }
        synchronized (this) { // first calls racing on an unbuilt layer: one creates the weights, the others wait and check
            return buildOnce(inputShapes);
        }
    }

    private Shape buildOnce(List<Shape> inputShapes) {
        name(); // an automatic name is fixed at first use, in the order layers are used
        if (isBuilt()) {
            checkInputs(inputShapes);
            return outputShapesFor(inputShapes).get(0);
        }
        if (declaredInputShape != null && inputShapes.size() == 1 && !declaredInputShape.admits(inputShapes.get(0))) {
            throw error("expected input " + Summary.shapeString(declaredInputShape) + ", got " + Summary.shapeString(inputShapes.get(0)));
        }
        Shape out = outputShapesFor(inputShapes).get(0); // validates before any weight exists
        inputShapesBeingBuilt = inputShapes;
        try (Buffers.Scope s = Buffers.unrecycled()) { // weights outlive the training step that builds them
            createWeights(inputShapes);
        } finally {
            inputShapesBeingBuilt = List.of();
        }
        builtInputShapes = List.copyOf(inputShapes);
        return out;
    }

    /**
     * Builds the layer for these input shapes; see {@link #build(List)}.
     *
     * @param inputShapes one shape per input, batch axis excluded
     * @return the main output shape, batch axis excluded
     * @throws IllegalArgumentException if the shapes do not fit
     */
    public final Shape build(Shape... inputShapes) {
        return build(List.of(inputShapes));
    }

    /** @return the input shapes the layer was built for (batch axis excluded); fails if not built */
    public List<Shape> inputShapes() {
        if (!isBuilt()) throw error("is not built yet: call it on an input or add it to a model with an input shape");
        return builtInputShapes;
    }

    /** @return the output shape for the built input shapes (batch axis excluded) */
    public Shape outputShape() {
        return outputShapesFor(inputShapes()).get(0);
    }

    /** Sizes that stand in for unknown (None) input dimensions; far enough apart that strides up to 65 tell them apart. */
    private static final int PROBE_SMALL = 65;
    private static final int PROBE_LARGE = 130;

    /**
     * {@link #computeOutputShapes} for inputs that may have unknown (None) dimensions, so that no
     * layer has to handle None itself: the shapes are computed with every None taken as 65 and then
     * as 130, and an output dimension that differs between the two depends on the unknown ones and
     * is None (a conv over (None, None, 3) gives (None, None, filters); global pooling gives (filters)).
     */
    private List<Shape> outputShapesFor(List<Shape> inputShapes) {
        boolean known = true;
        for (Shape s : inputShapes) known &= s.isKnown();
        if (known) return computeOutputShapes(inputShapes);
        List<Shape> small;
        List<Shape> large;
        try {
            small = computeOutputShapes(withUnknownAs(inputShapes, PROBE_SMALL));
            large = computeOutputShapes(withUnknownAs(inputShapes, PROBE_LARGE));
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw error("cannot take input " + shapesString(inputShapes) + " with unknown (None) dimensions, tried as "
                    + PROBE_SMALL + " and " + PROBE_LARGE + ": " + e.getMessage());
        }
        List<Shape> out = new ArrayList<>(small.size());
        for (int i = 0; i < small.size(); i++) {
            int[] a = small.get(i).dims();
            int[] b = large.get(i).dims();
            if (a.length != b.length) throw error("output rank depends on the unknown input dimensions of " + shapesString(inputShapes));
            for (int d = 0; d < a.length; d++) if (a[d] != b[d]) a[d] = Shape.UNKNOWN;
            out.add(Shape.of(a));
        }
        return out;
    }

    private static List<Shape> withUnknownAs(List<Shape> shapes, int size) {
        List<Shape> out = new ArrayList<>(shapes.size());
        for (Shape s : shapes) {
            int[] d = s.dims();
            for (int i = 0; i < d.length; i++) if (d[i] == Shape.UNKNOWN) d[i] = size;
            out.add(Shape.of(d));
        }
        return out;
    }

    private static String shapesString(List<Shape> shapes) {
        if (shapes.size() == 1) return Summary.shapeString(shapes.get(0));
        List<String> parts = new ArrayList<>();
        for (Shape s : shapes) parts.add(Summary.shapeString(s));
        return "[" + String.join(", ", parts) + "]";
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

    /**
     * Fails if the layer is built: options that shape weights cannot change afterwards.
     *
     * @param what the option, named in the message
     * @throws IllegalStateException if the layer is built
     */
    protected final void checkMutable(String what) {
        if (isBuilt()) throw new IllegalStateException(name() + ": cannot change " + what + " after the layer is built");
    }

    // ---------------------------------------------------------------- hooks for subclasses

    /**
     * Output shape for one input shape; validates it (throw {@link #error} when it does not fit).
     *
     * @param inputShape the input shape, batch axis excluded
     * @return the output shape, batch axis excluded
     */
    protected Shape computeOutputShape(Shape inputShape) {
        throw new UnsupportedOperationException(className() + " must override computeOutputShape");
    }

    /**
     * Output shape for a list of inputs; by default requires exactly one input.
     *
     * @param inputShapes one shape per input, batch axis excluded
     * @return the output shape, batch axis excluded
     */
    protected Shape computeOutputShape(List<Shape> inputShapes) {
        if (inputShapes.size() != 1) throw error("expected 1 input, got " + inputShapes.size());
        return computeOutputShape(inputShapes.get(0));
    }

    /**
     * Declares the weights with {@link #addWeight} for this input shape.
     *
     * @param inputShape the input shape, batch axis excluded
     */
    protected void createWeights(Shape inputShape) {}

    /**
     * Declares the weights for several inputs; by default those of the single input.
     *
     * @param inputShapes one shape per input, batch axis excluded
     */
    protected void createWeights(List<Shape> inputShapes) {
        createWeights(inputShapes.get(0));
    }

    /**
     * The computation; {@code training} switches dropout-like behaviour. Input has the batch axis.
     *
     * @param input the batch {@code (N, ...)}
     * @param training true in training (dropout active, batch-norm on batch statistics)
     * @return the output batch {@code (N, ...)}
     */
    protected Tensor call(Tensor input, boolean training) {
        throw new UnsupportedOperationException(className() + " must override call");
    }

    /**
     * The computation on several inputs; by default {@link #call(Tensor, boolean)} on the single one.
     *
     * @param inputs the input batches, one per input, each {@code (N, ...)}
     * @param training true in training (dropout active, batch-norm on batch statistics)
     * @return the output batch {@code (N, ...)}
     */
    protected Tensor call(List<Tensor> inputs, boolean training) {
        return call(inputs.get(0), training);
    }

    /**
     * Shapes of all outputs (batch axis excluded). A layer with several outputs (an LSTM with
     * {@code returnState}) overrides this and {@link #callAll}; the first output is the main one,
     * the only one a {@link Sequential} or {@link #apply(Tensor)} passes on.
     *
     * @param inputShapes one shape per input, batch axis excluded
     * @return one shape per output, main output first
     */
    protected List<Shape> computeOutputShapes(List<Shape> inputShapes) {
        return List.of(computeOutputShape(inputShapes));
    }

    /**
     * All outputs of the computation, main output first; by default the single {@link #call} result.
     *
     * @param inputs the input batches, one per input, each {@code (N, ...)}
     * @param training true in training (dropout active, batch-norm on batch statistics)
     * @return one batch per output, main output first
     */
    protected List<Tensor> callAll(List<Tensor> inputs, boolean training) {
        return List.of(inputs.size() == 1 ? call(inputs.get(0), training) : call(inputs, training));
    }

    /**
     * Whether a later input of shape {@code got} may be used with a layer built for {@code built}.
     * Equality on the known axes by default (a None axis takes any size); convolutions accept other
     * heights and widths, Dense other leading axes.
     *
     * @param built the input shape the layer was built for
     * @param got the shape of a later input
     * @return whether the layer can run on it
     */
    protected boolean acceptsInput(Shape built, Shape got) {
        return built.admits(got);
    }

    /**
     * Declares a weight (created lazily, initialized from this layer's seed).
     *
     * @param weightName the short name, e.g. {@code kernel}
     * @param shape the weight's shape
     * @param initializer draws the first values
     * @param regularizer the penalty added to the loss, or null
     * @param isTrainable false for state such as BatchNorm's moving statistics
     * @return the declared weight
     */
    protected final Weight addWeight(String weightName, Shape shape, Initializer initializer, Regularizer regularizer, boolean isTrainable) {
        if (!shape.isKnown()) {
            throw error("weight '" + weightName + "' would have shape " + shape + ": it depends on an input dimension that is unknown (None) in "
                    + shapesString(inputShapesBeingBuilt) + "; give that dimension a size");
        }
        Weight w = new Weight(this, weights.size(), weightName, shape, initializer, regularizer, isTrainable);
        weights.add(w);
        return w;
    }

    /**
     * An IllegalArgumentException whose message starts with the layer name.
     *
     * @param message what was expected and what came
     * @return the exception, to throw
     */
    protected final IllegalArgumentException error(String message) {
        return new IllegalArgumentException(name() + ": " + message);
    }

    // ---------------------------------------------------------------- running

    /**
     * Eager forward pass in inference mode on a batch.
     *
     * @param input the batch {@code (N, ...)}
     * @return the output batch {@code (N, ...)}
     */
    public Tensor apply(Tensor input) {
        return forward(List.of(input), false);
    }

    /**
     * Eager forward pass on one input batch; see {@link #forward(List, boolean)}.
     *
     * @param input the batch {@code (N, ...)}
     * @param training true in training (dropout active, batch-norm on batch statistics)
     * @return the main output batch
     */
    public Tensor forward(Tensor input, boolean training) {
        return forward(List.of(input), training);
    }

    /**
     * Eager forward pass: builds on first use, checks shapes, then calls {@link #call}; the main output.
     *
     * @param inputs the input batches, one per input, each {@code (N, ...)}
     * @param training true in training (dropout active, batch-norm on batch statistics)
     * @return the main output batch
     * @throws IllegalArgumentException if an input does not fit the layer
     */
    public final Tensor forward(List<Tensor> inputs, boolean training) {
        return forwardAll(inputs, training).get(0);
    }

    /**
     * Eager forward pass returning every output (see {@link #computeOutputShapes}), main output first.
     *
     * @param inputs the input batches, one per input, each {@code (N, ...)}
     * @param training true in training (dropout active, batch-norm on batch statistics)
     * @return one batch per output
     * @throws IllegalArgumentException if an input does not fit the layer
     */
    public final List<Tensor> forwardAll(List<Tensor> inputs, boolean training) {
        return forwardAll(inputs, null, training);
    }

    /**
     * Eager forward pass with the masks of the inputs (one per input, each null or a 0/1 tensor
     * {@code (N, T)}, 1 = a real step; see {@link #computeMask}); null = no masks. Layers that use
     * masks (recurrent layers, GlobalAveragePooling1D, attention) skip or ignore the masked steps.
     *
     * @param inputs the input batches, one per input, each {@code (N, ...)}
     * @param masks one mask {@code (N, T)} or null per input, or null for none
     * @param training true in training (dropout active, batch-norm on batch statistics)
     * @return one batch per output
     * @throws IllegalArgumentException if an input does not fit the layer
     */
    public final List<Tensor> forwardAll(List<Tensor> inputs, List<Tensor> masks, boolean training) {
        List<Shape> shapes = new ArrayList<>(inputs.size());
        for (Tensor t : inputs) {
            if (t.rank() < 1) throw error("expected a batch (rank >= 1), got a scalar");
            shapes.add(Shape.of(java.util.Arrays.copyOfRange(t.shape().dims(), 1, t.rank())));
        }
        build(shapes);
        if (MODEL_DEPTH.get()[0] == 0 && INFERENCE_DEPTH.get()[0] == 0) clearLosses(); // a model clears once per pass (shared layers add twice)
        if (masks != null && masks.size() != inputs.size()) throw error("got " + inputs.size() + " inputs but " + masks.size() + " masks");
        java.util.ArrayDeque<Layer> calling = CALLING.get();
        calling.push(this);
        List<Tensor> outs;
        try {
            outs = masks == null || masks.stream().allMatch(java.util.Objects::isNull) ? callAll(inputs, training) : callAll(inputs, masks, training);
            if (activityRegularizer != null) for (Tensor out : outs) addLoss(activityRegularizer.penalty(out));
        } finally {
            calling.pop();
        }
        Layer outer = calling.peek();
        if (outer != null && !addedLosses.isEmpty()) { // called inside another layer (Bidirectional, a wrapper): hand them up
            outer.addedLosses.addAll(addedLosses);
            addedLosses.clear();
        }
        return outs;
    }

    // ---------------------------------------------------------------- activity regularizer and constraints (any layer, as Keras' base Layer)

    private Regularizer activityRegularizer;
    private final Map<String, Constraint> constraints = new LinkedHashMap<>();

    /**
     * Keras' {@code activity_regularizer}: a penalty on this layer's outputs, added to the training
     * loss at every forward pass through {@link #addLoss} (one term per output). As Keras 3, the
     * penalty of the whole batch is added as is: {@code Regularizers.l2(0.01)} adds
     * {@code 0.01 * sum(y^2)} over every sample of the batch (tf.keras 2 divided it by the batch
     * size). Null removes it. Returns this.
     *
     * @param r the penalty on the outputs, or null
     * @return this layer, for chaining
     */
    public Layer activityRegularizer(Regularizer r) {
        this.activityRegularizer = r;
        return this;
    }

    /** @return the activity regularizer, or null */
    public Regularizer activityRegularizer() {
        return activityRegularizer;
    }

    /**
     * The Keras config keys of the constraints this layer takes, each with the name of its weight,
     * e.g. Dense: {@code kernel_constraint -> kernel, bias_constraint -> bias}. None by default.
     *
     * @return config key to weight name, in config order
     */
    protected Map<String, String> constraintKeys() {
        return Map.of();
    }

    /**
     * An ordered, unmodifiable map of constraint keys for {@link #constraintKeys()}: key, weight, key, weight, ...
     *
     * @param keyWeightPairs alternating config keys and weight names
     * @return the map, in the given order
     */
    protected static Map<String, String> constraintKeys(String... keyWeightPairs) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i + 1 < keyWeightPairs.length; i += 2) m.put(keyWeightPairs[i], keyWeightPairs[i + 1]);
        return Collections.unmodifiableMap(m);
    }

    /**
     * Sets the constraint of a weight by its name ({@code kernel}, {@code recurrent_kernel},
     * {@code bias}, ...; see {@link #constraintKeys()}); optimizers apply it after each step. Null
     * removes it. Must be set before the layer is built. Returns this.
     *
     * @param weightName the weight's short name
     * @param c the constraint, or null
     * @return this layer, for chaining
     * @throws IllegalArgumentException if the layer has no such constrainable weight
     * @throws IllegalStateException if the layer is built
     */
    public Layer constraint(String weightName, Constraint c) {
        if (!constraintKeys().containsValue(weightName)) {
            throw error("has no weight '" + weightName + "' that takes a constraint" + (constraintKeys().isEmpty() ? "" : " (weights: " + String.join(", ", constraintKeys().values()) + ")"));
        }
        checkMutable("the " + weightName + " constraint");
        if (c == null) constraints.remove(weightName);
        else constraints.put(weightName, c);
        return this;
    }

    /**
     * The constraint of the weight with this name, or null.
     *
     * @param weightName the weight's short name
     * @return its constraint, or null
     */
    public Constraint constraint(String weightName) {
        return constraints.get(weightName);
    }

    /**
     * Reads what every layer's config may hold besides its own keys: {@code activity_regularizer}
     * and the constraints of {@link #constraintKeys()} (the inverse of what {@link #config()} adds).
     * {@code LayerRegistry} calls it on each layer it creates. Returns this.
     *
     * @param c the layer's config
     * @return this layer, for chaining
     */
    public Layer configureCommon(org.neurite.nn.layers.LayerConfig c) {
        if (c.has("activity_regularizer")) activityRegularizer(c.getRegularizer("activity_regularizer"));
        for (Map.Entry<String, String> e : constraintKeys().entrySet()) {
            if (c.has(e.getKey())) constraint(e.getValue(), Constraints.fromConfig(name() + ": config '" + e.getKey() + "'", c.raw(e.getKey())));
        }
        return this;
    }

    // ---------------------------------------------------------------- masks (Keras' implicit masking)

    /**
     * The mask of the main output, as Keras' {@code compute_mask}: a 0/1 tensor {@code (N, T)}
     * (1 = a real step, 0 = padding) that a model passes to the layers that consume this output,
     * or null. {@code masks} holds one entry per input (null where an input has none). By default
     * a layer drops masks (as Keras 3 does for layers without masking support); layers that treat
     * steps one by one pass the first on (Dense, Dropout, activations, TimeDistributed,
     * normalizations), merges combine them, recurrent layers keep it only with
     * {@code returnSequences}, and Masking and {@code Embedding(maskZero)} make one.
     *
     * @param inputs the input batches, one per input, each {@code (N, ...)}
     * @param masks one mask {@code (N, T)} or null per input
     * @return the output mask {@code (N, T)}, or null
     */
    protected Tensor computeMask(List<Tensor> inputs, List<Tensor> masks) {
        return null;
    }

    /**
     * The output mask for these inputs and input masks (null: none), see {@link #computeMask}.
     *
     * @param inputs the input batches, one per input, each {@code (N, ...)}
     * @param masks one mask or null per input, or null for none
     * @return the output mask {@code (N, T)}, or null
     */
    public final Tensor outputMask(List<Tensor> inputs, List<Tensor> masks) {
        return computeMask(inputs, masks != null ? masks : Collections.nCopies(inputs.size(), null));
    }

    /**
     * {@link #callAll(List, boolean)} when at least one input has a mask; by default the masks are
     * not used. Layers whose result depends on which steps are real override it.
     *
     * @param inputs the input batches, one per input, each {@code (N, ...)}
     * @param masks one mask {@code (N, T)} or null per input
     * @param training true in training (dropout active, batch-norm on batch statistics)
     * @return one batch per output, main output first
     */
    protected List<Tensor> callAll(List<Tensor> inputs, List<Tensor> masks, boolean training) {
        return callAll(inputs, training);
    }

    // ---------------------------------------------------------------- added losses (Keras' add_loss)

    private final List<Tensor> addedLosses = new ArrayList<>();
    private static final ThreadLocal<int[]> MODEL_DEPTH = ThreadLocal.withInitial(() -> new int[1]);
    /** The layers whose call is running on this thread, innermost first (a layer inside a wrapper passes its losses out). */
    private static final ThreadLocal<java.util.ArrayDeque<Layer>> CALLING = ThreadLocal.withInitial(java.util.ArrayDeque::new);
    /** Inside {@link #inferencePass}: added losses are neither cleared nor recorded (predict threads share the layer). */
    private static final ThreadLocal<int[]> INFERENCE_DEPTH = ThreadLocal.withInitial(() -> new int[1]);

    /**
     * Adds a scalar term to the training loss from inside {@link #call} (Keras' {@code add_loss}),
     * e.g. a VAE's KL term or an activity penalty; it must be differentiable with tensor ops. The
     * terms of a forward pass are kept until the next pass: a model clears them at the start of
     * each of its forward passes, a layer used on its own at the start of each of its calls. A layer
     * called from inside another layer's call (the layer a {@code Bidirectional} wraps) hands its
     * terms to that outer layer when its call returns, so the model finds them there. The trainer
     * adds every term of the pass to the loss it minimizes (and reports, as Keras). This is the
     * one mechanism for losses added by layers: {@link #activityRegularizer} uses it, and so can a
     * layer such as Keras' {@code ActivityRegularization} (one {@code addLoss} in its call).
     *
     * @param scalar a differentiable scalar tensor
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

    /** @return the loss terms added by the last forward pass ({@link #addLoss}), in order; a wrapper's include its wrapped layers' */
    public List<Tensor> losses() {
        List<Layer> wrapped = wrappedLayers();
        if (wrapped.isEmpty()) return Collections.unmodifiableList(addedLosses);
        List<Tensor> out = new ArrayList<>(addedLosses);
        for (Layer l : wrapped) out.addAll(l.losses());
        return Collections.unmodifiableList(out);
    }

    /**
     * The layers a wrapper runs inside its own call ({@code TimeDistributed}, {@code Bidirectional}):
     * their added losses count as the wrapper's and are cleared with its. None by default.
     *
     * @return the wrapped layers
     */
    protected List<Layer> wrappedLayers() {
        return List.of();
    }

    /** Forgets the added losses, the wrapped layers' too (a model calls this at the start of each forward pass). */
    final void clearLosses() {
        if (INFERENCE_DEPTH.get()[0] > 0) return;
        synchronized (addedLosses) {
            addedLosses.clear();
        }
        for (Layer l : wrappedLayers()) l.clearLosses();
    }

    /**
     * Marks the calling thread as running pure inference until the returned scope closes:
     * layers then leave their added losses alone ({@link #addLoss} records nothing), so that
     * any number of threads may run the same layers at once ({@code Model.predict} opens it).
     *
     * @return the scope; close it (try-with-resources) when the pass ends
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

    /**
     * Functional API: applies the layer to a symbolic tensor, giving the symbolic output.
     *
     * @param input a tensor of the graph, e.g. an {@link Input}
     * @return the layer's (main) output in the graph
     * @throws IllegalArgumentException if the input's shape does not fit the layer
     */
    public SymbolicTensor apply(SymbolicTensor input) {
        return apply(List.of(input));
    }

    /**
     * Functional API for layers with several inputs (merges, attention).
     *
     * @param inputs tensors of the graph, in the layer's input order
     * @return the layer's main output in the graph
     * @throws IllegalArgumentException if the inputs do not fit the layer
     */
    public SymbolicTensor apply(SymbolicTensor... inputs) {
        return apply(List.of(inputs));
    }

    /**
     * Functional API for layers with several inputs, as a list.
     *
     * @param inputs tensors of the graph, in the layer's input order
     * @return the layer's main output in the graph
     * @throws IllegalArgumentException if the inputs do not fit the layer
     */
    public SymbolicTensor apply(List<? extends SymbolicTensor> inputs) {
        return applyAll(inputs).get(0);
    }

    /**
     * Functional API for layers with several outputs: one symbolic tensor per output, main output
     * first ({@code [out, h, c] = lstm.applyAll(x)}); they share one node of the graph.
     *
     * @param inputs tensors of the graph, in the layer's input order
     * @return one tensor per output, main output first
     * @throws IllegalArgumentException if the inputs do not fit the layer
     */
    public List<SymbolicTensor> applyAll(List<? extends SymbolicTensor> inputs) {
        List<Shape> shapes = new ArrayList<>();
        for (SymbolicTensor t : inputs) shapes.add(t.shape());
        build(shapes);
        List<Shape> outs = outputShapesFor(shapes);
        int node = nodeCount++;
        if (outs.size() == 1) {
            SymbolicTensor out = new SymbolicTensor(outs.get(0), this, node, new ArrayList<>(inputs));
            applications.add(out);
            return List.of(out);
        }
        List<SymbolicTensor> group = new ArrayList<>(outs.size());
        for (int i = 0; i < outs.size(); i++) group.add(new SymbolicTensor(outs.get(i), this, node, i, new ArrayList<>(inputs), group));
        applications.add(group.get(0));
        return Collections.unmodifiableList(group);
    }

    /** Main outputs of this layer's symbolic applications still in use, oldest first (for {@link #output()}). */
    private final List<SymbolicTensor> applications = new ArrayList<>();

    /**
     * The symbolic output of this layer in the graph it was first applied in (Keras'
     * {@code layer.output}; the main output for layers with several). With the model's inputs it
     * builds a model of part of the graph that shares this layer's weights, e.g. a feature extractor:
     * {@code new Model(model.inputs(), model.getLayer("conv2d_1").output())}. A layer applied in
     * several places (a shared layer) has one output per application: see {@link #outputAt(int)}.
     *
     * @return the output of the first application
     */
    public SymbolicTensor output() {
        return outputAt(0);
    }

    /**
     * The main symbolic output of this layer's application {@code index} (Keras' {@code get_output_at}).
     *
     * @param index the application, 0 for the first
     * @return its main output
     */
    public SymbolicTensor outputAt(int index) {
        if (applications.isEmpty()) {
            throw new IllegalStateException(name() + ": has no output yet: it has not been applied to a symbolic tensor (an Input or another layer's output)");
        }
        if (index < 0 || index >= applications.size()) {
            throw new IllegalArgumentException(name() + ": has " + applications.size() + " application(s), asked for output " + index);
        }
        return applications.get(index);
    }

    /** Records a symbolic output made outside {@link #applyAll} (an {@link Input} of an input layer). */
    final void recordApplication(SymbolicTensor mainOutput) {
        applications.add(mainOutput);
    }

    /** Forgets an application whose graph was discarded (a Sequential rebuilds its graph when layers are added). */
    final void forgetApplication(SymbolicTensor mainOutput) {
        applications.removeIf(t -> t == mainOutput);
    }

    /**
     * Functional API for layers with several outputs; see {@link #applyAll(List)}.
     *
     * @param inputs tensors of the graph, in the layer's input order
     * @return one tensor per output, main output first
     */
    public List<SymbolicTensor> applyAll(SymbolicTensor... inputs) {
        return applyAll(List.of(inputs));
    }

    // ---------------------------------------------------------------- weights

    /**
     * The layers inside this one, for layers that hold others (a model used as a layer); none by
     * default. The summary lists them with {@code expandNested} (Keras' {@code expand_nested}).
     *
     * @return the inner layers, in order
     */
    public List<Layer> innerLayers() {
        return List.of();
    }

    /** @return the declared weights in creation order (kernel before bias) */
    public List<Weight> weights() {
        return Collections.unmodifiableList(weights);
    }

    /** @return the variables, created on first call */
    public List<Variable> variables() {
        List<Variable> out = new ArrayList<>(weights.size());
        for (Weight w : weights) out.add(w.variable());
        return out;
    }

    /**
     * The number of weight values, trainable or not (Keras' {@code count_params()}).
     *
     * @return the parameter count
     */
    public long countParams() {
        long n = 0;
        for (Weight w : weights) n += w.size();
        return n;
    }

    /**
     * Copies of the weight values in Keras' layout and order ({@code layer.get_weights()}): Dense
     * kernel {@code (in, units)} then bias {@code (units)}; Conv2D kernel {@code (kh, kw, in, out)};
     * LSTM kernel {@code (in, 4u)}, recurrent_kernel {@code (u, 4u)}, bias {@code (4u)} with gate
     * blocks i, f, c, o; GRU (reset_after) bias {@code (2, 3u)}; BatchNormalization gamma, beta,
     * moving_mean, moving_variance. Empty for a layer without weights; fails if not built.
     *
     * @return copies of the weights, in Keras' order
     */
    public List<Tensor> getWeights() {
        requireBuiltForWeights("getWeights");
        List<Tensor> out = new ArrayList<>(weights.size());
        for (Weight w : weights) out.add(Tensor.of(w.value().toArray(), w.shape()));
        return out;
    }

    /**
     * Sets every weight from arrays in the order and shapes of {@link #getWeights()} (Keras'
     * {@code set_weights}); checks them all before changing any. Fails naming the layer and the weight.
     *
     * @param values one tensor per weight, in {@link #getWeights()} order and shapes
     * @throws IllegalArgumentException if the count or a shape differs
     */
    public void setWeights(List<Tensor> values) {
        requireBuiltForWeights("setWeights");
        if (values == null || values.size() != weights.size()) {
            List<String> expected = new ArrayList<>();
            for (Weight w : weights) expected.add(w.name() + " " + w.shape());
            throw error("setWeights expects " + weights.size() + " array(s) " + expected + ", got " + (values == null ? "null" : values.size()));
        }
        for (int i = 0; i < weights.size(); i++) checkWeightValue(weights.get(i), values.get(i));
        for (int i = 0; i < weights.size(); i++) weights.get(i).assign(values.get(i).toArray());
    }

    /** Fails unless {@code value} has the weight's shape. */
    final void checkWeightValue(Weight w, Tensor value) {
        if (value == null) throw error("setWeights: the value for weight '" + w.name() + "' " + w.shape() + " is null");
        if (!value.shape().equals(w.shape())) {
            throw error("setWeights: weight '" + w.name() + "' has shape " + w.shape() + ", got an array of shape " + value.shape());
        }
    }

    private void requireBuiltForWeights(String what) {
        if (!isBuilt()) throw error("is not built yet, so it has no weights for " + what + ": call it on an input or add it to a model with an input shape first");
    }

    /**
     * The number of trainable weight values (0 when the layer is frozen).
     *
     * @return the trainable parameter count
     */
    public long trainableParams() {
        long n = 0;
        for (Weight w : weights) if (w.trainable()) n += w.size();
        return n;
    }

    /**
     * The constructor arguments, as Keras' {@code get_config()}: JSON-compatible values (numbers,
     * strings, booleans, lists, maps). A saved model records them; {@code LayerRegistry} rebuilds
     * the layer from them. The base holds what any layer may have: {@code activity_regularizer} and
     * the {@code *_constraint} keys, each only when set (see {@link #configureCommon}).
     *
     * @return the config, in Keras' key order
     */
    public Map<String, Object> config() {
        Map<String, Object> c = new LinkedHashMap<>();
        // only when set, so that configs (and files) of layers without them stay as they were
        if (activityRegularizer != null) {
            c.put("activity_regularizer", org.neurite.nn.layers.LayerConfig.regularizer(name(), "activity_regularizer", activityRegularizer));
        }
        for (Map.Entry<String, String> e : constraintKeys().entrySet()) {
            Constraint k = constraints.get(e.getValue());
            if (k != null) c.put(e.getKey(), Constraints.toConfig(name() + ": the " + e.getKey(), k));
        }
        return c;
    }

    @Override
    public String toString() {
        return name() + " (" + className() + ")" + (isBuilt() ? " -> " + Summary.shapeString(outputShape()) + ", " + countParams() + " params" : "");
    }
}
