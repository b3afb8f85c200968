package org.neurite.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.neurite.tensor.Tensor;

class AutogradTest {
    @Test
    void gradientsAccumulateUntilZeroed() {
        Tensor x = Tensor.vector(1, 2, 3).requiresGrad(true);
        x.mul(x).sum().backward();
        assertArrayEquals(new float[] {2, 4, 6}, x.grad().data());
        x.mul(x).sum().backward();
        assertArrayEquals(new float[] {4, 8, 12}, x.grad().data());
        x.zeroGrad();
        x.sum().backward();
        assertArrayEquals(new float[] {1, 1, 1}, x.grad().data());
    }

    @Test
    void aTensorUsedTwiceGetsBothContributions() {
        // f = x*y + x, df/dx = y + 1, df/dy = x
        Tensor x = Tensor.scalar(3).requiresGrad(true);
        Tensor y = Tensor.scalar(4).requiresGrad(true);
        x.mul(y).add(x).backward();
        assertEquals(5f, x.grad().item());
        assertEquals(3f, y.grad().item());
    }

    @Test
    void noGradAndDetachStopRecording() {
        Tensor x = Tensor.vector(1, 2).requiresGrad(true);
        try (GradMode.Scope s = GradMode.noGrad()) {
            assertFalse(x.mul(x).requiresGrad());
        }
        assertFalse(x.detach().mul(2f).requiresGrad());
        Tensor y = x.mul(x.detach()).sum();
        y.backward();
        assertArrayEquals(new float[] {1, 2}, x.grad().data());
        assertThrows(IllegalStateException.class, () -> Tensor.vector(1).sum().backward());
    }

    @Test
    void retainGradKeepsIntermediateGradients() {
        Tensor x = Tensor.vector(1, -2).requiresGrad(true);
        Tensor h = x.mul(3f).retainGrad();
        Tensor h2 = x.mul(5f);
        h.relu().sum().backward();
        assertArrayEquals(new float[] {1, 0}, h.grad().data());
        assertNull(h2.grad());
    }

    @Test
    void aVeryDeepChainDoesNotOverflowTheStack() {
        Tensor x = Tensor.scalar(1).requiresGrad(true);
        Tensor y = x;
        for (int i = 0; i < 100_000; i++) y = y.mul(1.0f);
        y.backward();
        assertEquals(1f, x.grad().item());
    }

    @Test
    void secondDerivativeOfACubic() {
        // f = x^3 + 2xy, df/dx = 3x^2 + 2y, d2f/dx2 = 6x, d2f/dxdy = 2
        Tensor x = Tensor.scalar(2).requiresGrad(true);
        Tensor y = Tensor.scalar(-1).requiresGrad(true);
        Tensor f = x.pow(3f).add(x.mul(y).mul(2f));
        List<Tensor> g = Autograd.grad(f, List.of(x, y), true);
        assertEquals(10f, g.get(0).item(), 1e-5);
        List<Tensor> h = Autograd.grad(g.get(0), List.of(x, y), false);
        assertEquals(12f, h.get(0).item(), 1e-5);
        assertEquals(2f, h.get(1).item(), 1e-5);
    }

    @Test
    void hessianThroughMatmulSigmoidAndReductions() {
        // f(w) = sum(sigmoid(A w)) ; H = A^T diag(s''(Aw)) A, checked against finite differences of the gradient
        Tensor a = Tensor.matrix(new float[][] {{1, 2}, {-1, 0.5f}, {0.3f, -0.7f}});
        float[] w0 = {0.2f, -0.4f};
        float[][] hessian = new float[2][];
        Tensor w = Tensor.vector(w0).requiresGrad(true);
        Tensor grad = Autograd.grad(a.matmul(w).sigmoid().sum(), List.of(w), true).get(0);
        for (int i = 0; i < 2; i++) {
            Tensor select = Tensor.zeros(2);
            select.data()[i] = 1;
            hessian[i] = Autograd.grad(grad.mul(select).sum(), List.of(w), false).get(0).data();
        }
        double eps = 1e-3;
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 2; j++) {
                float[] p = w0.clone(), m = w0.clone();
                p[j] += eps;
                m[j] -= eps;
                double numeric = (gradAt(a, p)[i] - gradAt(a, m)[i]) / (2 * eps);
                assertEquals(numeric, hessian[i][j], 2e-3, "H[" + i + "][" + j + "]");
            }
        }
        assertEquals(hessian[0][1], hessian[1][0], 1e-6);
    }

    private static float[] gradAt(Tensor a, float[] w) {
        Tensor t = Tensor.vector(w).requiresGrad(true);
        a.matmul(t).sigmoid().sum().backward();
        return t.grad().data();
    }

    @Test
    void higherOrderThroughSoftmaxExpLogDivMax() {
        Tensor x = Tensor.vector(0.3f, 1.7f, 0.8f).requiresGrad(true);
        Tensor g = Autograd.grad(x.softmax(0).mul(x.exp()).sum().add(x.log().abs().div(x.max().add(2f)).sum()), List.of(x), true).get(0);
        // compare the gradient of sum(g) with a finite difference of sum(grad)
        Tensor gg = Autograd.grad(g.sum(), List.of(x), false).get(0);
        double eps = 1e-2;
        for (int j = 0; j < 3; j++) {
            float[] p = x.data().clone(), m = x.data().clone();
            p[j] += eps;
            m[j] -= eps;
            double numeric = (sumGrad(p) - sumGrad(m)) / (2 * eps);
            assertEquals(numeric, gg.data()[j], 2e-2 * Math.max(1, Math.abs(numeric)));
        }
    }

    private static double sumGrad(float[] v) {
        Tensor x = Tensor.vector(v).requiresGrad(true);
        x.softmax(0).mul(x.exp()).sum().add(x.log().abs().div(x.max().add(2f)).sum()).backward();
        double s = 0;
        for (float f : x.grad().data()) s += f;
        return s;
    }

    /** The recorded (create-graph) form of each backward rule, checked by differentiating the gradient itself. */
    @Test
    void gradientsOfGradientsMatchFiniteDifferences() {
        Tensor weights = Tensor.uniform(3, -1f, 1f, 2, 3);
        List<java.util.function.UnaryOperator<Tensor>> fns = List.of(
                Tensor::relu, Tensor::tanh, Tensor::sigmoid, x -> x.leakyRelu(0.1f), x -> x.softmax(-1), x -> x.logSoftmax(-1),
                x -> x.matmul(Tensor.uniform(4, -1f, 1f, 3, 2)).square(), x -> x.exp().sum(1, true).log(), x -> x.square().mean(0, false),
                x -> org.neurite.tensor.ops.Linear.apply(x, Tensor.uniform(6, -1f, 1f, 3, 2), Tensor.vector(0.1f, -0.2f),
                        org.neurite.tensor.ops.PointwiseActivation.TANH),
                x -> org.neurite.tensor.ops.BiasActivation.apply(x, Tensor.vector(0.1f, -0.2f, 0.3f), org.neurite.tensor.ops.PointwiseActivation.SIGMOID));
        Tensor x0 = Tensor.matrix(new float[][] {{0.3f, -0.6f, 0.9f}, {-0.2f, 0.5f, -1.1f}});
        for (int f = 0; f < fns.size(); f++) {
            java.util.function.UnaryOperator<Tensor> fn = fns.get(f);
            GradCheck.assertGradients("second order of function " + f, in -> {
                Tensor y = fn.apply(in.get(0));
                Tensor r = Tensor.uniform(5, -1f, 1f, y.shape().dims());
                return Autograd.grad(y.mul(r).sum(), List.of(in.get(0)), true).get(0).mul(weights);
            }, List.of(x0), 1e-2, 2e-2);
        }
    }
}
