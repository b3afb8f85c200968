package org.neurite.nn.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.neurite.nn.Input;
import org.neurite.nn.Sequential;
import org.neurite.nn.callbacks.History;
import org.neurite.nn.layers.Dense;
import org.neurite.nn.training.FitConfig;
import org.neurite.tensor.Tensor;

/** Metrics inside compile/fit/evaluate: accumulated over the epoch, by Keras names; bad input named. */
class EpochMetricsTest {
    /** 90 points in 3 noisy clusters of 2-D features; labels 0, 1, 2. */
    private static Tensor[] clusters() {
        Tensor x = Tensor.uniform(7, -1f, 1f, 90, 2);
        float[] xs = x.data(), y = new float[90];
        for (int i = 0; i < 90; i++) {
            y[i] = i % 3;
            xs[2 * i] += (float) Math.cos(2 * Math.PI * y[i] / 3) * 1.2f;
            xs[2 * i + 1] += (float) Math.sin(2 * Math.PI * y[i] / 3) * 1.2f;
        }
        return new Tensor[] {x, Tensor.vector(y)};
    }

    @Test
    void evaluateInBatchesEqualsTheMetricsOfAllPredictionsAtOnce() {
        Tensor[] d = clusters();
        Sequential model = new Sequential(Input.of(2), new Dense(8, "relu"), new Dense(3, "softmax"));
        model.seed(3);
        model.compile("adam", "sparse_categorical_crossentropy", "accuracy", "precision", "recall", "auc", "f1_score",
                "sparse_top_k_categorical_accuracy", "mean_iou");
        model.fit(d[0], d[1], new FitConfig().epochs(2).batchSize(16).verbose(0));
        Map<String, Float> logs = model.evaluate(d[0], d[1], 7); // 13 batches, the last of 6
        Tensor p = model.predict(d[0], 90);
        Metric[] whole = {new Precision(), new Recall(), new AUC(), new F1Score(), new MeanIoU(3)};
        for (Metric m : whole) {
            m.updateState(d[1], p);
            assertEquals(m.result(), logs.get(m.name()), 1e-6, m.name());
        }
        assertEquals(1f, logs.get("sparse_top_k_categorical_accuracy")); // k = 5 of 3 classes
        // the report agrees with the metrics
        ClassificationReport r = model.evaluateReport(d[0], d[1], List.of("a", "b", "c"));
        assertEquals(logs.get("accuracy"), r.accuracy(), 1e-6);
        assertEquals(logs.get("f1_score"), r.macroAverage().f1(), 1e-6);
        // on a sample source, batch by batch, the same report
        ClassificationReport streamed = model.evaluateReport(org.neurite.data.Dataset.of(d[0], d[1]), List.of("a", "b", "c"));
        assertEquals(r.text(4), streamed.text(4));
        assertEquals(r.confusionMatrixText(), streamed.confusionMatrixText());
    }

    @Test
    void perClassF1IsLoggedUnderOneKeyPerClass() {
        Tensor[] d = clusters();
        Sequential model = new Sequential(Input.of(2), new Dense(3, "softmax"));
        model.seed(1);
        model.compile(new org.neurite.nn.optimizers.Adam(0.01f), new org.neurite.nn.losses.SparseCategoricalCrossentropy(false),
                new F1Score(F1Score.Average.NONE));
        History h = model.fit(d[0], d[1], new FitConfig().epochs(1).batchSize(30).validationSplit(0.5f).verbose(0));
        for (String key : List.of("f1_score_0", "f1_score_1", "f1_score_2", "val_f1_score_0", "val_f1_score_2")) {
            assertTrue(!Float.isNaN(h.last(key)), key + " in " + h.epochs());
        }
    }

    @Test
    void namesKnownToCompile() {
        assertTrue(Metrics.get("precision") instanceof Precision);
        assertTrue(Metrics.get("recall") instanceof Recall);
        assertTrue(Metrics.get("AUC") instanceof AUC);
        assertEquals("pr_auc", Metrics.get("pr_auc").name());
        assertTrue(Metrics.get("f1_score") instanceof F1Score);
        assertTrue(Metrics.get("top_k_categorical_accuracy") instanceof TopKCategoricalAccuracy);
        assertTrue(Metrics.get("sparse_top_k_categorical_accuracy") instanceof SparseTopKCategoricalAccuracy);
        assertTrue(Metrics.get("mean_iou") instanceof MeanIoU);
    }

    @Test
    void resultsAreNaNBeforeAnyUpdateAndResetForgets() {
        for (Metric m : List.of(new Precision(), new Recall(), new AUC(), new F1Score(), new TopKCategoricalAccuracy(), new MeanIoU(3))) {
            assertTrue(Float.isNaN(m.result()), m.name());
        }
        Precision p = new Precision();
        p.updateState(Tensor.vector(1, 0), Tensor.vector(0.9f, 0.8f));
        assertEquals(0.5f, p.result());
        p.resetState();
        assertTrue(Float.isNaN(p.result()));
        p.updateState(Tensor.vector(1, 0), Tensor.vector(0.9f, 0.1f));
        assertEquals(1f, p.result());
    }

    @Test
    void badInputIsNamed() {
        Tensor probs = Tensor.matrix(new float[][] {{0.2f, 0.8f}, {0.6f, 0.4f}});
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Recall().updateState(Tensor.vector(0, 2), probs));
        assertTrue(e.getMessage().contains("recall") && e.getMessage().contains("label 2.0 of row 1") && e.getMessage().contains("[0, 2)"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Precision.ofClass(3).updateState(Tensor.vector(0, 1), probs));
        assertTrue(e.getMessage().contains("classId 3") && e.getMessage().contains("(2, 2)"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new AUC().updateState(Tensor.vector(0, 1), Tensor.vector(-2f, 3f)));
        assertTrue(e.getMessage().contains("[0, 1]") && e.getMessage().contains("fromLogits"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new F1Score().updateState(Tensor.zeros(3), probs));
        assertTrue(e.getMessage().contains("(3,)") && e.getMessage().contains("(2, 2)"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new Precision().updateState(Tensor.vector(0.3f, 1f), Tensor.vector(0.2f, 0.9f)));
        assertTrue(e.getMessage().contains("must be 0 or 1") && e.getMessage().contains("0.3"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new TopKCategoricalAccuracy(2).updateState(Tensor.vector(0, 1), probs));
        assertTrue(e.getMessage().contains("one-hot"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ClassificationReport.of(Tensor.vector(0, 1), probs, List.of("a", "b", "c")));
        assertTrue(e.getMessage().contains("2 classes, expected 3"), e.getMessage());
    }

    @Test
    void aucFromLogitsAppliesTheSigmoid() {
        AUC logits = new AUC("auc", 200, AUC.Curve.ROC, false, true);
        logits.updateState(Tensor.vector(0, 0, 1, 1), Tensor.vector(-3f, 0.5f, -0.5f, 2f));
        // sigmoid keeps the order: one of four (positive, negative) pairs is inverted
        assertEquals(0.75f, logits.result(), 1e-6);
    }
}
