package org.neurite.nn.optimizers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.neurite.nn.Variable;
import org.neurite.tensor.Tensor;

/** Variables with hand-set gradients, for checking update rules against hand computations. */
final class OptimizerTestSupport {
    private OptimizerTestSupport() {}

    static Variable variable(float... values) {
        return new Variable("w", Tensor.vector(values), true, null);
    }

    /** Sets the gradient and takes one step. */
    static void step(Optimizer opt, Variable v, float... grad) {
        v.value().setGrad(Tensor.vector(grad));
        opt.step(List.of(v));
    }

    static void assertValues(double[] expected, float[] actual, double tol) {
        assertEquals(expected.length, actual.length);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], tol, "element " + i);
        }
    }
}
