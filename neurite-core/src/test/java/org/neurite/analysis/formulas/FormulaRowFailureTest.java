package org.neurite.analysis.formulas;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.neurite.nn.Input;
import org.neurite.nn.Layer;
import org.neurite.nn.LayerNames;
import org.neurite.nn.Sequential;
import org.neurite.nn.layers.Dense;
import org.neurite.tensor.Shape;
import org.neurite.tensor.Tensor;

/** A layer whose formula cannot be computed gets a row that says why; the table goes on. */
class FormulaRowFailureTest {
    /** A pass-through layer whose registered formula fails (as a formula for an unforeseen config would). */
    static final class Opaque extends Layer {
        @Override
        protected Shape computeOutputShape(Shape in) {
            return in;
        }

        @Override
        protected Tensor call(Tensor x, boolean training) {
            return x;
        }
    }

    @BeforeEach
    void clearSession() {
        LayerNames.reset();
    }

    @Test
    void theFailingRowSaysWhyAndTheOthersAreComputed() {
        LayerFormulas.register(Opaque.class, LayerFormula.of(f -> {
            throw new IllegalStateException("no rule for this configuration");
        }, f -> {
            throw new IllegalStateException("no parameter rule");
        }));
        Sequential m = new Sequential(Input.of(4), new Opaque(), new Dense(2));
        String text = Formulas.render(m);
        assertTrue(text.contains("shape: cannot be computed: no rule for this configuration"), text);
        assertTrue(text.contains("params: no formula (no parameter rule); counted from the weights: 0"), text);
        assertTrue(text.contains("params: (4 + 1) * 2 = 10"), text); // the next layer still has its formula
        assertTrue(text.contains("Total params: 10"), text);
    }
}
