package org.neurite.nn.losses;

import java.util.Locale;

/**
 * How a loss turns its per-sample values into what it returns, as Keras 3's {@code reduction}.
 * With sample weights {@code w} the per-sample values are first multiplied by them:
 * <ul>
 *   <li>{@link #SUM_OVER_BATCH_SIZE} (the default): {@code sum(w * l) / count}, where count is the
 *       number of per-sample values (the batch size, times the time steps for sequence outputs).
 *       The divisor is the count, not the sum of the weights, as Keras 3;</li>
 *   <li>{@link #SUM}: {@code sum(w * l)};</li>
 *   <li>{@link #NONE}: the weighted per-sample values themselves, shape of the predictions
 *       without their last axis (for computing losses by hand; the trainer needs a scalar).</li>
 * </ul>
 */
public enum Reduction {
    /** {@code sum(w * l) / count}, the count being the number of per-sample values (default). */
    SUM_OVER_BATCH_SIZE,
    /** {@code sum(w * l)}. */
    SUM,
    /** No reduction: the weighted per-sample values, shape of the predictions without their last axis. */
    NONE;

    /**
     * The name Keras uses for this reduction in configs.
     *
     * @return {@code sum_over_batch_size}, {@code sum} or {@code none}
     */
    public String kerasName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The reduction with the given Keras name.
     *
     * @param name {@code "sum_over_batch_size"}, {@code "sum"} or {@code "none"} (lower case)
     * @return the matching reduction
     * @throws IllegalArgumentException if the name is none of these (the message lists the valid ones)
     */
    public static Reduction of(String name) {
        for (Reduction r : values()) if (r.kerasName().equals(name)) return r;
        throw new IllegalArgumentException("unknown reduction '" + name + "'; valid: sum_over_batch_size, sum, none");
    }
}
