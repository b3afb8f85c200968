package org.neurite.nn.layers;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.neurite.nn.Initializer;
import org.neurite.nn.Initializers;
import org.neurite.nn.Regularizer;
import org.neurite.nn.Regularizers;
import org.neurite.tensor.Padding;
import org.neurite.tensor.Shape;

/**
 * Typed reading and writing of the JSON-compatible values in a layer config (see
 * {@link org.neurite.nn.Layer#config()}). Reading fails with the key and what was found.
 */
public final class LayerConfig {
    private final String layer;
    private final Map<String, Object> values;

    /**
     * A view on one layer's config.
     *
     * @param layer the layer's name, for error messages
     * @param values the config as parsed from JSON (numbers, strings, booleans, lists, maps, nulls)
     */
    public LayerConfig(String layer, Map<String, Object> values) {
        this.layer = layer;
        this.values = values;
    }

    /**
     * Whether a key is present with a value.
     *
     * @param key a config key, e.g. {@code units}
     * @return true if it is present and not null
     */
    public boolean has(String key) {
        return values.containsKey(key) && values.get(key) != null;
    }

    /**
     * The raw JSON value of a key.
     *
     * @param key a config key
     * @return the value (nested maps and lists, e.g. a wrapped layer's config); null if absent
     */
    public Object raw(String key) {
        return values.get(key);
    }

    /**
     * A required integer.
     *
     * @param key a config key
     * @return its value
     * @throws IllegalArgumentException if the key is absent or its value is not a whole number in int range
     */
    public int getInt(String key) {
        Object v = require(key);
        if (v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue()) && Math.abs(n.doubleValue()) <= Integer.MAX_VALUE) return n.intValue();
        throw bad(key, "an integer", v);
    }

    /**
     * An optional integer.
     *
     * @param key a config key
     * @param fallback returned when the key is absent or null
     * @return its value, or the fallback
     * @throws IllegalArgumentException if the value is present but not a whole number in int range
     */
    public int getInt(String key, int fallback) {
        return has(key) ? getInt(key) : fallback;
    }

    /**
     * A required number.
     *
     * @param key a config key
     * @return its value; the strings {@code "inf"} and {@code "-inf"} read as infinities
     * @throws IllegalArgumentException if the key is absent or its value is not a number
     */
    public float getFloat(String key) {
        Object v = require(key);
        if (v instanceof Number n) return n.floatValue();
        if ("-inf".equals(v)) return Float.NEGATIVE_INFINITY;
        if ("inf".equals(v)) return Float.POSITIVE_INFINITY;
        throw bad(key, "a number", v);
    }

    /**
     * An optional boolean.
     *
     * @param key a config key
     * @param fallback returned when the key is absent or null
     * @return its value, or the fallback
     * @throws IllegalArgumentException if the value is present but not true or false
     */
    public boolean getBool(String key, boolean fallback) {
        if (!has(key)) return fallback;
        Object v = values.get(key);
        if (v instanceof Boolean b) return b;
        throw bad(key, "true or false", v);
    }

    /**
     * An optional string.
     *
     * @param key a config key
     * @param fallback returned when the key is absent or null
     * @return its value, or the fallback
     * @throws IllegalArgumentException if the value is present but not a string
     */
    public String getString(String key, String fallback) {
        if (!has(key)) return fallback;
        Object v = values.get(key);
        if (v instanceof String s) return s;
        throw bad(key, "a string", v);
    }

    /**
     * A required list of integers, e.g. a kernel size.
     *
     * @param key a config key
     * @return a new array of its values
     * @throws IllegalArgumentException if the key is absent or its value is not a list of whole numbers in int range
     */
    public int[] getInts(String key) {
        Object v = require(key);
        if (!(v instanceof List<?> list)) throw bad(key, "a list of integers", v);
        int[] out = new int[list.size()];
        for (int i = 0; i < out.length; i++) {
            if (!(list.get(i) instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue()) || Math.abs(n.doubleValue()) > Integer.MAX_VALUE) {
                throw bad(key, "a list of integers", v);
            }
            out[i] = n.intValue();
        }
        return out;
    }

    /**
     * An initializer written by {@link Initializers#toConfig} (a name, or Keras' {@code {"class_name",
     * "config"}}); the fallback when absent or {@code "custom"} (a saved model's weights are loaded
     * anyway). Fails, naming the key, on an initializer Neurite does not know.
     *
     * @param key a config key, e.g. {@code kernel_initializer}
     * @param fallback returned when the key is absent, null or {@code "custom"}
     * @return the initializer
     * @throws IllegalArgumentException if the initializer is unknown or malformed
     */
    public Initializer getInitializer(String key, Initializer fallback) {
        if (!has(key) || "custom".equals(values.get(key))) return fallback;
        try {
            return Initializers.fromConfig(values.get(key));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(layer + ": config '" + key + "': " + e.getMessage(), e);
        }
    }

    /**
     * An optional regularizer, as {@link #regularizer} writes it.
     *
     * @param key a config key, e.g. {@code kernel_regularizer}
     * @return an L1/L2 or orthogonal regularizer; null if absent
     * @throws IllegalArgumentException if the value is neither form
     */
    public Regularizer getRegularizer(String key) {
        if (!has(key)) return null;
        Object v = values.get(key);
        if (v instanceof Map<?, ?> m && m.get("l1") instanceof Number l1 && m.get("l2") instanceof Number l2) {
            return Regularizers.l1l2(l1.floatValue(), l2.floatValue());
        }
        if (v instanceof Map<?, ?> m && m.get("factor") instanceof Number f && m.get("mode") instanceof String mode) {
            return Regularizers.orthogonal(f.floatValue(), mode);
        }
        throw bad(key, "{\"l1\": number, \"l2\": number} or {\"factor\": number, \"mode\": \"rows\"|\"columns\"}", v);
    }

    /**
     * A required padding.
     *
     * @param key a config key, usually {@code padding}
     * @return the padding: "same", "valid" (any case) or explicit [top, bottom, left, right]
     * @throws IllegalArgumentException if the key is absent or its value is not one of these
     */
    public Padding getPadding(String key) {
        Object v = require(key);
        if (v instanceof String s) return Padding.parse(s);
        int[] p = getInts(key);
        if (p.length != 4) throw bad(key, "\"same\", \"valid\" or [top, bottom, left, right]", v);
        return Padding.of(p[0], p[1], p[2], p[3]);
    }

    private Object require(String key) {
        if (!has(key)) throw new IllegalArgumentException(layer + ": config has no '" + key + "'");
        return values.get(key);
    }

    private IllegalArgumentException bad(String key, String expected, Object got) {
        return new IllegalArgumentException(layer + ": config '" + key + "' must be " + expected + ", got " + got);
    }

    // ---------------------------------------------------------------- writing

    /**
     * A shape in saveable form.
     *
     * @param s the shape
     * @return its dimensions as a list
     */
    public static List<Integer> dims(Shape s) {
        return ints(s.dims());
    }

    /**
     * Integers in saveable form.
     *
     * @param values the integers
     * @return a new mutable list of them
     */
    public static List<Integer> ints(int... values) {
        List<Integer> out = new ArrayList<>(values.length);
        for (int v : values) out.add(v);
        return out;
    }

    /**
     * A saveable form of a regularizer; fails for lambdas, which cannot be recreated.
     *
     * @param layer the layer's name, for the error message
     * @param key the option, e.g. {@code kernel_regularizer}, for the error message
     * @param r the regularizer, or null
     * @return {@code {"l1", "l2"}} or {@code {"factor", "mode"}} as a map; null for null
     * @throws IllegalArgumentException if it is a custom regularizer
     */
    public static Object regularizer(String layer, String key, Regularizer r) {
        if (r == null) return null;
        if (r instanceof Regularizers.L1L2 l) {
            Map<String, Object> m = new java.util.LinkedHashMap<>();
            m.put("l1", l.l1());
            m.put("l2", l.l2());
            return m;
        }
        if (r instanceof Regularizers.Orthogonal o) {
            Map<String, Object> m = new java.util.LinkedHashMap<>();
            m.put("factor", o.factor());
            m.put("mode", o.mode());
            return m;
        }
        throw new IllegalArgumentException(layer + ": the " + key + " is a custom regularizer (" + r.getClass().getName()
                + ") that cannot be saved; use Regularizers.l1/l2/l1l2/orthogonal so that a loaded model trains the same way");
    }

    /**
     * A saveable form of a padding.
     *
     * @param p the padding
     * @return "same", "valid", or [top, bottom, left, right] for explicit padding resolved on a 0-size input
     */
    public static Object padding(Padding p) {
        return switch (p.mode()) {
            case SAME -> "same";
            case VALID -> "valid";
            case EXPLICIT -> ints(p.resolve(0, 0, 0, 0, 1, 1));
        };
    }
}
