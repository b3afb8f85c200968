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

    /**
     * The facts of a layer applied to inputs of these shapes.
     *
     * @param layer a built layer
     * @param inputs its input shapes, batch axis excluded (copied)
     * @param output its output shape, batch axis excluded
     */
    public LayerFacts(Layer layer, List<Shape> inputs, Shape output) {
        this.layer = layer;
        this.inputs = List.copyOf(inputs);
        this.output = output;
        this.config = configOf(layer);
    }

    /**
     * A layer's config, tolerating layers that cannot give one.
     *
     * @param layer the layer
     * @return its config, or an empty map for a layer that has none to give (a Lambda)
     */
    public static Map<String, Object> configOf(Layer layer) {
        try {
            return layer.config();
        } catch (RuntimeException e) {
            return Map.of();
        }
    }

    /**
     * Facts of a built layer from its own recorded input shapes.
     *
     * @param layer a built layer
     * @return its facts
     */
    public static LayerFacts of(Layer layer) {
        return new LayerFacts(layer, layer.inputShapes(), layer.outputShape());
    }

    /**
     * The layer described.
     *
     * @return the layer, for reading its weights or class
     */
    public Layer layer() {
        return layer;
    }

    /**
     * Every input shape.
     *
     * @return an unmodifiable list, batch axis excluded
     */
    public List<Shape> inputs() {
        return inputs;
    }

    /**
     * The first (usually only) input shape.
     *
     * @return it, batch axis excluded
     */
    public Shape input() {
        return inputs.get(0);
    }

    /**
     * The output shape.
     *
     * @return it, batch axis excluded
     */
    public Shape output() {
        return output;
    }

    /**
     * The layer's config.
     *
     * @return its Keras-style hyper-parameters by key; empty if it has none
     */
    public Map<String, Object> config() {
        return config;
    }

    /**
     * Whether the config has a value for a key.
     *
     * @param key a config key, e.g. {@code filters}
     * @return true if present and not null
     */
    public boolean has(String key) {
        return config.get(key) != null;
    }

    /**
     * A required integer from the config.
     *
     * @param key a config key, e.g. {@code filters}
     * @return its value (a fraction is truncated)
     * @throws IllegalArgumentException if the key has no value or a value of another type (the message names the layer and key)
     */
    public int integer(String key) {
        Object v = raw(key);
        if (v instanceof Number n) return n.intValue();
        throw wrong(key, "a number", v);
    }

    /**
     * A required number from the config.
     *
     * @param key a config key, e.g. {@code filters}
     * @return its value
     * @throws IllegalArgumentException if the key has no value or a value of another type (the message names the layer and key)
     */
    public double number(String key) {
        Object v = raw(key);
        if (v instanceof Number n) return n.doubleValue();
        throw wrong(key, "a number", v);
    }

    /**
     * An optional boolean from the config.
     *
     * @param key a config key, e.g. {@code filters}
     * @param fallback returned when the key has no value
     * @return its value, or the fallback
     * @throws IllegalArgumentException if the value is not a boolean
     */
    public boolean bool(String key, boolean fallback) {
        Object v = config.get(key);
        if (v == null) return fallback;
        if (v instanceof Boolean b) return b;
        throw wrong(key, "true or false", v);
    }

    /**
     * An optional value from the config, as text.
     *
     * @param key a config key, e.g. {@code filters}
     * @param fallback returned when the key has no value
     * @return the value's {@code toString()}, or the fallback
     */
    public String string(String key, String fallback) {
        Object v = config.get(key);
        if (v == null) return fallback;
        return v.toString();
    }

    /**
     * An int list from the config, e.g. a kernel size {@code [3, 3]}; a single number counts as a list of one.
     *
     * @param key a config key, e.g. {@code filters}
     * @return a new array
     * @throws IllegalArgumentException if the key has no value or a value of another type (the message names the layer and key)
     */
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

    /**
     * One of the layer's weights.
     *
     * @param shortName e.g. {@code kernel}, {@code gamma}
     * @return the weight; null if the layer has none by that name
     */
    public Weight weight(String shortName) {
        for (Weight w : layer.weights()) if (w.name().equals(shortName)) return w;
        return null;
    }

    /**
     * The number of elements of a shape.
     *
     * @param s a shape
     * @return the product of its dimensions (negative if one is unknown)
     */
    public static long size(Shape s) {
        long n = 1;
        for (int d : s.dims()) n *= d;
        return n;
    }

    /**
     * A shape as a summary prints it.
     *
     * @param s a shape without the batch axis
     * @return e.g. {@code (None, 26, 26, 32)}
     */
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
