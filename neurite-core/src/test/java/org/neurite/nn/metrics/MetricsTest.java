package org.neurite.nn.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.neurite.tensor.Tensor;

class MetricsTest {
    @Test
    void binaryAccuracyFromAColumnOfProbabilities() {
        Accuracy acc = new Accuracy();
        Tensor p = Tensor.matrix(new float[][] {{0.9f}, {0.4f}, {0.6f}, {0.1f}});
        Tensor y = Tensor.matrix(new float[][] {{1f}, {1f}, {0f}, {0f}});
        assertEquals(Accuracy.Mode.BINARY, acc.resolve(y, p));
        acc.updateState(y, p);
        assertEquals(0.5f, acc.result());
        // (N,) labels against (N, 1) predictions, and (N,) against (N,)
        acc.updateState(Tensor.vector(1f, 1f), Tensor.matrix(new float[][] {{0.7f}, {0.8f}}));
        assertEquals(4f / 6, acc.result(), 1e-7);
        acc.resetState();
        acc.updateState(Tensor.vector(1f, 0f), Tensor.vector(0.2f, 0.3f));
        assertEquals(0.5f, acc.result());
    }

    @Test
    void categoricalAccuracyFromOneHotLabels() {
        Accuracy acc = new Accuracy();
        Tensor p = Tensor.matrix(new float[][] {{0.1f, 0.7f, 0.2f}, {0.5f, 0.3f, 0.2f}, {0.2f, 0.2f, 0.6f}});
        Tensor y = Tensor.matrix(new float[][] {{0, 1, 0}, {0, 1, 0}, {0, 0, 1}});
        assertEquals(Accuracy.Mode.CATEGORICAL, acc.resolve(y, p));
        acc.updateState(y, p);
        assertEquals(2f / 3, acc.result(), 1e-7);
    }

    @Test
    void sparseCategoricalAccuracyFromIntegerLabels() {
        Accuracy acc = new Accuracy();
        Tensor p = Tensor.matrix(new float[][] {{0.1f, 0.7f, 0.2f}, {0.5f, 0.3f, 0.2f}, {0.2f, 0.2f, 0.6f}});
        assertEquals(Accuracy.Mode.SPARSE_CATEGORICAL, acc.resolve(Tensor.vector(1f, 1f, 2f), p));
        acc.updateState(Tensor.vector(1f, 1f, 2f), p);
        assertEquals(2f / 3, acc.result(), 1e-7);
        acc.updateState(Tensor.matrix(new float[][] {{0f}, {0f}, {0f}}), p); // (N, 1) labels
        assertEquals(3f / 6, acc.result(), 1e-7);
    }

    @Test
    void resultIsNaNBeforeUpdatesAndShapesAreChecked() {
        Accuracy acc = new Accuracy();
        assertTrue(Float.isNaN(acc.result()));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Accuracy("categorical_accuracy", Accuracy.Mode.CATEGORICAL).updateState(Tensor.zeros(2, 2), Tensor.zeros(2, 3)));
        assertTrue(e.getMessage().contains("(2, 2)") && e.getMessage().contains("(2, 3)"), e.getMessage());
    }

    @Test
    void lossMetricWeightsBatchesBySize() {
        Metric mse = Metrics.get("mse");
        mse.updateState(Tensor.vector(0f, 0f, 0f), Tensor.vector(1f, 1f, 1f)); // mean 1 over 3 samples
        mse.updateState(Tensor.vector(0f), Tensor.vector(3f)); // 9 over 1 sample
        assertEquals((3 * 1 + 9) / 4.0, mse.result(), 1e-6);
        assertEquals("mse", mse.name());
    }

    @Test
    void metricsByName() {
        assertEquals("accuracy", Metrics.get("accuracy").name());
        assertEquals("acc", Metrics.get("acc").name());
        assertInstanceOf(LossMetric.class, Metrics.get("mae"));
        Accuracy forced = (Accuracy) Metrics.get("binary_accuracy");
        assertEquals(Accuracy.Mode.BINARY, forced.resolve(Tensor.zeros(2, 3), Tensor.zeros(2, 3)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Metrics.get("f1"));
        assertTrue(e.getMessage().contains("'f1'") && e.getMessage().contains("accuracy"), e.getMessage());
    }
}
