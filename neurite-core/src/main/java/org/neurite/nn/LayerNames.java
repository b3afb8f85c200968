package org.neurite.nn;

import java.util.HashMap;
import java.util.Map;

/**
 * Keras-style automatic names, from one process-wide registry: the first {@code Conv2D} is
 * {@code conv2d}, the next {@code conv2d_1}, then {@code conv2d_2}, ...; inputs count from one
 * ({@code input_1}, {@code input_2}) as in Keras 2. {@link #reset()} restarts every counter, like
 * {@code keras.backend.clear_session()}. Names given explicitly never consume a number.
 */
public final class LayerNames {
    private static final Map<String, Integer> COUNTS = new HashMap<>();

    private LayerNames() {}

    /**
     * The next zero-based name for a base.
     *
     * @param base the snake-case class name, e.g. {@code conv2d}
     * @return {@code base} the first time, then {@code base_1}, {@code base_2}, ...
     */
    public static synchronized String next(String base) {
        int n = COUNTS.merge(base, 1, Integer::sum) - 1;
        return n == 0 ? base : base + "_" + n;
    }

    /**
     * The next one-based name, as Keras 2 names inputs.
     *
     * @param base e.g. {@code input}
     * @return {@code base_1}, then {@code base_2}, ...
     */
    public static synchronized String nextOneBased(String base) {
        return base + "_" + COUNTS.merge(base, 1, Integer::sum);
    }

    /** Forgets every name handed out (Keras' {@code clear_session()}). */
    public static synchronized void reset() {
        COUNTS.clear();
    }

    /**
     * Keras' {@code to_snake_case} of a class name: {@code Conv2D -> conv2d},
     * {@code MaxPooling2D -> max_pooling2d}, {@code Conv2DTranspose -> conv2d_transpose}.
     *
     * @param className a simple class name
     * @return its snake-case form
     */
    public static String snakeCase(String className) {
        String s = className.replaceAll("(.)([A-Z][a-z]+)", "$1_$2");
        s = s.replaceAll("([a-z])([A-Z])", "$1_$2").toLowerCase(java.util.Locale.ROOT);
        // Keras strips one leading underscore for private classes; harmless here.
        return s.startsWith("_") ? "private" + s : s;
    }
}
