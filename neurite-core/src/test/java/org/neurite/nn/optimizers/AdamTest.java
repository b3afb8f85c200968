package org.neurite.nn.optimizers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.neurite.nn.optimizers.OptimizerTestSupport.step;
import static org.neurite.nn.optimizers.OptimizerTestSupport.variable;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.neurite.nn.Variable;
import org.neurite.nn.losses.BinaryCrossentropy;
import org.neurite.tensor.Tensor;

class AdamTest {
    // C004-20a: yhat = sigmoid(w x + b), x 3.5, y 0.5, w = b = -2, BCE, Adam lr 0.1 betas 0.9/0.99 eps 1e-8
    private static final double GRAD_W = -1.7495681189840482, GRAD_B = -0.49987660542401374;

    @Test
    void c004_20a_oneBiasCorrectedStepFromTheGradients() {
        Variable w = variable(-2f), b = variable(-2f);
        Adam adam = new Adam(0.1f, 0.9f, 0.99f, 1e-8f);
        w.value().setGrad(Tensor.vector((float) GRAD_W));
        b.value().setGrad(Tensor.vector((float) GRAD_B));
        adam.step(List.of(w, b));
        assertEquals(-1.9000000005715696, w.value().item(), 2e-7);
        assertEquals(-1.9000000020004937, b.value().item(), 2e-7);
        assertEquals(-0.17495681189840478, adam.state(w).slot(0)[0], 1e-7);
        assertEquals(-0.04998766054240136, adam.state(b).slot(0)[0], 1e-8);
        assertEquals(0.03060988602965383, adam.state(w).slot(1)[0], 1e-8);
        assertEquals(0.0024987662065023533, adam.state(b).slot(1)[0], 1e-9);
    }

    @Test
    void c004_20a_endToEndThroughTheNeuronAndBce() {
        Variable w = new Variable("w", Tensor.scalar(-2f), true, null);
        Variable b = new Variable("b", Tensor.scalar(-2f), true, null);
        Adam adam = new Adam(0.1f, 0.9f, 0.99f, 1e-8f);
        Tensor yhat = Tensor.scalar(3.5f).mul(w.value()).add(b.value()).sigmoid();
        new BinaryCrossentropy().compute(Tensor.scalar(0.5f), yhat).backward();
        adam.step(List.of(w, b));
        assertEquals(-1.9, w.value().item(), 2e-7);
        assertEquals(-1.9, b.value().item(), 2e-7);
    }

    @Test
    void constantGradientMovesLrPerStep() {
        // m^ = g and v^ = g^2 for a constant g, so each step is lr * g / (|g| + eps)
        Variable v = variable(1f, -1f);
        Adam adam = new Adam(0.01f, 0.9f, 0.999f, 1e-8f);
        for (int t = 0; t < 3; t++) step(adam, v, 0.5f, -2f);
        assertEquals(1 - 3 * 0.01 * 0.5 / (0.5 + 1e-8), v.value().data()[0], 1e-6);
        assertEquals(-1 + 3 * 0.01 * 2 / (2 + 1e-8), v.value().data()[1], 1e-6);
    }

    /** Reference Adam in double, written out from the formulas. */
    private static double adamReference(double p, double[] grads, double lr, double b1, double b2, double eps, double wd, boolean amsgrad, boolean decoupled) {
        double m = 0, v = 0, vmax = 0;
        for (int t = 1; t <= grads.length; t++) {
            double g = grads[t - 1];
            if (decoupled) p *= 1 - lr * wd;
            else g += wd * p;
            m = b1 * m + (1 - b1) * g;
            v = b2 * v + (1 - b2) * g * g;
            double vUse = v;
            if (amsgrad) {
                vmax = Math.max(vmax, v);
                vUse = vmax;
            }
            p -= lr * (m / (1 - Math.pow(b1, t))) / (Math.sqrt(vUse / (1 - Math.pow(b2, t))) + eps);
        }
        return p;
    }

    @Test
    void threeStepsWithVaryingGradientsAgainstTheFormulas() {
        double[] grads = {1.0, -0.5, 0.25};
        for (boolean amsgrad : new boolean[] {false, true}) {
            Variable v = variable(1f);
            Adam adam = new Adam(0.1f, 0.9f, 0.999f, 1e-7f, 0f, amsgrad);
            for (double g : grads) step(adam, v, (float) g);
            assertEquals(adamReference(1, grads, 0.1, 0.9, 0.999, 1e-7, 0, amsgrad, false), v.value().item(), 1e-6, "amsgrad " + amsgrad);
        }
        // hand check of the first step: m^ = g, v^ = g^2 -> p = 1 - 0.1
        Variable one = variable(1f);
        step(new Adam(0.1f), one, 1f);
        assertEquals(0.9, one.value().item(), 1e-6);
    }

    @Test
    void amsgradKeepsTheMaximumSecondMoment() {
        // beta2 0.9, gradients 3, 0.1, 0.1: v = 0.9, 0.811, 0.7309, so vmax stays 0.9
        double[] grads = {3.0, 0.1, 0.1};
        Variable ams = variable(0f);
        Adam b = new Adam(0.1f, 0.9f, 0.9f, 1e-7f, 0f, true);
        for (double g : grads) step(b, ams, (float) g);
        assertEquals(0.7309, b.state(ams).slot(1)[0], 1e-6);
        assertEquals(0.9, b.state(ams).slot(2)[0], 1e-6);
        assertEquals(adamReference(0, grads, 0.1, 0.9, 0.9, 1e-7, 0, true, false), ams.value().item(), 1e-6);
    }

    @Test
    void adamWeightDecayIsL2ThroughTheGradient() {
        // first step of Adam moves by lr * sign(g + wd p): g = 0.5, wd 0.1, p 1 -> 1 - 0.1
        Variable v = variable(1f);
        step(new Adam(0.1f, 0.9f, 0.999f, 1e-8f, 0.1f, false), v, 0.5f);
        assertEquals(0.9, v.value().item(), 1e-6);
        double[] grads = {0.5, 0.2, -0.3};
        Variable w = variable(1f);
        Adam adam = new Adam(0.1f, 0.9f, 0.999f, 1e-8f, 0.1f, false);
        for (double g : grads) step(adam, w, (float) g);
        assertEquals(adamReference(1, grads, 0.1, 0.9, 0.999, 1e-8, 0.1, false, false), w.value().item(), 1e-6);
    }

    @Test
    void adamWDecaysTheWeightBeforeTheAdamStep() {
        // p = p (1 - lr wd) - lr g / (|g| + eps) with a constant g: 1 -> 0.89 -> 0.7811 -> 0.673289
        Variable v = variable(1f);
        AdamW adamw = new AdamW(0.1f, 0.9f, 0.999f, 1e-8f, 0.1f, false);
        step(adamw, v, 0.5f);
        assertEquals(0.89, v.value().item(), 1e-6);
        step(adamw, v, 0.5f);
        step(adamw, v, 0.5f);
        assertEquals(0.673289, v.value().item(), 1e-6);
        assertEquals("adamw", adamw.name());
        double[] grads = {0.5, -0.2, 0.3};
        Variable w = variable(1f);
        AdamW opt = new AdamW(0.01f, 0.9f, 0.99f, 1e-7f, 0.05f, false);
        for (double g : grads) step(opt, w, (float) g);
        assertEquals(adamReference(1, grads, 0.01, 0.9, 0.99, 1e-7, 0.05, false, true), w.value().item(), 1e-6);
    }
}
