package org.neurite.nn.optimizers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.neurite.nn.optimizers.OptimizerTestSupport.assertValues;
import static org.neurite.nn.optimizers.OptimizerTestSupport.step;
import static org.neurite.nn.optimizers.OptimizerTestSupport.variable;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.neurite.nn.Variable;
import org.neurite.tensor.Tensor;

class OptimizersTest {
    @Test
    void kerasDefaultsByName() {
        SGD sgd = assertInstanceOf(SGD.class, Optimizers.get("sgd"));
        assertEquals(0.01f, sgd.learningRate());
        assertEquals(0f, sgd.momentum());
        Adam adam = assertInstanceOf(Adam.class, Optimizers.get("Adam"));
        assertEquals(1e-3f, adam.learningRate());
        assertEquals(0.9f, adam.beta1());
        assertEquals(0.999f, adam.beta2());
        assertEquals(1e-7f, adam.epsilon());
        assertFalse(adam.amsgrad());
        AdamW adamw = assertInstanceOf(AdamW.class, Optimizers.get("adamw"));
        assertEquals(0.004f, adamw.weightDecay());
        RMSprop rms = assertInstanceOf(RMSprop.class, Optimizers.get("rmsprop"));
        assertEquals(1e-3f, rms.learningRate());
        assertEquals(0.9f, rms.rho());
        assertEquals(1e-7f, rms.epsilon());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Optimizers.get("adagrad"));
        assertTrue(e.getMessage().contains("adagrad") && e.getMessage().contains("rmsprop"), e.getMessage());
    }

    @Test
    void clipNormRescalesEachVariable() {
        Variable v = variable(0f, 0f);
        SGD sgd = new SGD(1f);
        sgd.clipNorm(1f);
        step(sgd, v, 3f, 4f);
        assertValues(new double[] {-0.6, -0.8}, v.value().data(), 1e-6);
        assertValues(new double[] {3, 4}, v.value().grad().data(), 0); // the gradient itself is untouched
        Variable small = variable(0f);
        step(sgd, small, 0.5f); // under the limit: unchanged
        assertEquals(-0.5, small.value().item(), 1e-7);
    }

    @Test
    void clipValueClipsEachElement() {
        Variable v = variable(0f, 0f, 0f);
        SGD sgd = new SGD(1f);
        sgd.clipValue(0.5f);
        step(sgd, v, 3f, -4f, 0.25f);
        assertValues(new double[] {-0.5, 0.5, -0.25}, v.value().data(), 1e-7);
    }

    @Test
    void globalClipNormRescalesAllVariablesTogether() {
        Variable a = variable(0f), b = variable(0f);
        SGD sgd = new SGD(1f);
        sgd.globalClipNorm(1f);
        a.value().setGrad(Tensor.vector(3f));
        b.value().setGrad(Tensor.vector(4f));
        sgd.step(List.of(a, b));
        assertEquals(-0.6, a.value().item(), 1e-6);
        assertEquals(-0.8, b.value().item(), 1e-6);
        assertThrows(IllegalArgumentException.class, () -> sgd.clipNorm(0f));
    }
}
