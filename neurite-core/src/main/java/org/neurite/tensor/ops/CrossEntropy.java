package org.neurite.tensor.ops;

import org.neurite.autograd.GradMode;
import org.neurite.kernel.Buffers;
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
        if (GradMode.isEnabled() && targets.requiresGrad()) {
            return logits.logSoftmax(-1).mul(targets).sum(-1, false).neg();
        }
        int c = logits.shape().dim(-1);
        int rows = logits.size() / Math.max(1, c);
        float[] z = logits.data(), t = targets.data();
        float[] loss = Buffers.floats(rows);
        float[] softmax = Buffers.uninitialized(z.length);
        float[] targetSum = Buffers.floats(rows);
        for (int r = 0; r < rows; r++) {
            int o = r * c;
            float max = Float.NEGATIVE_INFINITY;
            for (int j = 0; j < c; j++) max = Math.max(max, z[o + j]);
            double sum = 0;
            for (int j = 0; j < c; j++) sum += Math.exp(z[o + j] - max);
            double lse = max + Math.log(sum);
            double l = 0, ts = 0;
            for (int j = 0; j < c; j++) {
                l += t[o + j] * (lse - z[o + j]);
                ts += t[o + j];
                softmax[o + j] = (float) (Math.exp(z[o + j] - lse));
            }
            loss[r] = (float) l;
            targetSum[r] = (float) ts;
        }
        Tensor out = Tensor.of(loss, withoutLastAxis(logits.shape()));
        return Tensor.record(out, "softmax_cross_entropy", new Tensor[] {logits}, g -> {
            if (GradMode.isEnabled()) {
                Tensor s = logits.softmax(-1);
                Tensor ts = targets.sum(-1, true);
                return new Tensor[] {s.mul(ts).sub(targets).mul(g.unsqueeze(-1))};
            }
            float[] gd = g.data();
            float[] d = Buffers.uninitialized(z.length);
            for (int r = 0; r < rows; r++) {
                int o = r * c;
                for (int j = 0; j < c; j++) d[o + j] = (softmax[o + j] * targetSum[r] - t[o + j]) * gd[r];
            }
            return new Tensor[] {Tensor.of(d, logits.shape())};
        });
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
