package org.neurite.nn.metrics;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.neurite.tensor.Tensor;

/**
 * F1 score {@code 2 TP / (2 TP + FP + FN)} (the harmonic mean of precision and recall) over every
 * sample seen, per class and averaged as Keras' {@code keras.metrics.F1Score} and scikit-learn's
 * {@code f1_score(average=...)}: {@link Average#MACRO} the plain mean over classes,
 * {@link Average#WEIGHTED} weighted by each class's support (true count), {@link Average#MICRO}
 * from the counts summed over classes, {@link Average#NONE} one value per class. A class with no
 * true and no predicted sample scores 0 (scikit-learn's {@code zero_division=0}).
 *
 * <p>Predictions {@code (N, C)}: without a threshold, each row predicts its highest-scoring class
 * (first on ties; Keras marks every tied maximum); with a threshold, every entry above it (multi
 * label). A single column {@code (N, 1)} is one class decided at 0.5 unless another threshold is
 * given. Labels: one-hot/0-1 shaped like the predictions, or class indices.
 */
public final class F1Score implements Metric {
    /** How per-class scores are combined. */
    public enum Average {
        /** One value per class (logged as {@code <name>_<class>}). */
        NONE,
        /** From TP, FP and FN summed over the classes. */
        MICRO,
        /** The plain mean of the per-class scores. */
        MACRO,
        /** The mean of the per-class scores weighted by each class's support. */
        WEIGHTED
    }

    private final String name;
    private final Average average;
    private final Float threshold;
    private long[] truePositives;
    private long[] falsePositives;
    private long[] falseNegatives;

    /** Macro average, argmax decisions. */
    public F1Score() {
        this("f1_score", Average.MACRO, null);
    }

    /**
     * An F1 score with argmax decisions, named {@code f1_score}.
     *
     * @param average how the per-class scores are combined
     */
    public F1Score(Average average) {
        this("f1_score", average, null);
    }

    /**
     * An F1 score with every option.
     *
     * @param name the key in the logs
     * @param average how the per-class scores are combined; not null
     * @param threshold null: argmax of each row (0.5 for a single column); else entries above it
     *     are predicted (multi-label)
     * @throws IllegalArgumentException if {@code average} is null
     */
    public F1Score(String name, Average average, Float threshold) {
        if (average == null) throw new IllegalArgumentException(name + ": average is required (NONE for per-class scores)");
        this.name = name;
        this.average = average;
        this.threshold = threshold;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void resetState() {
        truePositives = falsePositives = falseNegatives = null;
    }

    @Override
    public void updateState(Tensor yTrue, Tensor yPred) {
        ClassScores b = ClassScores.of(name, yTrue, yPred);
        if (truePositives == null) {
            truePositives = new long[b.classes];
            falsePositives = new long[b.classes];
            falseNegatives = new long[b.classes];
        } else if (truePositives.length != b.classes) {
            throw new IllegalArgumentException(name + ": predictions have " + b.classes + " classes " + yPred.shape() + " but earlier batches had " + truePositives.length);
        }
        boolean byArgmax = threshold == null && b.classes > 1;
        float t = threshold == null ? 0.5f : threshold;
        for (int r = 0; r < b.rows; r++) {
            int top = byArgmax ? b.argmax(r) : -1;
            for (int c = 0; c < b.classes; c++) {
                boolean predicted = byArgmax ? c == top : b.score(r, c) > t;
                boolean actual = b.isTrue(r, c);
                if (predicted && actual) truePositives[c]++;
                else if (predicted) falsePositives[c]++;
                else if (actual) falseNegatives[c]++;
            }
        }
    }

    /**
     * The F1 score of each class.
     *
     * @return one value per class, in class-index order; empty before any update
     */
    public float[] perClass() {
        if (truePositives == null) return new float[0];
        float[] f = new float[truePositives.length];
        for (int c = 0; c < f.length; c++) f[c] = (float) f1(truePositives[c], falsePositives[c], falseNegatives[c]);
        return f;
    }

    /** The average chosen; with {@link Average#NONE} the macro mean (the per-class values are in {@link #results()}). */
    @Override
    public float result() {
        if (truePositives == null) return Float.NaN;
        int k = truePositives.length;
        return switch (average) {
            case MICRO -> {
                long tp = 0, fp = 0, fn = 0;
                for (int c = 0; c < k; c++) {
                    tp += truePositives[c];
                    fp += falsePositives[c];
                    fn += falseNegatives[c];
                }
                yield (float) f1(tp, fp, fn);
            }
            case WEIGHTED -> {
                double sum = 0;
                long support = 0;
                for (int c = 0; c < k; c++) {
                    long s = truePositives[c] + falseNegatives[c];
                    sum += s * f1(truePositives[c], falsePositives[c], falseNegatives[c]);
                    support += s;
                }
                yield support == 0 ? 0f : (float) (sum / support);
            }
            default -> {
                double sum = 0;
                for (int c = 0; c < k; c++) sum += f1(truePositives[c], falsePositives[c], falseNegatives[c]);
                yield (float) (sum / k);
            }
        };
    }

    /** {@code name -> result()}, or with {@link Average#NONE} {@code name_<class> -> F1} for each class. */
    @Override
    public Map<String, Float> results() {
        if (average != Average.NONE || truePositives == null) return Map.of(name, result());
        Map<String, Float> out = new LinkedHashMap<>();
        float[] f = perClass();
        for (int c = 0; c < f.length; c++) out.put(String.format(Locale.ROOT, "%s_%d", name, c), f[c]);
        return out;
    }

    /** {@code 2 TP / (2 TP + FP + FN)}, 0 when nothing was true or predicted. */
    static double f1(long tp, long fp, long fn) {
        long den = 2 * tp + fp + fn;
        return den == 0 ? 0 : 2.0 * tp / den;
    }
}
