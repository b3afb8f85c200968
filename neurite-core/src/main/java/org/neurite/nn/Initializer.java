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
    /** Values for a weight of this shape, row-major. */
    float[] sample(Shape shape, SplittableRandom random);

    /** Keras name, e.g. {@code glorot_uniform}; custom initializers may keep the default. */
    default String name() {
        return "custom";
    }

    /**
     * Keras' {@code get_config()} of the initializer ({@code {"value": -0.1}} for a constant,
     * {@code {"scale": 2.0, "mode": "fan_in", ...}} for variance scaling); empty when the name says
     * everything.
     */
    default Map<String, Object> config() {
        return Map.of();
    }
}
