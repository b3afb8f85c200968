package org.neurite.io.keras;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import org.neurite.io.Json;

/**
 * Keras' weight regularizers and constraints, read from any serialised form (a name such as
 * {@code "l2"} or {@code "max_norm"}, Keras 2 {@code {"class_name": "L1L2", "config": {...}}}, Keras 3
 * with {@code module}/{@code registered_name}) into one canonical form, {@code {"class_name":
 * "MaxNorm", "config": {"max_value": 2.0, "axis": 0}}}, with Keras' defaults filled in:
 * L1(l1=0.01), L2(l2=0.01), L1L2(l1=0, l2=0), OrthogonalRegularizer(factor=0.01, mode="rows"),
 * MaxNorm(max_value=2, axis=0), NonNeg(), UnitNorm(axis=0), MinMaxNorm(min_value=0, max_value=1,
 * rate=1, axis=0). L1 and L2 come out as L1L2. What a layer takes is its business; the rest
 * becomes a training-only warning that names the term with its parameters.
 */
final class KerasTrainingTerms {
    private KerasTrainingTerms() {}

    /** The canonical regularizer; fails naming what is wrong for an unknown class or parameter. */
    static Map<String, Object> regularizer(Object v) {
        Spec s = spec(v, "regularizer");
        return switch (s.key) {
            case "l1" -> l1l2(s, s.number("l1", 0.01), 0);
            case "l2" -> l1l2(s, 0, s.number("l2", 0.01));
            case "l1l2" -> l1l2(s, s.number("l1", 0), s.number("l2", 0));
            case "orthogonalregularizer" -> {
                double factor = s.number("factor", 0.01);
                Object mode = s.config.get("mode") == null ? "rows" : s.config.get("mode");
                if (!"rows".equals(mode) && !"columns".equals(mode)) throw new IllegalArgumentException("OrthogonalRegularizer: mode must be rows or columns, got " + mode);
                s.read.add("mode");
                yield s.done("OrthogonalRegularizer", "factor", factor, "mode", mode);
            }
            default -> throw new IllegalArgumentException("unknown regularizer '" + s.cls + "' (known: L1, L2, L1L2, OrthogonalRegularizer)");
        };
    }

    /** The canonical constraint; fails naming what is wrong for an unknown class or parameter. */
    static Map<String, Object> constraint(Object v) {
        Spec s = spec(v, "constraint");
        return switch (s.key) {
            case "maxnorm" -> s.done("MaxNorm", "max_value", s.number("max_value", 2), "axis", s.axis());
            case "nonneg" -> s.done("NonNeg");
            case "unitnorm" -> s.done("UnitNorm", "axis", s.axis());
            case "minmaxnorm" -> s.done("MinMaxNorm", "min_value", s.number("min_value", 0), "max_value", s.number("max_value", 1),
                    "rate", s.number("rate", 1), "axis", s.axis());
            default -> throw new IllegalArgumentException("unknown constraint '" + s.cls + "' (known: MaxNorm, NonNeg, UnitNorm, MinMaxNorm)");
        };
    }

    /** {@code MaxNorm(max_value=2.0, axis=0)} for a canonical term; other values as JSON. */
    static String describe(Object v) {
        if (v instanceof Map<?, ?> m && m.get("class_name") instanceof String cls && m.get("config") instanceof Map<?, ?> c) {
            StringJoiner j = new StringJoiner(", ", cls + "(", ")");
            for (Map.Entry<?, ?> e : c.entrySet()) j.add(e.getKey() + "=" + Json.write(e.getValue()));
            return j.toString();
        }
        if (v instanceof Map<?, ?> m && m.get("l1") instanceof Number l1 && m.get("l2") instanceof Number l2) { // Neurite's L1L2 form
            return "L1L2(l1=" + l1 + ", l2=" + l2 + ")";
        }
        return Json.write(v);
    }

    private static Map<String, Object> l1l2(Spec s, double l1, double l2) {
        return s.done("L1L2", "l1", l1, "l2", l2);
    }

    private static Spec spec(Object v, String what) {
        if (v instanceof String name) return new Spec(name, Map.of());
        if (v instanceof Map<?, ?> m && m.get("class_name") instanceof String cls) {
            Object c = m.get("config");
            if (c != null && !(c instanceof Map<?, ?>)) throw new IllegalArgumentException(cls + ": 'config' must be a JSON object, got " + Json.write(c));
            return new Spec(cls, c == null ? Map.of() : (Map<?, ?>) c);
        }
        throw new IllegalArgumentException("a " + what + " is a name or {\"class_name\": ..., \"config\": {...}}, got " + Json.write(v));
    }

    /** One serialised term being read: its class, its config, the keys read so far. */
    private static final class Spec {
        final String cls;
        final String key;
        final Map<?, ?> config;
        final java.util.Set<Object> read = new java.util.HashSet<>();

        Spec(String cls, Map<?, ?> config) {
            this.cls = cls;
            this.key = cls.toLowerCase(Locale.ROOT).replace("_", "");
            this.config = config;
        }

        double number(String k, double fallback) {
            read.add(k);
            Object v = config.get(k);
            if (v == null) return fallback;
            if (v instanceof Number n && Double.isFinite(n.doubleValue())) return n.doubleValue();
            throw new IllegalArgumentException(cls + ": '" + k + "' must be a number, got " + Json.write(v));
        }

        /** An axis: an integer or a list of integers (conv kernels use [0, 1, 2]). */
        Object axis() {
            read.add("axis");
            Object v = config.get("axis");
            if (v == null) return 0L;
            if (v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) return n.longValue();
            if (v instanceof List<?> l && l.stream().allMatch(x -> x instanceof Number)) return v;
            throw new IllegalArgumentException(cls + ": 'axis' must be an integer or a list of them, got " + Json.write(v));
        }

        Map<String, Object> done(String canonical, Object... keyValues) {
            for (Object k : config.keySet()) {
                if (!read.contains(k) && !"name".equals(k)) throw new IllegalArgumentException(cls + ": unknown parameter '" + k + "' = " + Json.write(config.get(k)));
            }
            Map<String, Object> c = new LinkedHashMap<>();
            for (int i = 0; i < keyValues.length; i += 2) c.put((String) keyValues[i], keyValues[i + 1]);
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("class_name", canonical);
            out.put("config", c);
            return out;
        }
    }
}
