package org.neurite.nn;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import org.neurite.tensor.Tensor;

/**
 * Activation functions by Keras name: {@code relu, relu6, sigmoid, tanh, softmax, linear, leaky_relu,
 * elu, gelu (exact erf form), softplus, swish = silu, hard_sigmoid (Keras 3: relu6(x + 3) / 6)},
 * plus any registered with {@link #register}. Layers keep the name (so a saved model can record
 * it) and look the function up here.
 *
 * <p>{@code leaky_relu} uses slope 0.2, the default of Keras 3's {@code keras.activations.leaky_relu}
 * (Keras 2's LeakyReLU layer used 0.3). Softmax is over the last axis, as Keras.
 */
public final class Activations {
    /** Slope of the string activation {@code leaky_relu} (Keras 3 default). */
    public static final float LEAKY_RELU_SLOPE = 0.2f;

    private static final Map<String, UnaryOperator<Tensor>> REGISTRY = new TreeMap<>();

    static {
        REGISTRY.put("linear", x -> x);
        REGISTRY.put("relu", Tensor::relu);
        REGISTRY.put("relu6", x -> x.relu().minimum(Tensor.scalar(6f))); // Keras' relu6 = ReLU(max_value=6)
        REGISTRY.put("sigmoid", Tensor::sigmoid);
        REGISTRY.put("tanh", Tensor::tanh);
        REGISTRY.put("softmax", x -> x.softmax(-1));
        REGISTRY.put("log_softmax", x -> x.logSoftmax(-1));
        REGISTRY.put("leaky_relu", x -> x.leakyRelu(LEAKY_RELU_SLOPE));
        // elu (alpha 1), exact gelu, softplus, swish = silu, Keras 3 hard_sigmoid: see tensor.ops.MoreActivations
        REGISTRY.put("elu", x -> org.neurite.tensor.ops.MoreActivations.elu(x, 1f));
        REGISTRY.put("gelu", org.neurite.tensor.ops.MoreActivations::gelu);
        REGISTRY.put("softplus", org.neurite.tensor.ops.MoreActivations::softplus);
        REGISTRY.put("swish", org.neurite.tensor.ops.MoreActivations::swish);
        REGISTRY.put("silu", org.neurite.tensor.ops.MoreActivations::swish);
        REGISTRY.put("hard_sigmoid", x -> x.mul(1f / 6f).add(0.5f).clamp(0f, 1f)); // relu6(x + 3) / 6
    }

    private Activations() {}

    /** The function for a name; null or "" mean linear (Keras' {@code activation=None}). */
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

    /** Canonical form of a name: lower case, null -> "linear". Fails on unknown names. */
    public static String normalize(String name) {
        String key = name == null || name.isEmpty() ? "linear" : name.toLowerCase(Locale.ROOT);
        synchronized (REGISTRY) {
            if (!REGISTRY.containsKey(key)) {
                throw new IllegalArgumentException("unknown activation '" + name + "'; known: " + String.join(", ", REGISTRY.keySet()));
            }
        }
        return key;
    }

    /** Adds a custom activation (so that models using it can also be loaded). */
    public static void register(String name, UnaryOperator<Tensor> function) {
        synchronized (REGISTRY) {
            REGISTRY.put(name.toLowerCase(Locale.ROOT), function);
        }
    }

    public static java.util.Set<String> known() {
        synchronized (REGISTRY) {
            return new java.util.TreeSet<>(REGISTRY.keySet());
        }
    }
}
