package org.neurite.analysis.trace;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.neurite.autograd.Autograd;
import org.neurite.nn.Input;
import org.neurite.nn.Model;
import org.neurite.nn.Sequential;
import org.neurite.nn.Variable;
import org.neurite.nn.layers.Conv2D;
import org.neurite.nn.layers.Dense;
import org.neurite.nn.layers.Flatten;
import org.neurite.nn.layers.MaxPooling2D;
import org.neurite.tensor.Tensor;

class BackpropTraceTest {

    /** The trace of a small CNN agrees with the model's own forward and with autograd on the model. */
    @Test
    void convNetTraceMatchesTheModel() {
        Model m = new Sequential(Input.of(6, 6, 2), new Conv2D(3, 3).activation("relu").padding("same").strides(2), new MaxPooling2D(2), new Flatten(),
                new Dense(2, "tanh")).seed(7);
        Tensor x = Tensor.uniform(3, -1, 1, 6, 6, 2);
        Tensor y = Tensor.vector(0.5f, -0.5f);
        Trace t = BackpropTrace.run(m, x, y, TraceLoss.of(org.neurite.nn.losses.Losses.get("mse")));
        Tensor expected = m.forward(x.reshape(1, 6, 6, 2), false);
        assertArrayEquals(expected.toArray(), t.output().toArray(), 1e-6f);
        assertEquals(4, t.layers().size());
        assertNull(t.layers().get(1).z(), "pooling has no separate z");
        // weight gradients equal autograd through the model's own forward
        Tensor loss = org.neurite.nn.losses.Losses.get("mse").compute(y.reshape(1, 2), m.forward(x.reshape(1, 6, 6, 2), true));
        List<Variable> vars = m.variables();
        List<Tensor> g = Autograd.grad(loss, vars.stream().map(Variable::value).toList(), false);
        assertArrayEquals(g.get(0).toArray(), t.layers().get(0).weightGrads().get("kernel").toArray(), 1e-6f);
        assertArrayEquals(g.get(2).toArray(), t.layers().get(3).weightGrads().get("kernel").toArray(), 1e-6f);
        for (Variable v : vars) assertNull(v.value().grad(), "a trace must not accumulate into the model's gradients");
        String text = t.render();
        assertTrue(text.contains("max_pooling2d") && text.contains("dE/da"), text);
        String dot = t.toDot();
        assertTrue(dot.contains("conv2d") && dot.contains("->") && dot.endsWith("}\n"), dot);
    }

    @Test
    void dotOfAPlainExpression() {
        Tensor a = Tensor.vector(2f).requiresGrad(true);
        Tensor b = Tensor.vector(3f).requiresGrad(true);
        Tensor e = a.mul(b).add(a).sum(); // de/da = b + 1 = 4, de/db = a = 2
        String dot = GraphvizExport.toDot(e, java.util.Map.of(a, "a", b, "b"));
        assertTrue(dot.contains("a \\| leaf (requires grad) (1,) | value 2 | grad 4"), dot);
        assertTrue(dot.contains("b \\| leaf (requires grad) (1,) | value 3 | grad 2"), dot);
        assertEquals(5, dot.lines().filter(l -> l.contains("->")).count(), dot);
        assertNull(a.grad());
    }
}
