package org.neurite.io.keras;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.neurite.io.Json;
import org.neurite.nn.Input;
import org.neurite.nn.Layer;
import org.neurite.nn.Model;
import org.neurite.nn.Sequential;
import org.neurite.nn.SymbolicTensor;
import org.neurite.nn.layers.InputLayer;
import org.neurite.nn.layers.ModelLayer;
import org.neurite.tensor.Shape;

/**
 * Builds a Neurite model from a parsed Keras model description (Keras 2 or 3 flavour, Sequential
 * or functional). Layers are made at their first application, when the input rank is known (to
 * resolve Keras 2's built {@code axis: [3]}). Every problem is collected; at the end one
 * {@link KerasImportException} lists them all. The graph is walked iteratively (no recursion), so
 * any layer order and any depth works.
 */
final class KerasModelReader {
    private final KerasConfigs.Issues issues;
    private final String source;

    KerasModelReader(KerasJson.Options options, String source) {
        this.issues = new KerasConfigs.Issues(options);
        this.source = source;
    }

    KerasImport load(Object root) {
        Model model = read(root);
        return new KerasImport(model, issues.warnings);
    }

    private Model read(Object root) {
        Map<String, Object> top = map(root, "the top level");
        if (top == null) throw fail();
        // TF.js model.json: {"modelTopology": {"model_config": {...}} or {...}, "weightsManifest": ...}; legacy h5: {"model_config": ...}
        if (top.get("modelTopology") instanceof Map<?, ?>) top = map(top.get("modelTopology"), "modelTopology");
        Object version = top.get("keras_version");
        if (!top.containsKey("class_name") && top.get("model_config") instanceof Map<?, ?>) top = map(top.get("model_config"), "model_config");
        if (top == null) throw fail();
        if (version == null) version = top.get("keras_version");
        // Keras 1/2 files say so in keras_version (TF.js layers, "tfjs-layers 1.3.1", keep Keras 2's
        // activations); Keras 3's to_json() has none but writes "module" everywhere
        issues.keras2 = version instanceof String v ? v.startsWith("1.") || v.startsWith("2.") || v.startsWith("tfjs") : !top.containsKey("module");
        Object cls = top.get("class_name");
        Object config = top.get("config");
        Model model = null;
        if ("Sequential".equals(cls)) {
            model = config instanceof List<?> l ? sequential(Map.of("layers", l)) : sequential(map(config, "Sequential config"));
        } else if ("Functional".equals(cls) || "Model".equals(cls)) {
            model = functional(map(config, cls + " config"));
        } else {
            issues.unsupported("model", "class_name " + Json.write(cls) + " is not a Keras model (expected Sequential, Functional or Model)");
        }
        if (!issues.problems.isEmpty()) throw fail();
        return model;
    }

    /** A file may declare at most {@link org.neurite.io.ModelFile#MAX_LAYERS} layers (a bound on what loading costs). */
    private void checkLayerCount(List<Object> layers) {
        if (layers.size() > org.neurite.io.ModelFile.MAX_LAYERS) {
            throw new KerasImportException(source, List.of("the model declares " + layers.size() + " layers, more than the "
                    + org.neurite.io.ModelFile.MAX_LAYERS + " a model file may declare"));
        }
    }

    private KerasImportException fail() {
        return new KerasImportException(source, issues.problems);
    }

    // ---------------------------------------------------------------- Sequential

    private Model sequential(Map<String, Object> config) {
        if (config == null) return null;
        List<Object> entries = list(config.get("layers"), "Sequential layers");
        if (entries == null) return null;
        checkLayerCount(entries);
        String name = config.get("name") instanceof String s ? s : "sequential";
        Input input = null;
        Sequential model = null;
        boolean broken = false;
        int rank = -1;
        int index = 0;
        for (Object o : entries) {
            Map<String, Object> entry = map(o, "layer " + index);
            index++;
            if (entry == null) continue;
            String cls = entry.get("class_name") instanceof String s ? s : null;
            Map<String, Object> cfg = map(entry.get("config"), "config of layer " + index);
            if (cls == null || cfg == null) {
                issues.unsupported("layer " + index, "an entry needs \"class_name\" and \"config\"");
                broken = true;
                continue;
            }
            String layerName = cfg.get("name") instanceof String s ? s : cls.toLowerCase() + "_" + index;
            if (cls.equals("InputLayer")) {
                if (model != null) {
                    issues.unsupported(layerName + " (InputLayer)", "an InputLayer can only come first in a Sequential");
                    continue;
                }
                Shape shape = batchShape(layerName, cfg);
                if (shape == null) {
                    broken = true;
                    continue;
                }
                input = Input.of(layerName, shape.dims());
                model = new Sequential(input);
                rank = shape.rank() + 1;
                continue;
            }
            if (model == null) { // Keras 2 without InputLayer: the first layer carries batch_input_shape
                Object declared = cfg.containsKey("batch_input_shape") ? cfg
                        : cfg.get("input_shape") != null ? Map.of("shape", cfg.get("input_shape")) // Keras 1 / hand-written
                        : config.get("build_input_shape") != null ? Map.of("batch_input_shape", config.get("build_input_shape")) : null;
                model = new Sequential();
                if (declared != null) {
                    @SuppressWarnings("unchecked")
                    Shape shape = batchShape(layerName, (Map<String, Object>) declared);
                    if (shape == null) broken = true;
                    else {
                        model.add(Input.of(layerName + "_input", shape.dims()));
                        rank = shape.rank() + 1;
                    }
                } else {
                    issues.unsupported(layerName + " (" + cls + ")", "the model has no input shape (no InputLayer, batch_input_shape or build_input_shape)");
                    broken = true;
                }
            }
            Layer layer = NESTED.contains(cls) ? nested(cls, layerName, cfg) : KerasConfigs.create(cls, layerName, cfg, broken ? -1 : rank, issues);
            if (layer == null || broken) {
                broken = true;
                continue;
            }
            try {
                model.add(layer); // applies the layer (Sequential.add builds it from the known input shape)
                rank = layer.outputShape().rank() + 1; // not model.layers(): recording the graph per add was quadratic
            } catch (RuntimeException e) {
                issues.unsupported(layerName + " (" + cls + ")", e.getMessage());
                broken = true;
            }
        }
        if (model == null) {
            issues.unsupported("model", "the Sequential has no layers");
            return null;
        }
        return broken ? null : model.name(name);
    }

    // ---------------------------------------------------------------- functional

    /** One layer entry of a functional config and its applications (inbound nodes). */
    private static final class Entry {
        String name;
        String cls;
        Map<String, Object> config;
        List<List<Ref>> nodes = new ArrayList<>();
        Layer layer;
        boolean failed;
        int applied;
        boolean nestedNodeOffset;
    }

    /** A tensor reference: the tensorIndex-th output of the nodeIndex-th application of a layer. */
    private record Ref(String layer, int node, int tensor) {}

    private Model functional(Map<String, Object> config) {
        if (config == null) return null;
        List<Object> layerList = list(config.get("layers"), "model layers");
        if (layerList == null) return null;
        checkLayerCount(layerList);
        String name = config.get("name") instanceof String s ? s : "model";
        Map<String, Entry> entries = new LinkedHashMap<>();
        Map<String, List<List<SymbolicTensor>>> made = new HashMap<>();
        List<Input> inputs = new ArrayList<>();
        for (Object o : layerList) {
            Map<String, Object> e = map(o, "layer entry");
            if (e == null) continue;
            Entry entry = new Entry();
            entry.cls = e.get("class_name") instanceof String s ? s : null;
            entry.config = map(e.get("config"), "config of a layer");
            if (entry.cls == null || entry.config == null) {
                issues.unsupported("model", "a layer entry needs \"class_name\" and \"config\"");
                continue;
            }
            entry.name = e.get("name") instanceof String s ? s : entry.config.get("name") instanceof String s2 ? s2 : null;
            // Keras 2 numbers a nested model's applications from 1 (node 0 is its own graph), Keras 3
            // does so for Functional but not for Sequential (which has a "module" entry there)
            entry.nestedNodeOffset = !(entry.cls.equals("Sequential") && e.containsKey("module"));
            if (entry.name == null) {
                issues.unsupported(entry.cls, "a layer entry has no name");
                continue;
            }
            if (entries.put(entry.name, entry) != null) issues.unsupported(entry.name, "the layer name appears twice");
            List<Object> inbound = e.get("inbound_nodes") instanceof List<?> l ? castList(l) : List.of();
            for (Object node : inbound) entry.nodes.add(node(entry, node));
            if (entry.cls.equals("InputLayer")) {
                Shape shape = batchShape(entry.name, entry.config);
                if (shape == null) {
                    entry.failed = true;
                    continue;
                }
                Input in = Input.of(new InputLayer(entry.name, shape));
                inputs.add(in);
                entry.layer = in.layer();
                made.put(entry.name, new ArrayList<>(List.of(List.of(in))));
                entry.nodes.clear();
            }
        }
        // Apply nodes whose inputs exist until nothing moves (any layer order, no recursion).
        boolean progress = true;
        while (progress) {
            progress = false;
            for (Entry e : entries.values()) {
                while (!e.failed && e.applied < e.nodes.size()) {
                    List<SymbolicTensor> args = resolve(e.nodes.get(e.applied), made, entries);
                    if (args == null) break;
                    if (e.layer == null) {
                        e.layer = NESTED.contains(e.cls) ? nested(e.cls, e.name, e.config)
                                : KerasConfigs.create(e.cls, e.name, e.config, args.get(0).shape().rank() + 1, issues);
                        if (e.layer == null) {
                            e.failed = true;
                            break;
                        }
                        if (NESTED.contains(e.cls) && e.nestedNodeOffset) {
                            // its node 0 is the inner model's own graph: outer references start at 1
                            made.computeIfAbsent(e.name, k -> new ArrayList<>()).add(List.of());
                        }
                    }
                    try {
                        made.computeIfAbsent(e.name, k -> new ArrayList<>()).add(e.layer.applyAll(args));
                    } catch (RuntimeException ex) {
                        issues.unsupported(e.name + " (" + e.cls + ")", ex.getMessage());
                        e.failed = true;
                        break;
                    }
                    e.applied++;
                    progress = true;
                }
            }
        }
        boolean anyFailed = false;
        for (Entry e : entries.values()) {
            if (e.failed) anyFailed = true;
            else if (e.layer == null && NESTED.contains(e.cls)) nested(e.cls, e.name, e.config);
            else if (e.layer == null) {
                // never reached: still check its config so that its problems are listed too
                KerasConfigs.create(e.cls, e.name, e.config, -1, issues);
            }
        }
        if (!anyFailed) {
            for (Entry e : entries.values()) {
                if (e.applied < e.nodes.size()) issues.unsupported(e.name + " (" + e.cls + ")", "inbound node " + e.applied + " refers to a tensor that no layer computes");
            }
        }
        List<SymbolicTensor> ins = endpoints(config.get("input_layers"), "input_layers", made);
        List<SymbolicTensor> outs = endpoints(config.get("output_layers"), "output_layers", made);
        if (!issues.problems.isEmpty() || ins == null || outs == null) return null;
        try {
            return new Model(ins, outs).name(name);
        } catch (RuntimeException ex) {
            issues.unsupported("model", ex.getMessage());
            return null;
        }
    }

    /** The tensor references of one inbound node, Keras 2 list or Keras 3 {args, kwargs}. */
    private List<Ref> node(Entry e, Object node) {
        List<Ref> refs = new ArrayList<>();
        String where = e.name + " (" + e.cls + ")";
        if (node instanceof Map<?, ?> m) { // Keras 3
            collect(m.get("args"), refs, where);
            if (m.get("kwargs") instanceof Map<?, ?> kw) {
                for (Map.Entry<?, ?> k : kw.entrySet()) {
                    if ("training".equals(k.getKey()) || k.getValue() == null) continue;
                    if (Json.write(k.getValue()).contains("\"__keras_tensor__\"")) collect(k.getValue(), refs, where);
                    else issues.unsupported(where, "call argument " + k.getKey() + "=" + Json.write(k.getValue()) + " is not supported");
                }
            }
        } else if (node instanceof List<?> l) { // Keras 2: [[name, node, tensor, kwargs], ...]
            for (Object o : l) {
                if (o instanceof List<?> r && r.size() >= 3 && r.get(0) instanceof String n && r.get(1) instanceof Number a && r.get(2) instanceof Number b) {
                    refs.add(new Ref(n, a.intValue(), b.intValue()));
                    if (r.size() > 3 && r.get(3) instanceof Map<?, ?> kw) {
                        for (Map.Entry<?, ?> k : kw.entrySet()) {
                            if (!"training".equals(k.getKey()) && k.getValue() != null) {
                                issues.unsupported(where, "call argument " + k.getKey() + "=" + Json.write(k.getValue()) + " is not supported");
                            }
                        }
                    }
                } else {
                    issues.unsupported(where, "inbound node entry " + Json.write(o) + " is not [layer, node, tensor, kwargs]");
                }
            }
        } else {
            issues.unsupported(where, "inbound node " + Json.write(node) + " is neither a list nor {args, kwargs}");
        }
        return refs;
    }

    /** Keras 3 keras tensors anywhere inside args (a merge layer gets a list of them). */
    private void collect(Object v, List<Ref> refs, String where) {
        List<Object> stack = new ArrayList<>();
        stack.add(v);
        while (!stack.isEmpty()) {
            Object o = stack.remove(stack.size() - 1);
            if (o instanceof List<?> l) {
                for (int i = l.size() - 1; i >= 0; i--) stack.add(l.get(i));
            } else if (o instanceof Map<?, ?> m && "__keras_tensor__".equals(m.get("class_name"))) {
                if (m.get("config") instanceof Map<?, ?> c && c.get("keras_history") instanceof List<?> h && h.size() == 3
                        && h.get(0) instanceof String n && h.get(1) instanceof Number a && h.get(2) instanceof Number b) {
                    refs.add(new Ref(n, a.intValue(), b.intValue()));
                } else {
                    issues.unsupported(where, "a keras tensor without keras_history [layer, node, tensor]");
                }
            } else if (o != null) {
                issues.unsupported(where, "constant call argument " + Json.write(o) + " is not supported");
            }
        }
    }

    private static List<SymbolicTensor> resolve(List<Ref> refs, Map<String, List<List<SymbolicTensor>>> made, Map<String, Entry> entries) {
        if (refs.isEmpty()) return null;
        List<SymbolicTensor> out = new ArrayList<>();
        for (Ref r : refs) {
            List<List<SymbolicTensor>> outs = made.get(r.layer());
            if (outs == null || r.node() < 0 || r.node() >= outs.size()) return null;
            List<SymbolicTensor> node = outs.get(r.node());
            if (r.tensor() < 0 || r.tensor() >= node.size()) return null;
            out.add(node.get(r.tensor()));
        }
        return out;
    }

    private List<SymbolicTensor> endpoints(Object spec, String what, Map<String, List<List<SymbolicTensor>>> made) {
        if (!(spec instanceof List<?> l) || l.isEmpty()) {
            issues.unsupported("model", "'" + what + "' must be a list of [layer, node, tensor], got " + Json.write(spec));
            return null;
        }
        List<?> items = l.get(0) instanceof String ? List.of(l) : l; // Keras 3 writes a single one bare
        List<SymbolicTensor> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Object o : items) {
            if (!(o instanceof List<?> r) || r.size() < 3 || !(r.get(0) instanceof String n) || !(r.get(1) instanceof Number a) || !(r.get(2) instanceof Number b)) {
                issues.unsupported("model", "'" + what + "' entry " + Json.write(o) + " is not [layer, node, tensor]");
                return null;
            }
            List<List<SymbolicTensor>> outs = made.get(n);
            if (outs == null || a.intValue() >= outs.size() || b.intValue() >= outs.get(a.intValue()).size()) {
                if (issues.problems.isEmpty()) issues.unsupported("model", "'" + what + "' refers to " + Json.write(o) + ", which no layer computes");
                return null;
            }
            if (!seen.add(n + "/" + a + "/" + b) && what.equals("input_layers")) issues.unsupported("model", "input " + n + " is listed twice");
            out.add(outs.get(a.intValue()).get(b.intValue()));
        }
        return out;
    }

    // ---------------------------------------------------------------- models used as layers

    /** Keras class names of a model used as a layer of another. */
    private static final Set<String> NESTED = Set.of("Sequential", "Functional", "Model");

    /** A nested model read with the same rules (its problems join this import's), as one layer; null if it failed. */
    private Layer nested(String cls, String name, Map<String, Object> config) {
        int before = issues.problems.size();
        Model inner = cls.equals("Sequential") ? sequential(config) : functional(config);
        if (inner == null || issues.problems.size() > before) return null;
        try {
            ModelLayer layer = inner.asLayer().name(name);
            if (Boolean.FALSE.equals(config.get("trainable"))) layer.trainable(false); // a frozen base model
            return layer;
        } catch (RuntimeException ex) {
            issues.unsupported(name + " (" + cls + ")", ex.getMessage());
            return null;
        }
    }

    // ---------------------------------------------------------------- small helpers

    /** The shape without batch axis from batch_input_shape (Keras 2) or batch_shape (Keras 3). */
    private Shape batchShape(String where, Map<String, Object> cfg) {
        Object v = cfg.get("batch_input_shape") != null ? cfg.get("batch_input_shape")
                : cfg.get("batch_shape") != null ? cfg.get("batch_shape") : cfg.get("shape");
        boolean withBatch = cfg.get("batch_input_shape") != null || cfg.get("batch_shape") != null;
        if (!(v instanceof List<?> l) || (withBatch && l.isEmpty())) {
            issues.unsupported(where + " (InputLayer)", "no batch_input_shape / batch_shape, got " + Json.write(v));
            return null;
        }
        int[] dims = new int[l.size() - (withBatch ? 1 : 0)];
        for (int i = 0; i < dims.length; i++) {
            Object d = l.get(i + (withBatch ? 1 : 0));
            if (d == null) { // Keras' None: any size (a token sequence of any length, an image of any size)
                dims[i] = Shape.UNKNOWN;
                continue;
            }
            if (!(d instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue()) || n.longValue() <= 0 || n.longValue() > Integer.MAX_VALUE) {
                issues.unsupported(where + " (InputLayer)", "input dimension " + (i + 1) + " is " + Json.write(d)
                        + "; expected a positive integer or null (None): " + Json.write(v));
                return null;
            }
            dims[i] = n.intValue();
        }
        if (cfg.get("sparse") instanceof Boolean b && b) issues.unsupported(where + " (InputLayer)", "'sparse' = true is not supported");
        if (cfg.get("ragged") instanceof Boolean b && b) issues.unsupported(where + " (InputLayer)", "'ragged' = true is not supported");
        return Shape.of(dims);
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> map(Object o, String what) {
        if (o instanceof Map<?, ?> m) return (Map<String, Object>) m;
        issues.unsupported("model", what + " must be a JSON object, got " + Json.write(o));
        return null;
    }

    private List<Object> list(Object o, String what) {
        if (o instanceof List<?> l) return castList(l);
        issues.unsupported("model", what + " must be a JSON array, got " + Json.write(o));
        return null;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> castList(List<?> l) {
        return (List<Object>) l;
    }
}
