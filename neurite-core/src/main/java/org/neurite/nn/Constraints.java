package org.neurite.nn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.neurite.tensor.Shape;

/**
 * Keras' weight constraints, as values a saved model can record. Each is applied after every
 * optimizer step. The norm-based ones work on the L2 norms taken over {@code axes} (Keras'
 * {@code axis}, default 0: for a Dense kernel {@code (in, units)} that is the vector of incoming
 * weights of each unit; for a Conv2D kernel {@code (kh, kw, in, out)} use axes 0, 1, 2 for each
 * filter). With {@code n} such a norm and {@code eps = 1e-7} (Keras' {@code backend.epsilon()}):
 * <pre>
 * MaxNorm(m):               w = w * clip(n, 0, m) / (eps + n)
 * NonNeg:                   w = w * (w >= 0)
 * UnitNorm:                 w = w / (eps + n)
 * MinMaxNorm(lo, hi, rate): w = w * (rate * clip(n, lo, hi) + (1 - rate) * n) / (eps + n)
 * </pre>
 * Configs use Keras' serialized form, {@code {"class_name": "MaxNorm", "config": {"max_value": 2, "axis": 0}}}.
 */
public final class Constraints {
    /** Keras' {@code backend.epsilon()}. */
    static final double EPSILON = 1e-7;

    private Constraints() {}

    /** Keras' {@code MaxNorm(max_value=2, axis=0)}: the norm over {@code axes} is at most maxValue. */
    public record MaxNorm(float maxValue, int... axes) implements Constraint {
        /**
         * Checks the bound and fills in the default axis.
         *
         * @param maxValue the largest norm, at least 0
         * @param axes axes of the weight the norm is taken over; none: Keras' default axis 0
         * @throws IllegalArgumentException if {@code maxValue} is negative or NaN
         */
        public MaxNorm {
            if (!(maxValue >= 0)) throw new IllegalArgumentException("MaxNorm: max_value must be >= 0, got " + maxValue);
            axes = axesOrDefault(axes);
        }

        @Override
        public void apply(float[] w, Shape shape) {
            rescale(w, shape, axes, n -> Math.min(Math.max(n, 0), maxValue));
        }

        @Override
        public String toString() {
            return "MaxNorm(" + maxValue + ", axis " + Arrays.toString(axes) + ")";
        }
    }

    /** Keras' {@code NonNeg()}: negative weights become 0. */
    public record NonNeg() implements Constraint {
        @Override
        public void apply(float[] w, Shape shape) {
            for (int i = 0; i < w.length; i++) if (!(w[i] >= 0)) w[i] = w[i] * 0f; // as w * (w >= 0): NaN stays NaN
        }
    }

    /** Keras' {@code UnitNorm(axis=0)}: the norm over {@code axes} is 1. */
    public record UnitNorm(int... axes) implements Constraint {
        /**
         * Fills in the default axis 0 when none is given.
         *
         * @param axes axes of the weight the norm is taken over; none: Keras' default axis 0
         */
        public UnitNorm {
            axes = axesOrDefault(axes);
        }

        @Override
        public void apply(float[] w, Shape shape) {
            rescale(w, shape, axes, n -> 1.0);
        }

        @Override
        public String toString() {
            return "UnitNorm(axis " + Arrays.toString(axes) + ")";
        }
    }

    /**
     * Keras' {@code MinMaxNorm(min_value=0, max_value=1, rate=1, axis=0)}: the norm moves by
     * {@code rate} towards [minValue, maxValue] (rate 1: strictly inside).
     */
    public record MinMaxNorm(float minValue, float maxValue, float rate, int... axes) implements Constraint {
        /**
         * Checks the bounds and fills in the default axis.
         *
         * @param minValue the smallest norm
         * @param maxValue the largest norm
         * @param rate the share of the way the norm moves into range per step (1: clipped)
         * @param axes axes of the weight the norm is taken over; none: Keras' default axis 0
         * @throws IllegalArgumentException unless {@code minValue <= maxValue}
         */
        public MinMaxNorm {
            if (!(minValue <= maxValue)) throw new IllegalArgumentException("MinMaxNorm: min_value " + minValue + " must be <= max_value " + maxValue);
            axes = axesOrDefault(axes);
        }

        @Override
        public void apply(float[] w, Shape shape) {
            double r = rate;
            rescale(w, shape, axes, n -> r * Math.min(Math.max(n, minValue), maxValue) + (1 - r) * n);
        }

        @Override
        public String toString() {
            return "MinMaxNorm(" + minValue + ", " + maxValue + ", rate " + rate + ", axis " + Arrays.toString(axes) + ")";
        }
    }

    /**
     * Keras' {@code MaxNorm}: rescales each slice whose L2 norm exceeds {@code maxValue}.
     *
     * @param maxValue the largest norm, at least 0 (Keras' default 2)
     * @param axes axes of the weight the norm is taken over (e.g. 0: per output unit of a Dense kernel {@code (in, out)}); none: Keras' default axis 0
     * @return the constraint (saved with a model)
     * @throws IllegalArgumentException if {@code maxValue} is negative
     */
    public static Constraint maxNorm(float maxValue, int... axes) {
        return new MaxNorm(maxValue, axes);
    }

    /** @return Keras' {@code NonNeg}: negative weights become 0 (saved with a model) */
    public static Constraint nonNeg() {
        return new NonNeg();
    }

    /**
     * Keras' {@code UnitNorm}: rescales each slice to L2 norm 1.
     *
     * @param axes axes of the weight the norm is taken over (e.g. 0: per output unit of a Dense kernel {@code (in, out)}); none: Keras' default axis 0
     * @return the constraint (saved with a model)
     */
    public static Constraint unitNorm(int... axes) {
        return new UnitNorm(axes);
    }

    /**
     * Keras' {@code MinMaxNorm}: moves each slice's L2 norm towards [minValue, maxValue].
     *
     * @param minValue the smallest norm (Keras' default 0)
     * @param maxValue the largest norm (Keras' default 1)
     * @param rate how far the norm moves per step: 1 clips strictly, smaller values move part way
     * @param axes axes of the weight the norm is taken over (e.g. 0: per output unit of a Dense kernel {@code (in, out)}); none: Keras' default axis 0
     * @return the constraint (saved with a model)
     * @throws IllegalArgumentException unless {@code minValue <= maxValue}
     */
    public static Constraint minMaxNorm(float minValue, float maxValue, float rate, int... axes) {
        return new MinMaxNorm(minValue, maxValue, rate, axes);
    }

    private static int[] axesOrDefault(int[] axes) {
        return axes == null || axes.length == 0 ? new int[] {0} : axes.clone();
    }

    // ---------------------------------------------------------------- the norm rule, written once

    /** {@code w *= desired(n) / (eps + n)}, n the L2 norm of each slice over {@code axes}. */
    private static void rescale(float[] w, Shape shape, int[] axes, java.util.function.DoubleUnaryOperator desired) {
        int[] group = groupOf(shape, axes);
        int groups = 0;
        for (int g : group) groups = Math.max(groups, g + 1);
        double[] sq = new double[groups];
        for (int i = 0; i < w.length; i++) sq[group[i]] += (double) w[i] * w[i];
        double[] scale = new double[groups];
        for (int g = 0; g < groups; g++) {
            double n = Math.sqrt(sq[g]);
            scale[g] = desired.applyAsDouble(n) / (EPSILON + n);
        }
        for (int i = 0; i < w.length; i++) w[i] = (float) (w[i] * scale[group[i]]);
    }

    /** For each element, the index of its slice: its position with the reduced axes dropped. */
    private static int[] groupOf(Shape shape, int[] axes) {
        int rank = shape.rank();
        boolean[] reduced = new boolean[rank];
        for (int a : axes) {
            int ax = a < 0 ? a + rank : a;
            if (ax < 0 || ax >= rank) throw new IllegalArgumentException("constraint axis " + a + " is out of range for a weight of shape " + shape);
            reduced[ax] = true;
        }
        int[] dims = shape.dims();
        int[] out = new int[shape.size()];
        int[] index = new int[rank];
        for (int i = 0; i < out.length; i++) {
            int g = 0;
            for (int d = 0; d < rank; d++) if (!reduced[d]) g = g * dims[d] + index[d];
            out[i] = g;
            for (int d = rank - 1; d >= 0; d--) {
                if (++index[d] < dims[d]) break;
                index[d] = 0;
            }
        }
        return out;
    }

    // ---------------------------------------------------------------- Keras' serialized form

    /**
     * The serialized form of a built-in constraint, as Keras 2 writes it.
     *
     * @param where what the constraint belongs to, for the error message (e.g. {@code dense/kernel})
     * @param c a constraint made by this class
     * @return {@code {"class_name": ..., "config": {...}}}
     * @throws IllegalArgumentException for a custom constraint, which cannot be saved
     */
    public static Map<String, Object> toConfig(String where, Constraint c) {
        Map<String, Object> cfg = new LinkedHashMap<>();
        String cls;
        if (c instanceof MaxNorm m) {
            cls = "MaxNorm";
            cfg.put("max_value", (double) m.maxValue());
            cfg.put("axis", axisValue(m.axes()));
        } else if (c instanceof NonNeg) {
            cls = "NonNeg";
        } else if (c instanceof UnitNorm u) {
            cls = "UnitNorm";
            cfg.put("axis", axisValue(u.axes()));
        } else if (c instanceof MinMaxNorm m) {
            cls = "MinMaxNorm";
            cfg.put("min_value", (double) m.minValue());
            cfg.put("max_value", (double) m.maxValue());
            cfg.put("rate", (double) m.rate());
            cfg.put("axis", axisValue(m.axes()));
        } else {
            throw new IllegalArgumentException(where + " is a custom constraint (" + c.getClass().getName()
                    + ") that cannot be saved; use Constraints.maxNorm/nonNeg/unitNorm/minMaxNorm so that a loaded model trains the same way");
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("class_name", cls);
        out.put("config", cfg);
        return out;
    }

    private static Object axisValue(int[] axes) {
        if (axes.length == 1) return axes[0];
        List<Integer> l = new ArrayList<>();
        for (int a : axes) l.add(a);
        return l;
    }

    /**
     * The constraint of a Keras config value: {@code {"class_name": "MaxNorm", "config": {...}}}
     * (Keras 2 and 3; {@code module} and {@code registered_name} are ignored), or a name such as
     * {@code "max_norm"} / {@code "NonNeg"} with default parameters. Null for null; fails with
     * what was found for anything else.
     *
     * @param where what the constraint belongs to, for the error message
     * @param value the config value: a map, a name, or null
     * @return the constraint, or null for null
     * @throws IllegalArgumentException for an unknown class or a malformed config
     */
    public static Constraint fromConfig(String where, Object value) {
        if (value == null) return null;
        String cls;
        Map<?, ?> cfg = Map.of();
        if (value instanceof String s) {
            cls = s;
        } else if (value instanceof Map<?, ?> m && m.get("class_name") instanceof String s && (m.get("config") == null || m.get("config") instanceof Map<?, ?>)) {
            cls = s;
            if (m.get("config") != null) cfg = (Map<?, ?>) m.get("config");
        } else {
            throw new IllegalArgumentException(where + ": expected a constraint {\"class_name\": ..., \"config\": {...}}, got " + value);
        }
        String key = cls.replace("_", "").toLowerCase(Locale.ROOT);
        return switch (key) {
            case "maxnorm" -> new MaxNorm(number(where, cfg, "max_value", 2), axes(where, cfg));
            case "nonneg" -> new NonNeg();
            case "unitnorm" -> new UnitNorm(axes(where, cfg));
            case "minmaxnorm" -> new MinMaxNorm(number(where, cfg, "min_value", 0), number(where, cfg, "max_value", 1), number(where, cfg, "rate", 1), axes(where, cfg));
            default -> throw new IllegalArgumentException(where + ": constraint '" + cls + "' is not available (known: MaxNorm, NonNeg, UnitNorm, MinMaxNorm)");
        };
    }

    private static float number(String where, Map<?, ?> cfg, String key, float fallback) {
        Object v = cfg.get(key);
        if (v == null) return fallback;
        if (v instanceof Number n) return n.floatValue();
        throw new IllegalArgumentException(where + ": constraint '" + key + "' must be a number, got " + v);
    }

    private static int[] axes(String where, Map<?, ?> cfg) {
        Object v = cfg.get("axis");
        if (v == null) return new int[] {0};
        if (v instanceof Number n) return new int[] {n.intValue()};
        if (v instanceof List<?> l && !l.isEmpty() && l.stream().allMatch(o -> o instanceof Number)) {
            return l.stream().mapToInt(o -> ((Number) o).intValue()).toArray();
        }
        throw new IllegalArgumentException(where + ": constraint 'axis' must be an integer or a list of integers, got " + v);
    }
}
