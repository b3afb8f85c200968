package org.neurite.io.keras;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.neurite.nn.Input;
import org.neurite.nn.Layer;
import org.neurite.nn.Model;
import org.neurite.tensor.Shape;
import org.neurite.nn.Sequential;
import org.neurite.nn.SymbolicTensor;
import org.neurite.nn.layers.InputLayer;
import org.neurite.nn.layers.ModelLayer;

/**
 * A Neurite model as Keras 2 {@code model.to_json()} (tf.keras 2.12 layout): Sequential with a
 * leading InputLayer, or Functional with {@code inbound_nodes [[["name", node, tensor, {}]]]},
 * {@code input_layers} and {@code output_layers}. Node indices count the applications of a
 * layer within this model, as Keras' {@code get_config} renumbers them.
 */
final class KerasModelWriter {
    static final String KERAS_VERSION = "2.12.0";

    private KerasModelWriter() {}

    static Map<String, Object> describe(Model model) {
        Map<String, Object> top = new LinkedHashMap<>();
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("name", model.name());
        List<Object> layers = new ArrayList<>();
        config.put("layers", layers);
        if (model instanceof Sequential) {
            top.put("class_name", "Sequential");
            Input in = model.inputs().get(0);
            layers.add(Map.of("class_name", "InputLayer", "config", inputConfig(in.layer())));
            for (Layer l : model.layers()) {
                Map<String, Object> e = new LinkedHashMap<>();
                e.put("class_name", l.className());
                e.put("config", kerasConfig(l));
                layers.add(e);
            }
        } else {
            top.put("class_name", "Functional");
            Map<SymbolicTensor, List<Object>> refs = new IdentityHashMap<>();
            Map<Layer, Integer> uses = new IdentityHashMap<>();
            Map<Layer, List<Object>> inbound = new IdentityHashMap<>();
            for (Input i : model.inputs()) refs.put(i, List.of(i.layer().name(), 0, 0));
            for (Model.Node n : model.nodes()) {
                List<Object> args = new ArrayList<>();
                for (SymbolicTensor t : n.inputs()) {
                    List<Object> r = new ArrayList<>(refs.get(t));
                    r.add(new LinkedHashMap<>());
                    args.add(r);
                }
                inbound.computeIfAbsent(n.layer(), k -> new ArrayList<>()).add(args);
                // Keras numbers a nested model's applications from 1: its node 0 is its own graph
                int k = uses.merge(n.layer(), 1, Integer::sum) - (n.layer() instanceof ModelLayer ? 0 : 1);
                for (SymbolicTensor o : n.output().nodeOutputs()) refs.put(o, List.of(n.layer().name(), k, o.outputIndex()));
            }
            List<Layer> ordered = new ArrayList<>();
            for (Input i : model.inputs()) ordered.add(i.layer());
            for (Layer l : model.layers()) if (!ordered.contains(l)) ordered.add(l);
            for (Layer l : ordered) {
                Map<String, Object> e = new LinkedHashMap<>();
                e.put("class_name", l.className());
                e.put("config", l instanceof InputLayer il ? inputConfig(il) : kerasConfig(l));
                e.put("name", l.name());
                e.put("inbound_nodes", inbound.getOrDefault(l, List.of()));
                layers.add(e);
            }
            List<Object> ins = new ArrayList<>();
            for (Input i : model.inputs()) ins.add(refs.get(i));
            List<Object> outs = new ArrayList<>();
            for (SymbolicTensor o : model.outputs()) outs.add(refs.get(o));
            config.put("input_layers", ins);
            config.put("output_layers", outs);
        }
        top.put("config", config);
        top.put("keras_version", KERAS_VERSION);
        top.put("backend", "tensorflow");
        return top;
    }

    /** A layer's Keras config; a nested model's is its whole model config. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> kerasConfig(Layer l) {
        if (l instanceof ModelLayer m) {
            Map<String, Object> c = new LinkedHashMap<>((Map<String, Object>) describe(m.model()).get("config"));
            c.put("name", m.name());
            c.put("trainable", m.trainable());
            return c;
        }
        return KerasConfigs.toKeras(l);
    }

    private static Map<String, Object> inputConfig(InputLayer in) {
        Map<String, Object> c = new LinkedHashMap<>();
        List<Object> shape = new ArrayList<>();
        shape.add(null);
        for (int d : in.shape().dims()) shape.add(d == Shape.UNKNOWN ? null : d); // None stays None
        c.put("batch_input_shape", shape);
        c.put("dtype", "float32");
        c.put("sparse", false);
        c.put("ragged", false);
        c.put("name", in.name());
        return c;
    }
}
