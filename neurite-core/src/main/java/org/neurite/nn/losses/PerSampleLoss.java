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

    protected PerSampleLoss(String name) {
        this.name = name;
    }

    /** One value per sample (per position, for sequence or image outputs): shape of yPred without its last axis. */
    public abstract Tensor perSample(Tensor yTrue, Tensor yPred);

    @Override
    public Tensor compute(Tensor yTrue, Tensor yPred) {
        return compute(yTrue, yPred, null);
    }

    /**
     * The per-sample values, each multiplied by its sample's weight ({@code sampleWeight} of shape
     * {@code (N)} or {@code (N, 1)}, or the shape of the per-sample values, e.g. {@code (N, T)} for
     * sequences; null for none), then reduced as {@link #reduction()} says.
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

    /** How the per-sample values are reduced (default {@link Reduction#SUM_OVER_BATCH_SIZE}). */
    public Reduction reduction() {
        return reduction;
    }

    /**
     * Sets the reduction, as Keras' {@code reduction=} argument: {@code new MeanSquaredError().reduction(Reduction.SUM)}.
     * {@link Reduction#NONE} returns one value per sample, which the trainer does not accept. Returns this.
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
     */
    protected Tensor alignTargets(Tensor yTrue, Tensor yPred) {
        if (yTrue.shape().equals(yPred.shape())) return yTrue;
        if (yTrue.size() != yPred.size()) {
            throw new IllegalArgumentException(name + ": targets of shape " + yTrue.shape() + " do not match predictions of shape " + yPred.shape());
        }
        return yTrue.detach().reshape(yPred.shape().dims());
    }

    /** Mean over the last axis for rank >= 2; rank 0 and 1 are already per sample. */
    protected static Tensor meanLastAxis(Tensor t) {
        return t.rank() >= 2 ? t.mean(-1, false) : t;
    }

    protected static Tensor sumLastAxis(Tensor t) {
        return t.rank() >= 2 ? t.sum(-1, false) : t;
    }
}
