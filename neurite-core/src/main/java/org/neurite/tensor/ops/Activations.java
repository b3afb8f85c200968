package org.neurite.tensor.ops;

import org.neurite.tensor.Tensor;

/** Nonlinearities. Softmax and log-softmax subtract the row maximum first, so large logits cannot overflow. */
public final class Activations {
    private Activations() {}

    // relu: d/da = 1 where a > 0 (0 at 0, as PyTorch)
    public static Tensor relu(Tensor a) {
        Tensor out = Elementwise.unary(a, v -> v > 0f ? v : 0f);
        return Tensor.record(out, "relu", new Tensor[] {a},
                g -> new Tensor[] {g.mul(Elementwise.unary(a, v -> v > 0f ? 1f : 0f))});
    }

    // leaky relu: d/da = 1 where a > 0, else the slope
    public static Tensor leakyRelu(Tensor a, float slope) {
        Tensor out = Elementwise.unary(a, v -> v > 0f ? v : v * slope);
        return Tensor.record(out, "leaky_relu", new Tensor[] {a},
                g -> new Tensor[] {g.mul(Elementwise.unary(a, v -> v > 0f ? 1f : slope))});
    }

    // sigmoid: d/da = s (1 - s)
    public static Tensor sigmoid(Tensor a) {
        Tensor out = Elementwise.unary(a, Activations::sigmoid);
        return Tensor.record(out, "sigmoid", new Tensor[] {a},
                g -> new Tensor[] {g.mul(out.mul(out.rsub(1f)))});
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
        Tensor out = Elementwise.unary(a, v -> (float) Math.tanh(v));
        return Tensor.record(out, "tanh", new Tensor[] {a},
                g -> new Tensor[] {g.mul(out.mul(out).rsub(1f))});
    }

    // softmax: d/da = s * (g - sum(g * s))
    public static Tensor softmax(Tensor a, int axis) {
        Tensor out = softmaxValues(a, axis, false);
        int ax = a.shape().normalizeAxis(axis);
        return Tensor.record(out, "softmax", new Tensor[] {a},
                g -> new Tensor[] {out.mul(g.sub(g.mul(out).sum(ax, true)))});
    }

    // log-softmax: d/da = g - softmax * sum(g)
    public static Tensor logSoftmax(Tensor a, int axis) {
        Tensor out = softmaxValues(a, axis, true);
        int ax = a.shape().normalizeAxis(axis);
        return Tensor.record(out, "log_softmax", new Tensor[] {a},
                g -> new Tensor[] {g.sub(out.exp().mul(g.sum(ax, true)))});
    }

    private static Tensor softmaxValues(Tensor a, int axis, boolean log) {
        int ax = a.shape().normalizeAxis(axis);
        int n = a.shape().dim(ax);
        int inner = a.shape().sizeBetween(ax + 1, a.rank());
        int outer = a.shape().sizeBetween(0, ax);
        float[] x = a.data();
        float[] o = new float[x.length];
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
