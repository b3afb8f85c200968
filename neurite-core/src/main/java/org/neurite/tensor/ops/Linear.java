package org.neurite.tensor.ops;

import org.neurite.autograd.GradMode;
import org.neurite.kernel.Buffers;
import org.neurite.kernel.Gemm;
import org.neurite.kernel.BiasKernels;
import java.util.List;
import org.neurite.tensor.Shape;
import org.neurite.tensor.Tensor;

/**
 * A dense layer's whole computation as one op: y = act(x W + b), x (M, K), W (K, N), b (N) or null.
 * The bias is written into the output before the GEMM accumulates onto it, and the activation is
 * applied in the same array, so the forward pass makes one array instead of three. Backward from
 * the output: dz = g * act'(y); dx = dz W^T, dW = x^T dz (GEMM transpose flags), db = column sums.
 */
public final class Linear {
    private Linear() {}

    /** act(x W + b) from primitive ops: the reference of {@link #apply}. */
    public static Tensor reference(Tensor x, Tensor w, Tensor b, PointwiseActivation act) {
        Tensor z = x.matmul(w);
        return act.apply(b == null ? z : z.add(b));
    }

    /** The dense op and its reference on a (3, 4) x (4, 5) product, for every fused activation. */
    static final List<FusedPair> PAIRS = java.util.Arrays.stream(PointwiseActivation.values())
            .map(act -> FusedPair.of("linear_" + act.name().toLowerCase(), in -> apply(in[0], in[1], in[2], act),
                    in -> reference(in[0], in[1], in[2], act), Shape.of(3, 4), Shape.of(4, 5), Shape.of(5)))
            .toList();

    public static Tensor apply(Tensor x, Tensor w, Tensor b, PointwiseActivation act) {
        if (x.rank() != 2 || w.rank() != 2 || x.dim(1) != w.dim(0)) {
            throw new IllegalArgumentException("linear: input " + x.shape() + " and kernel " + w.shape() + " do not fit (expected (M, K) and (K, N))");
        }
        int m = x.dim(0), k = x.dim(1), n = w.dim(1);
        if (b != null && (b.rank() != 1 || b.dim(0) != n)) {
            throw new IllegalArgumentException("linear: bias " + b.shape() + " does not match kernel " + w.shape());
        }
        float[] y = Buffers.uninitialized(m * n);
        if (b != null) BiasKernels.fillRows(b.data(), y, m, n);
        Gemm.sgemm(false, false, m, n, k, x.data(), 0, k, w.data(), 0, n, y, 0, n, b != null);
        act.kernel.applyInPlace(y);
        Tensor out = Tensor.of(y, m, n);
        Tensor[] inputs = b == null ? new Tensor[] {x, w} : new Tensor[] {x, w, b};
        return Tensor.record(out, "linear_" + act.name().toLowerCase(), inputs, g -> {
            if (GradMode.isEnabled()) return FusedPair.gradientsByReference(inputs, g, in -> reference(in[0], in[1], in.length > 2 ? in[2] : null, act));
            float[] dz;
            if (act == PointwiseActivation.LINEAR) {
                dz = g.data();
            } else {
                dz = Buffers.uninitialized(y.length);
                act.kernel.backward(g.data(), y, dz, 0, dz.length);
            }
            Tensor gx = null, gw = null, gb = null;
            if (x.requiresGrad()) {
                float[] r = Buffers.uninitialized(m * k);
                Gemm.sgemm(false, true, m, k, n, dz, 0, n, w.data(), 0, n, r, 0, k, false);
                gx = Tensor.of(r, m, k);
            }
            if (w.requiresGrad()) {
                float[] r = Buffers.uninitialized(k * n);
                Gemm.sgemm(true, false, k, n, m, x.data(), 0, k, dz, 0, n, r, 0, n, false);
                gw = Tensor.of(r, k, n);
            }
            if (b != null && b.requiresGrad()) gb = BiasActivation.columnSums(Tensor.of(dz, m, n), n);
            return new Tensor[] {gx, gw, gb};
        });
    }
}
