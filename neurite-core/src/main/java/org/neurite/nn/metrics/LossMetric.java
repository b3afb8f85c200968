package org.neurite.nn.metrics;

import org.neurite.autograd.GradMode;
import org.neurite.nn.losses.Loss;
import org.neurite.tensor.Tensor;

/**
 * A loss used as a metric (Keras' {@code metrics=["mse"]}, {@code ["mae"]}): the mean of the
 * loss over all samples seen, each batch weighted by its number of samples.
 */
public final class LossMetric implements Metric {
    private final String name;
    private final Loss loss;
    private double weightedSum;
    private long samples;

    /**
     * A metric averaging a loss over the samples seen.
     *
     * @param name the key in the logs, e.g. {@code mse}
     * @param loss the loss computed on each batch (its value is read, nothing is differentiated)
     */
    public LossMetric(String name, Loss loss) {
        this.name = name;
        this.loss = loss;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void resetState() {
        weightedSum = 0;
        samples = 0;
    }

    @Override
    public void updateState(Tensor yTrue, Tensor yPred) {
        int n = yPred.rank() == 0 ? 1 : yPred.dim(0);
        try (GradMode.Scope s = GradMode.noGrad()) {
            weightedSum += (double) loss.compute(yTrue, yPred.detach()).item() * n;
        }
        samples += n;
    }

    @Override
    public float result() {
        return samples == 0 ? Float.NaN : (float) (weightedSum / samples);
    }
}
