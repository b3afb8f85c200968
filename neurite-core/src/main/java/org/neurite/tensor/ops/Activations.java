package org.neurite.tensor.ops;

import org.neurite.autograd.GradMode;
import org.neurite.kernel.Buffers;
import org.neurite.kernel.Parallel;
import org.neurite.kernel.Pointwise;
import org.neurite.tensor.Tensor;

/**
 * Nonlinearities. Softmax and log-softmax subtract the row maximum first, so large logits cannot
 * overflow.
 *
 * <p>Each backward rule has two forms: while the backward pass itself is being recorded (for
 * gradients of gradients) it is written with differentiable tensor ops; otherwise one fused loop
 * computes the same formula without temporaries.
 */
public final class Activations {
    private Activations() {}

    private static final int GRAIN = Elementwise.PARALLEL_GRAIN;

    // relu: d/da = 1 where a > 0 (0 at 0, as PyTorch)
    public static Tensor relu(Tensor a) {
        float[] x = a.data();
        float[] o = Buffers.uninitialized(x.length);
        Parallel.forRange(o.length, GRAIN, (from, to) -> Pointwise.relu(x, o, from, to));
        Tensor out = Tensor.of(o, a.shape());
        return Tensor.record(out, "relu", new Tensor[] {a}, g -> {
            if (GradMode.isEnabled()) return new Tensor[] {g.mul(Elementwise.unary(a, v -> v > 0f ? 1f : 0f))};
            float[] gd = g.data();
            float[] r = Buffers.uninitialized(gd.length);
            Parallel.forRange(r.length, GRAIN, (from, to) -> Pointwise.reluBackward(gd, x, r, from, to));
            return new Tensor[] {Tensor.of(r, a.shape())};
        });
    }

    // leaky relu: d/da = 1 where a > 0, else the slope
    public static Tensor leakyRelu(Tensor a, float slope) {
        float[] x = a.data();
        float[] o = Buffers.uninitialized(x.length);
        for (int i = 0; i < o.length; i++) o[i] = x[i] > 0f ? x[i] : x[i] * slope;
        Tensor out = Tensor.of(o, a.shape());
        return Tensor.record(out, "leaky_relu", new Tensor[] {a}, g -> {
            if (GradMode.isEnabled()) return new Tensor[] {g.mul(Elementwise.unary(a, v -> v > 0f ? 1f : slope))};
            float[] gd = g.data();
            float[] r = Buffers.uninitialized(gd.length);
            for (int i = 0; i < r.length; i++) r[i] = x[i] > 0f ? gd[i] : gd[i] * slope;
            return new Tensor[] {Tensor.of(r, a.shape())};
        });
    }

    // sigmoid: d/da = s (1 - s)
    public static Tensor sigmoid(Tensor a) {
        float[] x = a.data();
        float[] o = Buffers.uninitialized(x.length);
        Parallel.forRange(o.length, GRAIN / 4, (from, to) -> {
            for (int i = from; i < to; i++) o[i] = sigmoid(x[i]);
        });
        Tensor out = Tensor.of(o, a.shape());
        return Tensor.record(out, "sigmoid", new Tensor[] {a}, g -> {
            if (GradMode.isEnabled()) return new Tensor[] {g.mul(out.mul(out.rsub(1f)))};
            float[] gd = g.data();
            float[] r = Buffers.uninitialized(gd.length);
            for (int i = 0; i < r.length; i++) r[i] = gd[i] * o[i] * (1f - o[i]);
            return new Tensor[] {Tensor.of(r, a.shape())};
        });
    }

    /** Stable for large |x|: never computes exp of a large positive number. */
    public static float sigmoid(float x) {
        if (x >= 0) {
            return (float) (1.0 / (1.0 + Math.exp(-x)));
        }
        double e = Math.exp(x);
        return (float) (e / (1.0 + e));
    }

    // tanh: d/da = 1 - t^2
    public static Tensor tanh(Tensor a) {
        float[] x = a.data();
        float[] o = Buffers.uninitialized(x.length);
        Parallel.forRange(o.length, GRAIN / 4, (from, to) -> {
            for (int i = from; i < to; i++) o[i] = (float) Math.tanh(x[i]);
        });
        Tensor out = Tensor.of(o, a.shape());
        return Tensor.record(out, "tanh", new Tensor[] {a}, g -> {
            if (GradMode.isEnabled()) return new Tensor[] {g.mul(out.mul(out).rsub(1f))};
            float[] gd = g.data();
            float[] r = Buffers.uninitialized(gd.length);
            for (int i = 0; i < r.length; i++) r[i] = gd[i] * (1f - o[i] * o[i]);
            return new Tensor[] {Tensor.of(r, a.shape())};
        });
    }

    /** Op name of a softmax over the last axis; losses recognise it to work from the logits (as Keras does). */
    public static final String SOFTMAX_LAST_AXIS = "softmax";

    // softmax: d/da = s * (g - sum(g * s))
    public static Tensor softmax(Tensor a, int axis) {
        Tensor out = softmaxValues(a, axis, false);
        int ax = a.shape().normalizeAxis(axis);
        return Tensor.record(out, ax == a.rank() - 1 ? SOFTMAX_LAST_AXIS : "softmax_axis_" + ax, new Tensor[] {a}, g -> {
            if (GradMode.isEnabled()) return new Tensor[] {out.mul(g.sub(g.mul(out).sum(ax, true)))};
            return new Tensor[] {softmaxBackward(out, g, ax, false)};
        });
    }

    // log-softmax: d/da = g - softmax * sum(g)
    public static Tensor logSoftmax(Tensor a, int axis) {
        Tensor out = softmaxValues(a, axis, true);
        int ax = a.shape().normalizeAxis(axis);
        return Tensor.record(out, "log_softmax", new Tensor[] {a}, g -> {
            if (GradMode.isEnabled()) return new Tensor[] {g.sub(out.exp().mul(g.sum(ax, true)))};
            return new Tensor[] {softmaxBackward(out, g, ax, true)};
        });
    }

    /** Loops over (outer, axis, inner) blocks of a tensor whose softmax axis is {@code ax}. */
    private static Tensor softmaxBackward(Tensor out, Tensor g, int ax, boolean log) {
        int n = out.shape().dim(ax);
        int inner = out.shape().sizeBetween(ax + 1, out.rank());
        int outer = out.shape().sizeBetween(0, ax);
        float[] s = out.data(), gd = g.data();
        float[] r = Buffers.uninitialized(s.length);
        for (int p = 0; p < outer; p++) {
            for (int q = 0; q < inner; q++) {
                int base = p * n * inner + q;
                double dot = 0;
                if (log) {
                    for (int i = 0; i < n; i++) dot += gd[base + i * inner];
                    for (int i = 0; i < n; i++) {
                        int k = base + i * inner;
                        r[k] = (float) (gd[k] - Math.exp(s[k]) * dot);
                    }
                } else {
                    for (int i = 0; i < n; i++) dot += (double) gd[base + i * inner] * s[base + i * inner];
                    for (int i = 0; i < n; i++) {
                        int k = base + i * inner;
                        r[k] = (float) (s[k] * (gd[k] - dot));
                    }
                }
            }
        }
        return Tensor.of(r, out.shape());
    }

    private static Tensor softmaxValues(Tensor a, int axis, boolean log) {
        int ax = a.shape().normalizeAxis(axis);
        int n = a.shape().dim(ax);
        int inner = a.shape().sizeBetween(ax + 1, a.rank());
        int outer = a.shape().sizeBetween(0, ax);
        float[] x = a.data();
        float[] o = Buffers.uninitialized(x.length);
        for (int p = 0; p < outer; p++) {
            for (int q = 0; q < inner; q++) {
                int base = p * n * inner + q;
                float max = Float.NEGATIVE_INFINITY;
                for (int i = 0; i < n; i++) max = Math.max(max, x[base + i * inner]);
                double sum = 0;
                for (int i = 0; i < n; i++) sum += Math.exp(x[base + i * inner] - max);
                if (log) {
                    float lse = (float) (max + Math.log(sum));
                    for (int i = 0; i < n; i++) o[base + i * inner] = x[base + i * inner] - lse;
                } else {
                    for (int i = 0; i < n; i++) o[base + i * inner] = (float) (Math.exp(x[base + i * inner] - max) / sum);
                }
            }
        }
        return Tensor.of(o, a.shape());
    }
}
