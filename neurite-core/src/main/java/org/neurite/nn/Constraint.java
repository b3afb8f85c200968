package org.neurite.nn;

import org.neurite.tensor.Shape;

/**
 * A projection applied to a weight after each optimizer step (Keras' {@code kernel_constraint},
 * {@code bias_constraint}, ...): {@code w = constraint(w)}, in place, outside autograd. The built-in
 * ones are in {@link Constraints}; they can be saved with a model.
 */
@FunctionalInterface
public interface Constraint {
    /**
     * Replaces the values of a weight by their constrained form, in place.
     *
     * @param values the weight's values, row-major, overwritten
     * @param shape the weight's shape, e.g. {@code (in, out)} for a Dense kernel
     */
    void apply(float[] values, Shape shape);
}
