package org.neurite.analysis.health;

/**
 * The health of one layer at one recorded training step. Values that do not apply are NaN: a
 * layer without trainable weights has no gradient, weight norm or update ratio; activation
 * statistics need a probe batch; {@code deadFraction} is only measured after a ReLU and
 * {@code saturatedFraction} only after a sigmoid or tanh.
 *
 * @param step              0-based global training step (batches since fit began)
 * @param epoch             0-based epoch of that step
 * @param layer             the layer's name ({@code dense_3})
 * @param activation        the activation at the layer's output ({@code relu}, {@code sigmoid}, ...; {@code linear} when none)
 * @param gradNorm          L2 norm of the gradients of the layer's trainable weights, all of them together
 * @param weightNorm        L2 norm of those weights after the step
 * @param updateRatio       {@code ||w_after - w_before|| / ||w_before||} of this step
 * @param activationMean    mean of the layer's output on the probe batch
 * @param activationStd     population standard deviation of that output
 * @param deadFraction      fraction of units (last axis) that are 0 for every probe sample and position
 * @param saturatedFraction fraction of output values in the flat tails: sigmoid below 0.01 or above 0.99, tanh beyond ±0.99
 */
public record LayerStats(int step, int epoch, String layer, String activation, double gradNorm, double weightNorm, double updateRatio,
                         double activationMean, double activationStd, double deadFraction, double saturatedFraction) {

    /**
     * Whether the layer has trainable weights (and so a gradient norm).
     *
     * @return true if its weight norm is a number
     */
    public boolean hasWeights() {
        return !Double.isNaN(weightNorm);
    }

    /**
     * The CSV header.
     *
     * @return the column names of {@link #csvRow()}, comma-separated, in snake case
     */
    public static String csvHeader() {
        return "step,epoch,layer,activation,grad_norm,weight_norm,update_ratio,activation_mean,activation_std,dead_fraction,saturated_fraction";
    }

    /**
     * This record as CSV.
     *
     * @return one line without a line break, empty cells for NaN
     */
    public String csvRow() {
        return step + "," + epoch + "," + layer + "," + activation + "," + cell(gradNorm) + "," + cell(weightNorm) + "," + cell(updateRatio) + ","
                + cell(activationMean) + "," + cell(activationStd) + "," + cell(deadFraction) + "," + cell(saturatedFraction);
    }

    private static String cell(double v) {
        return Double.isNaN(v) ? "" : Double.toString(v);
    }
}
