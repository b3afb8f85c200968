package org.neurite.analysis.formulas;

import java.util.List;
import java.util.function.Function;

/**
 * How one layer type computes its output shape and its parameter count, written out with the
 * layer's numbers as an exam solution would: {@code floor((256 - 11 + 2*5) / 4) + 1 = 64},
 * {@code (11*11*3 + 1) * 96 = 34,944}. One instance per layer class, registered in
 * {@link LayerFormulas}; it reads the layer only through {@link LayerFacts} (shapes, config,
 * weights), so the layer classes carry no analysis code.
 */
public interface LayerFormula {
    /**
     * Lines that derive the output shape from the input shape(s), one per axis that changes.
     *
     * @param facts the layer's shapes, config and weights
     * @return the derivation; a failure is caught and shown in the layer's row
     */
    List<Term> shape(LayerFacts facts);

    /**
     * The parameter count as a formula (label "params"); its value must equal the layer's count.
     *
     * @param facts the layer's shapes, config and weights
     * @return the formula with its value
     */
    Term params(LayerFacts facts);

    /**
     * A formula from two functions.
     *
     * @param shape computes {@link #shape}
     * @param params computes {@link #params}
     * @return the formula
     */
    static LayerFormula of(Function<LayerFacts, List<Term>> shape, Function<LayerFacts, Term> params) {
        return new LayerFormula() {
            @Override
            public List<Term> shape(LayerFacts facts) {
                return shape.apply(facts);
            }

            @Override
            public Term params(LayerFacts facts) {
                return params.apply(facts);
            }
        };
    }

    /**
     * The parameter line of a layer without weights.
     *
     * @return {@code params: 0}
     */
    static Term noParams() {
        return Term.of("params", "0", 0);
    }
}
