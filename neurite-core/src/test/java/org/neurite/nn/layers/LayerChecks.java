package org.neurite.nn.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.neurite.autograd.GradCheck;
import org.neurite.autograd.GradMode;
import org.neurite.nn.Layer;
import org.neurite.nn.Variable;
import org.neurite.tensor.Tensor;

/** Test helpers: value comparison and finite-difference checks of a layer's input and weight gradients. */
final class LayerChecks {
    private LayerChecks() {}

    static void assertValues(float[] expected, Tensor actual, double tol) {
        assertEquals(expected.length, actual.size(), "size of " + actual.shape());
        for (int i = 0; i < expected.length; i++) assertEquals(expected[i], actual.data()[i], tol, "element " + i);
    }

    /** Gradient w.r.t. the input by GradCheck, and w.r.t. every weight by central differences. */
    static void checkGradients(Layer layer, Tensor x, double eps, double tol) {
        GradCheck.assertGradients(layer.name() + " input", in -> layer.forward(in.get(0), false), List.of(x), eps, tol);
        Tensor projection = Tensor.uniform(99L, -1f, 1f, layer.forward(x, false).shape().dims());
        for (Variable v : layer.variables()) v.value().zeroGrad();
        layer.forward(x, false).mul(projection).sum().backward();
        for (Variable v : layer.variables()) {
            float[] d = v.value().data();
            float[] analytic = v.value().grad().data().clone();
            try (GradMode.Scope s = GradMode.noGrad()) {
                for (int j = 0; j < d.length; j++) {
                    float saved = d[j];
                    d[j] = (float) (saved + eps);
                    double plus = layer.forward(x, false).mul(projection).sum().item();
                    d[j] = (float) (saved - eps);
                    double minus = layer.forward(x, false).mul(projection).sum().item();
                    d[j] = saved;
                    double numeric = (plus - minus) / (2 * eps);
                    double err = Math.abs(analytic[j] - numeric) / Math.max(1, Math.max(Math.abs(analytic[j]), Math.abs(numeric)));
                    if (err > tol) throw new AssertionError(v.name() + "[" + j + "]: analytic " + analytic[j] + " vs numeric " + numeric);
                }
            }
        }
    }
}
