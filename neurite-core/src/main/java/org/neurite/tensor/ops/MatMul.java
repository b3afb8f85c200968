package org.neurite.tensor.ops;

import java.util.Arrays;
import org.neurite.autograd.GradMode;
import org.neurite.kernel.Buffers;
import org.neurite.kernel.Gemm;
import org.neurite.tensor.Shape;
import org.neurite.tensor.Tensor;

/**
 * Matrix product with numpy.matmul semantics: 1-d operands are promoted to matrices and the extra
 * axis removed again; leading axes are batch axes and broadcast. Gradients: dA = G B^T, dB = A^T G.
 */
public final class MatMul {
    private MatMul() {}

    public static Tensor matmul(Tensor a, Tensor b) {
        if (a.rank() == 0 || b.rank() == 0) {
            throw new IllegalArgumentException("matmul: operands must have at least one dimension, got " + a.shape() + " and " + b.shape());
        }
        if (a.rank() == 1) return matmul(a.unsqueeze(0), b).squeeze(-2);
        if (b.rank() == 1) return matmul(a, b.unsqueeze(-1)).squeeze(-1);
        int k = a.shape().dim(-1);
        if (b.shape().dim(-2) != k) {
            throw new IllegalArgumentException("matmul: inner dimensions differ: " + a.shape() + " @ " + b.shape() + " (" + k + " vs " + b.shape().dim(-2) + ")");
        }
        if (b.rank() == 2 && a.rank() > 2) {
            // (..., m, k) @ (k, n): one big product over all leading rows
            int[] outDims = a.shape().dims();
            outDims[outDims.length - 1] = b.shape().dim(1);
            return matmul2d(a.reshape(-1, k), b).reshape(outDims);
        }
        if (a.rank() == 2 && b.rank() == 2) return matmul2d(a, b);
        Shape batchA = Shape.of(Arrays.copyOf(a.shape().dims(), a.rank() - 2));
        Shape batchB = Shape.of(Arrays.copyOf(b.shape().dims(), b.rank() - 2));
        Shape batch = Shape.broadcast(batchA, batchB);
        Tensor ab = a.broadcastTo(withMatrix(batch, a.shape().dim(-2), k));
        Tensor bb = b.broadcastTo(withMatrix(batch, k, b.shape().dim(-1)));
        return batched(ab, bb);
    }

    private static Shape withMatrix(Shape batch, int rows, int cols) {
        int[] d = Arrays.copyOf(batch.dims(), batch.rank() + 2);
        d[batch.rank()] = rows;
        d[batch.rank() + 1] = cols;
        return Shape.of(d);
    }

    private static Tensor matmul2d(Tensor a, Tensor b) {
        int m = a.shape().dim(0), k = a.shape().dim(1), n = b.shape().dim(1);
        float[] c = Buffers.uninitialized(m * n);
        Gemm.sgemm(false, false, m, n, k, a.data(), 0, k, b.data(), 0, n, c, 0, n, false);
        Tensor out = Tensor.of(c, m, n);
        return Tensor.record(out, "matmul", new Tensor[] {a, b}, g -> {
            if (GradMode.isEnabled()) {
                return new Tensor[] {a.requiresGrad() ? g.matmul(b.t()) : null, b.requiresGrad() ? a.t().matmul(g) : null};
            }
            // First-order fast path: the transposes are GEMM flags, not copies.
            float[] gd = g.data();
            Tensor ga = null, gb = null;
            if (a.requiresGrad()) {
                float[] r = Buffers.uninitialized(m * k);
                Gemm.sgemm(false, true, m, k, n, gd, 0, n, b.data(), 0, n, r, 0, k, false);
                ga = Tensor.of(r, m, k);
            }
            if (b.requiresGrad()) {
                float[] r = Buffers.uninitialized(k * n);
                Gemm.sgemm(true, false, k, n, m, a.data(), 0, k, gd, 0, n, r, 0, n, false);
                gb = Tensor.of(r, k, n);
            }
            return new Tensor[] {ga, gb};
        });
    }

    private static Tensor batched(Tensor a, Tensor b) {
        int r = a.rank();
        int m = a.shape().dim(-2), k = a.shape().dim(-1), n = b.shape().dim(-1);
        int batches = a.shape().sizeBetween(0, r - 2);
        int[] outDims = a.shape().dims();
        outDims[r - 1] = n;
        float[] c = Buffers.uninitialized(batches * m * n);
        for (int i = 0; i < batches; i++) {
            Gemm.sgemm(false, false, m, n, k, a.data(), i * m * k, k, b.data(), i * k * n, n, c, i * m * n, n, false);
        }
        Tensor out = Tensor.of(c, outDims);
        return Tensor.record(out, "matmul", new Tensor[] {a, b}, g -> new Tensor[] {
            a.requiresGrad() ? g.matmul(b.transpose(-1, -2)) : null,
            b.requiresGrad() ? a.transpose(-1, -2).matmul(g) : null});
    }
}
