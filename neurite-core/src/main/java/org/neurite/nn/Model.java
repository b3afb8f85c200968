package org.neurite.nn;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.neurite.autograd.GradMode;
import org.neurite.data.MultiSampleSource;
import org.neurite.data.SampleSource;
import org.neurite.io.ModelFile;
import org.neurite.nn.callbacks.History;
import org.neurite.nn.layers.InputLayer;
import org.neurite.nn.losses.Loss;
import org.neurite.nn.losses.Losses;
import org.neurite.nn.metrics.ClassificationReport;
import org.neurite.nn.metrics.Metric;
import org.neurite.nn.metrics.Metrics;
import org.neurite.nn.optimizers.Optimizer;
import org.neurite.nn.optimizers.Optimizers;
import org.neurite.nn.training.FitConfig;
import org.neurite.nn.training.Trainer;
import org.neurite.tensor.MemoryBudget;
import org.neurite.tensor.Tensor;

/**
 * A functional model: a graph of layers from {@link Input}s to outputs, as {@code keras.Model(inputs,
 * outputs)}. Branches and merges (residual blocks, Inception modules) and shared layers are allowed.
 *
 * <pre>{@code
 * Input in = Input.of(32, 32, 16);
 * SymbolicTensor x = new Conv2D(16, 3).padding("same").activation("relu").apply(in);
 * x = new Conv2D(16, 3).padding("same").apply(x);
 * SymbolicTensor out = new Activation("relu").apply(new Add().apply(x, in));
 * Model model = new Model(in, out);
 * }</pre>
 *
 * <p>The graph is walked iteratively (no recursion, so depth is unlimited): nodes run in creation
 * order, which is a topological order because a layer's output is created after its inputs.
 * {@link #layers()} follows Keras: by depth from the inputs, ties in traversal order.
 */
public class Model implements Network {
    /**
     * One application of a layer: its input tensors and its (main) output tensor; a layer with
     * several outputs has them all in {@code output.nodeOutputs()}.
     */
    public record Node(Layer layer, List<SymbolicTensor> inputs, SymbolicTensor output) {}

    private String name;
    private List<Input> inputs = List.of();
    private List<SymbolicTensor> outputs = List.of();
    private List<Node> nodes = List.of();
    private List<Layer> layers = List.of();
    private Long seed;
    private boolean sequentialLike;
    private Trainer trainer;
    private boolean trainable = true;
    /** Tensors made by {@link #applyAll} (this model used inside another): which model made them. */
    private static final Map<SymbolicTensor, Model> COMPOSED = java.util.Collections.synchronizedMap(new java.util.WeakHashMap<>());
    private List<Model> components = List.of();
    private org.neurite.data.InputPreprocessor preprocessor;

    /**
     * A functional model with one input and one output: {@code new Model(in, out)}, where {@code out} was computed from {@code in} with {@link Layer#apply(SymbolicTensor)}.
     *
     * @param input the model's input
     * @param output the tensor the model computes
     * @throws IllegalArgumentException if the output is not connected to the input or layer names repeat
     */
    public Model(SymbolicTensor input, SymbolicTensor output) {
        this(List.of(input), List.of(output));
    }

    /**
     * Several inputs, one output: e.g. {@code new Model(model.inputs(), model.getLayer("conv2d_1").output())}.
     *
     * @param inputs the model's inputs, in the order data is given
     * @param output the tensor the model computes
     * @throws IllegalArgumentException if the output is not connected to the inputs or layer names repeat
     */
    public Model(List<? extends SymbolicTensor> inputs, SymbolicTensor output) {
        this(inputs, List.of(output));
    }

    /**
     * A functional model with several inputs and outputs.
     *
     * @param inputs the model's inputs, in the order data is given
     * @param outputs the tensors the model computes, in the order targets are given
     * @throws IllegalArgumentException if an output is not connected to the inputs or layer names repeat
     */
    public Model(List<? extends SymbolicTensor> inputs, List<? extends SymbolicTensor> outputs) {
        setGraph(inputs, outputs);
    }

    /** For subclasses (Sequential) that set the graph later. */
    protected Model() {}

    // ---------------------------------------------------------------- naming and seeding

    /** @return the Keras-style name: {@code model}, {@code model_1}, ... ({@code sequential} for Sequential) */
    public String name() {
        if (name == null) name = LayerNames.next(defaultNameBase());
        return name;
    }

    /**
     * Sets the model's name (shown in its summary and when it is used as a layer).
     *
     * @param newName a non-blank name
     * @return this model, for chaining
     * @throws IllegalArgumentException if the name is null or blank
     */
    public Model name(String newName) {
        if (newName == null || newName.isBlank()) throw new IllegalArgumentException("a model name must not be empty");
        this.name = newName;
        return this;
    }

    /**
     * The base of the automatic name ({@code model}, {@code model_1}, ...).
     *
     * @return {@code model}; subclasses give their own
     */
    protected String defaultNameBase() {
        return "model";
    }

    /**
     * Seeds every layer (weights and dropout) from one number, so the same seed gives the same
     * model. Call it before the weights are first used (a forward pass, fit, summary is fine).
     *
     * @param value the model seed
     * @return this model, for chaining
     */
    public Model seed(long value) {
        this.seed = value;
        applySeed();
        return this;
    }

    /**
     * Gives every layer a seed derived from the model seed, if one was set.
     */
    protected final void applySeed() {
        if (seed == null) return;
        SplittableRandom r = new SplittableRandom(seed);
        for (Layer l : layers) l.seedFromModel(r.nextLong());
    }

    // ---------------------------------------------------------------- graph

    /**
     * Records the graph between inputs and outputs; checks it is connected and names are unique.
     *
     * @param ins the model's inputs
     * @param outs the model's outputs
     * @throws IllegalArgumentException if an output does not depend on the inputs or layer names repeat
     */
    protected final void setGraph(List<? extends SymbolicTensor> ins, List<? extends SymbolicTensor> outs) {
        if (ins.isEmpty() || outs.isEmpty()) throw new IllegalArgumentException(nameForErrors() + ": a model needs at least one input and one output");
        List<Input> in = new ArrayList<>();
        for (SymbolicTensor t : ins) {
            if (!(t instanceof Input i)) {
                throw new IllegalArgumentException(nameForErrors() + ": model inputs must be Input tensors (Input.of(...)), got the output of " + t.layer().name());
            }
            in.add(i);
        }
        // Pre-order walk from the outputs with an explicit stack; records Keras' traversal order.
        Map<SymbolicTensor, Boolean> seen = new IdentityHashMap<>();
        Map<Layer, Integer> traversal = new IdentityHashMap<>();
        Deque<SymbolicTensor> stack = new ArrayDeque<>();
        for (int i = outs.size() - 1; i >= 0; i--) stack.push(outs.get(i));
        List<SymbolicTensor> reached = new ArrayList<>();
        while (!stack.isEmpty()) {
            SymbolicTensor t = stack.pop();
            if (seen.put(t, Boolean.TRUE) != null) continue;
            reached.add(t);
            traversal.putIfAbsent(t.layer(), traversal.size());
            if (t.inputs().isEmpty() && !in.contains(t)) {
                throw new IllegalArgumentException(nameForErrors() + ": graph disconnected: the outputs need input " + t.layer().name()
                        + " " + Summary.shapeString(t.shape()) + ", which is not among the model inputs");
            }
            List<SymbolicTensor> args = t.inputs();
            for (int i = args.size() - 1; i >= 0; i--) stack.push(args.get(i));
        }
        for (Input i : in) {
            if (seen.put(i, Boolean.TRUE) == null) {
                reached.add(i);
                traversal.putIfAbsent(i.layer(), traversal.size());
            }
        }
        reached.sort(Comparator.comparingLong(SymbolicTensor::sequence));

        // Depth = longest path to an output (outputs 0); consumers are finished before producers.
        Map<SymbolicTensor, Integer> depth = new IdentityHashMap<>();
        for (SymbolicTensor o : outs) depth.put(o, 0);
        for (int k = reached.size() - 1; k >= 0; k--) {
            SymbolicTensor t = reached.get(k);
            int d = depth.getOrDefault(t, 0);
            for (SymbolicTensor a : t.inputs()) depth.merge(a, d + 1, Math::max);
        }
        Map<Layer, Integer> layerDepth = new IdentityHashMap<>();
        List<Node> ns = new ArrayList<>();
        Set<SymbolicTensor> applied = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
        for (SymbolicTensor t : reached) {
            layerDepth.merge(t.layer(), depth.getOrDefault(t, 0), Math::max);
            // one node per layer application, even when several of its outputs are used
            SymbolicTensor main = t.nodeOutputs().get(0);
            if (!t.inputs().isEmpty() && applied.add(main)) ns.add(new Node(t.layer(), t.inputs(), main));
        }
        List<Layer> ls = new ArrayList<>(layerDepth.keySet());
        ls.sort(Comparator.comparingInt((Layer l) -> -layerDepth.get(l)).thenComparingInt(traversal::get));

        Set<String> names = new HashSet<>();
        for (Layer l : ls) {
            if (!names.add(l.name())) throw new IllegalArgumentException(nameForErrors() + ": layer name '" + l.name() + "' is used twice; all layer names must be unique");
        }
        this.inputs = List.copyOf(in);
        this.outputs = List.copyOf(outs);
        this.nodes = List.copyOf(ns);
        this.layers = List.copyOf(ls);
        this.sequentialLike = isChain(reached, depth);
        List<Model> comps = new ArrayList<>();
        for (SymbolicTensor t : reached) {
            Model m = COMPOSED.get(t);
            if (m != null && m != this && !comps.contains(m)) comps.add(m);
        }
        this.components = List.copyOf(comps);
        applySeed();
    }

    /**
     * Keras' test for the short summary layout: one tensor per depth, each made from at most one
     * input, and no layer applied twice.
     */
    private static boolean isChain(List<SymbolicTensor> reached, Map<SymbolicTensor, Integer> depth) {
        Set<Integer> depths = new HashSet<>();
        Set<Layer> used = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
        Set<SymbolicTensor> applications = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
        for (SymbolicTensor t : reached) {
            if (!applications.add(t.nodeOutputs().get(0))) continue; // another output of a node already seen
            if (!depths.add(depth.getOrDefault(t, 0)) || t.inputs().size() > 1 || !used.add(t.layer())) return false;
        }
        return true;
    }

    boolean isSequentialLike() {
        ensureGraph();
        return sequentialLike;
    }

    private String nameForErrors() {
        return name != null ? name : getClass().getSimpleName();
    }

    /** Makes sure the graph exists (Sequential builds it lazily); fails with a message if it cannot. */
    protected void ensureGraph() {}

    /**
     * The model's inputs (Keras' {@code model.inputs}).
     *
     * @return the inputs, in the order data is given
     */
    public List<Input> inputs() {
        ensureGraph();
        return inputs;
    }

    /**
     * The model's outputs (Keras' {@code model.outputs}).
     *
     * @return the outputs, in the order targets are given
     */
    public List<SymbolicTensor> outputs() {
        ensureGraph();
        return outputs;
    }

    /** @return layer applications in execution order (inputs excluded) */
    public List<Node> nodes() {
        ensureGraph();
        return nodes;
    }

    /** @return all layers, input layers included, in Keras' order */
    public List<Layer> layers() {
        ensureGraph();
        return layers;
    }

    /** The layer applications of the current graph, without building it (for Sequential). */
    final List<Node> graphNodes() {
        return nodes;
    }

    /**
     * The layer with this name, as Keras' {@code model.get_layer(name)}; with {@link Layer#output()}
     * it gives intermediate outputs: {@code new Model(model.inputs(), model.getLayer("conv2d_1").output())}
     * is a feature extractor that shares the weights of this model. Fails listing the names there are.
     *
     * @param layerName the layer's name
     * @return the layer
     * @throws IllegalArgumentException if no layer has that name
     */
    public Layer getLayer(String layerName) {
        return layer(layerName);
    }

    /**
     * The layer at this position of {@link #layers()} (Keras' {@code get_layer(index=...)}; a
     * functional model counts its input layers, a Sequential does not).
     *
     * @param index the position in {@link #layers()}
     * @return the layer
     * @throws IllegalArgumentException if the index is out of range
     */
    public Layer getLayer(int index) {
        List<Layer> ls = layers();
        if (index < 0 || index >= ls.size()) {
            throw new IllegalArgumentException(name() + ": asked for layer " + index + " but the model has " + ls.size() + " layers (indices 0 to " + (ls.size() - 1) + ")");
        }
        return ls.get(index);
    }

    /**
     * The layer with this name; fails listing the names there are.
     *
     * @param layerName the layer's name
     * @return the layer
     * @throws IllegalArgumentException if no layer has that name
     */
    public Layer layer(String layerName) {
        List<String> known = new ArrayList<>();
        for (Layer l : layers()) {
            if (l.name().equals(layerName)) return l;
            known.add(l.name());
        }
        throw new IllegalArgumentException(name() + ": no layer named '" + layerName + "'; layers: " + String.join(", ", known));
    }

    // ---------------------------------------------------------------- running

    @Override
    public Tensor forward(Tensor input, boolean training) {
        ensureGraph(input);
        if (inputs.size() != 1 || outputs.size() != 1) {
            throw new IllegalStateException(name() + " has " + inputs.size() + " inputs and " + outputs.size() + " outputs: use forward(List, boolean)");
        }
        return forward(List.of(input), training).get(0);
    }

    /** Runs the graph on one batch per input; returns one batch per output. */
    public List<Tensor> forward(List<Tensor> xs, boolean training) {
        Map<SymbolicTensor, Tensor> values = run(xs, training);
        List<Tensor> out = new ArrayList<>(outputs.size());
        for (SymbolicTensor o : outputs) out.add(values.get(o));
        return out;
    }

    /**
     * Runs the graph and returns the main output of every layer application, in execution order
     * (inputs excluded): what the analysis tools (gradient health, traces) inspect.
     *
     * @param xs one batch {@code (N, ...)} per input
     * @param training true in training (dropout active, batch-norm on batch statistics)
     * @return each node's main output batch, in execution order
     */
    public LinkedHashMap<Node, Tensor> forwardNodes(List<Tensor> xs, boolean training) {
        Map<SymbolicTensor, Tensor> values = run(xs, training);
        LinkedHashMap<Node, Tensor> out = new LinkedHashMap<>();
        for (Node n : nodes) out.put(n, values.get(n.output()));
        return out;
    }

    private Map<SymbolicTensor, Tensor> run(List<Tensor> xs, boolean training) {
        ensureGraph(xs.isEmpty() ? null : xs.get(0));
        if (xs.size() != inputs.size()) throw new IllegalArgumentException(name() + ": expected " + inputs.size() + " input(s), got " + xs.size());
        Map<SymbolicTensor, Tensor> values = new IdentityHashMap<>();
        Map<SymbolicTensor, Tensor> masks = new IdentityHashMap<>(); // Keras' implicit masks, see Layer#computeMask
        for (Node n : nodes) n.layer().clearLosses(); // added losses of the previous pass
        Layer.enterModelPass();
        try {
            for (int i = 0; i < xs.size(); i++) values.put(inputs.get(i), inputs.get(i).layer().forward(xs.get(i), training));
            long batch = xs.isEmpty() || xs.get(0).rank() == 0 ? 1 : xs.get(0).dim(0);
            for (Node n : nodes) {
                List<Tensor> args = new ArrayList<>();
                for (SymbolicTensor t : n.inputs()) args.add(values.get(t));
                List<Tensor> argMasks = masks.isEmpty() ? null : inputMasks(n, masks); // most models carry no mask: nothing per node
                // refuse a pass that cannot fit, naming the layer, before its kernels allocate (None axes: known when run)
                if (n.output().shape().isKnown()) {
                    MemoryBudget.require(() -> n.layer().name() + ": output " + Summary.shapeString(n.output().shape()) + " for a batch of " + batch,
                            (long) Float.BYTES * batch * n.output().shape().size());
                }
                List<Tensor> results = n.layer().forwardAll(args, argMasks, training);
                List<SymbolicTensor> produced = n.output().nodeOutputs();
                for (int i = 0; i < produced.size(); i++) values.put(produced.get(i), results.get(i));
                Tensor mask = n.layer().outputMask(args, argMasks);
                if (mask != null) masks.put(n.output(), mask);
            }
        } finally {
            Layer.exitModelPass();
        }
        return values;
    }

    /** The masks of a node's inputs (null where an input has none), or null when none has one. */
    private static List<Tensor> inputMasks(Node n, Map<SymbolicTensor, Tensor> masks) {
        List<Tensor> argMasks = new ArrayList<>(n.inputs().size());
        boolean masked = false;
        for (SymbolicTensor t : n.inputs()) {
            Tensor m = masks.get(t);
            argMasks.add(m);
            masked |= m != null;
        }
        return masked ? argMasks : null;
    }

    /**
     * Inference on a batch: {@code forward(x, false)}.
     *
     * @param x the input batch {@code (N, ...)}
     * @return the output batch {@code (N, ...)}
     */
    public Tensor apply(Tensor x) {
        return forward(x, false);
    }

    /**
     * Hook for Sequential: build the graph from the first batch if there is no input shape.
     *
     * @param firstBatch the first batch seen, or null
     */
    protected void ensureGraph(Tensor firstBatch) {
        ensureGraph();
    }

    /** @return the loss terms the layers added in the last forward pass (Keras' {@code model.losses}) */
    @Override
    public List<Tensor> addedLosses() {
        List<Tensor> out = new ArrayList<>();
        Set<Layer> seen = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
        for (Node n : nodes()) if (seen.add(n.layer())) out.addAll(n.layer().losses());
        return out;
    }

    /** @return the names of the layers producing the outputs (log keys {@code <name>_loss}); repeats get {@code _1}, {@code _2} */
    @Override
    public List<String> outputNames() {
        List<String> out = new ArrayList<>();
        Set<String> used = new HashSet<>();
        for (SymbolicTensor o : outputs()) {
            String base = o.layer().name();
            String n = base;
            for (int i = 1; !used.add(n); i++) n = base + "_" + i;
            out.add(n);
        }
        return out;
    }

    // ---------------------------------------------------------------- a model inside another model

    /**
     * Uses this model as a block of a bigger functional model (Keras' {@code model(x)} on symbolic
     * tensors): applies its layers, in order, to the given tensors, one per input, and returns
     * one symbolic tensor per output. The layers are shared, not copied: the bigger model trains
     * the same weights, unless this model is frozen with {@link #trainable(boolean)}. The bigger
     * model lists the layers themselves (its summary shows them one by one, not as one row).
     *
     * <pre>{@code
     * Input z = Input.of(8);
     * Model gan = new Model(z, discriminator.apply(generator.apply(z)));
     * }</pre>
     *
     * @param xs tensors of the bigger graph, one per input of this model
     * @return one tensor per output of this model
     */
    public List<SymbolicTensor> applyAll(List<? extends SymbolicTensor> xs) {
        ensureGraph();
        if (xs.size() != inputs.size()) throw new IllegalArgumentException(name() + ": expected " + inputs.size() + " input(s), got " + xs.size());
        Map<SymbolicTensor, SymbolicTensor> map = new IdentityHashMap<>();
        for (int i = 0; i < xs.size(); i++) {
            if (!inputs.get(i).shape().admits(xs.get(i).shape())) {
                throw new IllegalArgumentException(name() + ": expected input " + (xs.size() > 1 ? i + " " : "") + Summary.shapeString(inputs.get(i).shape())
                        + ", got " + Summary.shapeString(xs.get(i).shape()));
            }
            map.put(inputs.get(i), xs.get(i));
        }
        for (Node n : nodes) {
            List<SymbolicTensor> args = new ArrayList<>();
            for (SymbolicTensor t : n.inputs()) args.add(map.get(t));
            List<SymbolicTensor> made = n.layer().applyAll(args);
            List<SymbolicTensor> produced = n.output().nodeOutputs();
            for (int i = 0; i < produced.size(); i++) {
                map.put(produced.get(i), made.get(i));
                COMPOSED.put(made.get(i), this);
            }
        }
        List<SymbolicTensor> out = new ArrayList<>();
        for (SymbolicTensor o : outputs) out.add(map.get(o));
        return out;
    }

    /**
     * {@link #applyAll} for a model with one input and one output.
     *
     * @param x a tensor of the bigger graph
     * @return this model's output in that graph
     */
    public SymbolicTensor apply(SymbolicTensor x) {
        List<SymbolicTensor> out = applyAll(List.of(x));
        if (out.size() != 1) throw new IllegalStateException(name() + " has " + out.size() + " outputs: use applyAll");
        return out.get(0);
    }

    /**
     * This model as one layer of another model, as Keras' {@code outputs = base_model(inputs)}:
     * one summary row ({@code base (Functional)}) with this model's parameters, the same weights
     * (not copies). Unlike {@link #apply(SymbolicTensor)}, which splices this model's layers into
     * the bigger graph one by one. See {@link org.neurite.nn.layers.ModelLayer}.
     *
     * @return a layer wrapping this model
     */
    public org.neurite.nn.layers.ModelLayer asLayer() {
        return new org.neurite.nn.layers.ModelLayer(this);
    }

    /** @return whether this model is trainable as a whole (see {@link #trainable(boolean)}) */
    @Override
    public boolean trainable() {
        return trainable;
    }

    /**
     * Freezes (false) or unfreezes the model as a whole, as Keras' {@code model.trainable = False}:
     * <ul>
     *   <li>a model that uses this one as a block ({@link #applyAll}) does not train its weights,
     *       from its next step on;</li>
     *   <li>this model's own training keeps what it was when it was compiled (Keras 2 compiles
     *       the flag in): a model compiled while trainable still trains its layers, a model
     *       frozen before {@code compile} trains nothing. This is what the GAN recipe needs:
     *       compile the discriminator, freeze it, then build and compile the combined model.</li>
     * </ul>
     * The layers' own flags ({@link Layer#trainable(boolean)}) are not changed; to freeze layers
     * everywhere (transfer learning), freeze the layers. Returns this.
     *
     * @param value false to freeze the model as a whole
     * @return this model, for chaining
     */
    public Model trainable(boolean value) {
        this.trainable = value;
        return this;
    }

    /** @return the models used as blocks of this one ({@link #applyAll}), in the order found */
    public List<Model> components() {
        ensureGraph();
        return components;
    }

    /** Layers frozen because a block containing them is frozen (recursively). */
    private Set<Layer> frozenByComponents() {
        Set<Layer> frozen = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
        for (Model c : components()) {
            if (!c.trainable()) frozen.addAll(c.layers());
            else frozen.addAll(c.frozenByComponents());
        }
        return frozen;
    }

    /** @return trainable variables of layers that are trainable and not inside a frozen block */
    @Override
    public List<Variable> trainableVariables() {
        Set<Layer> frozen = frozenByComponents();
        List<Variable> out = new ArrayList<>();
        for (Layer l : layers()) {
            if (frozen.contains(l)) continue;
            for (Variable v : l.variables()) if (v.trainable()) out.add(v);
        }
        return out;
    }

    /** Trainable parameters of a layer in this model (0 inside a frozen block), for the summary. */
    long trainableParamsOf(Layer l) {
        return frozenByComponents().contains(l) ? 0 : l.trainableParams();
    }

    // ---------------------------------------------------------------- weights

    @Override
    public List<Variable> variables() {
        List<Variable> out = new ArrayList<>();
        for (Layer l : layers()) out.addAll(l.variables());
        return out;
    }

    /**
     * The number of weight values of every layer, trainable or not (Keras' {@code count_params()}).
     *
     * @return the parameter count
     */
    public long countParams() {
        long n = 0;
        for (Layer l : layers()) n += l.countParams();
        return n;
    }

    /**
     * The number of values the next training step updates: frozen layers and layers inside frozen blocks do not count.
     *
     * @return the trainable parameter count
     */
    public long trainableParams() {
        long n = 0;
        Set<Layer> frozen = frozenByComponents();
        for (Layer l : layers()) if (!frozen.contains(l)) n += l.trainableParams();
        return n;
    }

    /**
     * Copies of every weight in Keras' layout, layer by layer in {@link #layers()} order, each
     * layer's as {@link Layer#getWeights()} (Keras' {@code model.get_weights()}).
     *
     * @return copies of every weight, in Keras' order
     */
    public List<Tensor> getWeights() {
        List<Tensor> out = new ArrayList<>();
        for (Layer l : layers()) out.addAll(l.getWeights());
        return out;
    }

    /**
     * Sets every weight from arrays in the order and shapes of {@link #getWeights()} (Keras'
     * {@code model.set_weights}); checks them all before changing any, and fails naming the layer
     * and weight whose array does not fit.
     *
     * @param values one tensor per weight, in {@link #getWeights()} order and shapes
     * @throws IllegalArgumentException if the count or a shape differs
     */
    public void setWeights(List<Tensor> values) {
        List<Layer> ls = layers();
        int expected = 0;
        for (Layer l : ls) expected += l.weights().size();
        if (values == null || values.size() != expected) {
            throw new IllegalArgumentException(name() + ": setWeights expects " + expected + " arrays (see getWeights()), got " + (values == null ? "null" : values.size()));
        }
        int at = 0;
        for (Layer l : ls) for (Weight w : l.weights()) l.checkWeightValue(w, values.get(at++));
        at = 0;
        for (Layer l : ls) {
            int k = l.weights().size();
            l.setWeights(values.subList(at, at + k));
            at += k;
        }
    }

    /** @return weight values by full name ({@code conv2d/kernel}), copies, in layer order */
    public Map<String, float[]> weightValues() {
        Map<String, float[]> out = new LinkedHashMap<>();
        for (Layer l : layers()) for (Weight w : l.weights()) out.put(w.fullName(), w.value().toArray());
        return out;
    }

    // ---------------------------------------------------------------- training (delegates to Trainer)

    /**
     * Keras' {@code compile}: chooses optimizer, loss and metrics for {@link #fit}.
     *
     * @param optimizer the update rule, e.g. {@code new Adam(1e-3)}
     * @param loss the loss of every output
     * @param metrics metrics reported per epoch
     * @return this model, for chaining
     */
    public Model compile(Optimizer optimizer, Loss loss, Metric... metrics) {
        this.trainer = new Trainer(this, optimizer, loss, List.of(metrics));
        return this;
    }

    /**
     * By Keras names: {@code compile("adam", "categorical_crossentropy", "accuracy")}. With several
     * outputs the loss is shared and every output gets its own copy of each metric.
     *
     * @param optimizer a Keras optimizer name with default settings, e.g. {@code adam}
     * @param loss a Keras loss name
     * @param metrics Keras metric names
     * @return this model, for chaining
     * @throws IllegalArgumentException for an unknown name
     */
    public Model compile(String optimizer, String loss, String... metrics) {
        return compile(optimizer, List.of(loss), null, metrics);
    }

    /**
     * Several outputs, by Keras names: one loss per output (or one for all), loss weights (null:
     * all 1), and metric names that every output gets ({@code <output>_<metric>} in the logs), as
     * {@code compile(optimizer, loss=[...], loss_weights=[...], metrics=[...])}.
     *
     * @param optimizer a Keras optimizer name
     * @param losses Keras loss names, one per output or one for all
     * @param lossWeights one weight per output, or null for all 1
     * @param metrics Keras metric names every output gets
     * @return this model, for chaining
     * @throws IllegalArgumentException for an unknown name
     */
    public Model compile(String optimizer, List<String> losses, List<Float> lossWeights, String... metrics) {
        List<Loss> ls = new ArrayList<>();
        for (String l : losses) ls.add(Losses.get(l));
        int k = this instanceof Sequential ? 1 : outputs().size();
        List<List<Metric>> ms = new ArrayList<>();
        for (int i = 0; i < k; i++) {
            List<Metric> forOutput = new ArrayList<>();
            for (String m : metrics) forOutput.add(Metrics.get(m));
            ms.add(forOutput);
        }
        return compile(Optimizers.get(optimizer), ls, lossWeights, ms);
    }

    /**
     * Several outputs: one loss per output (or one shared), loss weights (null: all 1), one list
     * of metric objects per output (metrics keep state, so outputs cannot share them).
     *
     * @param optimizer the update rule
     * @param losses one loss per output, or one shared
     * @param lossWeights one weight per output, or null for all 1
     * @param metrics one list of metric objects per output
     * @return this model, for chaining
     */
    public Model compile(Optimizer optimizer, List<Loss> losses, List<Float> lossWeights,
            List<List<Metric>> metrics) {
        this.trainer = new Trainer(this, optimizer, losses, lossWeights, metrics);
        return this;
    }

    /** @return the trainer set up by {@link #compile}; fails if the model is not compiled */
    public Trainer trainer() {
        if (trainer == null) throw new IllegalStateException(name() + " must be compiled before training or evaluation: call compile(optimizer, loss, metrics...)");
        return trainer;
    }

    /**
     * Keras' {@code fit} on in-memory tensors.
     *
     * @param x inputs, shape {@code (N, ...)}
     * @param y targets, shape {@code (N, ...)} as the loss expects
     * @param config epochs, batch size, shuffling, validation, weights and callbacks
     * @return the per-epoch logs ({@code loss}, metrics, {@code val_*})
     * @throws IllegalStateException if the model is not compiled
     */
    public History fit(Tensor x, Tensor y, FitConfig config) {
        ensureGraph(x); // a Sequential without input shape gets its weights before the first step
        return trainer().fit(x, y, config);
    }

    /**
     * Keras' {@code fit} with the other settings at their defaults.
     *
     * @param x inputs, shape {@code (N, ...)}
     * @param y targets, shape {@code (N, ...)} as the loss expects
     * @param epochs number of epochs
     * @param batchSize samples per step
     * @return the per-epoch logs ({@code loss}, metrics, {@code val_*})
     * @throws IllegalStateException if the model is not compiled
     */
    public History fit(Tensor x, Tensor y, int epochs, int batchSize) {
        return fit(x, y, new FitConfig().epochs(epochs).batchSize(batchSize));
    }

    /**
     * Loss and metrics over all of {@code (x, y)} in inference mode (Keras' {@code evaluate}).
     *
     * @param x inputs, shape {@code (N, ...)}
     * @param y targets, shape {@code (N, ...)} as the loss expects
     * @param batchSize samples per forward pass, at least 1
     * @return the loss and metrics by Keras key ({@code loss}, {@code accuracy}, ...)
     * @throws IllegalStateException if the model is not compiled
     */
    public Map<String, Float> evaluate(Tensor x, Tensor y, int batchSize) {
        ensureGraph(x);
        return trainer().evaluate(x, y, batchSize);
    }

    /**
     * Loss and metrics over all of {@code (x, y)} in batches of 32 (Keras' default).
     *
     * @param x inputs, shape {@code (N, ...)}
     * @param y targets, shape {@code (N, ...)} as the loss expects
     * @return the loss and metrics by Keras key ({@code loss}, {@code accuracy}, ...)
     * @throws IllegalStateException if the model is not compiled
     */
    public Map<String, Float> evaluate(Tensor x, Tensor y) {
        return evaluate(x, y, 32);
    }

    /**
     * Per-class precision, recall, F1 and support, accuracy, averages and the confusion matrix of
     * this classifier on {@code (x, y)} ({@link ClassificationReport}; {@code text()} prints it as
     * scikit-learn's {@code classification_report}). Outputs {@code (N, C)} scores with labels
     * {@code (N,)} class indices or one-hot {@code (N, C)}, or a binary output {@code (N, 1)} with
     * 0/1 labels (threshold 0.5; the report then also has the exact ROC AUC and average precision).
     *
     * @param x inputs, shape {@code (N, ...)}
     * @param y labels: class indices {@code (N)} or one-hot {@code (N, C)}; 0/1 for a binary output
     * @param classNames one name per class in class-index order, or null for 0, 1, ...
     * @return the report
     */
    public ClassificationReport evaluateReport(Tensor x, Tensor y, List<String> classNames) {
        return ClassificationReport.of(y, predict(x, 256), classNames);
    }

    /**
     * {@link #evaluateReport(Tensor, Tensor, List)} with classes named 0, 1, ...
     *
     * @param x inputs, shape {@code (N, ...)}
     * @param y labels: class indices {@code (N)} or one-hot {@code (N, C)}
     * @return the report
     */
    public ClassificationReport evaluateReport(Tensor x, Tensor y) {
        return evaluateReport(x, y, null);
    }

    /**
     * {@link #evaluateReport(Tensor, Tensor, List)} over every sample of a source (an image folder,
     * a table, a cache larger than the heap), batch by batch through the one batching path: only
     * one batch and the confusion counts are held at a time.
     *
     * @param source the labelled samples
     * @param classNames one name per class, or null for 0, 1, ...
     * @return the report
     */
    public ClassificationReport evaluateReport(SampleSource source, List<String> classNames) {
        ensureGraph(firstSample(source));
        ClassificationReport.Builder report = ClassificationReport.builder(classNames);
        try (org.neurite.data.BatchStream.Epoch batches = new org.neurite.data.BatchStream(source, 256, false, 0L, false).epoch(0)) {
            while (batches.hasNext()) {
                org.neurite.data.BatchStream.Batch batch = batches.next();
                report.update(batch.ys().get(0), predict(batch.xs().get(0), 256));
            }
        }
        return report.build();
    }

    /**
     * Evaluates with one weight per sample, shape {@code (N)} (Keras' {@code sample_weight}): each
     * sample's loss is multiplied by its weight before the reduction (see
     * {@link org.neurite.nn.losses.Reduction}); metrics are not weighted. Training takes them
     * through {@link FitConfig#sampleWeight} / {@link FitConfig#classWeight}.
     *
     * @param x inputs, shape {@code (N, ...)}
     * @param y targets, shape {@code (N, ...)} as the loss expects
     * @param batchSize samples per forward pass, at least 1
     * @param sampleWeight weights, shape {@code (N)}, or null for none
     * @return the loss and metrics by Keras key ({@code loss}, {@code accuracy}, ...)
     * @throws IllegalStateException if the model is not compiled
     */
    public Map<String, Float> evaluate(Tensor x, Tensor y, int batchSize, Tensor sampleWeight) {
        ensureGraph(x);
        return trainer().evaluate(x, y, batchSize, sampleWeight);
    }

    /**
     * Outputs for all rows of x {@code (N, ...input shape)}, computed in batches without recording
     * gradients; returns {@code (N, ...output shape)}.
     *
     * <p>Thread-safe: once loaded or constructed, one model may serve {@code predict} calls from any
     * number of threads at once, and each call returns bit for bit what it returns alone (first
     * calls on an unbuilt model may race: one builds it, the others wait). Nothing is kept from
     * call to call (no caches or pools that grow; layers record no added losses during predict).
     * Not safe concurrently with {@code fit}, {@code trainOnBatch} or changes to the weights.
     * A {@code Sampling} layer draws fresh noise in every call, so its results differ between
     * calls alone or not.
     *
     * @param x inputs, shape {@code (N, ...)}
     * @param batchSize samples per forward pass, at least 1
     * @return the outputs, shape {@code (N, ...)}
     */
    public Tensor predict(Tensor x, int batchSize) {
        ensureGraph(x);
        try (Layer.InferenceScope inference = Layer.inferencePass()) {
            if (trainer != null) return trainer.predict(x, batchSize);
            try (GradMode.Scope s = GradMode.noGrad()) {
                return forward(x, false);
            }
        }
    }

    /**
     * The outputs for every sample, in batches of 32 (Keras' default); see {@link #predict(Tensor, int)}.
     *
     * @param x inputs, shape {@code (N, ...)}
     * @return the outputs, shape {@code (N, ...)}
     */
    public Tensor predict(Tensor x) {
        return predict(x, 32);
    }

    /**
     * One training step on exactly this batch (Keras' {@code train_on_batch}).
     *
     * @param x the batch's inputs {@code (B, ...)}
     * @param y the batch's targets {@code (B, ...)}
     * @return the loss and metrics of this batch
     * @throws IllegalStateException if the model is not compiled
     */
    public Map<String, Float> trainOnBatch(Tensor x, Tensor y) {
        ensureGraph(x);
        return trainer().trainOnBatch(x, y);
    }

    // ---------------------------------------------------------------- several inputs and outputs

    /**
     * Fit with one tensor per input and one target per output (in the order of inputs() and outputs()).
     *
     * @param xs one tensor {@code (N, ...)} per input, in {@link #inputs()} order
     * @param ys one target {@code (N, ...)} per output, in {@link #outputs()} order
     * @param config epochs, batch size, shuffling, validation, weights and callbacks
     * @return the per-epoch logs ({@code loss}, metrics, {@code val_*})
     * @throws IllegalStateException if the model is not compiled
     */
    public History fit(List<Tensor> xs, List<Tensor> ys, FitConfig config) {
        ensureGraph(xs.isEmpty() ? null : xs.get(0));
        return trainer().fit(xs, ys, config);
    }

    /**
     * Loss and metrics of a multi-input or multi-output model over all samples.
     *
     * @param xs one tensor {@code (N, ...)} per input, in {@link #inputs()} order
     * @param ys one target {@code (N, ...)} per output, in {@link #outputs()} order
     * @param batchSize samples per forward pass, at least 1
     * @return total and per-output losses and metrics, by Keras key
     * @throws IllegalStateException if the model is not compiled
     */
    public Map<String, Float> evaluate(List<Tensor> xs, List<Tensor> ys, int batchSize) {
        ensureGraph(xs.isEmpty() ? null : xs.get(0));
        return trainer().evaluate(xs, ys, batchSize);
    }

    /**
     * One tensor per output for all samples, computed in batches without recording gradients; thread-safe as {@link #predict(Tensor, int)}.
     *
     * @param xs one tensor {@code (N, ...)} per input, in {@link #inputs()} order
     * @param batchSize samples per forward pass, at least 1
     * @return one tensor {@code (N, ...)} per output
     */
    public List<Tensor> predict(List<Tensor> xs, int batchSize) {
        ensureGraph(xs.isEmpty() ? null : xs.get(0));
        try (Layer.InferenceScope inference = Layer.inferencePass()) {
            if (trainer != null) return trainer.predict(xs, batchSize);
            try (GradMode.Scope s = GradMode.noGrad()) {
                return forward(xs, false);
            }
        }
    }

    /**
     * Every output for every sample, in batches of 32.
     *
     * @param xs one tensor {@code (N, ...)} per input, in {@link #inputs()} order
     * @return one tensor {@code (N, ...)} per output
     */
    public List<Tensor> predict(List<Tensor> xs) {
        return predict(xs, 32);
    }

    /**
     * One training step on exactly this batch of a multi-input or multi-output model.
     *
     * @param xs one tensor {@code (B, ...)} per input
     * @param ys one target {@code (B, ...)} per output
     * @return the loss and metrics of this batch
     * @throws IllegalStateException if the model is not compiled
     */
    public Map<String, Float> trainOnBatch(List<Tensor> xs, List<Tensor> ys) {
        ensureGraph(xs.isEmpty() ? null : xs.get(0));
        return trainer().trainOnBatch(xs, ys);
    }

    // ---------------------------------------------------------------- sample sources (data that need not fit in memory)

    /**
     * Trains on a sample source (a {@link org.neurite.data.Dataset}, an image folder, a table...),
     * batched and shuffled by {@link org.neurite.data.BatchStream} and read ahead by
     * {@code config.loaderThreads}; the epoch logs add {@code data_wait} (share of the training
     * loop spent waiting for batches).
     *
     * @param train the training samples
     * @param config epochs, batch size, shuffling, loader threads and callbacks
     * @return the per-epoch logs ({@code loss}, metrics, {@code val_*})
     * @throws IllegalStateException if the model is not compiled
     */
    public History fit(SampleSource train, FitConfig config) {
        return fit(train, null, config);
    }

    /**
     * As {@link #fit(SampleSource, FitConfig)}, evaluating {@code validation} (or null) after each epoch ({@code val_} logs).
     *
     * @param train the training samples
     * @param validation samples evaluated after each epoch, or null
     * @param config epochs, batch size, shuffling, loader threads and callbacks
     * @return the per-epoch logs ({@code loss}, metrics, {@code val_*})
     * @throws IllegalStateException if the model is not compiled
     */
    public History fit(SampleSource train, SampleSource validation, FitConfig config) {
        ensureGraph(firstSample(train));
        return trainer().fit(train, validation, config);
    }

    /**
     * Loss and metrics over every sample of the source, batches of {@code batchSize}.
     *
     * @param source the samples
     * @param batchSize samples per forward pass, at least 1
     * @return the loss and metrics by Keras key ({@code loss}, {@code accuracy}, ...)
     * @throws IllegalStateException if the model is not compiled
     */
    public Map<String, Float> evaluate(SampleSource source, int batchSize) {
        ensureGraph(firstSample(source));
        return trainer().evaluate(source, batchSize);
    }

    /**
     * Loss and metrics over every sample of the source, in batches of 32.
     *
     * @param source the samples
     * @return the loss and metrics by Keras key ({@code loss}, {@code accuracy}, ...)
     * @throws IllegalStateException if the model is not compiled
     */
    public Map<String, Float> evaluate(SampleSource source) {
        return evaluate(source, 32);
    }

    /**
     * Outputs for every sample of the source (its targets are not used), in stored order.
     *
     * @param source the samples
     * @param batchSize samples per forward pass, at least 1
     * @return the outputs, shape {@code (N, ...)}
     */
    public Tensor predict(SampleSource source, int batchSize) {
        ensureGraph(firstSample(source));
        if (trainer != null) return trainer.predict(source, batchSize);
        List<Tensor> out = Trainer.predict(this, MultiSampleSource.of(source), batchSize, 0, 0);
        if (out.size() != 1) throw new IllegalStateException(name() + " has " + out.size() + " outputs; use Trainer.predict with a MultiSampleSource");
        return out.get(0);
    }

    /**
     * Outputs for every sample of the source, in batches of 32.
     *
     * @param source the samples
     * @return the outputs, shape {@code (N, ...)}
     */
    public Tensor predict(SampleSource source) {
        return predict(source, 32);
    }

    /**
     * Multi-input/-output training on sources whose samples hold one tensor per input and one
     * target per output (in the order of inputs() and outputs()); loader threads default to
     * {@link Trainer#DEFAULT_LOADER_THREADS}.
     *
     * @param train the training samples
     * @param validation samples evaluated after each epoch, or null
     * @param config epochs, batch size, shuffling, loader threads and callbacks
     * @return the per-epoch logs ({@code loss}, metrics, {@code val_*})
     * @throws IllegalStateException if the model is not compiled
     */
    public History fit(MultiSampleSource train, MultiSampleSource validation, FitConfig config) {
        ensureGraph(firstSample(train.featureShapes().get(0)));
        return trainer().fit(train, validation, config);
    }

    /**
     * Loss and metrics over a multi-input/-output source (read on this thread).
     *
     * @param source the samples
     * @param batchSize samples per forward pass, at least 1
     * @return total and per-output losses and metrics, by Keras key
     * @throws IllegalStateException if the model is not compiled
     */
    public Map<String, Float> evaluate(MultiSampleSource source, int batchSize) {
        ensureGraph(firstSample(source.featureShapes().get(0)));
        return trainer().evaluate(source, batchSize, 0, 0);
    }

    /** A zero batch of one sample with the source's feature shape (all a lazily built Sequential needs). */
    private static Tensor firstSample(SampleSource source) {
        if (source == null) throw new IllegalArgumentException("the sample source is null");
        return firstSample(source.featureShape());
    }

    private static Tensor firstSample(org.neurite.tensor.Shape shape) {
        int[] sample = shape.dims();
        int[] dims = new int[sample.length + 1];
        dims[0] = 1;
        System.arraycopy(sample, 0, dims, 1, sample.length);
        return Tensor.zeros(dims);
    }

    // ---------------------------------------------------------------- summary and files

    /** @return the Keras 2 {@code model.summary()} table */
    public String summary() {
        return Summary.of(this);
    }

    /**
     * The summary with Keras' {@code print_summary} options: {@code line_length} and the column
     * {@code positions} (fractions of the line length, or character positions).
     *
     * @param lineLength characters per line; 0 for Keras' default
     * @param positions the right edge of each column; none for the default
     * @return the table text
     */
    public String summary(int lineLength, double... positions) {
        return Summary.of(this, new Summary.Options().lineLength(lineLength).positions(positions));
    }

    /**
     * The summary with all of Keras' options, e.g.
     * {@code summary(new Summary.Options().showTrainable(true).expandNested(true))}.
     *
     * @param options the table's layout
     * @return the table text
     */
    public String summary(Summary.Options options) {
        return Summary.of(this, options);
    }

    /** @return the summary as data: one row per layer (name, type, output shape, params, trainable, connected to) */
    public List<Summary.Row> summaryRows() {
        return Summary.rows(this);
    }

    /** Prints {@link #summary()} to {@link Display#out()}. */
    public void printSummary() {
        printSummary(Display.out());
    }

    /** @param out where the {@link #summary()} table is printed */
    public void printSummary(PrintStream out) {
        out.print(summary());
        out.flush();
    }

    @Override
    public void save(Path file) throws IOException {
        ModelFile.save(this, file);
    }

    /**
     * The fitted input transform (table columns, text vocabulary, image size and classes) that
     * raw data goes through before this model; saved in the model file and restored by
     * {@link #load}. Null when the model takes tensors as they are.
     *
     * @return the input transform, or null
     */
    public org.neurite.data.InputPreprocessor preprocessor() {
        return preprocessor;
    }

    /**
     * Attaches the input transform to save with this model (null removes it).
     *
     * @param value the fitted transform, or null
     * @return this model, for chaining
     */
    public Model preprocessor(org.neurite.data.InputPreprocessor value) {
        this.preprocessor = value;
        return this;
    }

    /**
     * Loads a model saved by {@link #save} (a Sequential comes back as a Sequential).
     *
     * @param file the model file
     * @return the model with its weights (and preprocessor, if one was saved)
     * @throws IOException if the file cannot be read or is not a valid model file
     */
    public static Model load(Path file) throws IOException {
        return ModelFile.load(file);
    }

    /** Layers applied more than once in this model (Keras' shared layers), for summaries. */
    Map<Layer, List<Node>> nodesByLayer() {
        Map<Layer, List<Node>> out = new HashMap<>();
        for (Node n : nodes()) out.computeIfAbsent(n.layer(), k -> new ArrayList<>()).add(n);
        return out;
    }

    boolean isInputLayer(Layer l) {
        return l instanceof InputLayer;
    }

    @Override
    public String toString() {
        return "Model \"" + name() + "\": " + layers().size() + " layers, " + String.format(java.util.Locale.ROOT, "%,d", countParams()) + " params";
    }
}
