package org.neurite.nn;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import org.neurite.tensor.Tensor;

/**
 * Activation functions by Keras name: {@code relu, sigmoid, tanh, softmax, log_softmax, linear,
 * leaky_relu, elu, selu, gelu (exact erf form), softplus, softsign, exponential, swish = silu, mish,
 * relu6, hard_tanh, log_sigmoid, hard_sigmoid (Keras 3: relu6(x + 3) / 6), hard_silu = hard_swish},
 * Keras 2's hard_sigmoid as {@link #KERAS2_HARD_SIGMOID}, plus any registered with {@link #register}.
 * Layers keep the name (so a saved model can record it) and look the function up here.
 *
 * <p>{@code leaky_relu} uses slope 0.2, the default of Keras 3's {@code keras.activations.leaky_relu}
 * (Keras 2's LeakyReLU layer used 0.3). Softmax is over the last axis, as Keras.
 */
public final class Activations {
    /** Slope of the string activation {@code leaky_relu} (Keras 3 default). */
    public static final float LEAKY_RELU_SLOPE = 0.2f;

    /** Keras 2's {@code hard_sigmoid}, clip(0.2 x + 0.5, 0, 1); Keras 3 changed it to relu6(x + 3) / 6. */
    public static final String KERAS2_HARD_SIGMOID = "keras2_hard_sigmoid";
    /** selu(x) = scale * elu(x, alpha), Keras' constants (Klambauer et al. 2017). */
    static final float SELU_ALPHA = 1.6732632423543772f;
    static final float SELU_SCALE = 1.0507009873554805f;

    private static final Map<String, UnaryOperator<Tensor>> REGISTRY = new TreeMap<>();

    static {
        REGISTRY.put("linear", x -> x);
        REGISTRY.put("relu", Tensor::relu);
        REGISTRY.put("sigmoid", Tensor::sigmoid);
        REGISTRY.put("tanh", Tensor::tanh);
        REGISTRY.put("softmax", x -> x.softmax(-1));
        REGISTRY.put("log_softmax", x -> x.logSoftmax(-1));
        REGISTRY.put("leaky_relu", x -> x.leakyRelu(LEAKY_RELU_SLOPE));
        // elu (alpha 1), exact gelu, softplus, swish = silu, Keras 3 hard_sigmoid: see tensor.ops.Nonlinearities
        REGISTRY.put("elu", x -> x.elu(1f));
        REGISTRY.put("gelu", Tensor::gelu);
        REGISTRY.put("softplus", Tensor::softplus);
        REGISTRY.put("swish", Tensor::swish);
        REGISTRY.put("silu", Tensor::swish);
        REGISTRY.put("hard_sigmoid", x -> x.mul(1f / 6f).add(0.5f).clamp(0f, 1f)); // relu6(x + 3) / 6
        // Keras 2's hard_sigmoid (the default recurrent activation of Keras 2.0-2.2 LSTM/GRU): clip(0.2 x + 0.5, 0, 1)
        REGISTRY.put(KERAS2_HARD_SIGMOID, x -> x.mul(0.2f).add(0.5f).clamp(0f, 1f));
        // the other Keras activation strings, composed from differentiable ops (keras/src/activations/activations.py)
        REGISTRY.put("relu6", x -> x.clamp(0f, 6f));
        REGISTRY.put("selu", x -> x.elu(SELU_ALPHA).mul(SELU_SCALE));
        REGISTRY.put("softsign", x -> x.div(x.abs().add(1f)));
        REGISTRY.put("exponential", Tensor::exp);
        REGISTRY.put("mish", x -> x.mul(x.softplus().tanh()));
        REGISTRY.put("hard_silu", x -> x.mul(x.mul(1f / 6f).add(0.5f).clamp(0f, 1f))); // x * hard_sigmoid(x), Keras 3
        REGISTRY.put("hard_swish", x -> x.mul(x.mul(1f / 6f).add(0.5f).clamp(0f, 1f)));
        REGISTRY.put("log_sigmoid", x -> x.neg().softplus().neg());
        REGISTRY.put("hard_tanh", x -> x.clamp(-1f, 1f));
    }


    private Activations() {}

    /**
     * The activation function for a name.
     *
     * @param name a Keras name such as {@code relu} (any case); null or "" mean linear (Keras' {@code activation=None})
     * @return the element-wise, differentiable function (shape in = shape out)
     * @throws IllegalArgumentException if the name is unknown; the message lists the known ones
     */
    public static UnaryOperator<Tensor> get(String name) {
        String key = normalize(name);
        UnaryOperator<Tensor> f;
        synchronized (REGISTRY) {
            f = REGISTRY.get(key);
        }
        if (f == null) {
            throw new IllegalArgumentException("unknown activation '" + name + "'; known: " + String.join(", ", known()));
        }
        return f;
    }

    /**
     * The canonical form of an activation name.
     *
     * @param name a name in any case, or null or "" for linear
     * @return the lower-case registered name ({@code linear} for null or "")
     * @throws IllegalArgumentException if the name is unknown
     */
    public static String normalize(String name) {
        String key = name == null || name.isEmpty() ? "linear" : name.toLowerCase(Locale.ROOT);
        synchronized (REGISTRY) {
            if (!REGISTRY.containsKey(key)) {
                throw new IllegalArgumentException("unknown activation '" + name + "'; known: " + String.join(", ", REGISTRY.keySet()));
            }
        }
        return key;
    }

    /**
     * Adds or replaces a custom activation, so that models using it can be built and loaded.
     *
     * @param name the name, stored in lower case
     * @param function an element-wise, differentiable function
     */
    public static void register(String name, UnaryOperator<Tensor> function) {
        synchronized (REGISTRY) {
            REGISTRY.put(name.toLowerCase(Locale.ROOT), function);
        }
    }

    /** @return every registered activation name, sorted */
    public static java.util.Set<String> known() {
        synchronized (REGISTRY) {
            return new java.util.TreeSet<>(REGISTRY.keySet());
        }
    }
}
