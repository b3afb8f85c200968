package org.neurite.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.DoubleUnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.neurite.autograd.GradCheck;
import org.neurite.io.keras.KerasJson;
import org.neurite.nn.layers.Dense;
import org.neurite.nn.layers.GRU;
import org.neurite.tensor.Tensor;

/**
 * The Keras activation strings beyond the common ones: values against the formulas of
 * keras/src/activations/activations.py written out here in double precision, and a
 * finite-difference gradient check of each (away from the kinks of the piecewise ones).
 */
class KerasActivationsTest {
    private static final double SELU_ALPHA = 1.6732632423543772, SELU_SCALE = 1.0507009873554805;

    @BeforeEach
    void clearSession() {
        LayerNames.reset();
    }

    private static double softplus(double x) {
        return Math.log1p(Math.exp(-Math.abs(x))) + Math.max(x, 0);
    }

    static Stream<Arguments> activations() {
        return Stream.of(
                Arguments.of("relu6", (DoubleUnaryOperator) x -> Math.min(Math.max(x, 0), 6)),
                Arguments.of("selu", (DoubleUnaryOperator) x -> SELU_SCALE * (x > 0 ? x : SELU_ALPHA * (Math.exp(x) - 1))),
                Arguments.of("softsign", (DoubleUnaryOperator) x -> x / (Math.abs(x) + 1)),
                Arguments.of("exponential", (DoubleUnaryOperator) Math::exp),
                Arguments.of("mish", (DoubleUnaryOperator) x -> x * Math.tanh(softplus(x))),
                Arguments.of("hard_silu", (DoubleUnaryOperator) x -> x * Math.min(Math.max(x + 3, 0), 6) / 6),
                Arguments.of("hard_swish", (DoubleUnaryOperator) x -> x * Math.min(Math.max(x + 3, 0), 6) / 6),
                Arguments.of("log_sigmoid", (DoubleUnaryOperator) x -> -softplus(-x)),
                Arguments.of("hard_tanh", (DoubleUnaryOperator) x -> Math.min(Math.max(x, -1), 1)),
                Arguments.of("hard_sigmoid", (DoubleUnaryOperator) x -> Math.min(Math.max(x + 3, 0), 6) / 6),
                Arguments.of(Activations.KERAS2_HARD_SIGMOID, (DoubleUnaryOperator) x -> Math.min(Math.max(0.2 * x + 0.5, 0), 1)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("activations")
    void valuesAndGradients(String name, DoubleUnaryOperator expected) {
        float[] xs = {-7.5f, -3.2f, -1.7f, -0.6f, -0.05f, 0.3f, 0.9f, 1.6f, 2.4f, 3.3f, 5.1f, 7.7f};
        Tensor y = Activations.get(name).apply(Tensor.of(xs, 2, 6));
        float[] got = y.toArray();
        for (int i = 0; i < xs.length; i++) {
            double e = expected.applyAsDouble(xs[i]);
            assertEquals(e, got[i], 2e-6 * Math.max(1, Math.abs(e)), name + "(" + xs[i] + ")");
        }
        // the sample points stay 0.05 away from every kink (0, +-1, +-2.5, +-3, 6), so central differences are exact enough
        GradCheck.assertGradients(name, in -> Activations.get(name).apply(in.get(0)), List.of(Tensor.of(xs.clone(), 2, 6)), 1e-3, 2e-3);
    }

    @Test
    void kerasTwoFilesKeepTheirHardSigmoid() {
        String layer = "{\"class_name\": \"Sequential\", \"config\": {\"name\": \"s\", \"layers\": ["
                + "{\"class_name\": \"GRU\", \"config\": {\"name\": \"gru\", \"units\": 2, \"recurrent_activation\": \"hard_sigmoid\", \"reset_after\": false, \"batch_input_shape\": [null, 3, 4]}},"
                + "{\"class_name\": \"Dense\", \"config\": {\"name\": \"d\", \"units\": 1, \"activation\": \"relu6\"}}]}%s}";
        Model k2 = KerasJson.read(String.format(layer, ", \"keras_version\": \"2.2.4\", \"backend\": \"tensorflow\""));
        assertEquals(Activations.KERAS2_HARD_SIGMOID, ((GRU) k2.layers().get(k2.layers().size() - 2)).config().get("recurrent_activation"));
        assertEquals("relu6", ((Dense) k2.layers().get(k2.layers().size() - 1)).config().get("activation"));
        Model tfjs = KerasJson.read("{\"modelTopology\": " + String.format(layer, ", \"keras_version\": \"tfjs-layers 1.3.1\", \"backend\": \"tensor_flow.js\"") + "}");
        assertEquals(Activations.KERAS2_HARD_SIGMOID, tfjs.layers().get(tfjs.layers().size() - 2).config().get("recurrent_activation")); // tf.js: 0.2x + 0.5 too
        Model k3 = KerasJson.read(String.format(layer.replace("{\"class_name\": \"Sequential\"", "{\"module\": \"keras\", \"class_name\": \"Sequential\""), ""));
        assertEquals("hard_sigmoid", ((GRU) k3.layers().get(k3.layers().size() - 2)).config().get("recurrent_activation"));
        // written back as Keras 2, the Keras 2 activation has its Keras 2 name
        String written = KerasJson.write(k2);
        assertTrue(written.contains("\"recurrent_activation\":\"hard_sigmoid\""), written);
    }
}
