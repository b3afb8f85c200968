package org.neurite.analysis.health;

import java.util.List;

/**
 * One layer's series condensed to a table row: gradient norms averaged over the recorded steps,
 * the rest at the last recorded step (update ratio averaged).
 *
 * @param layer             the layer's name
 * @param activation        its output activation
 * @param meanGradNorm      mean gradient norm over the recorded steps (NaN without weights)
 * @param lastGradNorm      gradient norm at the last recorded step
 * @param ratioToLastLayer  {@code meanGradNorm} divided by that of the last layer with weights
 * @param weightNorm        weight norm at the last recorded step
 * @param meanUpdateRatio   mean of {@code ||Δw|| / ||w||} over the recorded steps
 * @param activationMean    output mean on the probe batch at the last recorded step
 * @param activationStd     output standard deviation there
 * @param deadFraction      fraction of dead ReLU units there
 * @param saturatedFraction fraction of saturated sigmoid/tanh outputs there
 */
public record LayerSummary(String layer, String activation, double meanGradNorm, double lastGradNorm, double ratioToLastLayer, double weightNorm,
                           double meanUpdateRatio, double activationMean, double activationStd, double deadFraction, double saturatedFraction) {

    /** Summarizes one layer's records (in step order); {@code lastLayerMeanGrad} is the reference of the ratio. */
    static LayerSummary of(List<LayerStats> series, double lastLayerMeanGrad) {
        LayerStats last = series.get(series.size() - 1);
        double grad = mean(series, LayerStats::gradNorm);
        return new LayerSummary(last.layer(), last.activation(), grad, last.gradNorm(), grad / lastLayerMeanGrad, last.weightNorm(),
                mean(series, LayerStats::updateRatio), last.activationMean(), last.activationStd(), last.deadFraction(), last.saturatedFraction());
    }

    /** Mean of the non-NaN values, NaN if there are none. */
    static double mean(List<LayerStats> series, java.util.function.ToDoubleFunction<LayerStats> f) {
        double sum = 0;
        int n = 0;
        for (LayerStats s : series) {
            double v = f.applyAsDouble(s);
            if (!Double.isNaN(v)) {
                sum += v;
                n++;
            }
        }
        return n == 0 ? Double.NaN : sum / n;
    }
}
