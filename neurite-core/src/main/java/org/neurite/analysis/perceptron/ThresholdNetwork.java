package org.neurite.analysis.perceptron;

import java.util.ArrayList;
import java.util.List;

/**
 * A feed-forward network of threshold (step) units, {@code h = step(W x + b)} with
 * {@code step(z) = 1 if z > 0 else 0}, for the logic-function constructions exams ask for
 * (XOR, parity). Exact for inputs and weights of a few decimals (double arithmetic).
 *
 * <pre>{@code
 * ThresholdNetwork parity = new ThresholdNetwork().layer(w1, b1).layer(new double[][] {w2}, new double[] {b2});
 * parity.apply(1, 0, 1, 1, 0);   // [1]
 * }</pre>
 */
public final class ThresholdNetwork {
    private final List<double[][]> weights = new ArrayList<>();
    private final List<double[]> biases = new ArrayList<>();

    /**
     * Appends a layer of threshold units.
     *
     * @param w {@code w[j]} are the weights of unit j, one per output of the layer before (or input)
     * @param b {@code b[j]} is unit j's bias
     * @return this
     * @throws IllegalArgumentException if the counts differ, or a unit's weights do not match the
     *     layer before
     */
    public ThresholdNetwork layer(double[][] w, double[] b) {
        if (w.length != b.length) throw new IllegalArgumentException("ThresholdNetwork layer " + (weights.size() + 1) + ": " + w.length + " weight rows but " + b.length + " biases");
        if (!weights.isEmpty()) {
            int prev = weights.get(weights.size() - 1).length;
            for (double[] row : w) {
                if (row.length != prev) throw new IllegalArgumentException("ThresholdNetwork layer " + (weights.size() + 1) + ": a unit has " + row.length + " weights, the layer before has " + prev + " units");
            }
        }
        weights.add(w);
        biases.add(b);
        return this;
    }

    /**
     * Runs the network: each unit outputs 1 if its net input is &gt; 0, else 0.
     *
     * @param x the input
     * @return the outputs (0 or 1) of the last layer
     * @throws IllegalArgumentException if the input length does not match the first layer
     */
    public int[] apply(double... x) {
        double[] a = x;
        for (int l = 0; l < weights.size(); l++) {
            double[][] w = weights.get(l);
            double[] next = new double[w.length];
            for (int j = 0; j < w.length; j++) {
                if (w[j].length != a.length) throw new IllegalArgumentException("ThresholdNetwork layer " + (l + 1) + ": expected " + w[j].length + " inputs, got " + a.length);
                double z = biases.get(l)[j];
                for (int i = 0; i < a.length; i++) z += w[j][i] * a[i];
                next[j] = z > 0 ? 1 : 0;
            }
            a = next;
        }
        int[] out = new int[a.length];
        for (int i = 0; i < a.length; i++) out[i] = (int) a[i];
        return out;
    }

    /**
     * The number of layers of weights.
     *
     * @return the layer count (the input is not a layer)
     */
    public int depth() {
        return weights.size();
    }

    /**
     * The widest layer.
     *
     * @return its unit count
     */
    public int width() {
        int w = 0;
        for (double[][] l : weights) w = Math.max(w, l.length);
        return w;
    }
}
