package org.neurite.nn.layers;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.neurite.io.ModelFile;
import org.neurite.nn.Layer;
import org.neurite.nn.Model;
import org.neurite.nn.Sequential;
import org.neurite.nn.Summary;
import org.neurite.nn.Variable;
import org.neurite.nn.Weight;
import org.neurite.tensor.Shape;
import org.neurite.tensor.Tensor;

/**
 * A whole model used as one layer of another model, as Keras does when a model is called on a
 * tensor ({@code outputs = base_model(inputs)}, or a model in a Sequential's layer list): the
 * transfer-learning shape. Made by {@link Model#asLayer()}.
 *
 * <p>The outer model's summary shows it as one row, {@code encoder (Functional)} or
 * {@code base (Sequential)}, with the inner model's output shape and total parameters; its weights
 * are the inner model's own variables (shared, not copied: training the outer model trains them,
 * and the inner model sees the change), counted once. {@link #trainable(boolean) trainable(false)}
 * freezes every inner layer, as Keras' {@code base_model.trainable = False}. Inputs and outputs:
 * those of the inner model (one shape per input, batch axis excluded); several outputs are
 * several outputs of this layer.
 *
 * <p>Saved with the inner model's whole architecture in its config; weight names are the inner
 * layers' ({@code conv2d/kernel}), so inner and outer layer names must not collide.
 */
public final class ModelLayer extends Layer {
    private final Model model;

    /**
     * Uses a model as one layer of another; the layer shares the model's weights and name.
     *
     * @param model a Sequential with an input shape, or a functional model; not null
     * @throws IllegalArgumentException if it is null
     * @throws IllegalStateException if a Sequential has no input shape (its graph cannot be built)
     */
    public ModelLayer(Model model) {
        if (model == null) throw new IllegalArgumentException("ModelLayer: the model must not be null");
        this.model = model;
        model.inputs(); // builds a Sequential's graph, failing now if it has no input shape
        name(model.name());
    }

    /**
     * The wrapped model.
     *
     * @return the model whose layers this layer runs
     */
    public Model model() {
        return model;
    }

    /** Keras 2.4+ / 3 type names: {@code Sequential} or {@code Functional}. */
    @Override
    public String className() {
        return model instanceof Sequential ? "Sequential" : "Functional";
    }

    @Override
    public ModelLayer name(String newName) {
        super.name(newName);
        return this;
    }

    /** Freezes or unfreezes every layer of the inner model (Keras sets the flag recursively). */
    @Override
    public ModelLayer trainable(boolean value) {
        super.trainable(value);
        for (Layer l : innerLayers()) l.trainable(value);
        return this;
    }

    /** A model seed reaches the inner layers that have no explicit seed. */
    @Override
    protected void onSeedChanged() {
        model.seed(seed());
    }

    // ---------------------------------------------------------------- shapes

    @Override
    protected List<Shape> computeOutputShapes(List<Shape> in) {
        int expected = model.inputs().size();
        if (in.size() != expected) throw error("expected " + expected + " input(s), got " + in.size());
        for (int i = 0; i < in.size(); i++) {
            Shape want = model.inputs().get(i).shape();
            if (!want.equals(in.get(i))) {
                throw error("expected input " + (in.size() > 1 ? i + " " : "") + Summary.shapeString(want) + ", got " + Summary.shapeString(in.get(i)));
            }
        }
        List<Shape> out = new ArrayList<>();
        for (var o : model.outputs()) out.add(o.shape());
        return out;
    }

    @Override
    protected Shape computeOutputShape(List<Shape> inputShapes) {
        return computeOutputShapes(inputShapes).get(0);
    }

    // ---------------------------------------------------------------- weights: the inner model's

    /** Inner layers without the input layers, each once (the summary's expandNested rows). */
    @Override
    public List<Layer> innerLayers() {
        Set<Layer> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        List<Layer> out = new ArrayList<>();
        for (Layer l : model.layers()) if (!(l instanceof InputLayer) && seen.add(l)) out.add(l);
        return out;
    }

    @Override
    public List<Weight> weights() {
        List<Weight> out = new ArrayList<>();
        for (Layer l : innerLayers()) out.addAll(l.weights());
        return out;
    }

    @Override
    public List<Variable> variables() {
        return model.variables();
    }

    @Override
    public long countParams() {
        return model.countParams();
    }

    @Override
    public long trainableParams() {
        return model.trainableParams();
    }

    @Override
    protected List<Layer> wrappedLayers() {
        return innerLayers();
    }

    // ---------------------------------------------------------------- running

    @Override
    protected List<Tensor> callAll(List<Tensor> inputs, boolean training) {
        return model.forward(inputs, training);
    }

    @Override
    protected Tensor call(List<Tensor> inputs, boolean training) {
        return callAll(inputs, training).get(0);
    }

    // ---------------------------------------------------------------- config

    /** The inner model's architecture, as a saved model file records it. */
    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = super.config();
        c.put("model", ModelFile.architecture(model));
        return c;
    }

    static ModelLayer fromConfig(LayerConfig c) {
        if (!(c.raw("model") instanceof Map<?, ?> m)) throw new IllegalArgumentException("nested model: config 'model' must be a model description, got " + c.raw("model"));
        @SuppressWarnings("unchecked")
        Map<String, Object> description = (Map<String, Object>) m;
        return new ModelLayer(ModelFile.fromArchitecture(description));
    }
}
