package org.neurite.tensor.ops;

import java.util.List;
import org.neurite.autograd.GradMode;
import org.neurite.kernel.Buffers;
import org.neurite.kernel.RecurrentKernels;
import org.neurite.tensor.Shape;
import org.neurite.tensor.Tensor;

/**
 * Whole-sequence LSTM, GRU and SimpleRNN as single fused ops (tanh / sigmoid activations), the
 * fast path of the recurrent layers; the loops are {@link RecurrentKernels}'. The input projection
 * {@code x W + b} for all steps is one matmul done by the caller.
 *
 * <p>Shapes: {@code xProj (N, T, k*u)} (k = 4 LSTM, 3 GRU, 1 RNN), recurrent kernel {@code (u, k*u)},
 * states {@code (N, u)}. Results use the packed layouts of {@link RecurrentCells}, whose composite
 * formulas these ops equal; when a backward pass is itself recorded (gradients of gradients) the
 * backward recomputes the composite version and differentiates it.
 */
public final class RecurrentSequences {
    private RecurrentSequences() {}

    /** The fused sequences and their step-by-step references on small examples (u = 3, T = 4, N = 2). */
    static final List<FusedPair> PAIRS = List.of(
            FusedPair.of("lstm", in -> lstm(in[0], in[1], in[2], in[3], false), in -> lstmReference(in[0], in[1], in[2], in[3], false),
                    Shape.of(2, 4, 12), Shape.of(3, 12), Shape.of(2, 3), Shape.of(2, 3)),
            FusedPair.of("lstm_reverse", in -> lstm(in[0], in[1], in[2], in[3], true), in -> lstmReference(in[0], in[1], in[2], in[3], true),
                    Shape.of(2, 4, 12), Shape.of(3, 12), Shape.of(2, 3), Shape.of(2, 3)),
            FusedPair.of("gru", in -> gru(in[0], in[1], in[2], in[3], false), in -> gruReference(in[0], in[1], in[2], in[3], false),
                    Shape.of(2, 4, 9), Shape.of(3, 9), Shape.of(9), Shape.of(2, 3)),
            FusedPair.of("simple_rnn", in -> rnn(in[0], in[1], in[2], true), in -> rnnReference(in[0], in[1], in[2], true),
                    Shape.of(2, 4, 3), Shape.of(3, 3), Shape.of(2, 3)));

    /** The LSTM as cells of primitive ops (the reference of {@link #lstm}). */
    public static Tensor lstmReference(Tensor xProj, Tensor kernel, Tensor h0, Tensor c0, boolean reverse) {
        return RecurrentCells.lstmSequence(xProj, kernel, h0, c0, reverse, Tensor::tanh, Tensor::sigmoid);
    }

    /** The GRU as cells of primitive ops (the reference of {@link #gru}). */
    public static Tensor gruReference(Tensor xProj, Tensor kernel, Tensor recurrentBias, Tensor h0, boolean reverse) {
        return RecurrentCells.gruSequence(xProj, kernel, recurrentBias, h0, reverse, Tensor::tanh, Tensor::sigmoid);
    }

    /** The SimpleRNN as cells of primitive ops (the reference of {@link #rnn}). */
    public static Tensor rnnReference(Tensor xProj, Tensor kernel, Tensor h0, boolean reverse) {
        return RecurrentCells.rnnSequence(xProj, kernel, h0, reverse, Tensor::tanh);
    }

    /** LSTM with sigmoid gates and tanh cell activation. Returns the packed (N, T+1, u): [:, s] = h after step s, [:, T] = final c. */
    public static Tensor lstm(Tensor xProj, Tensor kernel, Tensor h0, Tensor c0, boolean reverse) {
        int n = xProj.dim(0), steps = xProj.dim(1), units = kernel.dim(0), w = 4 * units;
        float[] z = RecurrentKernels.stepOrdered(xProj.data(), n, steps, w, reverse); // pre-activations, then gate values
        float[] out = Buffers.floats(n * (steps + 1) * units);
        float[] cs = Buffers.floats(n * steps * units);   // c after each step
        float[] tcs = Buffers.floats(n * steps * units);  // tanh(c)
        RecurrentKernels.lstmForward(z, kernel.data(), h0.data(), c0.data(), n, steps, units, out, cs, tcs);
        Tensor[] inputs = {xProj, kernel, h0, c0};
        return Tensor.record(Tensor.of(out, n, steps + 1, units), "lstm", inputs, g -> {
            if (GradMode.isEnabled()) {
                return FusedPair.gradientsByReference(inputs, g, in -> lstmReference(in[0], in[1], in[2], in[3], reverse));
            }
            float[] dz = Buffers.floats(z.length);
            float[] dh = Buffers.floats(n * units);
            float[] dc = Buffers.floats(n * units);
            RecurrentKernels.lstmBackward(g.data(), z, cs, tcs, kernel.data(), c0.data(), n, steps, units, dz, dh, dc);
            return new Tensor[] {
                xProj.requiresGrad() ? Tensor.of(RecurrentKernels.stepOrdered(dz, n, steps, w, reverse), xProj.shape()) : null,
                kernel.requiresGrad() ? Tensor.of(RecurrentKernels.recurrentKernelGrad(h0.data(), out, n, steps, units, steps + 1, dz, w), units, w) : null,
                h0.requiresGrad() ? Tensor.of(dh, n, units) : null,
                c0.requiresGrad() ? Tensor.of(dc, n, units) : null};
        });
    }

    /**
     * GRU in Keras' {@code reset_after=True} form (PyTorch's nn.GRU), sigmoid gates and tanh
     * candidate; {@code recurrentBias (3u)} may be null. Returns (N, T, u).
     */
    public static Tensor gru(Tensor xProj, Tensor kernel, Tensor recurrentBias, Tensor h0, boolean reverse) {
        int n = xProj.dim(0), steps = xProj.dim(1), units = kernel.dim(0), w = 3 * units;
        Tensor bias = recurrentBias == null ? Tensor.zeros(w) : recurrentBias; // the tape cannot hold null inputs
        float[] x = RecurrentKernels.stepOrdered(xProj.data(), n, steps, w, reverse); // becomes gate values z, r, hh
        float[] out = Buffers.floats(n * steps * units);
        float[] rh = Buffers.floats(n * steps * units); // h U_h + b_h (what r multiplies)
        RecurrentKernels.gruForward(x, kernel.data(), bias.data(), h0.data(), n, steps, units, out, rh);
        Tensor[] inputs = {xProj, kernel, bias, h0};
        return Tensor.record(Tensor.of(out, n, steps, units), "gru", inputs, g -> {
            if (GradMode.isEnabled()) {
                return FusedPair.gradientsByReference(inputs, g, in -> gruReference(in[0], in[1], in[2], in[3], reverse));
            }
            float[] dx = Buffers.floats(x.length);  // gradient of the input projection, step-ordered
            float[] dr = Buffers.floats(x.length);  // gradient of h U + rb, step-ordered
            float[] dh = Buffers.floats(n * units);
            RecurrentKernels.gruBackward(g.data(), x, out, rh, kernel.data(), h0.data(), n, steps, units, dx, dr, dh);
            return new Tensor[] {
                xProj.requiresGrad() ? Tensor.of(RecurrentKernels.stepOrdered(dx, n, steps, w, reverse), xProj.shape()) : null,
                kernel.requiresGrad() ? Tensor.of(RecurrentKernels.recurrentKernelGrad(h0.data(), out, n, steps, units, steps, dr, w), units, w) : null,
                bias.requiresGrad() ? Tensor.of(RecurrentKernels.rowSums(dr, w), bias.shape()) : null,
                h0.requiresGrad() ? Tensor.of(dh, n, units) : null};
        });
    }

    /** x[:, T-1-t] for a (N, T, ...) tensor; its own backward. */
    public static Tensor reverseTime(Tensor a) {
        int n = a.dim(0), steps = a.dim(1), width = a.size() / Math.max(1, n * steps);
        Tensor out = Tensor.of(RecurrentKernels.stepOrdered(a.data(), n, steps, width, true), a.shape());
        return Tensor.record(out, "reverse_time", new Tensor[] {a}, g -> new Tensor[] {reverseTime(g)});
    }

    /** SimpleRNN with tanh: h' = tanh(x_t W + b + h U). Returns (N, T, u). */
    public static Tensor rnn(Tensor xProj, Tensor kernel, Tensor h0, boolean reverse) {
        int n = xProj.dim(0), steps = xProj.dim(1), units = kernel.dim(0);
        float[] out = RecurrentKernels.stepOrdered(xProj.data(), n, steps, units, reverse); // pre-activation, then h in place
        RecurrentKernels.rnnForward(out, kernel.data(), h0.data(), n, steps, units);
        Tensor[] inputs = {xProj, kernel, h0};
        return Tensor.record(Tensor.of(out, n, steps, units), "simple_rnn", inputs, g -> {
            if (GradMode.isEnabled()) {
                return FusedPair.gradientsByReference(inputs, g, in -> rnnReference(in[0], in[1], in[2], reverse));
            }
            float[] da = Buffers.floats(out.length);
            float[] dh = Buffers.floats(n * units);
            RecurrentKernels.rnnBackward(g.data(), out, kernel.data(), n, steps, units, da, dh);
            return new Tensor[] {
                xProj.requiresGrad() ? Tensor.of(RecurrentKernels.stepOrdered(da, n, steps, units, reverse), xProj.shape()) : null,
                kernel.requiresGrad() ? Tensor.of(RecurrentKernels.recurrentKernelGrad(h0.data(), out, n, steps, units, steps, da, units), units, units) : null,
                h0.requiresGrad() ? Tensor.of(dh, n, units) : null};
        });
    }
}
