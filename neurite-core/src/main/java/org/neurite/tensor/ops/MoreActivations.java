package org.neurite.tensor.ops;

import org.neurite.autograd.GradMode;
import org.neurite.kernel.Buffers;
import org.neurite.tensor.Tensor;

/**
 * The smooth activations of modern networks: ELU, GELU (exact, with erf), softplus, swish/SiLU and
 * the standard normal CDF that GELU is made of. Each op is its forward loop followed by its
 * backward rule; while a backward pass is itself recorded (gradients of gradients) the rule is
 * written with differentiable tensor ops, otherwise it is one fused loop.
 */
public final class MoreActivations {
    private MoreActivations() {}

    private static final double SQRT_HALF = Math.sqrt(0.5);
    private static final double INV_SQRT_2PI = 1.0 / Math.sqrt(2 * Math.PI);

    // elu: x > 0 ? x : alpha (e^x - 1);  d/dx = x > 0 ? 1 : alpha e^x
    public static Tensor elu(Tensor a, float alpha) {
        float[] x = a.data();
        float[] o = Buffers.uninitialized(x.length);
        for (int i = 0; i < o.length; i++) o[i] = x[i] > 0f ? x[i] : (float) (alpha * Math.expm1(x[i]));
        return Tensor.record(Tensor.of(o, a.shape()), "elu", new Tensor[] {a}, g -> {
            if (GradMode.isEnabled()) {
                Tensor positive = Elementwise.unary(a, v -> v > 0f ? 1f : 0f);
                return new Tensor[] {g.mul(Tensor.where(positive, Tensor.scalar(1f), a.exp().mul(alpha)))};
            }
            float[] gd = g.data();
            float[] r = Buffers.uninitialized(gd.length);
            for (int i = 0; i < r.length; i++) r[i] = x[i] > 0f ? gd[i] : (float) (gd[i] * alpha * Math.exp(x[i]));
            return new Tensor[] {Tensor.of(r, a.shape())};
        });
    }

    // softplus: log(1 + e^x), computed as max(x, 0) + log1p(e^-|x|);  d/dx = sigmoid(x)
    public static Tensor softplus(Tensor a) {
        float[] x = a.data();
        float[] o = Buffers.uninitialized(x.length);
        for (int i = 0; i < o.length; i++) o[i] = (float) (Math.max(x[i], 0.0) + Math.log1p(Math.exp(-Math.abs(x[i]))));
        return Tensor.record(Tensor.of(o, a.shape()), "softplus", new Tensor[] {a}, g -> {
            if (GradMode.isEnabled()) return new Tensor[] {g.mul(a.sigmoid())};
            float[] gd = g.data();
            float[] r = Buffers.uninitialized(gd.length);
            for (int i = 0; i < r.length; i++) r[i] = gd[i] * Activations.sigmoid(x[i]);
            return new Tensor[] {Tensor.of(r, a.shape())};
        });
    }

    // swish (SiLU): x sigmoid(x);  d/dx = s + x s (1 - s)
    public static Tensor swish(Tensor a) {
        float[] x = a.data();
        float[] o = Buffers.uninitialized(x.length);
        for (int i = 0; i < o.length; i++) o[i] = x[i] * Activations.sigmoid(x[i]);
        return Tensor.record(Tensor.of(o, a.shape()), "swish", new Tensor[] {a}, g -> {
            if (GradMode.isEnabled()) {
                Tensor s = a.sigmoid();
                return new Tensor[] {g.mul(s.add(a.mul(s).mul(s.rsub(1f))))};
            }
            float[] gd = g.data();
            float[] r = Buffers.uninitialized(gd.length);
            for (int i = 0; i < r.length; i++) {
                float s = Activations.sigmoid(x[i]);
                r[i] = gd[i] * (s + x[i] * s * (1f - s));
            }
            return new Tensor[] {Tensor.of(r, a.shape())};
        });
    }

    // gelu (exact, Keras approximate=False, PyTorch approximate='none'): x Phi(x);  d/dx = Phi(x) + x phi(x)
    public static Tensor gelu(Tensor a) {
        float[] x = a.data();
        float[] o = Buffers.uninitialized(x.length);
        for (int i = 0; i < o.length; i++) o[i] = (float) (x[i] * normalCdf(x[i]));
        return Tensor.record(Tensor.of(o, a.shape()), "gelu", new Tensor[] {a}, g -> {
            if (GradMode.isEnabled()) return new Tensor[] {g.mul(normalCdf(a).add(a.mul(normalPdf(a))))};
            float[] gd = g.data();
            float[] r = Buffers.uninitialized(gd.length);
            for (int i = 0; i < r.length; i++) {
                double v = x[i];
                r[i] = (float) (gd[i] * (normalCdf(v) + v * INV_SQRT_2PI * Math.exp(-0.5 * v * v)));
            }
            return new Tensor[] {Tensor.of(r, a.shape())};
        });
    }

    // standard normal CDF Phi(x) = (1 + erf(x / sqrt 2)) / 2;  d/dx = phi(x)
    public static Tensor normalCdf(Tensor a) {
        Tensor out = Elementwise.unary(a, v -> (float) normalCdf(v));
        return Tensor.record(out, "normal_cdf", new Tensor[] {a}, g -> new Tensor[] {g.mul(normalPdf(a))});
    }

    /** phi(x) = e^(-x^2/2) / sqrt(2 pi), composed of differentiable ops. */
    public static Tensor normalPdf(Tensor a) {
        return a.square().mul(-0.5f).exp().mul((float) INV_SQRT_2PI);
    }

    public static double normalCdf(double x) {
        return 0.5 * (1 + erf(x * SQRT_HALF));
    }

    /**
     * The error function in double precision (absolute error below 1e-15, checked against
     * tabulated values in the tests and against C's erf while choosing the split). For {@code |x| < 2} the
     * Maclaurin series {@code erf x = 2/sqrt(pi) sum (-1)^n x^(2n+1) / (n! (2n+1))} (at most 60
     * terms; the alternating terms stay below 2.3 there, so cancellation costs under one digit;
     * beyond 2.5 it costs several). For {@code 2 <= |x| <= 6} the
     * Laplace continued fraction {@code erfc x = e^(-x^2)/sqrt(pi) / (x + (1/2)/(x + 1/(x + (3/2)/(x + ...))))}
     * evaluated bottom-up over 60 levels, which converges quickly there (Abramowitz and Stegun 7.1.14).
     */
    public static double erf(double x) {
        if (Double.isNaN(x)) return x;
        double ax = Math.abs(x);
        double r;
        if (ax < 2) {
            double x2 = ax * ax, term = ax, sum = ax;
            for (int n = 1; n < 60; n++) {
                term *= -x2 / n;
                double t = term / (2 * n + 1);
                sum += t;
                if (Math.abs(t) < 1e-17 * Math.abs(sum)) break;
            }
            r = 2 / Math.sqrt(Math.PI) * sum;
        } else if (ax > 6) {
            r = 1; // erfc(6) = 2e-17 is below double resolution at 1
        } else {
            double f = ax;
            for (int k = 60; k >= 1; k--) f = ax + (k / 2.0) / f;
            r = 1 - Math.exp(-ax * ax) / Math.sqrt(Math.PI) / f;
        }
        return x < 0 ? -r : r;
    }
}
