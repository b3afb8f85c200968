package org.neurite.nn.metrics;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalDouble;
import org.neurite.tensor.Tensor;

/**
 * What a classifier gets right and wrong, per class: the confusion matrix, precision, recall, F1
 * and support of every class, accuracy, and macro and support-weighted averages, as scikit-learn's
 * {@code classification_report} and {@code confusion_matrix} compute them (a class never
 * predicted has precision 0, {@code zero_division=0}). For a binary classifier (one probability
 * column, or two softmax columns) it also holds the exact ROC AUC and average precision of the
 * positive class's scores. {@link #text()} renders the table as scikit-learn prints it.
 *
 * <p>From whole tensors: {@code ClassificationReport.of(yTrue, model.predict(x), classNames)}, or
 * {@code model.evaluateReport(x, y, classNames)}. From batches (a loop over a data source):
 * {@link #builder}, {@link Builder#update} per batch, {@link Builder#build}. Shapes as
 * {@link ConfusionMatrix}: scores {@code (N, C)} with labels {@code (N,)} or one-hot, or a binary
 * output {@code (N, 1)} with 0/1 labels (threshold 0.5).
 */
public final class ClassificationReport {
    /** One line of the table: a class, or an average over classes (support: the samples it covers). */
    public record Row(String name, double precision, double recall, double f1, long support) {}

    private final List<String> classNames;
    private final long[][] matrix;
    private final List<Row> classes;
    private final Row macro;
    private final Row weighted;
    private final double accuracy;
    private final double rocAuc;
    private final double averagePrecision;

    private ClassificationReport(List<String> classNames, long[][] matrix, double rocAuc, double averagePrecision) {
        this.classNames = classNames;
        this.matrix = matrix;
        this.rocAuc = rocAuc;
        this.averagePrecision = averagePrecision;
        int k = matrix.length;
        long total = 0, correct = 0;
        List<Row> rows = new ArrayList<>(k);
        double[] sums = new double[3], weightedSums = new double[3];
        for (int c = 0; c < k; c++) {
            long tp = matrix[c][c], support = 0, predicted = 0;
            for (int j = 0; j < k; j++) {
                support += matrix[c][j];
                predicted += matrix[j][c];
            }
            Row r = new Row(classNames.get(c), ratio(tp, predicted), ratio(tp, support), F1Score.f1(tp, predicted - tp, support - tp), support);
            rows.add(r);
            double[] v = {r.precision(), r.recall(), r.f1()};
            for (int m = 0; m < 3; m++) {
                sums[m] += v[m];
                weightedSums[m] += v[m] * support;
            }
            total += support;
            correct += tp;
        }
        this.classes = List.copyOf(rows);
        this.accuracy = ratio(correct, total);
        this.macro = new Row("macro avg", sums[0] / k, sums[1] / k, sums[2] / k, total);
        this.weighted = new Row("weighted avg", weightedSums[0] / total, weightedSums[1] / total, weightedSums[2] / total, total);
    }

    private static double ratio(long num, long den) {
        return den == 0 ? 0 : (double) num / den;
    }

    /**
     * The report of labels and predictions for the same samples, classes named 0, 1, ...
     *
     * @param yTrue labels: class indices {@code (N)}, one-hot {@code (N, C)}, or 0/1 for a binary output
     * @param yPred scores {@code (N, C)} or a binary probability {@code (N, 1)}
     * @return the report
     * @throws IllegalArgumentException if the shapes do not fit (see {@link ConfusionMatrix})
     * @throws IllegalStateException if there are no samples
     */
    public static ClassificationReport of(Tensor yTrue, Tensor yPred) {
        return of(yTrue, yPred, null);
    }

    /**
     * The report of labels and predictions for the same samples, with named classes.
     *
     * @param yTrue labels: class indices {@code (N)}, one-hot {@code (N, C)}, or 0/1 for a binary output
     * @param yPred scores {@code (N, C)} or a binary probability {@code (N, 1)}
     * @param classNames one name per class, in class-index order (null: 0, 1, ...)
     * @return the report
     * @throws IllegalArgumentException if the shapes do not fit or a class index is not below the
     *     number of names
     * @throws IllegalStateException if there are no samples
     */
    public static ClassificationReport of(Tensor yTrue, Tensor yPred, List<String> classNames) {
        Builder b = builder(classNames);
        b.update(yTrue, yPred);
        return b.build();
    }

    /**
     * A builder that accumulates batches, for data that does not fit in one tensor.
     *
     * @param classNames one name per class, in class-index order (null: 0, 1, ...)
     * @return an empty builder
     */
    public static Builder builder(List<String> classNames) {
        return new Builder(classNames);
    }

    /** Batches in, one report out. */
    public static final class Builder {
        private final List<String> classNames;
        private final ConfusionMatrix matrix;
        private float[] labels = new float[256];
        private float[] scores = new float[256];
        private int scored;
        private boolean binary = true;

        private Builder(List<String> classNames) {
            this.classNames = classNames == null ? null : List.copyOf(classNames);
            int k = classNames == null ? 0 : classNames.size();
            this.matrix = new ConfusionMatrix("classification report", k, 0.5f);
        }

        /**
         * Adds one batch of labels and predictions.
         *
         * @param yTrue the batch's labels, shapes as {@link ClassificationReport#of(Tensor, Tensor)}
         * @param yPred the batch's scores
         * @return this builder
         * @throws IllegalArgumentException if the shapes do not fit or differ from earlier batches'
         */
        public Builder update(Tensor yTrue, Tensor yPred) {
            matrix.updateState(yTrue, yPred);
            binary &= matrix.numClasses() == 2;
            if (binary) keepPositiveScores(yTrue, yPred);
            return this;
        }

        /** The positive class's score and 0/1 label of every row, for the exact AUC. */
        private void keepPositiveScores(Tensor yTrue, Tensor yPred) {
            ClassScores b = ClassScores.of("classification report", yTrue, yPred);
            int positive = b.classes - 1; // the only column, or column 1 of a two-way softmax
            if (scored + b.rows > labels.length) {
                int n = Math.max(2 * labels.length, scored + b.rows);
                labels = Arrays.copyOf(labels, n);
                scores = Arrays.copyOf(scores, n);
            }
            for (int r = 0; r < b.rows; r++) {
                labels[scored] = b.isTrue(r, positive) ? 1f : 0f;
                scores[scored++] = b.score(r, positive);
            }
        }

        /**
         * The report over every batch added.
         *
         * @return the report (exact ROC AUC and average precision only if every batch was binary)
         * @throws IllegalStateException if no samples were added
         */
        public ClassificationReport build() {
            int k = matrix.numClasses();
            if (k == 0 || matrix.total() == 0) throw new IllegalStateException("classification report: no samples were added");
            List<String> names = classNames;
            if (names == null) {
                List<String> n = new ArrayList<>(k);
                for (int c = 0; c < k; c++) n.add(Integer.toString(c));
                names = List.copyOf(n);
            }
            double auc = Double.NaN, ap = Double.NaN;
            if (binary) {
                float[] l = Arrays.copyOf(labels, scored), s = Arrays.copyOf(scores, scored);
                auc = ExactAuc.roc(l, s);
                ap = ExactAuc.averagePrecision(l, s);
            }
            return new ClassificationReport(names, matrix.counts(), auc, ap);
        }
    }

    /**
     * The classes' names.
     *
     * @return an unmodifiable list, in class-index order
     */
    public List<String> classNames() {
        return classNames;
    }

    /**
     * The confusion matrix.
     *
     * @return a copy, {@code [true][predicted]}, C x C
     */
    public long[][] confusionMatrix() {
        long[][] out = new long[matrix.length][];
        for (int i = 0; i < matrix.length; i++) out[i] = matrix[i].clone();
        return out;
    }

    /**
     * Precision, recall, F1 and support of each class.
     *
     * @return one row per class, in class-index order
     */
    public List<Row> classes() {
        return classes;
    }

    /**
     * The macro average: the plain mean of the per-class precision, recall and F1.
     *
     * @return a row named {@code macro avg} whose support is every sample
     */
    public Row macroAverage() {
        return macro;
    }

    /**
     * The support-weighted average of the per-class precision, recall and F1.
     *
     * @return a row named {@code weighted avg} whose support is every sample
     */
    public Row weightedAverage() {
        return weighted;
    }

    /**
     * The fraction of samples whose predicted class is their true class.
     *
     * @return the accuracy in [0, 1]
     */
    public double accuracy() {
        return accuracy;
    }

    /**
     * The number of samples in the report.
     *
     * @return the sum of the confusion matrix
     */
    public long support() {
        return macro.support();
    }

    /**
     * The exact ROC AUC of the positive class's scores.
     *
     * @return the area, for a binary classifier with both classes present; else empty
     */
    public OptionalDouble rocAuc() {
        return Double.isNaN(rocAuc) ? OptionalDouble.empty() : OptionalDouble.of(rocAuc);
    }

    /**
     * The average precision (area under the PR step curve) of the positive class's scores.
     *
     * @return the value, for a binary classifier with a positive label present; else empty
     */
    public OptionalDouble averagePrecision() {
        return Double.isNaN(averagePrecision) ? OptionalDouble.empty() : OptionalDouble.of(averagePrecision);
    }

    /**
     * The table as scikit-learn's {@code classification_report(digits=2)} prints it.
     *
     * @return the table, lines ending in {@code \n}
     */
    public String text() {
        return text(2);
    }

    /**
     * The table as scikit-learn's {@code classification_report(digits=digits)} prints it,
     * character for character.
     *
     * @param digits decimal places of precision, recall, F1 and accuracy
     * @return the table, lines ending in {@code \n}
     */
    public String text(int digits) {
        int width = "weighted avg".length();
        for (String n : classNames) width = Math.max(width, n.length());
        width = Math.max(width, digits);
        StringBuilder sb = new StringBuilder();
        sb.append(pad("", width)).append(' ');
        for (String h : new String[] {"precision", "recall", "f1-score", "support"}) sb.append(' ').append(pad(h, 9));
        sb.append("\n\n");
        for (Row r : classes) row(sb, r, width, digits);
        sb.append('\n');
        sb.append(pad("accuracy", width)).append(' ').append(' ').append(pad("", 9)).append(' ').append(pad("", 9))
                .append(' ').append(pad(fixed(accuracy, digits), 9)).append(' ').append(pad(Long.toString(support()), 9)).append('\n');
        row(sb, macro, width, digits);
        row(sb, weighted, width, digits);
        return sb.toString();
    }

    /**
     * The confusion matrix as a table: rows true classes, columns predicted, with class names.
     *
     * @return the table, right-aligned counts, lines ending in {@code \n}
     */
    public String confusionMatrixText() {
        int nameWidth = "true \\ predicted".length();
        for (String n : classNames) nameWidth = Math.max(nameWidth, n.length());
        int cell = 1;
        for (String n : classNames) cell = Math.max(cell, n.length());
        for (long[] row : matrix) for (long v : row) cell = Math.max(cell, Long.toString(v).length());
        StringBuilder sb = new StringBuilder(padRight("true \\ predicted", nameWidth));
        for (String n : classNames) sb.append("  ").append(pad(n, cell));
        sb.append('\n');
        for (int t = 0; t < matrix.length; t++) {
            sb.append(padRight(classNames.get(t), nameWidth));
            for (long v : matrix[t]) sb.append("  ").append(pad(Long.toString(v), cell));
            sb.append('\n');
        }
        return sb.toString();
    }

    /** The table, the binary AUCs when there are any, and the confusion matrix. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(text());
        if (rocAuc().isPresent() || averagePrecision().isPresent()) {
            sb.append('\n').append("ROC AUC ").append(fixed(rocAuc, 4)).append(", average precision ").append(fixed(averagePrecision, 4))
                    .append(" (scores of ").append(classNames.get(1)).append(", exact)\n");
        }
        return sb.append('\n').append(confusionMatrixText()).toString();
    }

    private static void row(StringBuilder sb, Row r, int width, int digits) {
        sb.append(pad(r.name(), width)).append(' ');
        for (double v : new double[] {r.precision(), r.recall(), r.f1()}) sb.append(' ').append(pad(fixed(v, digits), 9));
        sb.append(' ').append(pad(Long.toString(r.support()), 9)).append('\n');
    }

    /** Python's {@code format(v, ".Nf")}: the exact binary value rounded half to even. */
    static String fixed(double v, int digits) {
        if (Double.isNaN(v)) return "nan";
        return new BigDecimal(v).setScale(digits, RoundingMode.HALF_EVEN).toPlainString();
    }

    private static String pad(String s, int width) {
        return s.length() >= width ? s : " ".repeat(width - s.length()) + s;
    }

    private static String padRight(String s, int width) {
        return s.length() >= width ? s : s + " ".repeat(width - s.length());
    }
}
