package org.neurite.io.keras.h5;

import io.jhdf.HdfFile;
import io.jhdf.api.Attribute;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.neurite.nn.Layer;
import org.neurite.nn.Model;
import org.neurite.nn.Weight;
import org.neurite.nn.layers.InputLayer;
import org.neurite.tensor.Shape;

/**
 * Keras weight files read with jHDF (pure Java HDF5), into a Neurite model of the same
 * architecture. Two layouts:
 * <ul>
 *   <li>Keras 3 {@code .weights.h5} (also {@code model.weights.h5} inside a {@code .keras} zip):
 *       {@code layers/<snake_case class name>[_k]/vars/0, 1, ...}; a layer's sub-objects hold
 *       their own vars ({@code layers/lstm/cell/vars/0..2}, {@code layers/bidirectional/
 *       forward_layer/cell/vars}, {@code layers/multi_head_attention/query_dense/vars}). Keras 3
 *       names the groups after the class, counted in model order, not after the layer names.</li>
 *   <li>Keras 2 legacy {@code .h5} ({@code save_weights("x.h5")} or {@code model.save("x.h5")},
 *       where everything sits under {@code model_weights}): root attribute {@code layer_names},
 *       each layer group with attribute {@code weight_names} ({@code conv2d/kernel:0}, ...), the
 *       datasets at {@code <layer>/<weight name>}. Matched by layer name.</li>
 * </ul>
 * Weights are assigned in Keras' variable order, which is Neurite's (kernel, bias; gamma, beta,
 * moving_mean, moving_variance; kernel, recurrent_kernel, bias). Every mismatch is listed in one
 * {@link IOException}, and nothing is assigned unless everything fits.
 */
public final class KerasWeights {
    private KerasWeights() {}

    /**
     * Loads a {@code .weights.h5} or legacy {@code .h5} weights file into the model, by layer and weight name.
     *
     * @param model a built model with the file's layers
     * @param file the weights file
     * @throws IOException naming the file, if it is unreadable or its weights do not fit the model
     */
    public static void load(Model model, Path file) throws IOException {
        try (HdfFile h5 = open(file)) {
            load(model, h5, org.neurite.io.ErrorText.path(file));
        } catch (RuntimeException e) {
            // closing a damaged file can fail too
            throw new IOException(org.neurite.io.ErrorText.path(file) + ": truncated or corrupt HDF5 ("
                    + org.neurite.io.ErrorText.quote(String.valueOf(e.getMessage())) + ")", e);
        }
    }

    static HdfFile open(Path file) throws IOException {
        org.neurite.io.InputFiles.requireRegular(file, "HDF5 weights file");
        try {
            return new HdfFile(file);
        } catch (RuntimeException e) {
            throw new IOException(org.neurite.io.ErrorText.path(file) + ": not a readable HDF5 file ("
                    + org.neurite.io.ErrorText.quote(String.valueOf(e.getMessage())) + ")", e);
        }
    }

    static void load(Model model, HdfFile h5, String source) throws IOException {
        List<String> problems = new ArrayList<>();
        List<Runnable> assignments = new ArrayList<>();
        try {
            Group root = h5;
            if (root.getChild("model_weights") instanceof Group g) root = g;
            if (root.getAttribute("layer_names") != null) {
                legacy(model, root, problems, assignments);
            } else if (root.getChild("layers") instanceof Group layers) {
                keras3(model, layers, problems, assignments);
            } else {
                problems.add("neither a Keras 3 weights file (no group 'layers') nor a legacy Keras .h5 (no attribute 'layer_names')");
            }
        } catch (RuntimeException | StackOverflowError e) {
            throw new IOException(source + ": cannot read the HDF5 structure (" + org.neurite.io.ErrorText.quote(String.valueOf(e.getMessage())) + ")", e);
        }
        if (!problems.isEmpty()) throw new IOException(source + ": does not fit model " + model.name() + ":\n  - " + String.join("\n  - ", problems));
        for (Runnable r : assignments) r.run();
    }

    // ---------------------------------------------------------------- Keras 3

    private static void keras3(Model model, Group layers, List<String> problems, List<Runnable> assignments) {
        Map<String, Integer> used = new java.util.HashMap<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (Layer layer : model.layers()) {
            if (layer instanceof InputLayer) continue;
            String base = snakeCase(layer.className());
            int k = used.merge(base, 1, Integer::sum) - 1;
            String key = k == 0 ? base : base + "_" + k;
            seen.add(key);
            Node node = layers.getChild(key);
            List<Dataset> vars = new ArrayList<>();
            if (node instanceof Group g) collectVars(g, vars);
            else if (!layer.weights().isEmpty()) {
                problems.add(layer.name() + " (" + layer.className() + "): group layers/" + key + " is missing");
                continue;
            }
            assign(layer, vars, "layers/" + key, problems, assignments);
        }
        for (String child : layers.getChildren().keySet()) {
            if (!seen.contains(child) && layers.getChild(child) instanceof Group g && hasVars(g) && !child.startsWith("input_layer")) {
                problems.add("group layers/" + child + " in the file has weights but the model has no matching layer");
            }
        }
    }

    /** Sub-objects in Keras' order for layers that own others; the rest alphabetically. */
    private static final List<String> CHILD_ORDER = List.of("vars", "cell", "forward_layer", "backward_layer",
            "query_dense", "key_dense", "value_dense", "output_dense");

    /** The datasets of a layer group: its own vars/0, 1, ... then those of its sub-objects. */
    private static void collectVars(Group g, List<Dataset> out) {
        List<Group> stack = new ArrayList<>();
        stack.add(g);
        while (!stack.isEmpty()) {
            Group cur = stack.remove(0);
            List<Group> children = new ArrayList<>();
            for (Node n : cur.getChildren().values()) {
                if (n instanceof Group c) children.add(c);
            }
            children.sort(Comparator.comparingInt((Group c) -> {
                int i = CHILD_ORDER.indexOf(c.getName());
                return i < 0 ? CHILD_ORDER.size() : i;
            }).thenComparing(Group::getName));
            List<Group> next = new ArrayList<>();
            for (Group c : children) {
                if (c.getName().equals("vars")) {
                    List<Dataset> ds = new ArrayList<>();
                    for (Node n : c.getChildren().values()) if (n instanceof Dataset d) ds.add(d);
                    ds.sort(Comparator.comparingInt(d -> index(d.getName())));
                    out.addAll(ds);
                } else {
                    next.add(c);
                }
            }
            // depth-first in the sorted order: sub-objects' vars follow the owner's
            List<Dataset> nested = new ArrayList<>();
            for (Group c : next) collectVars(c, nested);
            out.addAll(nested);
        }
    }

    private static boolean hasVars(Group g) {
        List<Dataset> vars = new ArrayList<>();
        collectVars(g, vars);
        return !vars.isEmpty();
    }

    private static int index(String name) {
        try {
            return Integer.parseInt(name);
        } catch (NumberFormatException e) {
            return Integer.MAX_VALUE;
        }
    }

    /** Keras' {@code naming.to_snake_case}: Conv2D -> conv2d, MaxPooling2D -> max_pooling2d, LSTM -> lstm. */
    static String snakeCase(String name) {
        String s = name.replaceAll("\\W+", "");
        s = s.replaceAll("(.)([A-Z][a-z]+)", "$1_$2");
        s = s.replaceAll("([a-z])([A-Z])", "$1_$2");
        return s.toLowerCase(java.util.Locale.ROOT);
    }

    // ---------------------------------------------------------------- Keras 2 legacy

    private static void legacy(Model model, Group root, List<String> problems, List<Runnable> assignments) {
        List<String> names = strings(root.getAttribute("layer_names"));
        java.util.Set<String> inFile = new java.util.LinkedHashSet<>(names);
        for (Layer layer : model.layers()) {
            if (layer instanceof InputLayer) continue;
            if (!inFile.remove(layer.name())) {
                if (!layer.weights().isEmpty()) problems.add(layer.name() + " (" + layer.className() + "): not in the file's layer_names " + names);
                continue;
            }
            if (!(root.getChild(layer.name()) instanceof Group g)) {
                problems.add(layer.name() + ": listed in layer_names but has no group");
                continue;
            }
            List<Dataset> vars = new ArrayList<>();
            Attribute wn = g.getAttribute("weight_names");
            for (String w : wn == null ? List.<String>of() : strings(wn)) {
                Node n = g.getByPath(w);
                if (n instanceof Dataset d) vars.add(d);
                else problems.add(layer.name() + ": weight " + w + " listed in weight_names is not a dataset");
            }
            assign(layer, vars, layer.name(), problems, assignments);
        }
        for (String left : inFile) {
            if (root.getChild(left) instanceof Group g && g.getAttribute("weight_names") != null && !strings(g.getAttribute("weight_names")).isEmpty()) {
                problems.add("layer " + left + " in the file has weights but the model has no layer of that name");
            }
        }
    }

    private static List<String> strings(Attribute a) {
        List<String> out = new ArrayList<>();
        if (a.isEmpty() || a.getSize() == 0) return out; // Keras writes an empty list as an empty float64 array
        Object data = a.getData();
        if (data != null && data.getClass().isArray() && java.lang.reflect.Array.getLength(data) == 0) return out; // Keras writes [] as float64
        if (data instanceof String s) out.add(s);
        else if (data instanceof String[] arr) out.addAll(List.of(arr));
        else if (data instanceof Object[] arr) for (Object o : arr) out.add(String.valueOf(o));
        else throw new IllegalArgumentException("attribute " + a.getName() + " is not a list of strings");
        return out;
    }

    // ---------------------------------------------------------------- assigning

    private static void assign(Layer layer, List<Dataset> vars, String where, List<String> problems, List<Runnable> assignments) {
        List<Weight> weights = layer.weights();
        if (vars.size() != weights.size()) {
            problems.add(layer.name() + " (" + layer.className() + "): " + where + " has " + vars.size() + " arrays, the layer has "
                    + weights.size() + " weights " + weights.stream().map(w -> w.name() + " " + w.shape()).toList());
            return;
        }
        for (int i = 0; i < vars.size(); i++) {
            Weight w = weights.get(i);
            Dataset d = vars.get(i);
            Shape shape = Shape.of(d.getDimensions());
            if (!shape.equals(w.shape())) {
                problems.add(w.fullName() + " is " + w.shape() + " but " + d.getPath() + " is " + shape);
                continue;
            }
            float[] values;
            try {
                values = floats(d);
            } catch (NoClassDefFoundError e) {
                if (!String.valueOf(e.getMessage()).contains("net/jpountz")) throw e;
                problems.add(d.getPath() + ": compressed with HDF5's LZ4 filter (32004), which is not read (the lz4-java"
                        + " library ships native code, so it is left out); save the weights without compression or with gzip");
                continue;
            }
            if (values == null) {
                problems.add(d.getPath() + ": element type " + d.getJavaType().getSimpleName() + " is not a floating-point type");
                continue;
            }
            assignments.add(() -> w.assign(values));
        }
    }

    private static float[] floats(Dataset d) {
        Object flat = d.isScalar() ? new Object[] {d.getData()} : d.getDataFlat();
        if (flat instanceof float[] f) return f;
        if (flat instanceof double[] a) {
            float[] out = new float[a.length];
            for (int i = 0; i < a.length; i++) out[i] = (float) a[i];
            return out;
        }
        if (flat instanceof Object[] o && o.length == 1 && o[0] instanceof Number n) return new float[] {n.floatValue()};
        return null;
    }
}
