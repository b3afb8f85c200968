package org.neurite.nn;

import org.neurite.tensor.Shape;

/**
 * A projection applied to a weight after each optimizer step (Keras' {@code kernel_constraint},
 * {@code bias_constraint}, ...): {@code w = constraint(w)}, in place, outside autograd. The built-in
 * ones are in {@link Constraints}; they can be saved with a model.
 */
@FunctionalInterface
public interface Constraint {
    /** Replaces {@code values} (a weight of this shape, row-major) by their constrained form. */
    void apply(float[] values, Shape shape);
}
