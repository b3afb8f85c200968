package org.neurite.nn.losses;

import java.util.List;
import java.util.Locale;

/** Losses by their Keras names. */
public final class Losses {
    /** Every name {@link #get} accepts. */
    public static final List<String> NAMES = List.of(
            "mse", "mean_squared_error", "mae", "mean_absolute_error", "binary_crossentropy",
            "categorical_crossentropy", "sparse_categorical_crossentropy", "kl_divergence", "kld",
            "kullback_leibler_divergence", "huber", "hinge", "squared_hinge", "cosine_similarity",
            "contrastive_loss", "contrastive");

    private Losses() {}

    /**
     * The loss with Keras' defaults (from probabilities; huber delta 1; contrastive margin 1,
     * squared form, label 1 = similar), e.g. {@code get("binary_crossentropy")}.
     *
     * @param name one of {@link #NAMES} (also {@code bce} and {@code huber_loss}), any case
     * @return a new loss instance
     * @throws IllegalArgumentException if the name is unknown (the message lists the valid names)
     */
    public static Loss get(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "mse", "mean_squared_error" -> new MeanSquaredError();
            case "mae", "mean_absolute_error" -> new MeanAbsoluteError();
            case "binary_crossentropy", "bce" -> new BinaryCrossentropy(false);
            case "categorical_crossentropy" -> new CategoricalCrossentropy(false);
            case "sparse_categorical_crossentropy" -> new SparseCategoricalCrossentropy(false);
            case "kl_divergence", "kld", "kullback_leibler_divergence" -> new KLDivergence();
            case "huber", "huber_loss" -> new Huber();
            case "hinge" -> new Hinge();
            case "squared_hinge" -> Hinge.squared();
            case "cosine_similarity" -> new CosineSimilarity();
            case "contrastive_loss", "contrastive" -> new ContrastiveLoss();
            default -> throw new IllegalArgumentException("unknown loss '" + name + "'; valid names: " + String.join(", ", NAMES));
        };
    }
}
