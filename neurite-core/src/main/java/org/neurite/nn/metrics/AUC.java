package org.neurite.nn.metrics;

import org.neurite.tensor.Tensor;

/**
 * Area under the ROC or precision-recall curve over every sample seen, approximated as Keras'
 * {@code keras.metrics.AUC(num_thresholds=200, summation_method="interpolation")} does: scores are
 * counted into {@code numThresholds} thresholds {@code -eps, 1/(T-1), ..., (T-2)/(T-1), 1+eps}
 * (an entry is positive at a threshold when its score is above it), then
 * <ul>
 *   <li>ROC: trapezoids of recall over false-positive rate between consecutive thresholds;</li>
 *   <li>PR: Davis &amp; Goadrich's interpolation, which varies TP and FP linearly between thresholds
 *       (not the precision), integrated in closed form as in Keras' {@code interpolate_pr_auc}.</li>
 * </ul>
 * The state is two histograms, so memory does not grow with the data. The result differs from the
 * exact area ({@link ExactAuc}) by at most what the threshold grid hides: scores that share one of
 * the T-1 buckets are treated as tied.
 *
 * <p>Predictions {@code (N,)}, {@code (N, 1)} (a binary output) or {@code (N, C)}; labels 0/1 shaped
 * like them, or class indices (expanded to one-hot). Without {@code multiLabel} every entry is one
 * point of a single curve (Keras' flattening, a micro average over classes); with it, one curve per
 * column and the plain mean of their areas. Scores must lie in [0, 1] (probabilities), unless
 * {@code fromLogits}, which applies the sigmoid first.
 */
public final class AUC implements Metric {
    /** Which curve's area. */
    public enum Curve {
        /** Receiver operating characteristic: recall (true-positive rate) over false-positive rate. */
        ROC,
        /** Precision over recall. */
        PR
    }

    private final String name;
    private final int numThresholds;
    private final Curve curve;
    private final boolean multiLabel;
    private final boolean fromLogits;
    /** Per label, the number of positive / negative entries whose highest threshold exceeded is index i. */
    private long[][] positives;
    private long[][] negatives;

    /** Keras' {@code AUC()}: ROC, 200 thresholds. */
    public AUC() {
        this("auc", 200, Curve.ROC, false, false);
    }

    /**
     * Keras' {@code AUC(curve=...)} with 200 thresholds, named {@code auc} or {@code pr_auc}.
     *
     * @param curve which curve's area
     */
    public AUC(Curve curve) {
        this(curve == Curve.PR ? "pr_auc" : "auc", 200, curve, false, false);
    }

    /**
     * An AUC with every option of Keras' {@code AUC}.
     *
     * @param name the key in the logs
     * @param numThresholds T, the number of thresholds on [0, 1] (Keras' default 200); more is
     *     closer to the exact area and costs two {@code long[T]} histograms per curve
     * @param curve which curve's area; not null
     * @param multiLabel true: one curve per column, their areas averaged; false: every entry is a
     *     point of one curve
     * @param fromLogits true if the predictions are logits (the sigmoid is applied first)
     * @throws IllegalArgumentException if {@code numThresholds < 2} or the curve is null
     */
    public AUC(String name, int numThresholds, Curve curve, boolean multiLabel, boolean fromLogits) {
        if (numThresholds < 2) throw new IllegalArgumentException(name + ": numThresholds must be > 1, got " + numThresholds);
        if (curve == null) throw new IllegalArgumentException(name + ": curve is required (ROC or PR)");
        this.name = name;
        this.numThresholds = numThresholds;
        this.curve = curve;
        this.multiLabel = multiLabel;
        this.fromLogits = fromLogits;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void resetState() {
        positives = negatives = null;
    }

    @Override
    public void updateState(Tensor yTrue, Tensor yPred) {
        ClassScores b = ClassScores.of(name, yTrue, yPred);
        int labels = multiLabel ? b.classes : 1;
        if (positives == null) {
            positives = new long[labels][numThresholds];
            negatives = new long[labels][numThresholds];
        } else if (positives.length != labels) {
            throw new IllegalArgumentException(name + ": predictions have " + b.classes + " labels " + yPred.shape() + " but earlier batches had " + positives.length);
        }
        float steps = numThresholds - 1;
        for (int r = 0; r < b.rows; r++) {
            for (int c = 0; c < b.classes; c++) {
                float p = b.score(r, c);
                if (fromLogits) p = (float) (1.0 / (1.0 + Math.exp(-p)));
                if (!(p >= 0f && p <= 1f)) {
                    throw new IllegalArgumentException(name + ": predictions must be probabilities in [0, 1] (or use fromLogits), got " + p + " at row " + r + ", column " + c);
                }
                // the highest threshold index i with p > t_i: t_0 = -eps, t_i = i/(T-1); in float32 as Keras
                int bucket = Math.max(0, (int) Math.ceil(p * steps) - 1);
                int label = multiLabel ? c : 0;
                if (b.isTrue(r, c)) positives[label][bucket]++;
                else negatives[label][bucket]++;
            }
        }
    }

    @Override
    public float result() {
        if (positives == null) return Float.NaN;
        double sum = 0;
        for (int l = 0; l < positives.length; l++) sum += area(above(positives[l]), above(negatives[l]));
        return (float) (sum / positives.length);
    }

    /** Counts per threshold: entries whose score is above threshold i ({@code tp} or {@code fp}). */
    private static long[] above(long[] histogram) {
        long[] out = new long[histogram.length];
        long run = 0;
        for (int i = histogram.length - 1; i >= 0; i--) {
            run += histogram[i];
            out[i] = run;
        }
        return out;
    }

    private double area(long[] tp, long[] fp) {
        long pos = tp[0], neg = fp[0]; // everything is above -eps
        return curve == Curve.ROC ? rocArea(tp, fp, pos, neg) : interpolatedPrArea(tp, fp, pos);
    }

    private static double rocArea(long[] tp, long[] fp, long pos, long neg) {
        double area = 0;
        for (int i = 0; i + 1 < tp.length; i++) {
            double dx = divideNoNan(fp[i], neg) - divideNoNan(fp[i + 1], neg);
            area += dx * (divideNoNan(tp[i], pos) + divideNoNan(tp[i + 1], pos)) / 2;
        }
        return area;
    }

    /** Keras' {@code interpolate_pr_auc}: TP and P = TP + FP linear between thresholds A (i) and B (i + 1). */
    private static double interpolatedPrArea(long[] tp, long[] fp, long pos) {
        double area = 0;
        for (int i = 0; i + 1 < tp.length; i++) {
            long pA = tp[i] + fp[i], pB = tp[i + 1] + fp[i + 1];
            long dtp = tp[i] - tp[i + 1];
            double slope = divideNoNan(dtp, Math.max(pA - pB, 0));
            double intercept = tp[i + 1] - slope * pB;
            double ratio = pA > 0 && pB > 0 ? (double) pA / pB : 1;
            area += divideNoNan(slope * (dtp + intercept * Math.log(ratio)), pos);
        }
        return area;
    }

    private static double divideNoNan(double num, double den) {
        return den == 0 ? 0 : num / den;
    }
}
