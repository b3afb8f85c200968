package org.neurite.analysis.trace;

import java.util.function.BiFunction;
import org.neurite.nn.losses.Loss;
import org.neurite.tensor.Tensor;

/**
 * The error E a trace differentiates, from the target and the output: the exam's
 * {@code E = 1/2 * sum((a - y)^2)} by default, the plain squared error, or any Neurite loss.
 *
 * @param name     how the trace prints it, e.g. {@code E = 1/2 * sum((a - y)^2)}
 * @param function (target, output) to a scalar
 */
public record TraceLoss(String name, BiFunction<Tensor, Tensor, Tensor> function) {
    /** {@code E = 1/2 * sum((a - y)^2)}, so that {@code delta_out = (a - y) * f'(z)}. */
    public static final TraceLoss HALF_SQUARED_ERROR = new TraceLoss("E = 1/2 * sum((a - y)^2)", (y, a) -> a.sub(y).square().sum().mul(0.5f));

    /** {@code E = sum((y - a)^2)}. */
    public static final TraceLoss SQUARED_ERROR = new TraceLoss("E = sum((y - a)^2)", (y, a) -> a.sub(y).square().sum());

    /**
     * A Neurite loss (averaged over the batch as in training).
     *
     * @param loss the loss
     * @return a trace loss named {@code E = <loss name>}
     */
    public static TraceLoss of(Loss loss) {
        return new TraceLoss("E = " + loss.name(), loss::compute);
    }

    /**
     * A trace loss by name.
     *
     * @param name {@code half_sse} (default), {@code sse}, or any name {@code Losses.get} knows
     * @return the trace loss
     * @throws IllegalArgumentException if the name is unknown
     */
    public static TraceLoss byName(String name) {
        return switch (name) {
            case "half_sse", "half_squared_error" -> HALF_SQUARED_ERROR;
            case "sse", "squared_error" -> SQUARED_ERROR;
            default -> of(org.neurite.nn.losses.Losses.get(name));
        };
    }

    Tensor compute(Tensor target, Tensor output) {
        Tensor e = function.apply(target, output);
        if (e.size() != 1) throw new IllegalArgumentException(name + ": the loss must be a scalar, got shape " + e.shape());
        return e;
    }
}
