package org.neurite.analysis.calculus;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.neurite.tensor.Tensor;

class CriticalPointsTest {
    private static Tensor x(Tensor v) {
        return v.slice(0, 0, 1);
    }

    private static Tensor y(Tensor v) {
        return v.slice(0, 1, 2);
    }

    @Test
    void bowlIsAMinimum() {
        Function<Tensor, Tensor> f = v -> x(v).square().add(y(v).square().mul(3f)).sum();
        CriticalPoints.Result r = CriticalPoints.classify(f, 0, 0);
        assertTrue(r.critical());
        assertEquals(CriticalPoints.Kind.MINIMUM, r.kind(), r.describe());
        assertArrayEquals(new double[] {2, 6}, r.eigenvalues(), 1e-6);
        assertArrayEquals(new double[] {2, 12}, Calculus.gradient(f, 1, 2), 1e-5);
        double[][] h = Calculus.hessian(f, 1, 2);
        assertArrayEquals(new double[] {2, 0}, h[0], 1e-6);
        assertArrayEquals(new double[] {0, 6}, h[1], 1e-6);
    }

    @Test
    void capIsAMaximumAndSaddleIsASaddle() {
        assertEquals(CriticalPoints.Kind.MAXIMUM, CriticalPoints.classify(v -> x(v).square().add(y(v).square()).neg().sum(), 0, 0).kind());
        CriticalPoints.Result s = CriticalPoints.classify(v -> x(v).square().sub(y(v).square()).sum(), 0, 0);
        assertEquals(CriticalPoints.Kind.SADDLE, s.kind());
        assertTrue(s.critical());
        assertTrue(s.describe().contains("saddle"), s.describe());
    }

    @Test
    void rosenbrockMinimumAtOneOne() {
        // (1 - x)^2 + 100 (y - x^2)^2: gradient 0 at (1, 1), Hessian [[802, -400], [-400, 200]]
        Function<Tensor, Tensor> f = v -> x(v).rsub(1f).square().add(y(v).sub(x(v).square()).square().mul(100f)).sum();
        CriticalPoints.Result r = CriticalPoints.classify(f, 1, 1);
        assertTrue(r.critical(), r.describe());
        assertEquals(CriticalPoints.Kind.MINIMUM, r.kind(), r.describe());
        assertArrayEquals(new double[] {802, -400}, r.hessian()[0], 1e-3);
        assertArrayEquals(new double[] {-400, 200}, r.hessian()[1], 1e-3);
        double disc = Math.sqrt(1002 * 1002 - 4 * (802 * 200 - 400 * 400));
        assertArrayEquals(new double[] {(1002 - disc) / 2, (1002 + disc) / 2}, r.eigenvalues(), 1e-3);
        assertFalse(CriticalPoints.classify(f, 0, 0).critical(), "gradient (-2, 0) at the origin");
    }

    @Test
    void degenerateWhenAnEigenvalueIsZero() {
        assertEquals(CriticalPoints.Kind.DEGENERATE, CriticalPoints.classify(v -> x(v).square().add(y(v).pow(4f)).sum(), 0, 0).kind());
    }

    @Test
    void jacobiEigenvaluesOfA3x3Matrix() {
        double[][] m = {{4, 1, 2}, {1, 3, 0}, {2, 0, 5}};
        double[] ev = SymmetricEigen.eigenvalues(m);
        double trace = 12;
        assertEquals(trace, ev[0] + ev[1] + ev[2], 1e-10);
        double det = 4 * (15) - 1 * (5) + 2 * (-6);
        assertEquals(det, ev[0] * ev[1] * ev[2], 1e-9);
        for (double l : ev) { // each is a root of det(M - l I)
            double d = (4 - l) * ((3 - l) * (5 - l)) - 1 * (1 * (5 - l)) + 2 * (-2 * (3 - l));
            assertEquals(0, d, 1e-8);
        }
    }
}
