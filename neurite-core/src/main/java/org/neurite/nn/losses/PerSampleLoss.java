package org.neurite.nn.losses;

import org.neurite.tensor.Tensor;

/**
 * A loss defined sample by sample and averaged over the batch: {@code compute = mean(perSample)}
 * (Keras' default reduction; {@link #reduction(Reduction)} and sample weights as Keras 3, see
 * {@link Reduction}).
 * For predictions of rank >= 2 the last axis holds the features or classes of one sample
 * (Keras reduces it inside the per-sample loss); every other axis is averaged.
 */
public abstract class PerSampleLoss implements Loss {
    private final String name;
    private Reduction reduction = Reduction.SUM_OVER_BATCH_SIZE;

    /**
     * A loss with the given Keras name and the default reduction {@link Reduction#SUM_OVER_BATCH_SIZE}.
     *
     * @param name the Keras name returned by {@link #name()}, e.g. {@code mean_squared_error}
     */
    protected PerSampleLoss(String name) {
        this.name = name;
    }

    /**
     * The unreduced loss: one value per sample (per position, for sequence or image outputs).
     *
     * @param yTrue the targets, shape of {@code yPred} (or as many values, e.g. {@code (N)} for {@code (N, 1)})
     * @param yPred the predictions, shape {@code (N, ..., features)}
     * @return shape of {@code yPred} without its last axis ({@code (N)} for {@code (N, features)});
     *     rank-0 and rank-1 predictions are already per sample and keep their shape
     * @throws IllegalArgumentException if the targets do not fit the predictions
     */
    public abstract Tensor perSample(Tensor yTrue, Tensor yPred);

    @Override
    public Tensor compute(Tensor yTrue, Tensor yPred) {
        return compute(yTrue, yPred, null);
    }

    /**
     * The per-sample values, each multiplied by its sample's weight ({@code sampleWeight} of shape
     * {@code (N)} or {@code (N, 1)}, or the shape of the per-sample values, e.g. {@code (N, T)} for
     * sequences; null for none), then reduced as {@link #reduction()} says.
     *
     * @param yTrue the targets
     * @param yPred the predictions, shape {@code (N, ...)}
     * @param sampleWeight the weights, or null
     * @return a scalar for {@link Reduction#SUM_OVER_BATCH_SIZE} and {@link Reduction#SUM}; the
     *     weighted per-sample values for {@link Reduction#NONE}
     * @throws IllegalArgumentException if the weights' shape fits neither the batch nor the
     *     per-sample values (the message names both shapes)
     */
    @Override
    public Tensor compute(Tensor yTrue, Tensor yPred, Tensor sampleWeight) {
        Tensor values = perSample(yTrue, yPred);
        if (sampleWeight != null) values = values.mul(weightsFor(values, sampleWeight));
        return switch (reduction) {
            case SUM_OVER_BATCH_SIZE -> values.mean(); // sum / number of values, not / sum of weights (Keras 3)
            case SUM -> values.sum();
            case NONE -> values;
        };
    }

    /** The sample weights shaped to broadcast over the per-sample values; fails naming both shapes. */
    private Tensor weightsFor(Tensor values, Tensor w) {
        if (w.shape().equals(values.shape())) return w.detach();
        int n = values.rank() == 0 ? 1 : values.dim(0);
        boolean perSample = w.size() == n && (w.rank() == 1 || (w.rank() == 2 && w.dim(1) == 1));
        if (!perSample) {
            throw new IllegalArgumentException(name + ": sample weights of shape " + w.shape() + " do not fit " + n
                    + " samples (per-sample losses of shape " + values.shape() + "); give one weight per sample, shape (" + n + ",)");
        }
        int[] dims = new int[Math.max(1, values.rank())];
        java.util.Arrays.fill(dims, 1);
        dims[0] = n;
        return w.detach().reshape(dims);
    }

    /**
     * How the per-sample values are reduced.
     *
     * @return the reduction; {@link Reduction#SUM_OVER_BATCH_SIZE} unless set
     */
    public Reduction reduction() {
        return reduction;
    }

    /**
     * Sets the reduction, as Keras' {@code reduction=} argument: {@code new MeanSquaredError().reduction(Reduction.SUM)}.
     * {@link Reduction#NONE} returns one value per sample, which the trainer does not accept.
     *
     * @param value the reduction; not null
     * @return this loss, for chaining
     * @throws IllegalArgumentException if {@code value} is null
     */
    public PerSampleLoss reduction(Reduction value) {
        if (value == null) throw new IllegalArgumentException(name + ": reduction must not be null");
        this.reduction = value;
        return this;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String toString() {
        return name;
    }

    /**
     * yTrue reshaped to yPred's shape when both hold the same number of values, so (N,) targets
     * meet (N, 1) predictions instead of broadcasting to (N, N).
     *
     * @param yTrue the targets
     * @param yPred the predictions
     * @return {@code yTrue} itself when the shapes are equal, else a detached reshape to {@code yPred}'s shape
     * @throws IllegalArgumentException if the two hold different numbers of values
     */
    protected Tensor alignTargets(Tensor yTrue, Tensor yPred) {
        if (yTrue.shape().equals(yPred.shape())) return yTrue;
        if (yTrue.size() != yPred.size()) {
            throw new IllegalArgumentException(name + ": targets of shape " + yTrue.shape() + " do not match predictions of shape " + yPred.shape());
        }
        return yTrue.detach().reshape(yPred.shape().dims());
    }

    /**
     * Reduces elementwise losses to per-sample ones by averaging the feature axis.
     *
     * @param t elementwise values, shape {@code (N, ..., features)}
     * @return the mean over the last axis for rank &gt;= 2 (that axis dropped); {@code t} itself for
     *     rank 0 and 1, which are already per sample
     */
    protected static Tensor meanLastAxis(Tensor t) {
        return t.rank() >= 2 ? t.mean(-1, false) : t;
    }

    /**
     * Reduces elementwise losses to per-sample ones by summing the feature axis.
     *
     * @param t elementwise values, shape {@code (N, ..., features)}
     * @return the sum over the last axis for rank &gt;= 2 (that axis dropped); {@code t} itself for
     *     rank 0 and 1
     */
    protected static Tensor sumLastAxis(Tensor t) {
        return t.rank() >= 2 ? t.sum(-1, false) : t;
    }
}
