package org.neurite.nn;

import org.neurite.tensor.Tensor;

/**
 * Keras' weight regularizers as values that a saved model can record (a lambda cannot be saved).
 * {@code l2(0.01)} adds 0.01 * sum(w^2) to the loss (no 1/2, as Keras).
 */
public final class Regularizers {
    private Regularizers() {}

    /** l1 * sum(|w|) + l2 * sum(w^2). */
    public record L1L2(float l1, float l2) implements Regularizer {
        @Override
        public Tensor penalty(Tensor w) {
            Tensor p = null;
            if (l1 != 0f) p = w.abs().sum().mul(l1);
            if (l2 != 0f) {
                Tensor q = w.square().sum().mul(l2);
                p = p == null ? q : p.add(q);
            }
            return p == null ? Tensor.scalar(0f) : p;
        }
    }

    /**
     * Keras' {@code OrthogonalRegularizer(factor=0.01, mode="rows")} for a rank-2 weight: with the
     * rows (mode {@code rows}) or columns ({@code columns}) of W scaled to unit L2 norm
     * ({@code x / sqrt(max(sum x^2, 1e-12))}, as {@code l2_normalize}) and P their n x n Gram
     * matrix, the penalty is {@code factor * 0.5 * sum_{i != j} |P_ij| / (n (n - 1) / 2)}: the mean
     * absolute cosine between distinct rows (columns), times the factor.
     */
    public record Orthogonal(float factor, String mode) implements Regularizer {
        /**
         * Checks the mode.
         *
         * @param factor the penalty's weight
         * @param mode {@code rows} or {@code columns}
         * @throws IllegalArgumentException if the mode is neither {@code rows} nor {@code columns}
         */
        public Orthogonal {
            if (!"rows".equals(mode) && !"columns".equals(mode)) {
                throw new IllegalArgumentException("OrthogonalRegularizer: mode must be \"rows\" or \"columns\", got " + mode);
            }
        }

        @Override
        public Tensor penalty(Tensor w) {
            if (w.rank() != 2) throw new IllegalArgumentException("OrthogonalRegularizer needs a rank-2 weight, got shape " + w.shape());
            boolean rows = mode.equals("rows");
            Tensor norms = w.square().sum(rows ? 1 : 0, true).clamp(1e-12f, Float.MAX_VALUE).sqrt();
            Tensor unit = w.div(norms);
            Tensor gram = rows ? unit.matmul(unit.t()) : unit.t().matmul(unit);
            int n = gram.dim(0);
            if (n < 2) throw new IllegalArgumentException("OrthogonalRegularizer (" + mode + "): a weight of shape " + w.shape() + " has fewer than 2 " + mode);
            float[] offDiagonal = new float[n * n];
            for (int i = 0; i < n * n; i++) offDiagonal[i] = i / n == i % n ? 0f : 1f;
            return gram.mul(Tensor.of(offDiagonal, n, n)).abs().sum().mul((float) (factor * 0.5 / (n * (n - 1) / 2.0)));
        }
    }

    /**
     * Keras' {@code OrthogonalRegularizer(factor, mode)} (see {@link Orthogonal}), for rank-2 weights.
     *
     * @param factor the penalty's weight
     * @param mode {@code rows} or {@code columns}: which vectors of the weight are pushed apart
     * @return the regularizer
     * @throws IllegalArgumentException if the mode is neither
     */
    public static Regularizer orthogonal(float factor, String mode) {
        return new Orthogonal(factor, mode);
    }

    /**
     * Keras' {@code L1}: {@code factor * sum(|w|)}.
     *
     * @param factor the penalty's weight, e.g. 0.01
     * @return the regularizer (saved with a model)
     */
    public static Regularizer l1(float factor) {
        return new L1L2(factor, 0f);
    }

    /**
     * Keras' {@code L2}: {@code factor * sum(w^2)} (no 1/2).
     *
     * @param factor the penalty's weight, e.g. 0.01
     * @return the regularizer (saved with a model)
     */
    public static Regularizer l2(float factor) {
        return new L1L2(0f, factor);
    }

    /**
     * Keras' {@code L1L2}: {@code l1 * sum(|w|) + l2 * sum(w^2)}.
     *
     * @param l1 the L1 factor
     * @param l2 the L2 factor
     * @return the regularizer (saved with a model)
     */
    public static Regularizer l1l2(float l1, float l2) {
        return new L1L2(l1, l2);
    }
}
