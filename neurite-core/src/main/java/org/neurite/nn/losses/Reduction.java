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
    SUM_OVER_BATCH_SIZE, SUM, NONE;

    /** Keras' name: {@code sum_over_batch_size}, {@code sum}, {@code none}. */
    public String kerasName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** By Keras' name ({@code "sum_over_batch_size"}, {@code "sum"}, {@code "none"}). */
    public static Reduction of(String name) {
        for (Reduction r : values()) if (r.kerasName().equals(name)) return r;
        throw new IllegalArgumentException("unknown reduction '" + name + "'; valid: sum_over_batch_size, sum, none");
    }
}
