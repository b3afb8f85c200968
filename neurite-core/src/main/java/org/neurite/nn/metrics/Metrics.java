package org.neurite.nn.metrics;

import java.util.List;
import java.util.Locale;
import org.neurite.nn.losses.Losses;

/** Metrics by their Keras names. */
public final class Metrics {
    /** Every name {@link #get} accepts. */
    public static final List<String> NAMES = List.of(
            "accuracy", "acc", "binary_accuracy", "categorical_accuracy", "sparse_categorical_accuracy",
            "mse", "mean_squared_error", "mae", "mean_absolute_error", "binary_crossentropy",
            "categorical_crossentropy", "sparse_categorical_crossentropy",
            "precision", "recall", "auc", "pr_auc", "f1_score", "top_k_categorical_accuracy", "sparse_top_k_categorical_accuracy", "mean_iou");

    private Metrics() {}

    /**
     * {@code accuracy}/{@code acc} pick binary, categorical or sparse categorical from the shapes
     * (Keras); the explicit names force one kind; loss names give the loss as a metric. The
     * confusion-based metrics take Keras' defaults: {@code precision}/{@code recall} threshold 0.5
     * over every entry, {@code auc} ROC with 200 thresholds ({@code pr_auc}: the PR curve),
     * top-k with k = 5; {@code f1_score} is macro-averaged (Keras' default returns one value per
     * class) and {@code mean_iou} takes the number of classes from the predictions.
     *
     * @param name one of {@link #NAMES}
     * @return a new metric with an empty state
     * @throws IllegalArgumentException if the name is unknown (the message lists the valid names)
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
            case "precision" -> new Precision();
            case "recall" -> new Recall();
            case "auc" -> new AUC();
            case "pr_auc" -> new AUC(AUC.Curve.PR);
            case "f1_score" -> new F1Score();
            case "top_k_categorical_accuracy" -> new TopKCategoricalAccuracy();
            case "sparse_top_k_categorical_accuracy" -> new SparseTopKCategoricalAccuracy();
            case "mean_iou" -> new MeanIoU(0);
            default -> throw new IllegalArgumentException("unknown metric '" + name + "'; valid names: " + String.join(", ", NAMES));
        };
    }
}
