package org.neurite.tensor.ops;

import org.neurite.autograd.GradMode;
import org.neurite.kernel.Buffers;
import org.neurite.kernel.CrossEntropyKernel;
import org.neurite.tensor.Shape;
import org.neurite.tensor.Tensor;

/**
 * Softmax cross-entropy from logits over the last axis, as one op per row: loss = logsumexp(z) - sum(t z)
 * for targets t that sum to one (a one-hot row or a distribution). Backward: (softmax(z) * sum(t) - t) * g,
 * with no intermediate log-probability tensor. Gradients of gradients use the composite form.
 */
public final class CrossEntropy {
    private CrossEntropy() {}

    /** Per-row loss, shape = logits without the last axis; targets have the logits' shape. */
    public static Tensor softmaxWithTargets(Tensor logits, Tensor targets) {
        if (!logits.shape().equals(targets.shape())) {
            throw new IllegalArgumentException("softmax_cross_entropy: targets " + targets.shape() + " do not match logits " + logits.shape());
        }
        if (GradMode.isEnabled() && targets.requiresGrad()) return reference(logits, targets);
        int c = logits.shape().dim(-1);
        int rows = logits.size() / Math.max(1, c);
        float[] loss = Buffers.floats(rows);
        float[] softmax = Buffers.uninitialized(logits.size());
        float[] targetSum = Buffers.floats(rows);
        CrossEntropyKernel.forward(logits.data(), targets.data(), rows, c, loss, softmax, targetSum);
        Tensor out = Tensor.of(loss, withoutLastAxis(logits.shape()));
        return Tensor.record(out, "softmax_cross_entropy", new Tensor[] {logits}, g -> {
            if (GradMode.isEnabled()) return FusedPair.gradientsByReference(new Tensor[] {logits}, g, in -> reference(in[0], targets));
            float[] d = Buffers.uninitialized(softmax.length);
            CrossEntropyKernel.backward(softmax, targetSum, targets.data(), g.data(), rows, c, d);
            return new Tensor[] {Tensor.of(d, logits.shape())};
        });
    }

    /** -sum(t log softmax(z)) over the last axis from primitive ops: the reference of {@link #softmaxWithTargets}. */
    public static Tensor reference(Tensor logits, Tensor targets) {
        return logits.logSoftmax(-1).mul(targets).sum(-1, false).neg();
    }

    /** Softmax cross-entropy and its reference on (3, 4) logits against fixed targets that sum to one per row. */
    static final FusedPair PAIR = FusedPair.of("softmax_cross_entropy",
            in -> softmaxWithTargets(in[0], exampleTargets()), in -> reference(in[0], exampleTargets()), Shape.of(3, 4));

    private static Tensor exampleTargets() {
        return Tensor.of(new float[] {1, 0, 0, 0, 0, 0.5f, 0.5f, 0, 0.1f, 0.2f, 0.3f, 0.4f}, 3, 4);
    }

    /** The logits a tensor was computed from by softmax over its last axis, or null. */
    public static Tensor logitsOfSoftmax(Tensor probabilities) {
        if (probabilities.node() == null || !probabilities.node().op().equals(Nonlinearities.SOFTMAX_LAST_AXIS)) return null;
        return probabilities.node().inputs()[0];
    }

    static Shape withoutLastAxis(Shape s) {
        return Shape.of(java.util.Arrays.copyOf(s.dims(), s.rank() - 1));
    }
}
