package org.neurite.analysis.calculus;

import java.util.List;
import java.util.function.Function;
import org.neurite.autograd.Autograd;
import org.neurite.autograd.GradMode;
import org.neurite.tensor.Tensor;

/**
 * Gradient and Hessian of a scalar function of a few variables, from the autograd (the Hessian
 * differentiates the gradient, recorded with {@code createGraph}). The function receives the point
 * as a vector tensor of shape (n) and must return a scalar built with tensor ops, e.g.
 * <pre>{@code
 * Function<Tensor, Tensor> f = v -> {
 *     Tensor x = v.slice(0, 0, 1), y = v.slice(0, 1, 2);
 *     return x.square().add(y.square().mul(3)).sum();      // x^2 + 3y^2
 * };
 * double[][] h = Calculus.hessian(f, 1, 2);                 // [[2, 0], [0, 6]]
 * }</pre>
 * Computation is float32, so values are good to about 1e-6 relative.
 */
public final class Calculus {
    private Calculus() {}

    /**
     * The value of f at a point.
     *
     * @param f a scalar function of the point, built with tensor ops (it receives a tensor of shape (n))
     * @param point the coordinates x_1..x_n
     * @return f(point)
     * @throws IllegalArgumentException if f does not return a scalar
     */
    public static double value(Function<Tensor, Tensor> f, double... point) {
        try (GradMode.Scope s = GradMode.noGrad()) {
            return scalar(f, f.apply(vector(point))).item();
        }
    }

    /**
     * The gradient of f at a point, by reverse-mode autograd.
     *
     * @param f a scalar function of the point, built with tensor ops (it receives a tensor of shape (n))
     * @param point the coordinates x_1..x_n
     * @return {@code df/dx_i}, n values
     * @throws IllegalArgumentException if f does not return a scalar
     */
    public static double[] gradient(Function<Tensor, Tensor> f, double... point) {
        Tensor x = vector(point).requiresGrad(true);
        try (GradMode.Scope s = GradMode.enableGrad()) {
            Tensor y = scalar(f, f.apply(x));
            if (!y.requiresGrad()) return new double[point.length];
            return doubles(Autograd.grad(y, List.of(x), false).get(0));
        }
    }

    /**
     * The Hessian of f at the point: {@code H[i][j] = d^2 f / dx_i dx_j}, symmetrized.
     *
     * @param f a scalar function of the point, built with tensor ops (it receives a tensor of shape (n))
     * @param point the coordinates x_1..x_n
     * @return an n x n matrix
     * @throws IllegalArgumentException if f does not return a scalar
     */
    public static double[][] hessian(Function<Tensor, Tensor> f, double... point) {
        int n = point.length;
        double[][] h = new double[n][n];
        Tensor x = vector(point).requiresGrad(true);
        try (GradMode.Scope s = GradMode.enableGrad()) {
            Tensor y = scalar(f, f.apply(x));
            if (!y.requiresGrad()) return h;
            Tensor g = Autograd.grad(y, List.of(x), true).get(0);
            for (int i = 0; i < n; i++) {
                Tensor gi = g.slice(0, i, i + 1).sum();
                if (!gi.requiresGrad()) continue; // this partial derivative is constant: its row is 0
                h[i] = doubles(Autograd.grad(gi, List.of(x), false).get(0));
            }
        }
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                double m = (h[i][j] + h[j][i]) / 2;
                h[i][j] = m;
                h[j][i] = m;
            }
        }
        return h;
    }

    private static Tensor vector(double[] point) {
        if (point.length == 0) throw new IllegalArgumentException("the point needs at least one coordinate");
        float[] v = new float[point.length];
        for (int i = 0; i < v.length; i++) v[i] = (float) point[i];
        return Tensor.of(v, point.length);
    }

    private static Tensor scalar(Function<Tensor, Tensor> f, Tensor y) {
        if (y == null || y.size() != 1) throw new IllegalArgumentException("the function must return a scalar, got " + (y == null ? "null" : "shape " + y.shape()));
        return y.rank() == 0 ? y : y.reshape();
    }

    private static double[] doubles(Tensor t) {
        float[] v = t.toArray();
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) out[i] = v[i];
        return out;
    }
}
