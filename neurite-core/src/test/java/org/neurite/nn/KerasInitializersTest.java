package org.neurite.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.neurite.io.Json;
import org.neurite.io.keras.KerasJson;
import org.neurite.nn.layers.Dense;
import org.neurite.tensor.Shape;

/**
 * Every Keras initializer against Keras' own definitions (keras/src/initializers): the bounds,
 * mean and standard deviation of a large sample for the fan of a conv kernel, computed here from
 * the formulas (never from Neurite's output), orthogonality of Orthogonal, and every serialised
 * form Keras 2 and 3 write.
 */
class KerasInitializersTest {
    /** A conv kernel (3, 3, 64, 128): fan_in = 9*64 = 576, fan_out = 9*128 = 1152, 73,728 values. */
    private static final Shape KERNEL = Shape.of(3, 3, 64, 128);
    private static final double FAN_IN = 576, FAN_OUT = 1152;
    /** scipy.stats.truncnorm.std(-2, 2): Keras divides the truncated normal's sd by it. */
    private static final double TRUNC = 0.87962566103423978;

    @BeforeEach
    void clearSession() {
        LayerNames.reset();
    }

    private static double[] stats(float[] v) {
        double sum = 0, sq = 0, max = 0;
        for (float x : v) {
            sum += x;
            max = Math.max(max, Math.abs(x));
        }
        double mean = sum / v.length;
        for (float x : v) sq += (x - mean) * (x - mean);
        return new double[] {mean, Math.sqrt(sq / v.length), max};
    }

    /** Checks a zero-mean sample: mean and sd within 5 standard errors of the sample statistics, bound respected. */
    private static void assertScaled(String what, float[] v, double sd, double bound) {
        double[] s = stats(v);
        assertEquals(0, s[0], 5 * sd / Math.sqrt(v.length), what + " mean");
        assertEquals(sd, s[1], 5 * sd / Math.sqrt(2.0 * v.length), what + " sd");
        if (bound > 0) assertTrue(s[2] <= bound * (1 + 1e-6), what + ": |x| = " + s[2] + " > " + bound);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        // name, Keras definition: scale, mode, distribution
        "glorot_uniform, 1, fan_avg, uniform",
        "glorot_normal, 1, fan_avg, truncated_normal",
        "he_uniform, 2, fan_in, uniform",
        "he_normal, 2, fan_in, truncated_normal",
        "lecun_uniform, 1, fan_in, uniform",
        "lecun_normal, 1, fan_in, truncated_normal"})
    void namedVarianceScalingInitializers(String name, double scale, String mode, String distribution) {
        double n = mode.equals("fan_in") ? FAN_IN : (FAN_IN + FAN_OUT) / 2;
        double sd = Math.sqrt(scale / n);
        double bound = distribution.equals("uniform") ? Math.sqrt(3 * scale / n) : 2 * sd / TRUNC;
        float[] v = Initializers.get(name).sample(KERNEL, new SplittableRandom(7));
        assertScaled(name, v, sd, bound);
        // the same draw as the general VarianceScaling with Keras' parameters for it
        float[] general = Initializers.varianceScaling(scale, mode, distribution).sample(KERNEL, new SplittableRandom(7));
        assertArrayEquals(general, v, name + " = VarianceScaling(" + scale + ", " + mode + ", " + distribution + ")");
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @CsvSource({
        "0.5, fan_in, uniform", "0.5, fan_out, uniform", "0.5, fan_avg, uniform",
        "3, fan_in, truncated_normal", "3, fan_out, truncated_normal", "3, fan_avg, truncated_normal",
        "1, fan_in, untruncated_normal", "1, fan_out, untruncated_normal", "1, fan_avg, untruncated_normal"})
    void varianceScalingEveryModeAndDistribution(double scale, String mode, String distribution) {
        double n = switch (mode) {
            case "fan_in" -> FAN_IN;
            case "fan_out" -> FAN_OUT;
            default -> (FAN_IN + FAN_OUT) / 2;
        };
        double sd = Math.sqrt(scale / n);
        float[] v = Initializers.varianceScaling(scale, mode, distribution).sample(KERNEL, new SplittableRandom(11));
        switch (distribution) {
            case "uniform" -> assertScaled("uniform", v, sd, Math.sqrt(3 * scale / n));
            case "truncated_normal" -> assertScaled("truncated", v, sd, 2 * sd / TRUNC);
            default -> {
                assertScaled("untruncated", v, sd, 0);
                // about 4.55% of a normal lies beyond 2 sd: an untruncated sample has them
                int beyond = 0;
                for (float x : v) if (Math.abs(x) > 2 * sd) beyond++;
                assertEquals(0.0455, beyond / (double) v.length, 0.005);
            }
        }
    }

    @Test
    void dimensionlessFansAndSmallShapesAsKeras() {
        // a bias (n,) has fan_in = fan_out = n; Keras divides by max(1, n)
        float[] b = Initializers.heUniform().sample(Shape.of(4000), new SplittableRandom(1));
        assertScaled("he_uniform on (4000,)", b, Math.sqrt(2.0 / 4000), Math.sqrt(6.0 / 4000));
    }

    @Test
    void randomNormalUniformTruncatedAndConstants() {
        Shape s = Shape.of(200, 400);
        double[] n = stats(Initializers.randomNormal(1f, 0.5f).sample(s, new SplittableRandom(2)));
        assertEquals(1, n[0], 0.01);
        assertEquals(0.5, n[1], 0.01);
        float[] u = Initializers.randomUniform(-0.2f, 0.3f).sample(s, new SplittableRandom(3));
        double[] us = stats(u);
        assertEquals(0.05, us[0], 0.005);
        assertEquals(0.5 / Math.sqrt(12), us[1], 0.01 * 0.5 / Math.sqrt(12));
        for (float x : u) assertTrue(x >= -0.2f && x <= 0.3f, "U(-0.2, 0.3): " + x);
        float[] t = Initializers.truncatedNormal(0.5f, 0.1f).sample(s, new SplittableRandom(4));
        double[] ts = stats(t);
        assertEquals(0.5, ts[0], 0.002);
        assertEquals(0.1 * TRUNC, ts[1], 0.002); // Keras' TruncatedNormal does not correct the sd
        for (float x : t) assertTrue(x >= 0.3f - 1e-6f && x <= 0.7f + 1e-6f, "within 2 sd: " + x);
        for (float x : Initializers.constant(-0.1f).sample(Shape.of(7), new SplittableRandom(0))) assertEquals(-0.1f, x);
        for (float x : Initializers.ones().sample(Shape.of(3, 2), new SplittableRandom(0))) assertEquals(1f, x);
        for (float x : Initializers.zeros().sample(Shape.of(3, 2), new SplittableRandom(0))) assertEquals(0f, x);
    }

    /** Q^T Q (columns) or Q Q^T (rows) of the (rows, cols) view equals gain^2 * I. */
    private static void assertOrthogonal(float[] w, int rows, int cols, double gain) {
        boolean byColumns = rows >= cols;
        int k = Math.min(rows, cols), len = Math.max(rows, cols);
        for (int a = 0; a < k; a++) {
            for (int b = 0; b < k; b++) {
                double dot = 0;
                for (int i = 0; i < len; i++) {
                    dot += byColumns ? (double) w[i * cols + a] * w[i * cols + b] : (double) w[a * cols + i] * w[b * cols + i];
                }
                assertEquals(a == b ? gain * gain : 0, dot, 1e-5 * gain * gain, "(" + a + ", " + b + ")");
            }
        }
    }

    @Test
    void orthogonalWithGainHasOrthonormalRowsOrColumns() {
        assertOrthogonal(Initializers.orthogonal(1).sample(Shape.of(64, 32), new SplittableRandom(5)), 64, 32, 1);
        assertOrthogonal(Initializers.orthogonal(2.5).sample(Shape.of(32, 64), new SplittableRandom(6)), 32, 64, 2.5);
        assertOrthogonal(Initializers.orthogonal(0.5).sample(Shape.of(3, 3, 8, 16), new SplittableRandom(7)), 72, 16, 0.5);
        assertThrows(IllegalArgumentException.class, () -> Initializers.orthogonal().sample(Shape.of(5), new SplittableRandom(1)));
    }

    @Test
    void identityWithGain() {
        float[] w = Initializers.identity(2).sample(Shape.of(3, 5), new SplittableRandom(0));
        for (int i = 0; i < 3; i++) for (int j = 0; j < 5; j++) assertEquals(i == j ? 2f : 0f, w[i * 5 + j]);
        assertThrows(IllegalArgumentException.class, () -> Initializers.identity(1).sample(Shape.of(2, 2, 2), new SplittableRandom(0)));
    }

    @Test
    void everySerialisedFormIsUnderstood() {
        // names: snake, Camel, Keras 2 aliases
        assertEquals("glorot_uniform", Initializers.fromConfig("GlorotUniform").name());
        assertEquals("random_normal", Initializers.fromConfig("normal").name());
        assertEquals("random_uniform", Initializers.fromConfig("uniform").name());
        assertEquals("orthogonal", Initializers.fromConfig("OrthogonalInitializer").name());
        assertEquals("identity", Initializers.fromConfig("IdentityInitializer").name());
        // Keras 2.0 to 2.3: glorot_uniform spelled as VarianceScaling
        Object k20 = Json.parse("{\"class_name\": \"VarianceScaling\", \"config\": {\"scale\": 1.0, \"mode\": \"fan_avg\", \"distribution\": \"uniform\", \"seed\": null}}");
        assertArrayEquals(Initializers.glorotUniform().sample(KERNEL, new SplittableRandom(9)), Initializers.fromConfig(k20).sample(KERNEL, new SplittableRandom(9)));
        // Keras 2.2 "normal" distribution = truncated normal
        Object normal = Json.parse("{\"class_name\": \"VarianceScaling\", \"config\": {\"scale\": 2.0, \"mode\": \"fan_in\", \"distribution\": \"normal\", \"seed\": null}}");
        assertArrayEquals(Initializers.heNormal().sample(KERNEL, new SplittableRandom(9)), Initializers.fromConfig(normal).sample(KERNEL, new SplittableRandom(9)));
        // Keras 3 with module / registered_name; Keras 2.5+ shared_object_id beside the config
        Object k3 = Json.parse("{\"module\": \"keras.initializers\", \"class_name\": \"OrthogonalInitializer\", \"config\": {\"gain\": 3.0, \"seed\": null}, \"registered_name\": null}");
        assertOrthogonal(Initializers.fromConfig(k3).sample(Shape.of(10, 10), new SplittableRandom(1)), 10, 10, 3);
        Object shared = Json.parse("{\"class_name\": \"Constant\", \"config\": {\"value\": -0.1}, \"shared_object_id\": 4}");
        assertEquals(-0.1f, Initializers.fromConfig(shared).sample(Shape.of(1), new SplittableRandom(0))[0]);
        Object tf1 = Json.parse("{\"class_name\": \"Constant\", \"config\": {\"value\": 0.25, \"dtype\": \"float32\", \"verify_shape\": false}}");
        assertEquals(0.25f, Initializers.fromConfig(tf1).sample(Shape.of(1), new SplittableRandom(0))[0]);
        Object ru = Json.parse("{\"class_name\": \"RandomUniform\", \"config\": {\"minval\": 2, \"maxval\": 3, \"seed\": null}}");
        for (float x : Initializers.fromConfig(ru).sample(Shape.of(100), new SplittableRandom(0))) assertTrue(x >= 2 && x <= 3);

        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> Initializers.fromConfig("my_init"));
        assertTrue(unknown.getMessage().contains("known: zeros, ones, constant"), unknown.getMessage());
        IllegalArgumentException param = assertThrows(IllegalArgumentException.class,
                () -> Initializers.fromConfig(Json.parse("{\"class_name\": \"Constant\", \"config\": {\"valeu\": 1}}")));
        assertTrue(param.getMessage().contains("unknown parameter 'valeu'"), param.getMessage());
        IllegalArgumentException mode = assertThrows(IllegalArgumentException.class, () -> Initializers.varianceScaling(1, "fan_max", "uniform"));
        assertTrue(mode.getMessage().contains("fan_max"), mode.getMessage());
    }

    @Test
    void aSeedFixesTheValuesWhateverTheLayerSeed() {
        Object spec = Json.parse("{\"class_name\": \"HeNormal\", \"config\": {\"seed\": 42}}");
        Initializer a = Initializers.fromConfig(spec);
        assertArrayEquals(a.sample(KERNEL, new SplittableRandom(1)), a.sample(KERNEL, new SplittableRandom(2)));
        Initializer b = Initializers.fromConfig(Json.parse("{\"class_name\": \"HeNormal\", \"config\": {\"seed\": 43}}"));
        assertFalse(java.util.Arrays.equals(a.sample(KERNEL, new SplittableRandom(1)), b.sample(KERNEL, new SplittableRandom(1))));
        assertEquals(Map.of("class_name", "HeNormal", "config", Map.of("seed", 42L)), Initializers.toConfig(a));
    }

    @Test
    void parametersSurviveTheLayerConfigAndKerasJson() {
        Map<String, Initializer> inits = new LinkedHashMap<>();
        inits.put("constant", Initializers.constant(-0.1f));
        inits.put("variance_scaling", Initializers.varianceScaling(0.1, "fan_out", "untruncated_normal"));
        inits.put("orthogonal", Initializers.orthogonal(1.5));
        inits.put("truncated_normal", Initializers.seeded(Initializers.truncatedNormal(0f, 0.3f), 5));
        for (Map.Entry<String, Initializer> e : inits.entrySet()) {
            Initializer back = Initializers.fromConfig(Json.parse(Json.write(Initializers.toConfig(e.getValue()))));
            assertEquals(e.getValue().name(), back.name());
            assertEquals(Json.write(e.getValue().config()), Json.write(back.config()), e.getKey());
            assertArrayEquals(e.getValue().sample(Shape.of(6, 6), new SplittableRandom(3)), back.sample(Shape.of(6, 6), new SplittableRandom(3)), e.getKey());
        }
        Sequential m = new Sequential(Input.of(4), new Dense(3).biasInitializer(Initializers.constant(-0.1f)));
        Model again = KerasJson.read(KerasJson.write(m));
        for (float x : ((Dense) again.layers().get(again.layers().size() - 1)).bias().variable().value().toArray()) assertEquals(-0.1f, x);
    }
}
