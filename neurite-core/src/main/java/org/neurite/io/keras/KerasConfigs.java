package org.neurite.io.keras;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.neurite.io.Json;
import org.neurite.nn.Activations;
import org.neurite.nn.Constraints;
import org.neurite.nn.Initializers;
import org.neurite.nn.Layer;
import org.neurite.nn.layers.LayerConfig;
import org.neurite.nn.layers.LayerRegistry;

/**
 * Translates one layer's config between Keras ({@code get_config()}, Keras 2 and 3) and Neurite
 * ({@link Layer#config()}, which already uses Keras' key names). What Neurite does not take is
 * sorted into three kinds:
 * <ul>
 *   <li>fine: the Keras default of a feature Neurite lacks ({@code data_format: "channels_last"},
 *       {@code groups: 1}, {@code kernel_constraint: null}, ...), and pure bookkeeping
 *       ({@code name}, {@code dtype}, {@code seed}, ...);</li>
 *   <li>harmless: a value that changes only training or initialisation, not the forward pass nor
 *       the weight shapes, where Neurite cannot honour it (constraints and regularizers it lacks or
 *       on layers without them, RNN dropout, unknown initializers);
 *       reported unless {@link KerasJson.Options#ignoreHarmless(boolean)};</li>
 *   <li>unsupported: everything else (unknown layer class, {@code channels_first}, {@code stateful},
 *       a key Neurite does not know), always reported, all together.</li>
 * </ul>
 */
final class KerasConfigs {
    private KerasConfigs() {}

    /** Where the problems of one import are gathered (all of them, then one exception). */
    static final class Issues {
        final List<String> problems = new ArrayList<>();
        /** What a lenient import skipped (harmless items), for {@link KerasImport#warnings()}. */
        final List<String> warnings = new ArrayList<>();
        final KerasJson.Options options;
        /**
         * Whether the file comes from Keras 1 or 2, whose {@code hard_sigmoid} is clip(0.2 x + 0.5, 0, 1)
         * (Keras 3's is relu6(x + 3) / 6). Set by the reader from {@code keras_version}.
         */
        boolean keras2;

        Issues(KerasJson.Options options) {
            this.options = options;
        }

        /** An empty list of the same import (same options and Keras version). */
        Issues sibling() {
            Issues i = new Issues(options);
            i.keras2 = keras2;
            return i;
        }

        void unsupported(String where, String what) {
            problems.add(where + ": " + what);
        }

        void harmless(String where, String what) {
            if (options.ignoreHarmless()) warnings.add(where + ": " + what);
            else problems.add(where + ": " + what + " (affects only training or initialisation; a lenient import skips it)");
        }
    }

    /** Keys that never matter for a Neurite layer. */
    private static final Set<String> BOOKKEEPING = Set.of("name", "trainable", "dtype", "seed", "implementation", "unroll",
            "fused", "renorm_momentum", "zero_output_for_mask", "use_cudnn", "input_length", "query_shape", "key_shape",
            "value_shape", "batch_input_shape", "batch_shape", "input_shape", "backward_layer", "autocast", "input_dim_hint");

    /** Keras defaults of features Neurite lacks: the value is fine, any other is unsupported. */
    private static final Map<String, Object> UNSUPPORTED_UNLESS = new LinkedHashMap<>();
    /** Keras defaults of training-only features: any other value is harmless. */
    private static final Map<String, Object> HARMLESS_UNLESS = new LinkedHashMap<>();
    private static final Object NULL = new Object();

    static {
        UNSUPPORTED_UNLESS.put("data_format", "channels_last");
        UNSUPPORTED_UNLESS.put("groups", 1L);
        UNSUPPORTED_UNLESS.put("stateful", false);
        UNSUPPORTED_UNLESS.put("time_major", false);
        UNSUPPORTED_UNLESS.put("sparse", false);
        UNSUPPORTED_UNLESS.put("ragged", false);
        UNSUPPORTED_UNLESS.put("renorm", false);
        UNSUPPORTED_UNLESS.put("renorm_clipping", NULL);
        UNSUPPORTED_UNLESS.put("virtual_batch_size", NULL);
        UNSUPPORTED_UNLESS.put("adjustment", NULL);
        UNSUPPORTED_UNLESS.put("attention_axes", NULL);
        UNSUPPORTED_UNLESS.put("lora_rank", NULL);
        UNSUPPORTED_UNLESS.put("lora_alpha", NULL);
        UNSUPPORTED_UNLESS.put("output_padding", NULL);
        UNSUPPORTED_UNLESS.put("rms_scaling", false);
        UNSUPPORTED_UNLESS.put("quantization_config", NULL); // Keras 3.4+: a quantized layer has other weights
        UNSUPPORTED_UNLESS.put("quantization_mode", NULL);
        HARMLESS_UNLESS.put("synchronized", false);
        HARMLESS_UNLESS.put("noise_shape", NULL);
        HARMLESS_UNLESS.put("dropout", 0L);
        HARMLESS_UNLESS.put("recurrent_dropout", 0L);
    }

    /** Keys that a Neurite fromConfig reads although its config() writes them under another name. */
    private static final Map<String, Set<String>> ALIASES = Map.of("LeakyReLU", Set.of("negative_slope"));

    private static final Set<String> ONE_D = Set.of("Conv1D", "MaxPooling1D", "AveragePooling1D");

    // ---------------------------------------------------------------- Keras -> Neurite

    /**
     * A new Neurite layer for one Keras layer entry, or null when it cannot be made (the reasons are
     * in {@code issues}). {@code inputRank} is the rank of the first input with the batch axis, or -1.
     */
    static Layer create(String cls, String name, Map<String, Object> keras, int inputRank, Issues issues) {
        String where = name + " (" + cls + ")";
        if (!LayerRegistry.isKnown(cls)) {
            issues.unsupported(where, "layer class '" + cls + "' is not supported"
                    + (Set.of("Sequential", "Functional", "Model").contains(cls) ? " as a nested model" : ""));
            return null;
        }
        Map<String, Object> t = new LinkedHashMap<>();
        Issues mine = issues.sibling();
        dtype(where, keras.get("dtype"), mine);
        for (Map.Entry<String, Object> e : keras.entrySet()) {
            String key = e.getKey();
            if (BOOKKEEPING.contains(key) || issues.options.ignoredFields().contains(key)) continue;
            Object v = translate(cls, where, key, e.getValue(), inputRank, mine);
            if (v != DROP) t.put(key, v);
        }
        if (t.get("strides") == DEFAULT_STRIDES) t.put("strides", t.get("pool_size"));
        // Keras before 2.1.3 had no reset_after (its GRU is the original, reset-before form)
        if (cls.equals("GRU") && !keras.containsKey("reset_after")) t.put("reset_after", false);
        if (cls.equals("MultiHeadAttention") && t.containsKey("output_shape")) {
            Object os = t.remove("output_shape");
            if (os instanceof List<?> l && l.size() == 1) os = l.get(0);
            if (os instanceof Number) t.put("output_dim", os);
            else if (os != null) mine.unsupported(where, "'output_shape' = " + Json.write(os) + " is not supported (only a number)");
        }
        Layer layer;
        try {
            layer = LayerRegistry.create(cls, new LayerConfig(name, t)).name(name);
        } catch (RuntimeException ex) {
            issues.problems.addAll(mine.problems);
            issues.warnings.addAll(mine.warnings);
            issues.unsupported(where, ex.getMessage());
            return null;
        }
        Set<String> accepted = new java.util.HashSet<>(layer.config().keySet());
        accepted.addAll(ALIASES.getOrDefault(cls, Set.of()));
        for (Map.Entry<String, Object> e : t.entrySet()) {
            String key = e.getKey();
            if (accepted.contains(key)) continue;
            Object v = e.getValue();
            if (UNSUPPORTED_UNLESS.containsKey(key)) {
                if (!same(v, UNSUPPORTED_UNLESS.get(key))) mine.unsupported(where, "'" + key + "' = " + Json.write(v) + " is not supported");
            } else if (HARMLESS_UNLESS.containsKey(key)) {
                if (!same(v, HARMLESS_UNLESS.get(key))) mine.harmless(where, "'" + key + "' = " + KerasTrainingTerms.describe(v) + " is ignored");
            } else if (key.endsWith("_constraint") || key.endsWith("_regularizer")) {
                if (v != null) mine.harmless(where, "'" + key + "' = " + KerasTrainingTerms.describe(v) + " is ignored");
            } else if (key.endsWith("_initializer")) {
                if (v != null && !v.equals("zeros") && !v.equals("ones")) mine.harmless(where, "'" + key + "' = " + Json.write(v) + " is ignored");
            } else if (key.equals("dilation_rate")) {
                if (!same(v, ONE_D.contains(cls) ? List.of(1L) : List.of(1L, 1L))) mine.unsupported(where, "'dilation_rate' = " + Json.write(v) + " is not supported");
            } else {
                mine.unsupported(where, "config field '" + key + "' = " + Json.write(v) + " is not supported by Neurite's " + cls);
            }
        }
        issues.problems.addAll(mine.problems);
        issues.warnings.addAll(mine.warnings);
        if (keras.get("trainable") instanceof Boolean b) layer.trainable(b);
        return layer;
    }

    private static final Object DROP = new Object();

    /**
     * A layer's dtype: Keras 2 {@code "float32"} or {@code {"class_name": "Policy", "config": {"name":
     * "mixed_float16"}}}, Keras 3 {@code {"class_name": "DTypePolicy", ...}}. Neurite computes in
     * float32: other float policies load as float32 (harmless, said), quantized ones are unsupported.
     */
    static void dtype(String where, Object v, Issues issues) {
        String name = v instanceof String s ? s
                : v instanceof Map<?, ?> m && m.get("config") instanceof Map<?, ?> c && c.get("name") instanceof String s ? s : null;
        if (v != null && name == null) {
            issues.unsupported(where, "'dtype' = " + Json.write(v) + " is not understood");
        } else if (name != null && !name.equals("float32")) {
            if (name.contains("_from_")) issues.unsupported(where, "dtype policy '" + name + "' (quantized weights) is not supported");
            else issues.harmless(where, "dtype policy '" + name + "' is loaded as float32");
        }
    }

    private static Object translate(String cls, String where, String key, Object v, int inputRank, Issues issues) {
        if (key.endsWith("_initializer") || key.equals("initializer")) return initializer(where, key, v, issues);
        if (key.endsWith("_regularizer")) return regularizer(where, key, v, issues);
        if (key.endsWith("_constraint")) return constraint(where, key, v, issues);
        if (key.equals("activation") || key.equals("recurrent_activation")) {
            if (v == null) return "linear";
            if (v instanceof String s) {
                try {
                    String name = Activations.normalize(s);
                    return issues.keras2 && name.equals("hard_sigmoid") ? Activations.KERAS2_HARD_SIGMOID : name;
                } catch (IllegalArgumentException e) {
                    issues.unsupported(where, "'" + key + "' = " + Json.write(v) + " is not a known activation (known: "
                            + String.join(", ", Activations.known()) + "; Activations.register adds one)");
                    return DROP;
                }
            }
            issues.unsupported(where, "'" + key + "' = " + Json.write(v) + " is not supported (only activation names)");
            return DROP;
        }
        if ((cls.equals("ZeroPadding2D") && key.equals("padding")) || (cls.equals("Cropping2D") && key.equals("cropping"))) {
            return fourSides(v);
        }
        if (key.equals("axis") && (cls.equals("BatchNormalization") || cls.equals("LayerNormalization") || cls.equals("Softmax")
                || cls.equals("Concatenate"))) {
            Object a = v instanceof List<?> l && l.size() == 1 ? l.get(0) : v;
            if (a instanceof Number n && n.longValue() > 0 && inputRank > 0 && n.longValue() == inputRank - 1) return -1L;
            return a;
        }
        if (key.equals("strides") && v == null && cls.contains("Pooling")) return DEFAULT_STRIDES;
        if (v instanceof Number n && Set.of("kernel_size", "strides", "pool_size", "size", "dilation_rate").contains(key)) {
            return ONE_D.contains(cls) ? List.of(n) : List.of(n, n);
        }
        if (key.equals("layer") && cls.equals("Bidirectional") && v instanceof Map<?, ?> inner) return wrapped(where, inner, inputRank, issues);
        if (key.equals("layer") && cls.equals("TimeDistributed") && v instanceof Map<?, ?> inner) { // the inner layer sees one step
            return wrapped(where, inner, inputRank > 0 ? inputRank - 1 : inputRank, issues);
        }
        return v;
    }

    /** Pooling strides null means "= pool_size"; replaced once the whole config is read. */
    private static final Object DEFAULT_STRIDES = new Object() {
        @Override
        public String toString() {
            return "null";
        }
    };

    /** A Keras initializer in any serialised form -> Neurite's config form; unknown ones are harmless. */
    private static Object initializer(String where, String key, Object v, Issues issues) {
        if (v == null) return DROP;
        try {
            return Initializers.toConfig(Initializers.fromConfig(v));
        } catch (IllegalArgumentException e) {
            issues.harmless(where, "'" + key + "' = " + Json.write(v) + " is not available (" + e.getMessage() + "); Neurite's default initializer is used");
            return DROP;
        }
    }

    /**
     * A Keras weight regularizer: L1/L2/L1L2 become Neurite's {"l1", "l2"} (added to the training
     * loss); others (OrthogonalRegularizer) are harmless, reported with their parameters.
     */
    private static Object regularizer(String where, String key, Object v, Issues issues) {
        if (v == null) return null;
        if (v instanceof String s && Set.of("l1", "l2", "l1_l2", "L1", "L2", "L1L2").contains(s)) { // Keras' string forms, factors 0.01
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("l1", s.equalsIgnoreCase("l2") ? 0.0 : 0.01);
            out.put("l2", s.equalsIgnoreCase("l1") ? 0.0 : 0.01);
            return out;
        }
        if (v instanceof Map<?, ?> m && m.get("class_name") instanceof String cls && (m.get("config") == null || m.get("config") instanceof Map<?, ?>)) {
            Map<?, ?> c = m.get("config") == null ? Map.of() : (Map<?, ?>) m.get("config");
            double l1 = c.get("l1") instanceof Number n ? n.doubleValue() : 0;
            double l2 = c.get("l2") instanceof Number n ? n.doubleValue() : 0;
            if (cls.equals("OrthogonalRegularizer") || cls.equals("orthogonal_regularizer")) {
                Map<String, Object> out = new LinkedHashMap<>();
                out.put("factor", c.get("factor") instanceof Number f ? f.doubleValue() : 0.01);
                out.put("mode", c.get("mode") instanceof String mode ? mode : "rows");
                return out;
            }
            switch (cls) {
                case "L1", "l1" -> l2 = 0;
                case "L2", "l2" -> l1 = 0;
                case "L1L2", "l1_l2" -> { }
                default -> {
                    issues.harmless(where, "'" + key + "' = " + cls + " is not available (only L1, L2, L1L2, OrthogonalRegularizer)");
                    return DROP;
                }
            }
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("l1", l1);
            out.put("l2", l2);
            return out;
        }
        if (v instanceof Map<?, ?> m && ((m.containsKey("l1") && m.containsKey("l2")) || m.containsKey("factor"))) return v; // Neurite's own form
        issues.harmless(where, "'" + key + "' = " + Json.write(v) + " is not available (only L1, L2, L1L2)");
        return DROP;
    }

    /** Keras' constraint forms (Keras 2 and 3, or a name) as the Keras 2 form Neurite's configs hold; unknown ones are harmless. */
    private static Object constraint(String where, String key, Object v, Issues issues) {
        if (v == null) return null;
        try {
            return Constraints.toConfig(where, Constraints.fromConfig(where, v));
        } catch (IllegalArgumentException e) {
            issues.harmless(where, "'" + key + "' = " + Json.write(v) + " is not available (only MaxNorm, NonNeg, UnitNorm, MinMaxNorm)");
            return DROP;
        }
    }

    private static Object wrapped(String where, Map<?, ?> inner, int inputRank, Issues issues) {
        if (!(inner.get("class_name") instanceof String cls) || !(inner.get("config") instanceof Map<?, ?> cfg)) {
            if (inner.get("class") instanceof String) return inner; // Neurite's own form
            issues.unsupported(where, "'layer' must be {\"class_name\": ..., \"config\": {...}}");
            return DROP;
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> config = (Map<String, Object>) cfg;
        String name = config.get("name") instanceof String s ? s : cls.toLowerCase(Locale.ROOT);
        Layer layer = create(cls, name, config, inputRank, issues);
        if (layer == null) return DROP;
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("class", cls);
        out.put("name", name);
        out.put("config", layer.config());
        return out;
    }

    /** 1, [1, 2] or [[1, 2], [3, 4]] as Keras allows -> [top, bottom, left, right]. */
    private static Object fourSides(Object v) {
        if (v instanceof Number n) return List.of(n, n, n, n);
        if (v instanceof List<?> l && l.size() == 2 && l.get(0) instanceof List<?> a && l.get(1) instanceof List<?> b && a.size() == 2 && b.size() == 2) {
            return List.of(a.get(0), a.get(1), b.get(0), b.get(1));
        }
        if (v instanceof List<?> l && l.size() == 2 && l.get(0) instanceof Number a && l.get(1) instanceof Number b) return List.of(a, a, b, b);
        return v;
    }

    /** GlorotUniform -> glorot_uniform; already snake names stay. */
    static String snake(String camel) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < camel.length(); i++) {
            char c = camel.charAt(i);
            if (Character.isUpperCase(c)) {
                if (i > 0 && camel.charAt(i - 1) != '_') sb.append('_');
                sb.append(Character.toLowerCase(c));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    static String camel(String snake) {
        StringBuilder sb = new StringBuilder();
        for (String part : snake.split("_")) {
            if (!part.isEmpty()) sb.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
        }
        return sb.toString();
    }

    static boolean same(Object v, Object def) {
        if (def == NULL) return v == null;
        if (v instanceof Number a && def instanceof Number b) return a.doubleValue() == b.doubleValue();
        if (v instanceof List<?> a && def instanceof List<?> b) {
            if (a.size() != b.size()) return false;
            for (int i = 0; i < a.size(); i++) if (!same(a.get(i), b.get(i))) return false;
            return true;
        }
        return Objects.equals(v, def);
    }

    // ---------------------------------------------------------------- Neurite -> Keras

    /** Neurite-only keys, dropped when they hold their default so that Keras can read the file. */
    private static final Map<String, Object> NEURITE_ONLY_DEFAULTS = Map.of(
            "pad_value", "-inf", "unbiased_moving_variance", false);

    /** The Keras 2 {@code get_config()} of a Neurite layer. */
    static Map<String, Object> toKeras(Layer layer) {
        return toKeras(layer.className(), layer.name(), layer.trainable(), layer.config());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> toKeras(String cls, String name, boolean trainable, Map<String, Object> config) {
        Map<String, Object> k = new LinkedHashMap<>();
        k.put("name", name);
        k.put("trainable", trainable);
        k.put("dtype", "float32");
        for (Map.Entry<String, Object> e : config.entrySet()) {
            String key = e.getKey();
            Object v = e.getValue();
            if (NEURITE_ONLY_DEFAULTS.containsKey(key) && same(v, NEURITE_ONLY_DEFAULTS.get(key))) continue;
            if (Activations.KERAS2_HARD_SIGMOID.equals(v)) v = "hard_sigmoid"; // the file is written as Keras 2
            if ((key.endsWith("_initializer") || key.equals("initializer")) && v instanceof String s) {
                Map<String, Object> init = new LinkedHashMap<>();
                init.put("class_name", camel(s));
                init.put("config", new LinkedHashMap<>());
                v = init;
            } else if (key.endsWith("_regularizer") && v instanceof Map<?, ?> m && m.containsKey("factor")) {
                Map<String, Object> reg = new LinkedHashMap<>();
                reg.put("class_name", "OrthogonalRegularizer");
                reg.put("config", new LinkedHashMap<>(Map.of("factor", m.get("factor"), "mode", m.get("mode"))));
                v = reg;
            } else if (key.endsWith("_regularizer") && v instanceof Map<?, ?> m) {
                double l1 = ((Number) m.get("l1")).doubleValue();
                double l2 = ((Number) m.get("l2")).doubleValue();
                Map<String, Object> c = new LinkedHashMap<>();
                if (l1 != 0) c.put("l1", l1);
                if (l2 != 0 || l1 == 0) c.put("l2", l2);
                Map<String, Object> reg = new LinkedHashMap<>();
                reg.put("class_name", l1 != 0 && l2 != 0 ? "L1L2" : l1 != 0 ? "L1" : "L2");
                reg.put("config", c);
                v = reg;
            } else if (((cls.equals("ZeroPadding2D") && key.equals("padding")) || (cls.equals("Cropping2D") && key.equals("cropping")))
                    && v instanceof List<?> l && l.size() == 4) {
                v = List.of(List.of(l.get(0), l.get(1)), List.of(l.get(2), l.get(3)));
            } else if ((cls.equals("Bidirectional") || cls.equals("TimeDistributed")) && key.equals("layer") && v instanceof Map<?, ?> inner) {
                Map<String, Object> w = new LinkedHashMap<>();
                w.put("class_name", inner.get("class"));
                w.put("config", toKeras((String) inner.get("class"), (String) inner.get("name"), trainable, (Map<String, Object>) inner.get("config")));
                v = w;
            } else if (cls.equals("MultiHeadAttention") && key.equals("output_dim")) {
                key = "output_shape";
                v = v instanceof Number n && n.intValue() > 0 ? v : null;
            }
            k.put(key, v);
        }
        return k;
    }
}
