package org.neurite;

import org.neurite.nn.LayerNames;

/** Process-wide switches of the library, as Keras' {@code keras.backend} / {@code keras.utils} functions. */
public final class Neurite {
    private Neurite() {}

    /**
     * Keras' {@code clear_session()}: forgets the automatic names handed out so far, so that the
     * next model's layers are named {@code conv2d}, {@code dense}, ... again (and its inputs
     * {@code input_1}). Models and layers that exist keep their names; give later models fresh
     * layers, since two layers of one model must not share a name. Weights, seeds and trained
     * models are not touched.
     */
    public static void clearSession() {
        LayerNames.reset();
    }
}
