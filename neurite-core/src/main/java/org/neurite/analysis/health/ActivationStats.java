package org.neurite.analysis.health;

import java.util.Locale;
import java.util.Map;
import org.neurite.nn.Layer;
import org.neurite.tensor.Tensor;

/**
 * Statistics of one layer output {@code (batch, ..., units)}: mean, standard deviation, the
 * fraction of dead ReLU units and of saturated sigmoid/tanh outputs.
 *
 * <p>A unit is one index of the last axis (a Dense unit, a convolution channel); it is dead when
 * it outputs exactly 0 for every sample and every position of the batch, so it passes no gradient.
 * An output is saturated when a sigmoid gives {@code < 0.01} or {@code > 0.99} or a tanh gives
 * {@code |y| > 0.99}: there the derivative is below about 0.01 (sigmoid) or 0.02 (tanh).
 *
 * @param mean      mean over all values
 * @param std       population standard deviation over all values
 * @param dead      fraction of dead units (NaN unless the activation is relu)
 * @param saturated fraction of saturated values (NaN unless the activation is sigmoid or tanh)
 */
public record ActivationStats(double mean, double std, double dead, double saturated) {
    static final double SIGMOID_LOW = 0.01, SIGMOID_HIGH = 0.99, TANH_LIMIT = 0.99;

    /**
     * The statistics of a layer output.
     *
     * @param output the values after the activation, {@code (batch, ..., units)}
     * @param activation its lower-case name ({@link #activationOf}); {@code relu} enables the dead
     *     fraction, {@code sigmoid} and {@code tanh} the saturated one
     * @return the statistics; all NaN for an empty tensor
     */
    public static ActivationStats of(Tensor output, String activation) {
        float[] d = output.data();
        int n = output.size();
        if (n == 0) return new ActivationStats(Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        double sum = 0;
        for (int i = 0; i < n; i++) sum += d[i];
        double mean = sum / n;
        double sq = 0;
        for (int i = 0; i < n; i++) sq += (d[i] - mean) * (d[i] - mean);
        double std = Math.sqrt(sq / n);
        double dead = Double.NaN, saturated = Double.NaN;
        switch (activation) {
            case "relu" -> dead = deadUnits(d, n, output.rank() == 0 ? 1 : output.dim(output.rank() - 1));
            case "sigmoid" -> {
                int s = 0;
                for (int i = 0; i < n; i++) if (d[i] < SIGMOID_LOW || d[i] > SIGMOID_HIGH) s++;
                saturated = (double) s / n;
            }
            case "tanh" -> {
                int s = 0;
                for (int i = 0; i < n; i++) if (Math.abs(d[i]) > TANH_LIMIT) s++;
                saturated = (double) s / n;
            }
            default -> { }
        }
        return new ActivationStats(mean, std, dead, saturated);
    }

    private static double deadUnits(float[] d, int n, int units) {
        boolean[] alive = new boolean[units];
        for (int i = 0; i < n; i++) if (d[i] != 0f) alive[i % units] = true;
        int dead = 0;
        for (boolean a : alive) if (!a) dead++;
        return (double) dead / units;
    }

    /**
     * The activation at a layer's output, as a lower-case name: the {@code activation} of its
     * config (Dense, Conv2D, Activation, ...), {@code relu} for a plain ReLU layer, else {@code linear}.
     *
     * @param layer the layer
     * @return e.g. {@code relu}, {@code sigmoid}, {@code linear}
     */
    public static String activationOf(Layer layer) {
        Map<String, Object> config;
        try {
            config = layer.config();
        } catch (RuntimeException e) {
            return "linear";
        }
        if (config.get("activation") instanceof String a) return a.toLowerCase(Locale.ROOT);
        if (layer.getClass().getSimpleName().equals("ReLU")) {
            Object slope = config.get("negative_slope"), threshold = config.get("threshold");
            boolean plain = isZero(slope) && isZero(threshold);
            return plain ? "relu" : "linear";
        }
        return "linear";
    }

    private static boolean isZero(Object v) {
        return v == null || (v instanceof Number num && num.doubleValue() == 0);
    }
}
