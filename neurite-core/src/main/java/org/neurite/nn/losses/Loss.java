package org.neurite.nn.losses;

import java.util.function.BiFunction;
import org.neurite.tensor.Tensor;

/**
 * A training objective: a differentiable scalar computed from the targets and the predictions of
 * a batch. The built-in losses average over the batch (Keras' default reduction,
 * {@code sum_over_batch_size}; see {@link PerSampleLoss#reduction(Reduction)} for the others).
 *
 * <p>A custom loss is a lambda written with tensor ops, wrapped with {@link #of}; autograd gives
 * its gradient:
 * <pre>{@code
 * Loss logCosh = Loss.of("log_cosh", (y, p) -> p.sub(y).exp().add(p.sub(y).neg().exp()).mul(0.5f).log().mean());
 * model.compile(new Adam(), logCosh);
 * }</pre>
 * The lambda must return a scalar (size-1) tensor; the trainer checks this.
 */
public interface Loss {
    /**
     * The loss of the batch.
     *
     * @param yTrue the targets: the shape of {@code yPred} for most losses, or integer labels
     *     without the class axis for sparse ones; not differentiated
     * @param yPred the model's predictions, shape {@code (N, ...)}
     * @return a scalar (size-1) tensor, differentiable with respect to {@code yPred}
     * @throws IllegalArgumentException if the shapes do not fit the loss (the message names both)
     */
    Tensor compute(Tensor yTrue, Tensor yPred);

    /**
     * The loss's Keras name, used in training histories and saved models.
     *
     * @return e.g. {@code mean_squared_error}
     */
    String name();

    /**
     * The loss with a weight per sample (Keras' {@code loss(y_true, y_pred, sample_weight)}):
     * {@code sampleWeight} has one value per sample, shape {@code (N)}, or null for none. Losses
     * defined sample by sample ({@link PerSampleLoss}) scale each sample's value before reducing
     * (see {@link Reduction}); others accept only null.
     *
     * @param yTrue the targets, as for {@link #compute(Tensor, Tensor)}
     * @param yPred the predictions, shape {@code (N, ...)}
     * @param sampleWeight one weight per sample, shape {@code (N)}, or null for none
     * @return the weighted loss, reduced as the loss's {@link Reduction} says (a scalar by default)
     * @throws IllegalArgumentException if sample weights are given to a loss not defined sample by
     *     sample, or their shape does not fit the batch
     */
    default Tensor compute(Tensor yTrue, Tensor yPred, Tensor sampleWeight) {
        if (sampleWeight == null) return compute(yTrue, yPred);
        throw new IllegalArgumentException("loss " + name() + " is not defined sample by sample, so sample weights cannot be applied to it");
    }

    /**
     * A named loss from a function {@code (yTrue, yPred) -> scalar tensor}, e.g.
     * {@code Loss.of("my_mse", (y, p) -> p.sub(y).square().mean())}.
     *
     * @param name the loss's name, shown in histories; not blank
     * @param function computes the batch loss from {@code (yTrue, yPred)} with tensor ops; autograd
     *     differentiates it
     * @return a loss whose {@code compute} fails with {@link IllegalStateException} when the
     *     function returns null or a tensor that is not a scalar
     * @throws IllegalArgumentException if the name is blank or the function null
     */
    static Loss of(String name, BiFunction<Tensor, Tensor, Tensor> function) {
        if (name == null || name.isBlank()) throw new IllegalArgumentException("Loss.of: a custom loss needs a name");
        if (function == null) throw new IllegalArgumentException("Loss.of(" + name + "): the function is null");
        return new Loss() {
            @Override
            public Tensor compute(Tensor yTrue, Tensor yPred) {
                Tensor out = function.apply(yTrue, yPred);
                if (out == null || out.size() != 1) {
                    throw new IllegalStateException("loss " + name + " must return a scalar, got " + (out == null ? "null" : "shape " + out.shape()));
                }
                return out;
            }

            @Override
            public String name() {
                return name;
            }

            @Override
            public String toString() {
                return name;
            }
        };
    }
}
