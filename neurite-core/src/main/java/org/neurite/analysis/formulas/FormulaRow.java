package org.neurite.analysis.formulas;

import java.util.List;
import org.neurite.tensor.Shape;

/**
 * The explained computation of one layer application.
 *
 * @param layerName    e.g. {@code conv2d}
 * @param className    e.g. {@code Conv2D}
 * @param inputShapes  input shapes, batch axis excluded
 * @param outputShape  output shape, batch axis excluded
 * @param shape        the output-shape derivation, one term per changed axis (or a statement)
 * @param params       the parameter formula; its value is the formula's result
 * @param actualParams the layer's own parameter count (equal to {@code params.value()} unless the
 *                     formula is wrong, which {@link #consistent()} reports)
 * @param trainableParams the trainable part of {@code actualParams}
 */
public record FormulaRow(String layerName, String className, List<Shape> inputShapes, Shape outputShape, List<Term> shape, Term params,
        long actualParams, long trainableParams) {

    /**
     * Whether the formula's parameter count agrees with the layer's (the shape is checked in tests).
     *
     * @return true if the formula gives a number equal to {@code actualParams}
     */
    public boolean consistent() {
        return params.value() != null && params.value() == actualParams;
    }
}
