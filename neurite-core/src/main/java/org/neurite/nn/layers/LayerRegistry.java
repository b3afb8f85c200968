package org.neurite.nn.layers;

import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.neurite.nn.Layer;

/**
 * Recreates layers from their class name and config (the inverse of {@link Layer#config()}), as
 * Keras' {@code deserialize}. Custom layers register a factory to make saved models loadable.
 */
public final class LayerRegistry {
    private static final Map<String, Function<LayerConfig, Layer>> FACTORIES = new TreeMap<>();

    static {
        FACTORIES.put("Dense", Dense::fromConfig);
        FACTORIES.put("Conv2D", Conv2D::fromConfig);
        FACTORIES.put("MaxPooling2D", MaxPooling2D::fromConfig);
        FACTORIES.put("AveragePooling2D", AveragePooling2D::fromConfig);
        FACTORIES.put("Flatten", Flatten::fromConfig);
        FACTORIES.put("Dropout", Dropout::fromConfig);
        FACTORIES.put("Activation", Activation::fromConfig);
        FACTORIES.put("Add", Add::fromConfig);
        FACTORIES.put("Concatenate", Concatenate::fromConfig);
    }

    private LayerRegistry() {}

    public static synchronized void register(String className, Function<LayerConfig, Layer> factory) {
        FACTORIES.put(className, factory);
    }

    public static synchronized boolean isKnown(String className) {
        return FACTORIES.containsKey(className);
    }

    public static synchronized java.util.Set<String> known() {
        return new java.util.TreeSet<>(FACTORIES.keySet());
    }

    /** A new, unbuilt layer of this class with this config (InputLayer is made by the model loader). */
    public static Layer create(String className, LayerConfig config) {
        Function<LayerConfig, Layer> f;
        synchronized (LayerRegistry.class) {
            f = FACTORIES.get(className);
        }
        if (f == null) throw new IllegalArgumentException("unknown layer class '" + className + "'; known: " + String.join(", ", known()));
        return f.apply(config);
    }
}
