package org.neurite.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.neurite.nn.layers.Activation;
import org.neurite.nn.layers.Dense;
import org.neurite.tensor.Tensor;

/**
 * Issue 12: each add() used to rebuild the whole graph (20,000 layers took over 300 s). Building is
 * now linear; the timeout only guards against a return of the quadratic behaviour (it takes well
 * under a second).
 */
class SequentialScaleTest {
    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void twentyThousandLayersBuildAndSummarize() {
        Sequential s = new Sequential(Input.of("x", 3));
        for (int i = 0; i < 20_000; i++) s.add(new Activation("relu"));
        s.add(new Dense(2));
        assertEquals(20_001, s.layers().size());
        String summary = s.summary();
        assertTrue(summary.contains("Total params: 8"), summary.substring(summary.length() - 300));
        Tensor y = s.predict(Tensor.of(new float[] {1, 2, 3}, 1, 3));
        assertEquals(2, y.dim(1));
    }

    @Test
    void chainStaysRightAfterPopAndFailedAdd() {
        Sequential s = new Sequential(Input.of("x", 4));
        s.add(new Dense(3)).add(new Dense(5));
        assertThrows(IllegalArgumentException.class, () -> s.add(s.layers().get(0)));
        s.pop();
        s.add(new Dense(2));
        assertEquals(2, s.layers().size());
        assertEquals(2, s.outputs().get(0).shape().dims()[0]);
        assertEquals((4 * 3 + 3) + (3 * 2 + 2), s.countParams());
    }

    @Test
    void inputShapeLearnedFromDataThenAdd() {
        Sequential s = new Sequential(new Dense(3));
        s.predict(Tensor.of(new float[8], 2, 4));
        s.add(new Dense(1));
        assertEquals(1, s.predict(Tensor.of(new float[8], 2, 4)).dim(1));
        assertEquals((4 * 3 + 3) + (3 + 1), s.countParams());
    }
}
