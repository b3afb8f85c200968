package org.neurite.nn.optimizers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.neurite.nn.optimizers.OptimizerTestSupport.step;
import static org.neurite.nn.optimizers.OptimizerTestSupport.variable;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.neurite.io.Json;
import org.neurite.nn.Variable;

/**
 * SGDW against its hand formula and against PyTorch (torch.optim.SGD after a hand-applied decoupled
 * decay), and optimizer slots by name, with Adam's bias-corrected moments against a hand
 * computation and PyTorch's {@code exp_avg} / {@code exp_avg_sq} ({@code pytorch/optimizer_slots.py}).
 */
class OptimizerSlotsTest {
    private static final float[] P0 = {0.5f, -1f, 2f};
    private static final float[][] GRADS = {{0.3f, -0.2f, 1f}, {0.1f, 0.4f, -0.5f}, {-0.6f, 0.2f, 0.25f}};

    @SuppressWarnings("unchecked")
    private static Map<String, Object> torch(String section) {
        try (InputStream in = OptimizerSlotsTest.class.getResourceAsStream("/pytorch/optimizer_slots.json")) {
            Map<String, Object> root = (Map<String, Object>) Json.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            return (Map<String, Object>) root.get(section);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static float[] torchStep(Map<String, Object> section, int step, String key) {
        List<Object> steps = (List<Object>) section.get("steps");
        List<Object> values = (List<Object>) ((Map<String, Object>) steps.get(step)).get(key);
        float[] out = new float[values.size()];
        for (int i = 0; i < out.length; i++) out[i] = ((Number) values.get(i)).floatValue();
        return out;
    }

    @Test
    void sgdwDecaysTheWeightsOutsideTheMomentum() {
        double lr = 0.1, mu = 0.9, wd = 0.05;
        double[] p = {P0[0], P0[1], P0[2]};
        double[] b = new double[3];
        SGDW opt = new SGDW(0.1f, 0.9f, 0.05f);
        Variable v = variable(P0.clone());
        Map<String, Object> ref = torch("sgdw");
        for (int t = 0; t < 3; t++) {
            for (int i = 0; i < 3; i++) {
                p[i] *= 1 - lr * wd;                                         // decoupled decay
                b[i] = t == 0 ? GRADS[t][i] : mu * b[i] + GRADS[t][i];      // momentum of the raw gradient
                p[i] -= lr * b[i];
            }
            step(opt, v, GRADS[t]);
            OptimizerTestSupport.assertValues(p, v.value().toArray(), 1e-6);
            assertArrayEquals(torchStep(ref, t, "p"), v.value().toArray(), 1e-6f);
            assertArrayEquals(torchStep(ref, t, "momentum"), opt.slot(v, "momentum").toArray(), 1e-6f);
        }
        assertEquals("sgdw", opt.name());
        // SGD with coupled (L2) decay takes a different path once momentum carries the decay term
        Variable coupled = variable(P0.clone());
        SGD sgd = new SGD(0.1f, 0.9f, false, 0.05f);
        for (float[] g : GRADS) step(sgd, coupled, g);
        assertTrue(Math.abs(coupled.value().toArray()[2] - v.value().toArray()[2]) > 1e-3);
    }

    @Test
    void adamSlotsAndBiasCorrectedMomentsMatchHandAndPyTorch() {
        double b1 = 0.9, b2 = 0.999;
        double[] m = new double[3], s = new double[3];
        Adam adam = new Adam(0.01f, 0.9f, 0.999f, 1e-8f);
        Variable v = variable(P0.clone());
        Map<String, Object> ref = torch("adam");
        assertEquals(List.of("m", "v"), adam.slotNames());
        for (int t = 1; t <= 3; t++) {
            double[] mHat = new double[3], vHat = new double[3];
            for (int i = 0; i < 3; i++) {
                double g = GRADS[t - 1][i];
                m[i] = b1 * m[i] + (1 - b1) * g;
                s[i] = b2 * s[i] + (1 - b2) * g * g;
                mHat[i] = m[i] / (1 - Math.pow(b1, t));
                vHat[i] = s[i] / (1 - Math.pow(b2, t));
            }
            step(adam, v, GRADS[t - 1]);
            OptimizerTestSupport.assertValues(m, adam.slot(v, "m").toArray(), 1e-7);
            OptimizerTestSupport.assertValues(s, adam.slot(v, "v").toArray(), 1e-9);
            OptimizerTestSupport.assertValues(mHat, adam.biasCorrectedM(v).toArray(), 1e-6);
            OptimizerTestSupport.assertValues(vHat, adam.biasCorrectedV(v).toArray(), 1e-7);
            assertArrayEquals(torchStep(ref, t - 1, "m"), adam.slot(v, "m").toArray(), 1e-7f);
            assertArrayEquals(torchStep(ref, t - 1, "v"), adam.slot(v, "v").toArray(), 1e-9f);
            assertArrayEquals(torchStep(ref, t - 1, "p"), v.value().toArray(), 1e-6f);
        }
        assertEquals(v.value().shape(), adam.slot(v, "m").shape());
    }

    @Test
    void adamwSlotsMatchPyTorch() {
        AdamW adamw = new AdamW(0.01f, 0.9f, 0.999f, 1e-8f, 0.1f, false);
        Variable v = variable(P0.clone());
        Map<String, Object> ref = torch("adamw");
        for (int t = 0; t < 3; t++) {
            step(adamw, v, GRADS[t]);
            assertArrayEquals(torchStep(ref, t, "m"), adamw.slot(v, "m").toArray(), 1e-7f);
            assertArrayEquals(torchStep(ref, t, "v"), adamw.slot(v, "v").toArray(), 1e-9f);
            assertArrayEquals(torchStep(ref, t, "p"), v.value().toArray(), 1e-6f);
        }
    }

    @Test
    void slotNamesOfEveryRuleAndClearErrors() {
        assertEquals(List.of("m", "v", "v_max"), new Adam(0.1f, 0.9f, 0.999f, 1e-7f, 0f, true).slotNames());
        assertEquals(List.of("momentum"), new SGD(0.1f, 0.9f).slotNames());
        assertEquals(List.of(), new SGD(0.1f).slotNames());
        assertEquals(List.of("v", "momentum", "g_avg"), new RMSprop().slotNames());
        Adam adam = new Adam();
        Variable v = variable(1f);
        IllegalStateException early = assertThrows(IllegalStateException.class, () -> adam.slot(v, "m"));
        assertEquals("adam: w has no state yet (it has not been updated)", early.getMessage());
        step(adam, v, 1f);
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> adam.slot(v, "momentum"));
        assertEquals("adam: no slot 'momentum'; slots: [m, v]", unknown.getMessage());
    }
}
