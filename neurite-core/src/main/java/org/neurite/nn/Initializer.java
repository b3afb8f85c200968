package org.neurite.nn;

import java.util.Map;
import java.util.SplittableRandom;
import org.neurite.tensor.Shape;

/**
 * Fills a new weight of a given shape. Randomness comes only from the generator passed in (or the
 * initializer's own seed, see {@link Initializers#seeded}), so a model seed gives the same weights on
 * every run. {@link #name()} and {@link #config()} are what a saved model records. The standard ones
 * are in {@link Initializers}.
 */
public interface Initializer {
    /**
     * Draws the initial values of a weight.
     *
     * @param shape the weight's shape, e.g. {@code (in, out)} for a Dense kernel (fans are read from it)
     * @param random the generator to draw from (ignored by seeded and constant initializers)
     * @return {@code shape.size()} values, row-major
     */
    float[] sample(Shape shape, SplittableRandom random);

    /** @return the Keras name, e.g. {@code glorot_uniform}; {@code custom} by default */
    default String name() {
        return "custom";
    }

    /**
     * Keras' {@code get_config()} of the initializer ({@code {"value": -0.1}} for a constant,
     * {@code {"scale": 2.0, "mode": "fan_in", ...}} for variance scaling); empty when the name says
     * everything.
     *
     * @return the config entries saved with the model
     */
    default Map<String, Object> config() {
        return Map.of();
    }
}
