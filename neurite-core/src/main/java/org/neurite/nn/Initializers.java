package org.neurite.nn;

import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.BiFunction;
import org.neurite.tensor.Shape;
import org.neurite.tensor.Tensor;

/**
 * The Keras initializers, with their parameters, by name and from their Keras config. Fans follow
 * Keras' {@code compute_fans}: for a Dense kernel (in, out) fan_in = in, fan_out = out; for a conv
 * kernel (kh, kw, in, out) fan_in = kh*kw*in and fan_out = kh*kw*out; a vector has fan_in = fan_out
 * = its length.
 *
 * <p>Glorot, He and LeCun are {@link #varianceScaling} with a fixed scale, mode and distribution, as
 * Keras defines them: scale 1 fan_avg (Glorot), scale 2 fan_in (He), scale 1 fan_in (LeCun); their
 * normal variants are truncated at 2 sd, the standard deviation divided by 0.8796 so that the
 * truncation does not shrink it.
 *
 * <p>Unseeded layers draw their seeds from one process-wide generator, which {@link #setGlobalSeed}
 * fixes (as {@code keras.utils.set_random_seed}); models can also be seeded one by one, and an
 * initializer with its own seed ({@link #seeded}) always gives the same values for a shape.
 */
public final class Initializers {
    /** sd of a standard normal truncated to [-2, 2] (scipy truncnorm.std(-2, 2)), as Keras divides by it. */
    private static final double TRUNCATED_STD = 0.87962566103423978;
    private static final Set<String> MODES = Set.of("fan_in", "fan_out", "fan_avg");
    private static final Set<String> DISTRIBUTIONS = Set.of("truncated_normal", "untruncated_normal", "uniform");
    /** The canonical (snake_case) names of every initializer {@link #fromConfig} knows. */
    private static final List<String> KNOWN = List.of("zeros", "ones", "constant", "random_normal", "random_uniform",
            "truncated_normal", "variance_scaling", "glorot_uniform", "glorot_normal", "he_uniform", "he_normal",
            "lecun_uniform", "lecun_normal", "orthogonal", "identity");
    private static SplittableRandom global = new SplittableRandom();

    private Initializers() {}

    /**
     * Fixes the generator that seeds every layer not seeded explicitly, so a program builds the
     * same weights on every run.
     *
     * @param seed the process-wide seed
     */
    public static synchronized void setGlobalSeed(long seed) {
        global = new SplittableRandom(seed);
    }

    /** @return a fresh seed from the process-wide generator */
    public static synchronized long nextSeed() {
        return global.nextLong();
    }

    /** @return Keras' {@code Zeros}: every element 0 (the default bias initializer) */
    public static Initializer zeros() {
        return named("zeros", Map.of(), (s, r) -> new float[s.size()]);
    }

    /** @return Keras' {@code Ones}: every element 1 (e.g. BatchNorm's gamma) */
    public static Initializer ones() {
        return named("ones", Map.of(), (s, r) -> filled(s, 1f));
    }

    /**
     * Keras {@code Constant(value)}: every element {@code value}.
     *
     * @param value the value of every element
     * @return the initializer (its name and config are saved with a model)
     */
    public static Initializer constant(float value) {
        if (value == 0f) return zeros();
        if (value == 1f) return ones();
        return named("constant", params("value", (double) value), (s, r) -> filled(s, value));
    }

    /** @return keras' default kernel initializer: U(-limit, limit), limit = sqrt(6 / (fan_in + fan_out)) */
    public static Initializer glorotUniform() {
        return scaled("glorot_uniform", 1, "fan_avg", "uniform");
    }

    /** @return truncated N(0, sd) with sd = sqrt(2 / (fan_in + fan_out)) after the truncation */
    public static Initializer glorotNormal() {
        return scaled("glorot_normal", 1, "fan_avg", "truncated_normal");
    }

    /**
     * Keras' he_normal: a TRUNCATED normal (cut at 2 sd) whose standard deviation after truncation is
     * sqrt(2 / fan_in); Keras divides by 0.8796 so the truncation does not shrink it.
     *
     * @return the initializer (its name and config are saved with a model)
     */
    public static Initializer heNormal() {
        return scaled("he_normal", 2, "fan_in", "truncated_normal");
    }

    /** @return u(-limit, limit), limit = sqrt(6 / fan_in) */
    public static Initializer heUniform() {
        return scaled("he_uniform", 2, "fan_in", "uniform");
    }

    /** @return truncated N(0, sd) with sd = sqrt(1 / fan_in) after the truncation (for selu networks) */
    public static Initializer lecunNormal() {
        return scaled("lecun_normal", 1, "fan_in", "truncated_normal");
    }

    /** @return u(-limit, limit), limit = sqrt(3 / fan_in) */
    public static Initializer lecunUniform() {
        return scaled("lecun_uniform", 1, "fan_in", "uniform");
    }

    /**
     * Keras VarianceScaling: with n = fan_in, fan_out or (fan_in + fan_out) / 2 by {@code mode} (at
     * least 1) and v = scale / n, draws from U(-sqrt(3v), sqrt(3v)) ({@code uniform}), N(0, sqrt(v))
     * ({@code untruncated_normal}) or a normal truncated at 2 sd whose sd is sqrt(v) / 0.8796
     * ({@code truncated_normal}; Keras 2's {@code normal} means the same).
     *
     * @param scale the variance numerator, &gt; 0
     * @param mode {@code fan_in}, {@code fan_out} or {@code fan_avg}
     * @param distribution {@code uniform}, {@code truncated_normal} (or {@code normal}) or {@code untruncated_normal}
     * @return the initializer (its name and config are saved with a model)
     * @throws IllegalArgumentException for an unknown mode or distribution or a scale that is not positive
     */
    public static Initializer varianceScaling(double scale, String mode, String distribution) {
        String dist = "normal".equals(distribution) ? "truncated_normal" : distribution;
        if (!(scale > 0)) throw new IllegalArgumentException("variance_scaling: scale must be positive, got " + scale);
        if (!MODES.contains(mode)) throw new IllegalArgumentException("variance_scaling: mode must be one of " + new java.util.TreeSet<>(MODES) + ", got '" + mode + "'");
        if (!DISTRIBUTIONS.contains(dist)) {
            throw new IllegalArgumentException("variance_scaling: distribution must be one of " + new java.util.TreeSet<>(DISTRIBUTIONS) + ", got '" + distribution + "'");
        }
        return named("variance_scaling", params("scale", scale, "mode", mode, "distribution", dist), varianceSampler(scale, mode, dist));
    }

    /**
     * Keras {@code RandomNormal}: N(mean, stddev), not truncated.
     *
     * @param mean the mean (Keras' default 0)
     * @param stddev the standard deviation (Keras' default 0.05)
     * @return the initializer (its name and config are saved with a model)
     */
    public static Initializer randomNormal(float mean, float stddev) {
        return named("random_normal", mean == 0f && stddev == 0.05f ? Map.of() : params("mean", (double) mean, "stddev", (double) stddev), (s, r) -> {
            float[] d = new float[s.size()];
            for (int i = 0; i < d.length; i++) d[i] = (float) (mean + stddev * Tensor.gaussian(r));
            return d;
        });
    }

    /**
     * Keras {@code RandomUniform}: U(minval, maxval).
     *
     * @param minval the lower bound (Keras' default -0.05)
     * @param maxval the upper bound (Keras' default 0.05)
     * @return the initializer (its name and config are saved with a model)
     */
    public static Initializer randomUniform(float minval, float maxval) {
        return named("random_uniform", minval == -0.05f && maxval == 0.05f ? Map.of() : params("minval", (double) minval, "maxval", (double) maxval), (s, r) -> {
            float[] d = new float[s.size()];
            for (int i = 0; i < d.length; i++) d[i] = (float) (minval + (maxval - minval) * r.nextDouble());
            return d;
        });
    }

    /**
     * Keras {@code TruncatedNormal}: mean + stddev * z, z standard normal redrawn while |z| &gt; 2 (no sd correction).
     *
     * @param mean the mean (Keras' default 0)
     * @param stddev the standard deviation before truncation (Keras' default 0.05)
     * @return the initializer (its name and config are saved with a model)
     */
    public static Initializer truncatedNormal(float mean, float stddev) {
        return named("truncated_normal", mean == 0f && stddev == 0.05f ? Map.of() : params("mean", (double) mean, "stddev", (double) stddev), (s, r) -> truncated(s, r, mean, stddev));
    }

    /** @return keras' Orthogonal(gain=1), the default recurrent kernel initializer; see {@link #orthogonal(double)} */
    public static Initializer orthogonal() {
        return orthogonal(1);
    }

    /**
     * Keras' Orthogonal(gain): the weight viewed as (rows = product of all but the last axis, cols =
     * last axis), a normal matrix of shape (max, min) orthonormalized (QR by Gram-Schmidt, signs
     * fixed by diag(R)), transposed when rows &lt; cols, so rows or columns are orthonormal; times gain.
     *
     * @param gain the factor applied to the orthonormal matrix (Keras' default 1)
     * @return the initializer (its name and config are saved with a model)
     */
    public static Initializer orthogonal(double gain) {
        return named("orthogonal", gain == 1 ? Map.of() : params("gain", gain), (s, r) -> {
            if (s.rank() < 2) throw new IllegalArgumentException("orthogonal: needs a weight of rank >= 2, got shape " + s);
            int cols = s.dim(-1);
            int rows = s.size() / Math.max(1, cols);
            int m = Math.max(rows, cols), k = Math.min(rows, cols);
            double[][] q = new double[k][m]; // k columns of length m
            for (int i = 0; i < m; i++) for (int j = 0; j < k; j++) q[j][i] = Tensor.gaussian(r);
            for (int j = 0; j < k; j++) {
                for (int p = 0; p < j; p++) { // modified Gram-Schmidt; r_pj = <q_p, a_j>
                    double dot = 0;
                    for (int i = 0; i < m; i++) dot += q[p][i] * q[j][i];
                    for (int i = 0; i < m; i++) q[j][i] -= dot * q[p][i];
                }
                double norm = 0;
                for (int i = 0; i < m; i++) norm += q[j][i] * q[j][i];
                norm = Math.sqrt(norm); // r_jj > 0 here, so the sign correction is already applied
                for (int i = 0; i < m; i++) q[j][i] /= norm;
            }
            float[] d = new float[s.size()];
            for (int i = 0; i < rows; i++) {
                for (int j = 0; j < cols; j++) d[i * cols + j] = (float) (gain * (rows >= cols ? q[j][i] : q[i][j]));
            }
            return d;
        });
    }

    /**
     * Keras {@code Identity(gain)}: gain on the diagonal of a 2-D weight (rows may differ from columns), 0 elsewhere.
     *
     * @param gain the diagonal value (Keras' default 1)
     * @return the initializer (its name and config are saved with a model); sampling a weight that is not 2-D fails
     */
    public static Initializer identity(double gain) {
        return named("identity", gain == 1 ? Map.of() : params("gain", gain), (s, r) -> {
            if (s.rank() != 2) throw new IllegalArgumentException("identity: needs a 2-D weight, got shape " + s);
            float[] d = new float[s.size()];
            for (int i = 0; i < Math.min(s.dim(0), s.dim(1)); i++) d[i * s.dim(1) + i] = (float) gain;
            return d;
        });
    }

    /**
     * The same initializer with its own seed, as Keras' {@code seed=} argument: the values depend only
     * on the seed and the shape, not on the layer's or model's seed.
     *
     * @param base the initializer to draw with
     * @param seed the seed its values are drawn from
     * @return an initializer of the same name whose config records the seed
     */
    public static Initializer seeded(Initializer base, long seed) {
        Map<String, Object> config = new LinkedHashMap<>(base.config());
        config.put("seed", seed);
        return named(base.name(), config, (s, r) -> base.sample(s, new SplittableRandom(seed)));
    }

    /**
     * Looks up a Keras name with the Keras default parameters.
     *
     * @param name e.g. {@code glorot_uniform} or {@code GlorotUniform}
     * @return the initializer
     * @throws IllegalArgumentException for an unknown name
     */
    public static Initializer get(String name) {
        return fromConfig(name);
    }

    /**
     * An initializer from its Keras serialised form: a name ({@code "he_normal"}, {@code "HeNormal"},
     * Keras 2's {@code "normal"}/{@code "uniform"}), or a map {@code {"class_name": "VarianceScaling",
     * "config": {"scale": 2.0, "mode": "fan_in", "distribution": "truncated_normal", "seed": null}}}
     * (Keras 3 adds {@code module} and {@code registered_name}, ignored here). Keras 3's
     * {@code OrthogonalInitializer} / {@code IdentityInitializer} names are known. Fails with what
     * is wrong for unknown names and parameters.
     *
     * @param spec a name (String) or a Keras config map
     * @return the initializer
     * @throws IllegalArgumentException for an unknown name, class or parameter
     */
    public static Initializer fromConfig(Object spec) {
        String cls;
        Map<?, ?> config;
        if (spec instanceof String s && s.startsWith("constant(") && s.endsWith(")")) { // names saved before configs existed
            try {
                return constant(Float.parseFloat(s.substring(9, s.length() - 1)));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("unknown initializer '" + s + "'");
            }
        } else if (spec instanceof String s) {
            cls = s;
            config = Map.of();
        } else if (spec instanceof Map<?, ?> m && m.get("class_name") instanceof String s) {
            cls = s;
            Object c = m.get("config");
            if (c != null && !(c instanceof Map<?, ?>)) throw new IllegalArgumentException("initializer " + s + ": 'config' must be a JSON object, got " + c);
            config = c == null ? Map.of() : (Map<?, ?>) c;
        } else {
            throw new IllegalArgumentException("an initializer is a name or {\"class_name\": ..., \"config\": {...}}, got " + spec);
        }
        String canonical = canonicalName(cls);
        if (canonical == null) throw new IllegalArgumentException("unknown initializer '" + cls + "'; known: " + String.join(", ", KNOWN));
        Params p = new Params(cls, config);
        Initializer init = switch (canonical) {
            case "zeros" -> zeros();
            case "ones" -> ones();
            case "constant" -> constant((float) p.number("value", 0));
            case "random_normal" -> randomNormal((float) p.number("mean", 0), (float) p.number("stddev", 0.05));
            case "random_uniform" -> randomUniform((float) p.number("minval", -0.05), (float) p.number("maxval", 0.05));
            case "truncated_normal" -> truncatedNormal((float) p.number("mean", 0), (float) p.number("stddev", 0.05));
            case "variance_scaling" -> varianceScaling(p.number("scale", 1), p.string("mode", "fan_in"), p.string("distribution", "truncated_normal"));
            case "glorot_uniform" -> glorotUniform();
            case "glorot_normal" -> glorotNormal();
            case "he_uniform" -> heUniform();
            case "he_normal" -> heNormal();
            case "lecun_uniform" -> lecunUniform();
            case "lecun_normal" -> lecunNormal();
            case "orthogonal" -> orthogonal(p.number("gain", 1));
            case "identity" -> identity(p.number("gain", 1));
            default -> throw new IllegalStateException(canonical);
        };
        Long seed = p.seed();
        p.checkAllRead();
        return seed == null ? init : seeded(init, seed);
    }

    /**
     * What a layer config records for an initializer: its name when that says everything
     * ({@code "glorot_uniform"}, or {@code "random_uniform"} with Keras' default range), else Keras' {@code {"class_name": "Constant", "config": {"value": -0.1}}};
     * {@link #fromConfig} reads both back.
     *
     * @param init the initializer
     * @return a String name or a {@code {"class_name", "config"}} map
     */
    public static Object toConfig(Initializer init) {
        if (init.config().isEmpty()) return init.name();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("class_name", camel(init.name()));
        m.put("config", new LinkedHashMap<>(init.config()));
        return m;
    }

    /** The canonical snake_case name of a Keras initializer name in any spelling, or null if unknown. */
    static String canonicalName(String cls) {
        String key = cls.toLowerCase(Locale.ROOT).replace("_", "");
        return switch (key) {
            case "zeros", "zero" -> "zeros";
            case "ones", "one" -> "ones";
            case "constant" -> "constant";
            case "randomnormal", "normal" -> "random_normal";
            case "randomuniform", "uniform" -> "random_uniform";
            case "truncatednormal" -> "truncated_normal";
            case "variancescaling" -> "variance_scaling";
            case "glorotuniform" -> "glorot_uniform";
            case "glorotnormal" -> "glorot_normal";
            case "heuniform" -> "he_uniform";
            case "henormal" -> "he_normal";
            case "lecununiform" -> "lecun_uniform";
            case "lecunnormal" -> "lecun_normal";
            case "orthogonal", "orthogonalinitializer" -> "orthogonal";
            case "identity", "identityinitializer" -> "identity";
            default -> null;
        };
    }

    /**
     * Keras' fan_in of a weight shape: rank 2 gives dims[0]; rank &gt; 2 gives dims[-2] times the receptive field size.
     *
     * @param s the weight's shape, e.g. a conv kernel {@code (kh, kw, in, out)}
     * @return the number of inputs feeding one output unit
     */
    public static double fanIn(Shape s) {
        if (s.rank() == 0) return 1;
        if (s.rank() == 1) return s.dim(0);
        return (double) s.dim(-2) * s.sizeBetween(0, s.rank() - 2);
    }

    /**
     * Keras' fan_out of a weight shape: rank 2 gives dims[1]; rank &gt; 2 gives dims[-1] times the receptive field size.
     *
     * @param s the weight's shape
     * @return the number of outputs one input unit feeds
     */
    public static double fanOut(Shape s) {
        if (s.rank() == 0) return 1;
        if (s.rank() == 1) return s.dim(0);
        return (double) s.dim(-1) * s.sizeBetween(0, s.rank() - 2);
    }

    // ---------------------------------------------------------------- sampling

    private static Initializer scaled(String name, double scale, String mode, String distribution) {
        return named(name, Map.of(), varianceSampler(scale, mode, distribution));
    }

    private static BiFunction<Shape, SplittableRandom, float[]> varianceSampler(double scale, String mode, String distribution) {
        return (s, r) -> {
            double fan = switch (mode) {
                case "fan_in" -> fanIn(s);
                case "fan_out" -> fanOut(s);
                default -> (fanIn(s) + fanOut(s)) / 2;
            };
            double v = scale / Math.max(1, fan);
            return switch (distribution) {
                case "uniform" -> uniform(s, r, Math.sqrt(3 * v));
                case "untruncated_normal" -> {
                    float[] d = new float[s.size()];
                    double sd = Math.sqrt(v);
                    for (int i = 0; i < d.length; i++) d[i] = (float) (sd * Tensor.gaussian(r));
                    yield d;
                }
                default -> truncated(s, r, 0, Math.sqrt(v) / TRUNCATED_STD);
            };
        };
    }

    private static float[] filled(Shape s, float value) {
        float[] d = new float[s.size()];
        Arrays.fill(d, value);
        return d;
    }

    private static float[] uniform(Shape s, SplittableRandom r, double limit) {
        float[] d = new float[s.size()];
        for (int i = 0; i < d.length; i++) d[i] = (float) ((2 * r.nextDouble() - 1) * limit);
        return d;
    }

    /** mean + sd * z, z standard normal resampled outside [-2, 2], as tf.random.truncated_normal. */
    private static float[] truncated(Shape s, SplittableRandom r, double mean, double sd) {
        float[] d = new float[s.size()];
        for (int i = 0; i < d.length; i++) {
            double z;
            do {
                z = Tensor.gaussian(r);
            } while (Math.abs(z) > 2);
            d[i] = (float) (mean + z * sd);
        }
        return d;
    }

    private static Map<String, Object> params(Object... keyValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) m.put((String) keyValues[i], keyValues[i + 1]);
        return Collections.unmodifiableMap(m);
    }

    private static String camel(String snake) {
        StringBuilder sb = new StringBuilder();
        for (String part : snake.split("_")) {
            if (!part.isEmpty()) sb.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
        }
        return sb.toString();
    }

    private static Initializer named(String name, Map<String, Object> config, BiFunction<Shape, SplittableRandom, float[]> f) {
        Map<String, Object> frozen = Collections.unmodifiableMap(new LinkedHashMap<>(config));
        return new Initializer() {
            @Override
            public float[] sample(Shape shape, SplittableRandom random) {
                return f.apply(shape, random);
            }

            @Override
            public String name() {
                return name;
            }

            @Override
            public Map<String, Object> config() {
                return frozen;
            }

            @Override
            public String toString() {
                return frozen.isEmpty() ? name : name + frozen;
            }
        };
    }

    /** The parameters of one Keras initializer config, read with defaults; unknown keys fail. */
    private static final class Params {
        /** Keys Keras versions write that do not change the values (TF 1 initializers carry dtype). */
        private static final Set<String> IGNORED = Set.of("dtype", "verify_shape");
        private final String cls;
        private final Map<?, ?> config;
        private final Set<Object> read = new HashSet<>();

        Params(String cls, Map<?, ?> config) {
            this.cls = cls;
            this.config = config;
        }

        double number(String key, double fallback) {
            read.add(key);
            Object v = config.get(key);
            if (v == null) return fallback;
            if (v instanceof Number n && Double.isFinite(n.doubleValue())) return n.doubleValue();
            throw new IllegalArgumentException("initializer " + cls + ": '" + key + "' must be a number, got " + v);
        }

        String string(String key, String fallback) {
            read.add(key);
            Object v = config.get(key);
            if (v == null) return fallback;
            if (v instanceof String s) return s;
            throw new IllegalArgumentException("initializer " + cls + ": '" + key + "' must be a string, got " + v);
        }

        Long seed() {
            read.add("seed");
            Object v = config.get("seed");
            if (v == null) return null;
            if (v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) return n.longValue();
            throw new IllegalArgumentException("initializer " + cls + ": 'seed' must be an integer or null, got " + v);
        }

        void checkAllRead() {
            for (Object k : config.keySet()) {
                if (!read.contains(k) && !IGNORED.contains(k)) {
                    throw new IllegalArgumentException("initializer " + cls + ": unknown parameter '" + k + "' = " + config.get(k));
                }
            }
        }
    }
}
