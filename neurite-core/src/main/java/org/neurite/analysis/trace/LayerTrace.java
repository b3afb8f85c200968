package org.neurite.analysis.trace;

import java.util.Map;
import org.neurite.tensor.Tensor;

/**
 * One layer application in a backprop trace: the forward values and the gradients of the error E.
 * Tensors keep the batch axis (one sample: size 1).
 *
 * @param layerName   the layer
 * @param className   its type
 * @param activation  the activation applied after {@code z} (Dense and Conv2D), else null
 * @param input       the (first) input a_prev
 * @param z           the pre-activation {@code a_prev W + b} (Dense, Conv2D), else null
 * @param a           the output
 * @param deltaZ      {@code dE/dz} (the exam's delta), null when there is no separate z
 * @param deltaA      {@code dE/da}
 * @param weights     the weight values by short name ({@code kernel}, {@code bias})
 * @param weightGrads {@code dE/dW} by short name
 */
public record LayerTrace(String layerName, String className, String activation, Tensor input, Tensor z, Tensor a, Tensor deltaZ, Tensor deltaA,
        Map<String, Tensor> weights, Map<String, Tensor> weightGrads) {

    /**
     * The delta of this layer, as exams write it.
     *
     * @return {@code dE/dz} when there is a z, else {@code dE/da}; batch axis kept
     */
    public Tensor delta() {
        return deltaZ != null ? deltaZ : deltaA;
    }
}
