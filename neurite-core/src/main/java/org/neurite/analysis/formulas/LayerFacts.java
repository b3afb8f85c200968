package org.neurite.analysis.formulas;

import java.util.List;
import java.util.Map;
import org.neurite.nn.Layer;
import org.neurite.nn.Summary;
import org.neurite.nn.Weight;
import org.neurite.tensor.Shape;

/**
 * What a {@link LayerFormula} may read about one built layer: its input shapes and output shape
 * (batch axis excluded), its weights and its config (the Keras-style hyper-parameters of
 * {@link Layer#config()}), with typed accessors whose errors name the layer and the key.
 */
public final class LayerFacts {
    private final Layer layer;
    private final List<Shape> inputs;
    private final Shape output;
    private final Map<String, Object> config;

    public LayerFacts(Layer layer, List<Shape> inputs, Shape output) {
        this.layer = layer;
        this.inputs = List.copyOf(inputs);
        this.output = output;
        this.config = configOf(layer);
    }

    /** The layer's config, or an empty map for a layer that has none to give (a Lambda). */
    public static Map<String, Object> configOf(Layer layer) {
        try {
            return layer.config();
        } catch (RuntimeException e) {
            return Map.of();
        }
    }

    /** Facts of a built layer from its own recorded input shapes. */
    public static LayerFacts of(Layer layer) {
        return new LayerFacts(layer, layer.inputShapes(), layer.outputShape());
    }

    public Layer layer() {
        return layer;
    }

    public List<Shape> inputs() {
        return inputs;
    }

    /** The first (usually only) input shape. */
    public Shape input() {
        return inputs.get(0);
    }

    public Shape output() {
        return output;
    }

    public Map<String, Object> config() {
        return config;
    }

    public boolean has(String key) {
        return config.get(key) != null;
    }

    public int integer(String key) {
        Object v = raw(key);
        if (v instanceof Number n) return n.intValue();
        throw wrong(key, "a number", v);
    }

    public double number(String key) {
        Object v = raw(key);
        if (v instanceof Number n) return n.doubleValue();
        throw wrong(key, "a number", v);
    }

    public boolean bool(String key, boolean fallback) {
        Object v = config.get(key);
        if (v == null) return fallback;
        if (v instanceof Boolean b) return b;
        throw wrong(key, "true or false", v);
    }

    public String string(String key, String fallback) {
        Object v = config.get(key);
        if (v == null) return fallback;
        return v.toString();
    }

    /** An int list ({@code [3, 3]}); a single number counts as a list of one. */
    public int[] ints(String key) {
        Object v = raw(key);
        if (v instanceof Number n) return new int[] {n.intValue()};
        if (v instanceof int[] a) return a.clone();
        if (v instanceof List<?> l) {
            int[] out = new int[l.size()];
            for (int i = 0; i < out.length; i++) {
                if (!(l.get(i) instanceof Number n)) throw wrong(key, "a list of integers", v);
                out[i] = n.intValue();
            }
            return out;
        }
        throw wrong(key, "a list of integers", v);
    }

    /** The weight with this short name ({@code kernel}, {@code gamma}), or null. */
    public Weight weight(String shortName) {
        for (Weight w : layer.weights()) if (w.name().equals(shortName)) return w;
        return null;
    }

    /** Product of the dims of a shape. */
    public static long size(Shape s) {
        long n = 1;
        for (int d : s.dims()) n *= d;
        return n;
    }

    public String shapeString(Shape s) {
        return Summary.shapeString(s);
    }

    private Object raw(String key) {
        Object v = config.get(key);
        if (v == null) throw new IllegalArgumentException(layer.name() + " (" + layer.className() + "): config has no value for '" + key + "'");
        return v;
    }

    private IllegalArgumentException wrong(String key, String expected, Object got) {
        return new IllegalArgumentException(layer.name() + " (" + layer.className() + "): config '" + key + "' should be " + expected + ", got " + got);
    }
}
