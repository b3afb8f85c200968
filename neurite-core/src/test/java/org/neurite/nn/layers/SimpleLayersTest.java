package org.neurite.nn.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.neurite.nn.layers.LayerChecks.assertValues;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.neurite.nn.LayerNames;
import org.neurite.tensor.Shape;
import org.neurite.tensor.Tensor;

/** Flatten, Dropout, Activation, Add, Concatenate. */
class SimpleLayersTest {
    @BeforeEach
    void reset() {
        LayerNames.reset();
    }

    @Test
    void flattenIsRowMajorChannelsLast() {
        Tensor x = Tensor.of(new float[] {1, 2, 3, 4, 5, 6, 7, 8}, 2, 2, 1, 2);
        Tensor y = new Flatten().apply(x);
        assertEquals(Shape.of(2, 4), y.shape());
        assertValues(new float[] {1, 2, 3, 4, 5, 6, 7, 8}, y, 0);
        assertEquals(Shape.of(512), new Flatten().build(Shape.of(8, 8, 8)));
    }

    @Test
    void dropoutOnlyInTraining() {
        Tensor x = Tensor.ones(1, 1000);
        Dropout d = new Dropout(0.5).seed(1);
        assertSame(x, d.forward(x, false));
        Tensor y = d.forward(x, true);
        long zeros = 0;
        for (float v : y.data()) {
            assertTrue(v == 0f || v == 2f, "kept values are scaled by 1/(1-rate): " + v);
            if (v == 0f) zeros++;
        }
        assertTrue(zeros > 400 && zeros < 600, "about half dropped: " + zeros);
        float[] again = new Dropout(0.5).seed(1).forward(x, true).data();
        assertTrue(Arrays.equals(y.data(), again), "same seed, same mask");
        assertNotEquals(Arrays.toString(y.data()), Arrays.toString(d.forward(x, true).data()), "masks change between steps");
        assertThrows(IllegalArgumentException.class, () -> new Dropout(1.0));
    }

    @Test
    void activationsByName() {
        Tensor x = Tensor.of(new float[] {-1, 0, 2}, 1, 3);
        assertValues(new float[] {0, 0, 2}, new Activation("relu").apply(x), 0);
        assertValues(new float[] {-0.2f, 0, 2}, new Activation("leaky_relu").apply(x), 1e-7); // Keras 3 slope 0.2
        assertValues(new float[] {-1, 0, 2}, new Activation("linear").apply(x), 0);
        assertValues(new float[] {(float) Math.tanh(-1), 0, (float) Math.tanh(2)}, new Activation("tanh").apply(x), 1e-6);
        assertValues(new float[] {(float) (1 / (1 + Math.E)), 0.5f, (float) (1 / (1 + Math.exp(-2)))}, new Activation("sigmoid").apply(x), 1e-6);
        double z = Math.exp(-1) + 1 + Math.exp(2);
        assertValues(new float[] {(float) (Math.exp(-1) / z), (float) (1 / z), (float) (Math.exp(2) / z)}, new Activation("softmax").apply(x), 1e-6);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Activation("gelu?"));
        assertTrue(e.getMessage().contains("known:") && e.getMessage().contains("relu"), e.getMessage());
    }

    @Test
    void addAndConcatenate() {
        Tensor a = Tensor.of(new float[] {1, 2, 3, 4}, 1, 2, 2);
        Tensor b = Tensor.of(new float[] {10, 20, 30, 40}, 1, 2, 2);
        assertValues(new float[] {11, 22, 33, 44}, new Add().forward(List.of(a, b), false), 0);
        assertValues(new float[] {1, 2, 10, 20, 3, 4, 30, 40}, new Concatenate().forward(List.of(a, b), false), 0);
        assertValues(new float[] {1, 2, 3, 4, 10, 20, 30, 40}, new Concatenate(1).forward(List.of(a, b), false), 0);
        assertEquals(Shape.of(28, 28, 256), new Concatenate().build(Shape.of(28, 28, 64), Shape.of(28, 28, 128), Shape.of(28, 28, 64)));
    }

    @Test
    void mergeErrorsNameTheLayer() {
        IllegalArgumentException add = assertThrows(IllegalArgumentException.class, () -> new Add().build(Shape.of(4, 4, 8), Shape.of(4, 4, 16)));
        assertEquals("add: all inputs must have the same shape, got (None, 4, 4, 8), (None, 4, 4, 16)", add.getMessage());
        IllegalArgumentException cat = assertThrows(IllegalArgumentException.class, () -> new Concatenate().build(Shape.of(4, 4, 8), Shape.of(5, 4, 16)));
        assertTrue(cat.getMessage().startsWith("concatenate: inputs must match on every axis but -1"), cat.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Add().build(Shape.of(3)));
    }
}
