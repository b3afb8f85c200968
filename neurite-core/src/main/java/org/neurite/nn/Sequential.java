package org.neurite.nn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.List;
import org.neurite.nn.layers.InputLayer;
import org.neurite.tensor.Shape;
import org.neurite.tensor.Tensor;

/**
 * A plain stack of layers, each feeding the next, as {@code keras.Sequential}. The input shape
 * comes from an {@link Input} given first, from {@code inputShape(...)} on the first layer, or from
 * the first batch seen (then {@link #summary()} is only possible afterwards).
 *
 * <pre>{@code
 * var model = new Sequential(
 *         new Conv2D(4, 3).activation("relu").padding("same").inputShape(32, 32, 3),
 *         new MaxPooling2D(2, 2),
 *         new Flatten(),
 *         new Dense(10, "softmax"));
 * }</pre>
 *
 * <p>As in Keras, {@link #layers()} and the summary leave out the input layer.
 */
public class Sequential extends Model {
    private final List<Layer> stack = new ArrayList<>();
    /** The layers in {@link #stack}, for the duplicate check in constant time. */
    private final Set<Layer> members = Collections.newSetFromMap(new IdentityHashMap<>());
    private Input input;
    private volatile boolean graphCurrent;
    /**
     * The symbolic chain built so far: {@code tail} is the output of the first {@code tailLength}
     * layers applied to {@code tailInput}. Each add() extends it by one layer, so building a model
     * of n layers costs n layer applications, not n^2 (the graph is recorded once, when needed).
     */
    private Input tailInput;
    private SymbolicTensor tail;
    private int tailLength;

    /** An empty stack; add an {@link Input} or layers with {@link #add(Layer)}. */
    public Sequential() {}

    /**
     * A stack of these layers, in order; the first may carry an input shape.
     *
     * @param layers the layers, first applied first
     * @throws IllegalArgumentException if a layer appears twice or does not fit the previous output
     */
    public Sequential(Layer... layers) {
        this(Arrays.asList(layers));
    }

    /**
     * A stack on an explicit input.
     *
     * @param input the model's input, e.g. {@code Input.of(28, 28, 1)}
     * @param layers the layers, first applied first
     * @throws IllegalArgumentException if a layer appears twice or does not fit the previous output
     */
    public Sequential(Input input, Layer... layers) {
        add(input);
        for (Layer l : layers) add(l);
    }

    /**
     * A stack of these layers, in list order.
     *
     * @param layers the layers, first applied first
     * @throws IllegalArgumentException if a layer appears twice or does not fit the previous output
     */
    public Sequential(List<? extends Layer> layers) {
        for (Layer l : layers) add(l);
    }

    @Override
    protected String defaultNameBase() {
        return "sequential";
    }

    /**
     * Sets the input; only allowed as the first entry.
     *
     * @param in the model's input
     * @return this model, for chaining
     * @throws IllegalStateException if the model already has an input or layers
     */
    public Sequential add(Input in) {
        if (input != null || !stack.isEmpty()) throw new IllegalStateException(name() + ": an Input can only be the first entry of a Sequential");
        this.input = in;
        return this;
    }

    /**
     * Appends a layer; when the input shape is known it is applied at once, so a misfit fails here
     * naming the layer.
     *
     * @param layer the layer (an InputLayer sets the input instead)
     * @return this model, for chaining
     * @throws IllegalArgumentException if the layer is already in the model or does not fit the previous output
     */
    public Sequential add(Layer layer) {
        if (layer instanceof InputLayer il) return add(Input.of(il));
        if (members.contains(layer)) throw new IllegalArgumentException(name() + ": layer " + layer.name() + " is already in the model");
        layer.name(); // fixes the automatic name now, in Keras' creation order
        stack.add(layer);
        members.add(layer);
        graphCurrent = false;
        Shape shape = knownInputShape();
        if (shape != null) {
            try {
                extendTail(shape); // fail fast on a shape error, naming the layer
            } catch (RuntimeException e) {
                stack.remove(stack.size() - 1);
                members.remove(layer);
                throw e;
            }
        }
        return this;
    }

    /**
     * Removes the last layer (Keras' {@code pop()}).
     *
     * @return this model, for chaining
     */
    public Sequential pop() {
        if (stack.isEmpty()) throw new IllegalStateException(name() + ": there is no layer to remove");
        members.remove(stack.remove(stack.size() - 1));
        graphCurrent = false;
        tail = null; // rebuilt from the input on the next use
        return this;
    }

    /** @return the stacked layers, without the input layer */
    @Override
    public List<Layer> layers() {
        if (!graphCurrent && knownInputShape() != null) ensureGraph(); // builds the layers' weights
        return Collections.unmodifiableList(stack);
    }

    /** @return whether the input shape is known, so that the model can be summarized */
    public boolean isBuilt() {
        return knownInputShape() != null || graphCurrent;
    }

    private Shape knownInputShape() {
        if (input != null) return input.shape();
        if (!stack.isEmpty() && stack.get(0).declaredInputShape() != null) return stack.get(0).declaredInputShape();
        if (!stack.isEmpty() && stack.get(0).isBuilt() && stack.get(0).inputShapes().size() == 1) return stack.get(0).inputShapes().get(0);
        return null;
    }

    @Override
    protected void ensureGraph() {
        if (graphCurrent) return; // built: no lock on the predict path
        synchronized (this) {
            ensureGraphLocked();
        }
    }

    private void ensureGraphLocked() {
        if (graphCurrent) return;
        Shape shape = knownInputShape();
        if (shape == null) {
            throw new IllegalStateException(name() + " has not been built yet: give the first layer an input shape "
                    + "(.inputShape(...)), start with Input.of(...), or call the model on a batch first");
        }
        buildGraph(shape);
    }

    @Override
    protected void ensureGraph(Tensor firstBatch) {
        if (graphCurrent) return;
        synchronized (this) { // first predict calls racing on an unbuilt model build it once
            ensureGraphLocked(firstBatch);
        }
    }

    private void ensureGraphLocked(Tensor firstBatch) {
        if (graphCurrent) return;
        if (knownInputShape() == null && firstBatch != null && firstBatch.rank() >= 1) {
            buildGraph(Shape.of(Arrays.copyOfRange(firstBatch.shape().dims(), 1, firstBatch.rank())));
        } else {
            ensureGraphLocked();
        }
    }

    private void buildGraph(Shape shape) {
        if (stack.isEmpty()) throw new IllegalStateException(name() + " has no layers");
        boolean learnedFromData = input == null && stack.get(0).declaredInputShape() == null && !stack.get(0).isBuilt();
        Input in = extendTail(shape);
        if (learnedFromData) input = in; // remember the shape learned from data so a later add() or summary() works
        setGraph(List.of(in), List.of(tail));
        graphCurrent = true;
    }

    /** Applies the layers not yet in the chain; restarts it when the input changed or layers were removed. Returns the input. */
    private Input extendTail(Shape shape) {
        // Keras names the implicit input after the first layer, without using an input_N number.
        Input in = input != null ? input
                : tailInput != null && tail != null && tailInput.shape().equals(shape) && tailInput.layer().name().equals(stack.get(0).name() + "_input")
                        ? tailInput : Input.of(stack.get(0).name() + "_input", shape.dims());
        if (tail == null || tailInput != in || tailLength > stack.size()) {
            for (Model.Node stale : graphNodes()) stale.layer().forgetApplication(stale.output()); // the chain this one replaces
            tailInput = in;
            tail = in;
            tailLength = 0;
        }
        while (tailLength < stack.size()) {
            tail = stack.get(tailLength).apply(tail);
            tailLength++;
        }
        return in;
    }
}
