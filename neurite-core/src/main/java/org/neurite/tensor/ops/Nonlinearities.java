package org.neurite.tensor.ops;

import org.neurite.autograd.GradMode;
import org.neurite.kernel.ActivationKernels;
import org.neurite.kernel.Buffers;
import org.neurite.kernel.FusedActivation;
import org.neurite.tensor.Tensor;

/**
 * The pointwise nonlinearities as ops: ReLU, leaky ReLU, sigmoid, tanh, softmax and log-softmax,
 * ELU, exact GELU, softplus, swish/SiLU and the standard normal CDF. The loops are
 * {@link ActivationKernels}'; the fused activations' derivatives are {@link PointwiseActivation}'s.
 *
 * <p>Each backward rule has two forms: while the backward pass itself is being recorded (for
 * gradients of gradients) it is written with differentiable tensor ops; otherwise one kernel pass
 * computes the same formula without temporaries.
 */
public final class Nonlinearities {
    private Nonlinearities() {}

    /** Op name of a softmax over the last axis; losses recognise it to work from the logits (as Keras does). */
    public static final String SOFTMAX_LAST_AXIS = "softmax";

    private static final double INV_SQRT_2PI = 1.0 / Math.sqrt(2 * Math.PI);

    /** A kernel pass from one array into a new one of the same length. */
    private interface Pass {
        void run(float[] in, float[] out);
    }

    /** A kernel backward pass r = g * f'(x). */
    private interface BackwardPass {
        void run(float[] g, float[] x, float[] r);
    }

    private static Tensor apply(Tensor a, Pass pass) {
        float[] o = Buffers.uninitialized(a.size());
        pass.run(a.data(), o);
        return Tensor.of(o, a.shape());
    }

    private static Tensor backward(Tensor g, Tensor x, BackwardPass pass) {
        float[] r = Buffers.uninitialized(g.size());
        pass.run(g.data(), x.data(), r);
        return Tensor.of(r, x.shape());
    }

    // relu: d/da = 1 where a > 0 (0 at 0, as PyTorch)
    public static Tensor relu(Tensor a) {
        return Tensor.record(apply(a, ActivationKernels::relu), "relu", new Tensor[] {a}, g -> new Tensor[] {
            GradMode.isEnabled() ? g.mul(Elementwise.unary(a, v -> v > 0f ? 1f : 0f)) : backward(g, a, ActivationKernels::reluBackward)});
    }

    // leaky relu: d/da = 1 where a > 0, else the slope
    public static Tensor leakyRelu(Tensor a, float slope) {
        Tensor out = apply(a, (x, o) -> ActivationKernels.leakyRelu(x, slope, o));
        return Tensor.record(out, "leaky_relu", new Tensor[] {a}, g -> new Tensor[] {GradMode.isEnabled()
                ? g.mul(Elementwise.unary(a, v -> v > 0f ? 1f : slope))
                : backward(g, a, (gd, x, r) -> ActivationKernels.leakyReluBackward(gd, x, slope, r))});
    }

    // sigmoid: d/da = s (1 - s), from the output (PointwiseActivation.SIGMOID)
    public static Tensor sigmoid(Tensor a) {
        Tensor out = apply(a, ActivationKernels::sigmoid);
        return Tensor.record(out, "sigmoid", new Tensor[] {a}, g -> new Tensor[] {PointwiseActivation.SIGMOID.derivative(g, out)});
    }

    // tanh: d/da = 1 - t^2, from the output (PointwiseActivation.TANH)
    public static Tensor tanh(Tensor a) {
        Tensor out = apply(a, ActivationKernels::tanh);
        return Tensor.record(out, "tanh", new Tensor[] {a}, g -> new Tensor[] {PointwiseActivation.TANH.derivative(g, out)});
    }

    // softmax: d/da = s * (g - sum(g * s))
    public static Tensor softmax(Tensor a, int axis) {
        int ax = a.shape().normalizeAxis(axis);
        Tensor out = softmaxValues(a, ax, false);
        return Tensor.record(out, ax == a.rank() - 1 ? SOFTMAX_LAST_AXIS : "softmax_axis_" + ax, new Tensor[] {a}, g -> new Tensor[] {
            GradMode.isEnabled() ? out.mul(g.sub(g.mul(out).sum(ax, true))) : softmaxBackward(out, g, ax, false)});
    }

    // log-softmax: d/da = g - softmax * sum(g)
    public static Tensor logSoftmax(Tensor a, int axis) {
        int ax = a.shape().normalizeAxis(axis);
        Tensor out = softmaxValues(a, ax, true);
        return Tensor.record(out, "log_softmax", new Tensor[] {a}, g -> new Tensor[] {
            GradMode.isEnabled() ? g.sub(out.exp().mul(g.sum(ax, true))) : softmaxBackward(out, g, ax, true)});
    }

    private static Tensor softmaxValues(Tensor a, int ax, boolean log) {
        float[] o = Buffers.uninitialized(a.size());
        ActivationKernels.softmax(a.data(), o, a.shape().sizeBetween(0, ax), a.shape().dim(ax), a.shape().sizeBetween(ax + 1, a.rank()), log);
        return Tensor.of(o, a.shape());
    }

    private static Tensor softmaxBackward(Tensor out, Tensor g, int ax, boolean log) {
        float[] r = Buffers.uninitialized(out.size());
        ActivationKernels.softmaxBackward(out.data(), g.data(), r,
                out.shape().sizeBetween(0, ax), out.shape().dim(ax), out.shape().sizeBetween(ax + 1, out.rank()), log);
        return Tensor.of(r, out.shape());
    }

    // elu: x > 0 ? x : alpha (e^x - 1);  d/dx = x > 0 ? 1 : alpha e^x
    public static Tensor elu(Tensor a, float alpha) {
        Tensor out = apply(a, (x, o) -> ActivationKernels.elu(x, alpha, o));
        return Tensor.record(out, "elu", new Tensor[] {a}, g -> {
            if (GradMode.isEnabled()) {
                Tensor positive = Elementwise.unary(a, v -> v > 0f ? 1f : 0f);
                return new Tensor[] {g.mul(Tensor.where(positive, Tensor.scalar(1f), a.exp().mul(alpha)))};
            }
            return new Tensor[] {backward(g, a, (gd, x, r) -> ActivationKernels.eluBackward(gd, x, alpha, r))};
        });
    }

    // softplus: log(1 + e^x);  d/dx = sigmoid(x)
    public static Tensor softplus(Tensor a) {
        return Tensor.record(apply(a, ActivationKernels::softplus), "softplus", new Tensor[] {a}, g -> new Tensor[] {
            GradMode.isEnabled() ? g.mul(a.sigmoid()) : backward(g, a, ActivationKernels::softplusBackward)});
    }

    // swish (SiLU): x sigmoid(x);  d/dx = s + x s (1 - s)
    public static Tensor swish(Tensor a) {
        return Tensor.record(apply(a, ActivationKernels::swish), "swish", new Tensor[] {a}, g -> {
            if (GradMode.isEnabled()) {
                Tensor s = a.sigmoid();
                return new Tensor[] {g.mul(s.add(a.mul(s).mul(s.rsub(1f))))};
            }
            return new Tensor[] {backward(g, a, ActivationKernels::swishBackward)};
        });
    }

    // gelu (exact, Keras approximate=False, PyTorch approximate='none'): x Phi(x);  d/dx = Phi(x) + x phi(x)
    public static Tensor gelu(Tensor a) {
        return Tensor.record(apply(a, ActivationKernels::gelu), "gelu", new Tensor[] {a}, g -> new Tensor[] {
            GradMode.isEnabled() ? g.mul(normalCdf(a).add(a.mul(normalPdf(a)))) : backward(g, a, ActivationKernels::geluBackward)});
    }

    // standard normal CDF Phi(x) = (1 + erf(x / sqrt 2)) / 2;  d/dx = phi(x)
    public static Tensor normalCdf(Tensor a) {
        Tensor out = Elementwise.unary(a, v -> (float) ActivationKernels.normalCdf(v));
        return Tensor.record(out, "normal_cdf", new Tensor[] {a}, g -> new Tensor[] {g.mul(normalPdf(a))});
    }

    /** phi(x) = e^(-x^2/2) / sqrt(2 pi), composed of differentiable ops. */
    public static Tensor normalPdf(Tensor a) {
        return a.square().mul(-0.5f).exp().mul((float) INV_SQRT_2PI);
    }
}
