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
    public enum Form { SQUARED, HALF_SQUARED, LINEAR }

    /** Keras' backend epsilon, under the square root of {@link #euclideanDistance}. */
    public static final float EPSILON = 1e-7f;

    private final float margin;
    private final Form form;

    /** Margin 1, squared form. */
    public ContrastiveLoss() {
        this(1f);
    }

    public ContrastiveLoss(float margin) {
        this(margin, Form.SQUARED);
    }

    public ContrastiveLoss(float margin, Form form) {
        if (!(margin > 0) || Float.isInfinite(margin)) throw new IllegalArgumentException("contrastive_loss: margin must be a finite number > 0, got " + margin);
        if (form == null) throw new IllegalArgumentException("contrastive_loss: form is null");
        this.margin = margin;
        this.form = form;
    }

    public float margin() {
        return margin;
    }

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

    /** The loss of every pair: the shape of the distances. */
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
     */
    public static Tensor euclideanDistance(Tensor a, Tensor b) {
        if (!a.shape().equals(b.shape()) || a.rank() < 2) {
            throw new IllegalArgumentException("euclideanDistance: expected two batches (N, ...) of the same shape, got " + a.shape() + " and " + b.shape());
        }
        Tensor sq = a.sub(b).square().reshape(a.dim(0), -1).sum(-1, true);
        return sq.maximum(Tensor.scalar(EPSILON)).sqrt();
    }
}
