package org.neurite.nn.optimizers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.neurite.nn.optimizers.OptimizerTestSupport.step;
import static org.neurite.nn.optimizers.OptimizerTestSupport.variable;

import org.junit.jupiter.api.Test;
import org.neurite.nn.Variable;

class RMSpropTest {
    @Test
    void oneStepByHand() {
        // v = 0.1 * 4 = 0.4; p = 1 - 0.01 * 2 / (sqrt(0.4) + 1e-7)
        Variable v = variable(1f);
        step(new RMSprop(0.01f, 0.9f, 1e-7f, 0f, false, 0f), v, 2f);
        assertEquals(1 - 0.01 * 2 / (Math.sqrt(0.4) + 1e-7), v.value().item(), 1e-7);
        // centered: gavg = 0.2, v~ = 0.4 - 0.04 = 0.36; p = 1 - 0.01 * 2 / 0.6
        Variable c = variable(1f);
        step(new RMSprop(0.01f, 0.9f, 0f, 0f, true, 0f), c, 2f);
        assertEquals(1 - 0.01 * 2 / 0.6, c.value().item(), 1e-7);
    }

    /** Reference RMSprop in double, from the formulas. */
    private static double reference(double p, double[] grads, double lr, double rho, double eps, double mu, boolean centered, double wd) {
        double v = 0, b = 0, gavg = 0;
        for (double g0 : grads) {
            double g = g0 + wd * p;
            v = rho * v + (1 - rho) * g * g;
            double vt = v;
            if (centered) {
                gavg = rho * gavg + (1 - rho) * g;
                vt = v - gavg * gavg;
            }
            if (mu > 0) {
                b = mu * b + g / (Math.sqrt(vt) + eps);
                p -= lr * b;
            } else {
                p -= lr * g / (Math.sqrt(vt) + eps);
            }
        }
        return p;
    }

    @Test
    void threeStepsOfEachVariantAgainstTheFormulas() {
        double[] grads = {2.0, -1.0, 0.5};
        float[][] settings = {{0f, 0f, 0f}, {0.9f, 0f, 0f}, {0f, 1f, 0f}, {0.5f, 1f, 0.1f}};
        for (float[] s : settings) {
            boolean centered = s[1] == 1f;
            Variable v = variable(1f);
            RMSprop opt = new RMSprop(0.01f, 0.9f, 1e-7f, s[0], centered, s[2]);
            for (double g : grads) step(opt, v, (float) g);
            assertEquals(reference(1, grads, 0.01, 0.9, 1e-7, s[0], centered, s[2]), v.value().item(), 1e-6,
                    "momentum " + s[0] + " centered " + centered + " wd " + s[2]);
        }
        // momentum by hand, constant g = 1, rho 0.5, eps 0: v = 0.5, 0.75, 0.875; b accumulates g/sqrt(v)
        Variable m = variable(0f);
        RMSprop opt = new RMSprop(0.1f, 0.5f, 0f, 0.5f, false, 0f);
        for (int t = 0; t < 3; t++) step(opt, m, 1f);
        double s1 = 1 / Math.sqrt(0.5), s2 = 1 / Math.sqrt(0.75), s3 = 1 / Math.sqrt(0.875);
        double b1 = s1, b2 = 0.5 * b1 + s2, b3 = 0.5 * b2 + s3;
        assertEquals(-0.1 * (b1 + b2 + b3), m.value().item(), 1e-6);
    }
}
