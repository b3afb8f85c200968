package org.neurite.analysis.calculus;

import java.util.Arrays;
import java.util.Locale;
import java.util.function.Function;
import org.neurite.tensor.Tensor;

/**
 * Classifies a point of a function of a few variables by the second-derivative test: the gradient
 * must vanish (a critical point), then the Hessian's eigenvalues decide: all positive, a local
 * minimum; all negative, a maximum; both signs, a saddle; some zero (within tolerance), the test is
 * inconclusive (degenerate).
 */
public final class CriticalPoints {
    /** What the Hessian says about the point. */
    public enum Kind {
        /** Every eigenvalue positive. */
        MINIMUM,
        /** Every eigenvalue negative. */
        MAXIMUM,
        /** Eigenvalues of both signs. */
        SADDLE,
        /** Some eigenvalue zero within the tolerance: the second-derivative test says nothing. */
        DEGENERATE
    }

    /**
     * @param point       where
     * @param value       f(point)
     * @param gradient    the gradient there
     * @param hessian     the Hessian there
     * @param eigenvalues its eigenvalues, ascending
     * @param critical    whether the gradient is ~0 (norm within the tolerance)
     * @param kind        the Hessian's verdict (meaningful as an extremum only when {@code critical})
     */
    public record Result(double[] point, double value, double[] gradient, double[][] hessian, double[] eigenvalues, boolean critical, Kind kind) {
        /**
         * The verdict as a sentence.
         *
         * @return e.g. {@code [1.0, 1.0]: gradient ~0, Hessian eigenvalues [0.4, 1001.6]: a local minimum}
         */
        public String describe() {
            String where = Arrays.toString(point);
            String ev = Arrays.toString(Arrays.stream(eigenvalues).mapToObj(v -> String.format(Locale.ROOT, "%.6g", v)).toArray());
            if (!critical) {
                return where + ": not a critical point (gradient " + Arrays.toString(gradient) + "); Hessian eigenvalues " + ev + " (" + kind + " curvature)";
            }
            String verdict = switch (kind) {
                case MINIMUM -> "a local minimum";
                case MAXIMUM -> "a local maximum";
                case SADDLE -> "a saddle point";
                case DEGENERATE -> "degenerate: a zero eigenvalue, the second-derivative test is inconclusive";
            };
            return where + ": gradient ~0, Hessian eigenvalues " + ev + ": " + verdict;
        }
    }

    private CriticalPoints() {}

    /**
     * Classifies a point with tolerances 1e-3 on the gradient norm and 1e-4 * max|eigenvalue| for
     * a zero eigenvalue (suited to float32 autograd).
     *
     * @param f a scalar function of the point, built with tensor ops (it receives a tensor of shape (n))
     * @param point the coordinates x_1..x_n
     * @return the value, gradient, Hessian, its eigenvalues and the verdict
     */
    public static Result classify(Function<Tensor, Tensor> f, double... point) {
        return classify(f, point, 1e-3, 1e-4);
    }

    /**
     * Classifies a point with explicit tolerances.
     *
     * @param f a scalar function of the point, built with tensor ops (it receives a tensor of shape (n))
     * @param point the coordinates x_1..x_n
     * @param gradientTolerance the gradient norm at or below which the point counts as critical
     * @param relativeEigenTolerance an eigenvalue with |value| at or below this times the largest
     *     |eigenvalue| counts as zero
     * @return the value, gradient, Hessian, its eigenvalues and the verdict
     */
    public static Result classify(Function<Tensor, Tensor> f, double[] point, double gradientTolerance, double relativeEigenTolerance) {
        double[] g = Calculus.gradient(f, point);
        double[][] h = Calculus.hessian(f, point);
        double[] ev = SymmetricEigen.eigenvalues(h);
        double norm = 0;
        for (double v : g) norm += v * v;
        norm = Math.sqrt(norm);
        double scale = 0;
        for (double v : ev) scale = Math.max(scale, Math.abs(v));
        double zero = relativeEigenTolerance * Math.max(scale, 1e-12);
        boolean pos = false;
        boolean neg = false;
        boolean nul = false;
        for (double v : ev) {
            if (Math.abs(v) <= zero) nul = true;
            else if (v > 0) pos = true;
            else neg = true;
        }
        Kind kind = pos && neg ? Kind.SADDLE : nul ? Kind.DEGENERATE : pos ? Kind.MINIMUM : Kind.MAXIMUM;
        return new Result(point.clone(), Calculus.value(f, point), g, h, ev, norm <= gradientTolerance, kind);
    }
}
