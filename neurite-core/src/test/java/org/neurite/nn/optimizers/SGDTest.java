package org.neurite.nn.optimizers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.neurite.nn.optimizers.OptimizerTestSupport.assertValues;
import static org.neurite.nn.optimizers.OptimizerTestSupport.step;
import static org.neurite.nn.optimizers.OptimizerTestSupport.variable;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.neurite.nn.Variable;
import org.neurite.tensor.Tensor;

class SGDTest {
    /** f(x) = x^2 + 0.8x - 0.5 at the variable, as a tensor expression. */
    private static Tensor quadratic(Variable x) {
        Tensor t = x.value();
        return t.square().add(t.mul(0.8f)).sub(0.5f).sum();
    }

    private static double[] descend(float lr, int steps) {
        Variable x = variable(4f);
        SGD sgd = new SGD(lr);
        double[] xs = new double[steps + 1];
        xs[0] = x.value().item();
        for (int k = 1; k <= steps; k++) {
            sgd.zeroGrad(List.of(x));
            quadratic(x).backward();
            sgd.step(List.of(x));
            xs[k] = x.value().item();
        }
        return xs;
    }

    @Test
    void c001_03_gradientDescentOnAQuadratic() {
        double[] xs = descend(0.1f, 20);
        double[] expected = {4.0, 3.1199999999999997, 2.416, 1.8528, 1.40224, 1.041792, 0.7534336, 0.52274688, 0.338197504,
                0.19055800319999996, 0.07244640255999997, -0.022042877952000044, -0.09763430236160005, -0.15810744188928003,
                -0.20648595351142401, -0.2451887628091392, -0.27615101024731137, -0.3009208081978491, -0.32073664655827927,
                -0.33658931724662344, -0.34927145379729874};
        for (int k = 0; k <= 20; k++) assertEquals(expected[k], xs[k], 1e-5, "x" + k);
        assertEquals(-0.4, descend(0.5f, 1)[1], 1e-6); // Newton's step: exact in one step
        double[] osc = descend(1f, 6);
        for (int k = 0; k <= 6; k++) assertEquals(k % 2 == 0 ? 4.0 : -4.8, osc[k], 1e-5); // oscillates 4 / -4.8
        double[] div = descend(1.1f, 6);
        double[] divExpected = {4.0, -5.68, 5.936, -8.0032, 8.72384, -11.348608, 12.7383296};
        for (int k = 0; k <= 6; k++) assertEquals(divExpected[k], div[k], 1e-4 * Math.abs(divExpected[k]));
        for (int k = 1; k <= 6; k++) assertTrue(Math.abs(div[k] + 0.4) > Math.abs(div[k - 1] + 0.4), "diverges");
    }

    // C002-02: L(w) = 1/2 w^T A w - c^T w, A = [[3, .5], [.5, 1]], c = [1, -1], w0 = [2, 2], lr 0.1, beta 0.9
    private static double[][] c002Run(SGD sgd) {
        Variable w = new Variable("w", Tensor.matrix(new float[][] {{2f}, {2f}}), true, null);
        Tensor a = Tensor.matrix(new float[][] {{3f, 0.5f}, {0.5f, 1f}});
        Tensor c = Tensor.matrix(new float[][] {{1f}, {-1f}});
        double[][] out = new double[4][];
        out[0] = new double[] {2, 2};
        for (int k = 1; k <= 3; k++) {
            sgd.zeroGrad(List.of(w));
            Tensor wv = w.value();
            wv.t().matmul(a.matmul(wv)).mul(0.5f).sub(c.t().matmul(wv)).sum().backward();
            sgd.step(List.of(w));
            out[k] = new double[] {wv.data()[0], wv.data()[1]};
        }
        return out;
    }

    @Test
    void c002_02_gradientDescentAndMomentumThreeSteps() {
        double[][] gd = c002Run(new SGD(0.1f));
        double[][] gdExpected = {{2, 2}, {1.4, 1.6}, {1.0, 1.27}, {0.7365, 0.993}};
        for (int k = 0; k <= 3; k++) assertValues(gdExpected[k], toFloat(gd[k]), 1e-6);
        // PyTorch momentum == classical momentum for a constant lr
        double[][] mom = c002Run(new SGD(0.1f, 0.9f));
        double[][] momExpected = {{2, 2}, {1.4, 1.6}, {0.46, 0.91}, {-0.4695, 0.075}};
        for (int k = 0; k <= 3; k++) assertValues(momExpected[k], toFloat(mom[k]), 1e-6);
    }

    private static float[] toFloat(double[] d) {
        float[] f = new float[d.length];
        for (int i = 0; i < d.length; i++) f[i] = (float) d[i];
        return f;
    }

    @Test
    void oneAndThreeStepsByHand() {
        // plain: p = 1 - 0.1 * 2 = 0.8
        Variable v = variable(1f);
        SGD sgd = new SGD(0.1f);
        step(sgd, v, 2f);
        assertEquals(0.8, v.value().item(), 1e-7);

        // momentum 0.5, gradients 1, 2, 3: b = 1, 2.5, 4.25; p = 1 - 0.1 * (1 + 2.5 + 4.25) = 0.225
        Variable m = variable(1f);
        SGD mom = new SGD(0.1f, 0.5f);
        step(mom, m, 1f);
        assertEquals(0.9, m.value().item(), 1e-7);
        step(mom, m, 2f);
        step(mom, m, 3f);
        assertEquals(0.225, m.value().item(), 1e-6);
        assertEquals(4.25, mom.state(m).slot(0)[0], 1e-6);

        // nesterov, mu 0.5, gradients 1, 2, 3: b = 1, 2.5, 4.25; steps g + mu b = 1.5, 3.25, 5.125
        Variable n = variable(1f);
        SGD nes = new SGD(0.1f, 0.5f, true, 0f);
        step(nes, n, 1f);
        assertEquals(0.85, n.value().item(), 1e-7);
        step(nes, n, 2f);
        step(nes, n, 3f);
        assertEquals(1 - 0.1 * (1.5 + 3.25 + 5.125), n.value().item(), 1e-6);

        // weight decay 0.1 (L2 through the gradient), grad 0: p = p (1 - lr wd) each step: 2 * 0.99^3
        Variable d = variable(2f);
        SGD wd = new SGD(0.1f, 0f, false, 0.1f);
        step(wd, d, 0f);
        assertEquals(1.98, d.value().item(), 1e-6);
        step(wd, d, 0f);
        step(wd, d, 0f);
        assertEquals(2 * Math.pow(0.99, 3), d.value().item(), 1e-6);
    }

    @Test
    void variablesWithoutGradientAreSkippedAndStateIsPerVariable() {
        Variable a = variable(1f), b = variable(1f);
        SGD mom = new SGD(0.1f, 0.9f);
        a.value().setGrad(Tensor.vector(1f));
        mom.step(List.of(a, b));
        assertEquals(1f, b.value().item());
        assertNull(mom.state(b));
        assertEquals(1, mom.state(a).step());
        b.value().setGrad(Tensor.vector(1f));
        mom.step(List.of(a, b));
        assertEquals(2, mom.state(a).step());
        assertEquals(1, mom.state(b).step());
        assertEquals(0.9, b.value().item(), 1e-7); // b's first step: buffer = g
        assertEquals(2, mom.iterations());
    }

    @Test
    void learningRateCanChangeBetweenSteps() {
        Variable v = variable(1f);
        SGD sgd = new SGD(0.1f);
        step(sgd, v, 1f);
        sgd.setLearningRate(0.5f);
        step(sgd, v, 1f);
        assertEquals(0.4, v.value().item(), 1e-6);
        assertThrows(IllegalArgumentException.class, () -> sgd.setLearningRate(-1f));
        assertThrows(IllegalArgumentException.class, () -> new SGD(0.1f, 0f, true, 0f));
    }

    @Test
    void zeroGradClearsGradients() {
        Variable v = variable(1f);
        v.value().setGrad(Tensor.vector(1f));
        new SGD(0.1f).zeroGrad(List.of(v));
        assertNull(v.value().grad());
    }
}
