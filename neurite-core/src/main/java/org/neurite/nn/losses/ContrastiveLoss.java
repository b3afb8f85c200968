package org.neurite.nn.losses;

import org.neurite.tensor.Tensor;

/**
 * Contrastive loss for siamese networks (Hadsell, Chopra and LeCun 2006), on the distance
 * {@code d} between the two embeddings of a pair, which is the model's output (one value per
 * pair, shape (N,) or (N, 1); see {@link #euclideanDistance}).
 *
 * <p><b>Labels: y = 1 means similar (same class), y = 0 dissimilar</b>, as TensorFlow Addons'
 * {@code contrastive_loss} (Hadsell's paper and the keras.io siamese example use the opposite
 * coding: flip the labels, {@code 1 - y}, for those). With margin m, per pair:
 * <ul>
 *   <li>{@link Form#SQUARED} (default, TF Addons): {@code y d^2 + (1 - y) max(0, m - d)^2};</li>
 *   <li>{@link Form#HALF_SQUARED} (the paper's): {@code ½ y d^2 + ½ (1 - y) max(0, m - d)^2};</li>
 *   <li>{@link Form#LINEAR} (the variant of exam 001, conformance case C001-06):
 *       {@code y d + (1 - y) max(0, m - d)}.</li>
 * </ul>
 * Then the mean over the pairs. Similar pairs are pulled together; dissimilar pairs are pushed
 * apart until they are at least m away, after which they cost nothing.
 */
public final class ContrastiveLoss implements Loss {
    /** Which of the published forms (see the class comment). */
    public enum Form {
        /** {@code y d^2 + (1 - y) max(0, m - d)^2} (TF Addons, the default). */
        SQUARED,
        /** {@code ½ y d^2 + ½ (1 - y) max(0, m - d)^2} (Hadsell et al.). */
        HALF_SQUARED,
        /** {@code y d + (1 - y) max(0, m - d)}. */
        LINEAR
    }

    /** Keras' backend epsilon, under the square root of {@link #euclideanDistance}. */
    public static final float EPSILON = 1e-7f;

    private final float margin;
    private final Form form;

    /** Margin 1, squared form. */
    public ContrastiveLoss() {
        this(1f);
    }

    /**
     * The squared form with the given margin.
     *
     * @param margin distance beyond which dissimilar pairs cost nothing, in the units of the
     *     distances; finite and &gt; 0
     * @throws IllegalArgumentException if the margin is not finite and positive
     */
    public ContrastiveLoss(float margin) {
        this(margin, Form.SQUARED);
    }

    /**
     * A contrastive loss with the given margin and form.
     *
     * @param margin distance beyond which dissimilar pairs cost nothing; finite and &gt; 0
     * @param form which published formula to use; not null
     * @throws IllegalArgumentException if the margin is not finite and positive, or the form is null
     */
    public ContrastiveLoss(float margin, Form form) {
        if (!(margin > 0) || Float.isInfinite(margin)) throw new IllegalArgumentException("contrastive_loss: margin must be a finite number > 0, got " + margin);
        if (form == null) throw new IllegalArgumentException("contrastive_loss: form is null");
        this.margin = margin;
        this.form = form;
    }

    /**
     * The margin m.
     *
     * @return the distance beyond which dissimilar pairs cost nothing (default 1)
     */
    public float margin() {
        return margin;
    }

    /**
     * The formula in use.
     *
     * @return the form (default {@link Form#SQUARED})
     */
    public Form form() {
        return form;
    }

    @Override
    public String name() {
        return "contrastive_loss";
    }

    @Override
    public String toString() {
        return name();
    }

    @Override
    public Tensor compute(Tensor yTrue, Tensor distance) {
        return perPair(yTrue, distance).mean();
    }

    /**
     * The loss of every pair, unreduced.
     *
     * @param yTrue one label per pair, 1 = similar, 0 = dissimilar (any shape with as many values)
     * @param distance the distance of each pair, shape (N) or (N, 1)
     * @return the shape of {@code distance}, differentiable with respect to it
     * @throws IllegalArgumentException if the label count differs from the pair count, or a label
     *     lies outside [0, 1]
     */
    public Tensor perPair(Tensor yTrue, Tensor distance) {
        if (yTrue.size() != distance.size()) {
            throw new IllegalArgumentException(name() + ": expected one label per pair (" + distance.size() + " for distances of shape "
                    + distance.shape() + "), got labels of shape " + yTrue.shape());
        }
        Tensor y = yTrue.detach().reshape(distance.shape().dims());
        for (float v : y.data()) {
            if (v < 0f || v > 1f) throw new IllegalArgumentException(name() + ": labels must be 1 (similar) or 0 (dissimilar), got " + v);
        }
        Tensor hinge = distance.rsub(margin).relu();
        Tensor similar, dissimilar;
        if (form == Form.LINEAR) {
            similar = distance;
            dissimilar = hinge;
        } else {
            similar = distance.square();
            dissimilar = hinge.square();
        }
        Tensor l = y.mul(similar).add(y.rsub(1f).mul(dissimilar));
        return form == Form.HALF_SQUARED ? l.mul(0.5f) : l;
    }

    /**
     * Euclidean distance between the embeddings of each pair, summed over every axis but the
     * first, as the keras.io siamese example: {@code sqrt(max(sum (a - b)^2, eps))}, so that the
     * gradient stays finite when a = b. Shapes (N, ...) and (N, ...) give (N, 1).
     *
     * @param a the first embeddings of the pairs, shape (N, ...)
     * @param b the second embeddings, the shape of {@code a}
     * @return the distances, shape (N, 1), differentiable with respect to both
     * @throws IllegalArgumentException if the shapes differ or have rank &lt; 2
     */
    public static Tensor euclideanDistance(Tensor a, Tensor b) {
        if (!a.shape().equals(b.shape()) || a.rank() < 2) {
            throw new IllegalArgumentException("euclideanDistance: expected two batches (N, ...) of the same shape, got " + a.shape() + " and " + b.shape());
        }
        Tensor sq = a.sub(b).square().reshape(a.dim(0), -1).sum(-1, true);
        return sq.maximum(Tensor.scalar(EPSILON)).sqrt();
    }
}
