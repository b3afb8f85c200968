package org.neurite.nn.metrics;

import java.util.List;
import java.util.Locale;
import org.neurite.nn.losses.Losses;

/** Metrics by their Keras names. */
public final class Metrics {
    public static final List<String> NAMES = List.of(
            "accuracy", "acc", "binary_accuracy", "categorical_accuracy", "sparse_categorical_accuracy",
            "mse", "mean_squared_error", "mae", "mean_absolute_error", "binary_crossentropy",
            "categorical_crossentropy", "sparse_categorical_crossentropy");

    private Metrics() {}

    /**
     * {@code accuracy}/{@code acc} pick binary, categorical or sparse categorical from the shapes
     * (Keras); the explicit names force one kind; loss names give the loss as a metric.
     */
    public static Metric get(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return switch (n) {
            case "accuracy", "acc" -> new Accuracy(n, Accuracy.Mode.AUTO);
            case "binary_accuracy" -> new Accuracy(n, Accuracy.Mode.BINARY);
            case "categorical_accuracy" -> new Accuracy(n, Accuracy.Mode.CATEGORICAL);
            case "sparse_categorical_accuracy" -> new Accuracy(n, Accuracy.Mode.SPARSE_CATEGORICAL);
            case "mse", "mean_squared_error", "mae", "mean_absolute_error", "binary_crossentropy",
                    "categorical_crossentropy", "sparse_categorical_crossentropy" -> new LossMetric(n, Losses.get(n));
            default -> throw new IllegalArgumentException("unknown metric '" + name + "'; valid names: " + String.join(", ", NAMES));
        };
    }
}
