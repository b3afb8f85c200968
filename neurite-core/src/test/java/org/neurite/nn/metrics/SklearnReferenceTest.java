package org.neurite.nn.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.neurite.io.Json;
import org.neurite.tensor.Tensor;

/**
 * Every classification metric and the report against scikit-learn's numbers for the same labels
 * and scores ({@code src/test/resources/sklearn/metrics.py} wrote {@code metrics.json}). Metrics
 * are fed in uneven batches of 7, so a per-batch average would show up as a mismatch.
 */
class SklearnReferenceTest {
    private static final double TOL = 1e-6;
    private static final Map<String, Object> REF = load();

    @SuppressWarnings("unchecked")
    private static Map<String, Object> load() {
        try (InputStream in = SklearnReferenceTest.class.getResourceAsStream("/sklearn/metrics.json")) {
            if (in == null) throw new IllegalStateException("missing test resource /sklearn/metrics.json (run metrics.py)");
            return (Map<String, Object>) Json.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> section(String name) {
        return (Map<String, Object>) REF.get(name);
    }

    private static double num(Map<String, Object> m, String key) {
        return ((Number) m.get(key)).doubleValue();
    }

    @SuppressWarnings("unchecked")
    private static float[] floats(Map<String, Object> m, String key) {
        List<Object> list = (List<Object>) m.get(key);
        boolean nested = list.get(0) instanceof List;
        int cols = nested ? ((List<Object>) list.get(0)).size() : 1;
        float[] out = new float[list.size() * cols];
        for (int i = 0; i < list.size(); i++) {
            if (!nested) out[i] = ((Number) list.get(i)).floatValue();
            else for (int j = 0; j < cols; j++) out[i * cols + j] = ((Number) ((List<Object>) list.get(i)).get(j)).floatValue();
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static long[][] matrix(Map<String, Object> m, String key) {
        List<Object> rows = (List<Object>) m.get(key);
        long[][] out = new long[rows.size()][];
        for (int i = 0; i < out.length; i++) out[i] = ((List<Object>) rows.get(i)).stream().mapToLong(o -> ((Number) o).longValue()).toArray();
        return out;
    }

    /** Feeds rows [from, to) of labels and predictions in batches of 7. */
    private static <M extends Metric> M feed(M metric, Tensor y, Tensor p) {
        metric.resetState();
        int n = p.dim(0);
        for (int from = 0; from < n; from += 7) {
            int to = Math.min(n, from + 7);
            metric.updateState(y.slice(0, from, to), p.slice(0, from, to));
        }
        return metric;
    }

    // ------------------------------------------------------------------ binary

    private static final Map<String, Object> BIN = section("binary");
    private static final float[] BIN_LABELS = floats(BIN, "labels");
    private static final float[] BIN_SCORES = floats(BIN, "scores");
    private static final Tensor BY = Tensor.of(BIN_LABELS, BIN_LABELS.length, 1);
    private static final Tensor BP = Tensor.of(BIN_SCORES, BIN_SCORES.length, 1);

    @Test
    void binaryPrecisionRecallF1AtThresholdHalf() {
        assertEquals(num(BIN, "precision"), feed(new Precision(), BY, BP).result(), TOL);
        assertEquals(num(BIN, "recall"), feed(new Recall(), BY, BP).result(), TOL);
        assertEquals(num(BIN, "f1"), feed(new F1Score(), BY, BP).result(), TOL);
        // (N,) labels and predictions work the same as (N, 1)
        assertEquals(num(BIN, "precision"), feed(new Precision(), Tensor.vector(BIN_LABELS), Tensor.vector(BIN_SCORES)).result(), TOL);
    }

    @Test
    void binaryAucKerasThresholdsAndExact() {
        assertEquals(num(BIN, "keras_roc_auc"), feed(new AUC(), BY, BP).result(), TOL);
        assertEquals(num(BIN, "keras_pr_auc"), feed(new AUC(AUC.Curve.PR), BY, BP).result(), TOL);
        assertEquals(num(BIN, "roc_auc"), ExactAuc.roc(BIN_LABELS, BIN_SCORES), 1e-12);
        assertEquals(num(BIN, "average_precision"), ExactAuc.averagePrecision(BIN_LABELS, BIN_SCORES), 1e-12);
    }

    @Test
    void thresholdedRocAucIsWithinTheBucketBoundOfTheExactArea() {
        // 200 thresholds put scores that share one of the 199 buckets on one point: each such
        // (positive, negative) pair gets half credit instead of 0 or 1, so the error is at most
        // half their share of all pairs.
        Map<String, Object> mc = section("multiclass");
        float[] p = floats(mc, "probabilities");
        float[] labels = floats(mc, "labels");
        float[] y = new float[p.length];
        for (int r = 0; r < labels.length; r++) y[r * 4 + (int) labels[r]] = 1f;
        long pos = 0, neg = 0, shared = 0;
        for (int i = 0; i < y.length; i++) {
            if (y[i] == 1f) pos++;
            else neg++;
            for (int j = 0; j < y.length; j++) {
                if (y[i] == 1f && y[j] == 0f && bucket(p[i]) == bucket(p[j])) shared++;
            }
        }
        double bound = 0.5 * shared / ((double) pos * neg);
        double exact = num(mc, "roc_auc_flattened");
        assertEquals(exact, ExactAuc.roc(y, p), 1e-12);
        float approx = feed(new AUC(), Tensor.of(y, labels.length, 4), Tensor.of(p, labels.length, 4)).result();
        assertEquals(num(mc, "keras_roc_auc_flattened"), approx, TOL);
        assertTrue(Math.abs(approx - exact) <= bound + 1e-7, "|" + approx + " - " + exact + "| > " + bound);
        assertTrue(bound > 0 && bound < 5e-3, "bound " + bound); // the case does exercise shared buckets
    }

    private static int bucket(float p) {
        return Math.max(0, (int) Math.ceil(p * 199f) - 1);
    }

    @Test
    void kerasAucOnTheHandComputedCase() {
        // Keras' docstring: thresholds -eps, 0.5, 1+eps; tp = [2, 1, 0], fp = [2, 0, 0];
        // recall [1, 0.5, 0], fpr [1, 0, 0]: ROC = (1 + 0.5) / 2 * 1 + (0.5 + 0) / 2 * 0 = 0.75
        Tensor y = Tensor.vector(0, 0, 1, 1), p = Tensor.vector(0f, 0.5f, 0.3f, 0.9f);
        AUC roc = new AUC("auc", 3, AUC.Curve.ROC, false, false);
        roc.updateState(y, p);
        assertEquals(0.75f, roc.result(), 1e-7);
        // PR, interpolated: P = TP + FP = [4, 1, 0]. Interval 1: dTP 1, dP 3, slope 1/3, intercept
        // 1 - 1/3 = 2/3, area slope * (dTP + intercept * ln(4 / 1)) / 2 positives; interval 2:
        // slope 1, intercept 0, P_B = 0 so ln-term 0: area 1 * 1 / 2.
        AUC pr = new AUC("pr_auc", 3, AUC.Curve.PR, false, false);
        pr.updateState(y, p);
        assertEquals((1.0 / 3) * (1 + 2.0 / 3 * Math.log(4)) / 2 + 0.5, pr.result(), 1e-6);
    }

    @Test
    void binaryReportAndConfusionMatrix() {
        ClassificationReport r = ClassificationReport.of(BY, BP, List.of("benign", "malignant"));
        assertArrayEquals(matrix(BIN, "confusion_matrix"), r.confusionMatrix());
        assertEquals(BIN.get("report"), r.text());
        assertEquals(num(BIN, "roc_auc"), r.rocAuc().orElseThrow(), 1e-12);
        assertEquals(num(BIN, "average_precision"), r.averagePrecision().orElseThrow(), 1e-12);
        // the builder over batches gives the same report
        ClassificationReport.Builder b = ClassificationReport.builder(List.of("benign", "malignant"));
        for (int from = 0; from < 60; from += 7) b.update(BY.slice(0, from, Math.min(60, from + 7)), BP.slice(0, from, Math.min(60, from + 7)));
        assertEquals(r.toString(), b.build().toString());
    }

    // ------------------------------------------------------------------ four classes

    private static final Map<String, Object> MC = section("multiclass");
    private static final float[] MC_LABELS = floats(MC, "labels");
    private static final Tensor SPARSE = Tensor.vector(MC_LABELS);
    private static final Tensor PROBS = Tensor.of(floats(MC, "probabilities"), MC_LABELS.length, 4);
    private static final Tensor ONE_HOT = oneHot(MC_LABELS, 4);

    private static Tensor oneHot(float[] labels, int classes) {
        float[] out = new float[labels.length * classes];
        for (int i = 0; i < labels.length; i++) out[i * classes + (int) labels[i]] = 1f;
        return Tensor.of(out, labels.length, classes);
    }

    @Test
    void f1ScoreAveragesMatchSklearn() {
        for (Tensor labels : List.of(SPARSE, ONE_HOT)) {
            assertEquals(num(MC, "f1_macro"), feed(new F1Score(F1Score.Average.MACRO), labels, PROBS).result(), TOL);
            assertEquals(num(MC, "f1_micro"), feed(new F1Score(F1Score.Average.MICRO), labels, PROBS).result(), TOL);
            assertEquals(num(MC, "f1_weighted"), feed(new F1Score(F1Score.Average.WEIGHTED), labels, PROBS).result(), TOL);
            F1Score none = feed(new F1Score(F1Score.Average.NONE), labels, PROBS);
            float[] expected = floats(MC, "f1");
            assertArrayEquals(expected, none.perClass(), 1e-6f);
            assertEquals(Map.of("f1_score_0", expected[0], "f1_score_1", expected[1], "f1_score_2", expected[2], "f1_score_3", expected[3]), none.results());
        }
        F1Score t = new F1Score("f1", F1Score.Average.MACRO, 0.3f);
        assertEquals(num(MC, "f1_threshold_0.3_macro"), feed(t, ONE_HOT, PROBS).result(), TOL);
        t = new F1Score("f1", F1Score.Average.MICRO, 0.3f);
        assertEquals(num(MC, "f1_threshold_0.3_micro"), feed(t, SPARSE, PROBS).result(), TOL);
    }

    @Test
    void precisionAndRecallOverEntriesAndPerClass() {
        // Keras' default on softmax rows: every entry is one decision at 0.5
        assertEquals(num(MC, "precision_entries_0.5"), feed(new Precision(), ONE_HOT, PROBS).result(), TOL);
        assertEquals(num(MC, "recall_entries_0.5"), feed(new Recall(), SPARSE, PROBS).result(), TOL);
        assertEquals(num(MC, "precision_class2_0.5"), feed(Precision.ofClass(2), SPARSE, PROBS).result(), TOL);
        assertEquals(num(MC, "recall_class2_0.5"), feed(Recall.ofClass(2), ONE_HOT, PROBS).result(), TOL);
        assertEquals(num(MC, "precision_class2_argmax"), feed(Precision.ofClassByArgmax(2), SPARSE, PROBS).result(), TOL);
        assertEquals(num(MC, "recall_class2_argmax"), feed(Recall.ofClassByArgmax(2), SPARSE, PROBS).result(), TOL);
        float[] precision = floats(MC, "precision"), recall = floats(MC, "recall");
        for (int c = 0; c < 4; c++) {
            assertEquals(precision[c], feed(Precision.ofClassByArgmax(c), SPARSE, PROBS).result(), TOL);
            assertEquals(recall[c], feed(Recall.ofClassByArgmax(c), ONE_HOT, PROBS).result(), TOL);
        }
    }

    @Test
    void topKAccuracy() {
        assertEquals(num(MC, "top2_accuracy"), feed(new TopKCategoricalAccuracy(2), ONE_HOT, PROBS).result(), TOL);
        assertEquals(num(MC, "top3_accuracy"), feed(new SparseTopKCategoricalAccuracy(3), SPARSE, PROBS).result(), TOL);
        assertEquals(num(MC, "top3_accuracy"), feed(new SparseTopKCategoricalAccuracy(3), SPARSE.reshape(80, 1), PROBS).result(), TOL);
        assertEquals(1f, feed(new SparseTopKCategoricalAccuracy(), SPARSE, PROBS).result()); // k = 5 > 4 classes
    }

    @Test
    void meanIouFromScoresClassIndicesAndSegmentationShapes() {
        assertEquals(num(MC, "mean_iou"), feed(new MeanIoU(4), SPARSE, PROBS).result(), TOL);
        assertArrayEquals(floats(MC, "iou"), feed(new MeanIoU(4), ONE_HOT, PROBS).perClass(), 1e-6f);
        // (2, 40, 4) scores with (2, 40) labels, as a segmentation batch
        MeanIoU seg = new MeanIoU(4);
        seg.updateState(SPARSE.reshape(2, 40), PROBS.reshape(2, 40, 4));
        assertEquals(num(MC, "mean_iou"), seg.result(), TOL);
        // predicted class indices (Keras' default sparse_y_pred=True)
        MeanIoU ids = new MeanIoU(4);
        ids.updateState(SPARSE, PROBS.argmax(-1));
        assertEquals(num(MC, "mean_iou"), ids.result(), TOL);
    }

    @Test
    void multiClassAucFlattenedAndPerLabel() {
        assertEquals(num(MC, "keras_roc_auc_flattened"), feed(new AUC(), SPARSE, PROBS).result(), TOL);
        assertEquals(num(MC, "keras_pr_auc_flattened"), feed(new AUC(AUC.Curve.PR), ONE_HOT, PROBS).result(), TOL);
        AUC perLabel = new AUC("auc", 200, AUC.Curve.ROC, true, false);
        assertEquals(num(MC, "keras_roc_auc_per_label_mean"), feed(perLabel, ONE_HOT, PROBS).result(), TOL);
        // the exact counterparts, within the thresholds' resolution
        assertEquals(num(MC, "roc_auc_per_label_mean"), perLabel.result(), 2e-3);
        assertEquals(num(MC, "average_precision_flattened"), feed(new AUC(AUC.Curve.PR), ONE_HOT, PROBS).result(), 2e-3);
    }

    @Test
    void multiClassReportMatchesSklearnCharacterForCharacter() {
        @SuppressWarnings("unchecked")
        List<String> names = (List<String>) MC.get("report_names");
        ClassificationReport r = ClassificationReport.of(SPARSE, PROBS, names);
        assertEquals(MC.get("report"), r.text());
        assertEquals(MC.get("report_digits4"), ClassificationReport.of(ONE_HOT, PROBS).text(4));
        assertArrayEquals(matrix(MC, "confusion_matrix"), r.confusionMatrix());
        assertEquals(num(MC, "accuracy"), r.accuracy(), 1e-12);
        assertEquals(num(MC, "f1_macro"), r.macroAverage().f1(), 1e-12);
        assertEquals(num(MC, "f1_weighted"), r.weightedAverage().f1(), 1e-12);
        float[] support = floats(MC, "support");
        for (int c = 0; c < 4; c++) assertEquals((long) support[c], r.classes().get(c).support());
        assertTrue(r.rocAuc().isEmpty(), "no binary AUC for four classes");
        assertTrue(r.confusionMatrixText().startsWith("true \\ predicted        cat        dog       bird  sea horse\ncat      "), r.confusionMatrixText());
    }
}
