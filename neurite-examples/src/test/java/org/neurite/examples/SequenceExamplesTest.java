package org.neurite.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurite.data.Dataset;
import org.neurite.nn.LayerNames;

/** The LSTM beats the naive forecast; the Transformer solves the order task. */
class SequenceExamplesTest {
    @TempDir
    Path dir;

    @BeforeEach
    void resetNames() {
        LayerNames.reset();
    }

    @Test
    void lstmBeatsTheNaiveLastValueForecast() throws Exception {
        Example.Result r = new LstmForecaster().run(ExampleTesting.options(dir).withEpochs(5));
        assertTrue(r.metric("test_rmse") < r.metric("naive_last_value_rmse"), r.metrics().toString());
        assertEquals(4 * (32 * (1 + 32) + 32) + 33, LstmForecaster.build().countParams());
    }

    @Test
    void orderTaskIsBalancedAndNeedsPositions() {
        Dataset d = TransformerClassifier.task(200, 3);
        float ones = 0;
        for (float y : d.targets().data()) ones += y;
        assertEquals(100, ones);
        float[] x = d.features().data();
        for (int i = 0; i < 200; i++) {
            int first1 = -1, first2 = -1, count1 = 0, count2 = 0;
            for (int t = 0; t < TransformerClassifier.LENGTH; t++) {
                int token = (int) x[i * TransformerClassifier.LENGTH + t];
                if (token == 1) { count1++; first1 = t; }
                if (token == 2) { count2++; first2 = t; }
            }
            assertEquals(1, count1);
            assertEquals(1, count2);
            assertEquals(first1 < first2 ? 1f : 0f, d.targets().data()[i]);
        }
    }

    @Test
    void transformerLearnsTheOrderTask() throws Exception {
        Example.Result r = new TransformerClassifier().run(ExampleTesting.options(dir).withEpochs(5).withSamples(2000));
        assertTrue(r.metric("test_accuracy") > 0.85f, r.metrics().toString());
    }
}
