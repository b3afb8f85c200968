package org.neurite.autograd;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.neurite.tensor.Tensor;

/**
 * Finite-difference check of analytic gradients. The function's output is reduced to a scalar by
 * a fixed random projection (sum of output * r), so every output element takes part; each input
 * element is then nudged by +-eps and the central difference compared with the backward() result.
 * Computations are float32, so eps around 1e-2..1e-3 and a tolerance around 1e-2 are right.
 */
public final class GradCheck {
    private GradCheck() {}

    /**
     * The worst mismatch found, with where it was.
     *
     * @param maxError the largest error, {@code |a - n| / max(1, |a|, |n|)}
     * @param inputIndex which input it was in (-1 when there was no mismatch at all)
     * @param elementIndex which element of that input (flat index)
     * @param analytic the gradient backward() gave there
     * @param numeric the central difference there
     */
    public record Result(double maxError, int inputIndex, int elementIndex, double analytic, double numeric) {
        /**
         * @param tolerance the largest acceptable error
         * @return whether the worst error is within it
         */
        public boolean passed(double tolerance) {
            return maxError <= tolerance;
        }
    }

    /**
     * Compares analytic and numeric gradients of {@code f} at {@code inputs}. The error of one
     * element is |a - n| / max(1, |a|, |n|): absolute near zero, relative for large values.
     *
     * @param f the function of the inputs, any output shape
     * @param inputs the point to check at (copied; the originals are not changed)
     * @param eps the finite-difference step
     * @return the worst mismatch
     */
    public static Result check(Function<List<Tensor>, Tensor> f, List<Tensor> inputs, double eps) {
        List<Tensor> leaves = new ArrayList<>();
        for (Tensor t : inputs) leaves.add(t.detach().copy().requiresGrad(true));
        Tensor out = f.apply(leaves);
        Tensor projection = Tensor.uniform(12345L, -1f, 1f, out.shape().dims());
        Tensor projected = out.mul(projection).sum();
        // An output that does not depend on the inputs has a zero analytic gradient.
        if (projected.requiresGrad()) projected.backward();

        Result worst = new Result(0, -1, -1, 0, 0);
        // Evaluations still record: f may itself differentiate (a gradient of a gradient).
        for (int i = 0; i < leaves.size(); i++) {
            Tensor x = leaves.get(i);
            Tensor g = x.grad();
            float[] d = x.data();
            for (int j = 0; j < d.length; j++) {
                float saved = d[j];
                d[j] = (float) (saved + eps);
                double plus = projected(f, leaves, projection);
                d[j] = (float) (saved - eps);
                double minus = projected(f, leaves, projection);
                d[j] = saved;
                double numeric = (plus - minus) / (2 * eps);
                double analytic = g == null ? 0 : g.data()[j];
                double err = Math.abs(analytic - numeric) / Math.max(1.0, Math.max(Math.abs(analytic), Math.abs(numeric)));
                if (err > worst.maxError()) worst = new Result(err, i, j, analytic, numeric);
            }
        }
        return worst;
    }

    /**
     * Fails with a descriptive message when the check does not pass.
     *
     * @param op the op's name, for the message
     * @param f the function of the inputs
     * @param inputs the point to check at
     * @param eps the finite-difference step
     * @param tolerance the largest acceptable error
     * @throws AssertionError naming the op, input and element of the worst mismatch
     */
    public static void assertGradients(String op, Function<List<Tensor>, Tensor> f, List<Tensor> inputs, double eps, double tolerance) {
        Result r = check(f, inputs, eps);
        if (!r.passed(tolerance)) {
            throw new AssertionError(op + ": gradient mismatch " + r.maxError() + " > " + tolerance + " at input " + r.inputIndex()
                    + " element " + r.elementIndex() + " (analytic " + r.analytic() + ", numeric " + r.numeric() + ")");
        }
    }

    private static double projected(Function<List<Tensor>, Tensor> f, List<Tensor> inputs, Tensor projection) {
        float[] o = f.apply(inputs).data();
        float[] p = projection.data();
        double s = 0;
        for (int k = 0; k < o.length; k++) s += (double) o[k] * p[k];
        return s;
    }

    /**
     * Inputs with values in [-1, 1] for a check, reproducible from the seed.
     *
     * @param seed the random seed
     * @param dims the shape
     * @return a new tensor of that shape
     */
    public static Tensor randomInput(long seed, int... dims) {
        return Tensor.uniform(seed, -1f, 1f, dims);
    }

}
