package org.neurite.nn.layers;

import java.util.List;
import java.util.function.Supplier;
import org.neurite.autograd.GradCheck;
import org.neurite.autograd.GradMode;
import org.neurite.nn.Layer;
import org.neurite.nn.Variable;
import org.neurite.tensor.Tensor;

/** Central-difference check of a layer's weight gradients for any forward computation (multi-input layers). */
final class WeightGradients {
    private WeightGradients() {}

    static void check(Layer layer, Supplier<Tensor> forward, double eps, double tol) {
        Tensor projection = Tensor.uniform(99L, -1f, 1f, forward.get().shape().dims());
        for (Variable v : layer.variables()) v.value().zeroGrad();
        forward.get().mul(projection).sum().backward();
        for (Variable v : layer.variables()) {
            float[] d = v.value().data();
            float[] analytic = v.value().grad() == null ? new float[d.length] : v.value().grad().data().clone();
            try (GradMode.Scope s = GradMode.noGrad()) {
                for (int j = 0; j < d.length; j++) {
                    float saved = d[j];
                    d[j] = (float) (saved + eps);
                    double plus = forward.get().mul(projection).sum().item();
                    d[j] = (float) (saved - eps);
                    double minus = forward.get().mul(projection).sum().item();
                    d[j] = saved;
                    double numeric = (plus - minus) / (2 * eps);
                    double err = Math.abs(analytic[j] - numeric) / Math.max(1, Math.max(Math.abs(analytic[j]), Math.abs(numeric)));
                    if (err > tol) throw new AssertionError(v.name() + "[" + j + "]: analytic " + analytic[j] + " vs numeric " + numeric);
                }
            }
        }
    }

    /** GradCheck of the input gradient of a layer without weights. */
    static void checkInput(Layer layer, Tensor x, double eps, double tol) {
        GradCheck.assertGradients(layer.name() + " input", in -> layer.forward(in.get(0), false), List.of(x), eps, tol);
    }
}
