package org.neurite.nn.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.neurite.nn.layers.LayerChecks.assertValues;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.neurite.autograd.GradCheck;
import org.neurite.nn.LayerNames;
import org.neurite.tensor.Shape;
import org.neurite.tensor.Tensor;

class DenseTest {
    @BeforeEach
    void reset() {
        LayerNames.reset();
    }

    private static Dense handMade(String activation) {
        Dense d = new Dense(3, activation);
        d.build(Shape.of(2));
        d.kernel().assign(new float[] {1, 0, -1, 2, 1, 0}); // (2, 3)
        d.bias().assign(new float[] {0.5f, -0.5f, 1});
        return d;
    }

    @Test
    void forwardByHand() {
        // [1, 2] @ [[1, 0, -1], [2, 1, 0]] = [5, 2, -1]; + bias = [5.5, 1.5, 0]
        Tensor y = handMade("linear").apply(Tensor.matrix(new float[][] {{1, 2}, {0, -1}}));
        assertEquals(Shape.of(2, 3), y.shape());
        assertValues(new float[] {5.5f, 1.5f, 0f, -1.5f, -1.5f, 1f}, y, 1e-6);
        // relu zeroes -1.5; sigmoid(0) = 0.5
        assertValues(new float[] {5.5f, 1.5f, 0f, 0f, 0f, 1f}, handMade("relu").apply(Tensor.matrix(new float[][] {{1, 2}, {0, -1}})), 1e-6);
        assertEquals(0.5f, handMade("sigmoid").apply(Tensor.matrix(new float[][] {{1, 2}})).get(0, 2), 1e-6);
    }

    @Test
    void appliesToLastAxisOfHigherRankInput() {
        Tensor x = Tensor.of(new float[] {1, 2, 0, -1}, 1, 2, 2);
        Tensor y = handMade("linear").apply(x);
        assertEquals(Shape.of(1, 2, 3), y.shape());
        assertValues(new float[] {5.5f, 1.5f, 0f, -1.5f, -1.5f, 1f}, y, 1e-6);
    }

    @Test
    void paramsAndNoBias() {
        Dense d = new Dense(28).useBias(false);
        d.build(Shape.of(512));
        assertEquals(512 * 28, d.countParams());
        assertEquals(1, d.weights().size());
        Dense withBias = new Dense(28);
        withBias.build(Shape.of(512));
        assertEquals(14364, withBias.countParams());
        assertEquals(Shape.of(512, 28), withBias.kernel().shape());
    }

    @Test
    void wrongInputNamesTheLayer() {
        Dense d = new Dense(3);
        d.apply(Tensor.zeros(1, 4));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> d.apply(Tensor.zeros(1, 5)));
        assertEquals("dense: expected input (None, 4), got (None, 5)", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Dense(0));
        assertThrows(IllegalArgumentException.class, () -> new Dense(2, "swish?"));
    }

    @Test
    void cannotChangeOptionsAfterBuild() {
        Dense d = handMade("linear");
        assertThrows(IllegalStateException.class, () -> d.useBias(false));
    }

    @Test
    void gradients() {
        Dense d = new Dense(3, "tanh").seed(7);
        d.build(Shape.of(4));
        LayerChecks.checkGradients(d, GradCheck.randomInput(1, 2, 4), 1e-2, 1e-2);
    }
}
