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
        FACTORIES.put("SimpleRNN", SimpleRNN::fromConfig);
        FACTORIES.put("LSTM", LSTM::fromConfig);
        FACTORIES.put("GRU", GRU::fromConfig);
        FACTORIES.put("Bidirectional", Bidirectional::fromConfig);
        FACTORIES.put("Conv2D", Conv2D::fromConfig);
        FACTORIES.put("MaxPooling2D", MaxPooling2D::fromConfig);
        FACTORIES.put("AveragePooling2D", AveragePooling2D::fromConfig);
        FACTORIES.put("Flatten", Flatten::fromConfig);
        FACTORIES.put("Dropout", Dropout::fromConfig);
        FACTORIES.put("Activation", Activation::fromConfig);
        FACTORIES.put("Add", Add::fromConfig);
        FACTORIES.put("Concatenate", Concatenate::fromConfig);
        // activations, reshaping, merges, embeddings, attention (Lambda cannot be saved, so is not here)
        FACTORIES.put("PReLU", PReLU::fromConfig);
        FACTORIES.put("ELU", ELU::fromConfig);
        FACTORIES.put("LeakyReLU", LeakyReLU::fromConfig);
        FACTORIES.put("Softmax", Softmax::fromConfig);
        FACTORIES.put("ReLU", ReLU::fromConfig);
        FACTORIES.put("Reshape", Reshape::fromConfig);
        FACTORIES.put("Permute", Permute::fromConfig);
        FACTORIES.put("RepeatVector", RepeatVector::fromConfig);
        FACTORIES.put("Subtract", Subtract::fromConfig);
        FACTORIES.put("Multiply", Multiply::fromConfig);
        FACTORIES.put("Average", Average::fromConfig);
        FACTORIES.put("Maximum", Maximum::fromConfig);
        FACTORIES.put("Minimum", Minimum::fromConfig);
        FACTORIES.put("Dot", Dot::fromConfig);
        FACTORIES.put("Embedding", Embedding::fromConfig);
        FACTORIES.put("PositionEmbedding", PositionEmbedding::fromConfig);
        FACTORIES.put("SinePositionEncoding", SinePositionEncoding::fromConfig);
        FACTORIES.put("MultiHeadAttention", MultiHeadAttention::fromConfig);
        FACTORIES.put("TransformerEncoder", TransformerEncoder::fromConfig);
        FACTORIES.put("Conv1D", Conv1D::fromConfig);
        FACTORIES.put("MaxPooling1D", MaxPooling1D::fromConfig);
        FACTORIES.put("AveragePooling1D", AveragePooling1D::fromConfig);
        FACTORIES.put("GlobalAveragePooling1D", GlobalAveragePooling1D::fromConfig);
        FACTORIES.put("GlobalMaxPooling1D", GlobalMaxPooling1D::fromConfig);
        FACTORIES.put("GlobalAveragePooling2D", GlobalAveragePooling2D::fromConfig);
        FACTORIES.put("GlobalMaxPooling2D", GlobalMaxPooling2D::fromConfig);
        FACTORIES.put("DepthwiseConv2D", DepthwiseConv2D::fromConfig);
        FACTORIES.put("Conv2DTranspose", Conv2DTranspose::fromConfig);
        FACTORIES.put("UpSampling2D", UpSampling2D::fromConfig);
        FACTORIES.put("ZeroPadding2D", ZeroPadding2D::fromConfig);
        FACTORIES.put("Cropping2D", Cropping2D::fromConfig);
        FACTORIES.put("AdaptiveAveragePooling2D", AdaptiveAveragePooling2D::fromConfig);
        FACTORIES.put("BatchNormalization", BatchNormalization::fromConfig);
        FACTORIES.put("LayerNormalization", LayerNormalization::fromConfig);
        FACTORIES.put("Sampling", Sampling::fromConfig);
        // layers that real Keras files use (issue 11)
        FACTORIES.put("SeparableConv2D", SeparableConv2D::fromConfig);
        FACTORIES.put("TimeDistributed", TimeDistributed::fromConfig);
        FACTORIES.put("Sequential", ModelLayer::fromConfig); // a model used as a layer (ModelLayer.className())
        FACTORIES.put("Functional", ModelLayer::fromConfig);
        FACTORIES.put("Masking", Masking::fromConfig);
        FACTORIES.put("SpatialDropout1D", SpatialDropout1D::fromConfig);
        FACTORIES.put("SpatialDropout2D", SpatialDropout2D::fromConfig);
        FACTORIES.put("GaussianNoise", GaussianNoise::fromConfig);
        FACTORIES.put("GaussianDropout", GaussianDropout::fromConfig);
        FACTORIES.put("ActivityRegularization", ActivityRegularization::fromConfig);
        FACTORIES.put("CategoryEncoding", CategoryEncoding::fromConfig);
        FACTORIES.put("Attention", Attention::fromConfig);
        FACTORIES.put("AdditiveAttention", AdditiveAttention::fromConfig);
        FACTORIES.put("Conv3D", Conv3D::fromConfig);
        FACTORIES.put("MaxPooling3D", MaxPooling3D::fromConfig);
        // preprocessing and augmentation (Keras' preprocessing layers)
        FACTORIES.put("Rescaling", org.neurite.nn.layers.preprocessing.Rescaling::fromConfig);
        FACTORIES.put("Normalization", org.neurite.nn.layers.preprocessing.Normalization::fromConfig);
        FACTORIES.put("RandomFlip", org.neurite.nn.layers.preprocessing.RandomFlip::fromConfig);
        FACTORIES.put("RandomCrop", org.neurite.nn.layers.preprocessing.RandomCrop::fromConfig);
        FACTORIES.put("RandomTranslation", org.neurite.nn.layers.preprocessing.RandomTranslation::fromConfig);
        FACTORIES.put("RandomRotation", org.neurite.nn.layers.preprocessing.RandomRotation::fromConfig);
        FACTORIES.put("RandomZoom", org.neurite.nn.layers.preprocessing.RandomZoom::fromConfig);
        FACTORIES.put("RandomContrast", org.neurite.nn.layers.preprocessing.RandomContrast::fromConfig);
    }

    private LayerRegistry() {}

    /**
     * Makes a custom layer class loadable from saved models, or replaces a built-in's factory.
     *
     * @param className the name the layer's {@code className()} writes to files
     * @param factory makes an unbuilt layer from its config (the common options, such as name and
     *     trainable, are applied afterwards)
     */
    public static synchronized void register(String className, Function<LayerConfig, Layer> factory) {
        FACTORIES.put(className, factory);
    }

    /**
     * Whether a layer class can be created.
     *
     * @param className a class name as written in model files, e.g. {@code Dense}
     * @return true if it is built in or registered
     */
    public static synchronized boolean isKnown(String className) {
        return FACTORIES.containsKey(className);
    }

    /**
     * Every layer class that can be created.
     *
     * @return a new sorted set of class names
     */
    public static synchronized java.util.Set<String> known() {
        return new java.util.TreeSet<>(FACTORIES.keySet());
    }

    /**
     * A new, unbuilt layer of this class with this config (InputLayer is made by the model loader).
     *
     * @param className a known class name, e.g. {@code Conv2D}
     * @param config the layer's saved config
     * @return the layer, with the config's options and common settings applied
     * @throws IllegalArgumentException if the class is unknown (the message lists the known ones)
     *     or the config is malformed (the message names the layer and key)
     */
    public static Layer create(String className, LayerConfig config) {
        Function<LayerConfig, Layer> f;
        synchronized (LayerRegistry.class) {
            f = FACTORIES.get(className);
        }
        if (f == null) throw new IllegalArgumentException("unknown layer class '" + className + "'; known: " + String.join(", ", known()));
        return f.apply(config).configureCommon(config);
    }
}
