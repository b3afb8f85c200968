package org.neurite.nn;

import java.util.SplittableRandom;
import org.neurite.tensor.Shape;

/**
 * Fills a new weight of a given shape. Randomness comes only from the generator passed in, so a
 * model seed gives the same weights on every run. {@link #name()} is what a saved model records.
 * The standard ones are in {@link Initializers}.
 */
public interface Initializer {
    /** Values for a weight of this shape, row-major. */
    float[] sample(Shape shape, SplittableRandom random);

    /** Keras name, e.g. {@code glorot_uniform}; custom initializers may keep the default. */
    default String name() {
        return "custom";
    }
}
