package org.neurite.tensor.ops;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.neurite.tensor.Tensor;

/**
 * One time step of the recurrent cells, written with ordinary differentiable tensor ops, and whole
 * sequences built from them. This is the readable reference of the formulas, the path used for
 * activations the fused ops do not cover, and the way the fused ops' backward is differentiated
 * again (gradients of gradients). Keras gate layout in every weight: LSTM {@code [i | f | c | o]},
 * GRU {@code [z | r | h]}.
 *
 * <p>Sequence results use the "packed" layout of the fused ops: LSTM {@code (N, T+1, u)} with the
 * hidden state after step s at {@code [:, s]} and the final cell state at {@code [:, T]};
 * GRU and SimpleRNN {@code (N, T, u)}. With {@code reverse} the input is read from the last step
 * to the first and outputs are in processing order (Keras' {@code go_backwards}).
 */
public final class RecurrentCells {
    private RecurrentCells() {}

    /**
     * LSTM step. {@code zx} (N, 4u): input projection {@code x_t W + b}; {@code u} (u, 4u):
     * recurrent kernel. i = ra(z_i), f = ra(z_f), g = act(z_c), o = ra(z_o); c' = f c + i g;
     * h' = o act(c'). Returns {h', c'}.
     */
    public static Tensor[] lstmStep(Tensor zx, Tensor h, Tensor c, Tensor u, UnaryOperator<Tensor> act, UnaryOperator<Tensor> ra) {
        Tensor z = zx.add(h.matmul(u));
        List<Tensor> g = z.split(4, -1);
        Tensor i = ra.apply(g.get(0)), f = ra.apply(g.get(1)), cand = act.apply(g.get(2)), o = ra.apply(g.get(3));
        Tensor c2 = f.mul(c).add(i.mul(cand));
        return new Tensor[] {o.mul(act.apply(c2)), c2};
    }

    /**
     * GRU step, Keras {@code reset_after=True} (= PyTorch nn.GRU). {@code zx} (N, 3u) input
     * projection with input bias; {@code rb} (3u) recurrent bias. r_h = h U + rb;
     * z = ra(zx_z + r_h,z), r = ra(zx_r + r_h,r), hh = act(zx_h + r * r_h,h); h' = z h + (1 - z) hh.
     */
    public static Tensor gruStep(Tensor zx, Tensor h, Tensor u, Tensor rb, UnaryOperator<Tensor> act, UnaryOperator<Tensor> ra) {
        Tensor rh = h.matmul(u);
        if (rb != null) rh = rh.add(rb);
        List<Tensor> x = zx.split(3, -1);
        List<Tensor> r = rh.split(3, -1);
        Tensor zg = ra.apply(x.get(0).add(r.get(0)));
        Tensor rg = ra.apply(x.get(1).add(r.get(1)));
        Tensor hh = act.apply(x.get(2).add(rg.mul(r.get(2))));
        return gruMix(zg, h, hh);
    }

    /**
     * GRU step, Keras {@code reset_after=False} (the original GRU): the reset gate is applied to h
     * before the recurrent product: hh = act(zx_h + (r h) U_h). {@code zx} includes the one bias.
     */
    public static Tensor gruStepResetBefore(Tensor zx, Tensor h, Tensor u, UnaryOperator<Tensor> act, UnaryOperator<Tensor> ra) {
        int units = h.dim(-1);
        List<Tensor> x = zx.split(3, -1);
        Tensor uzr = u.slice(1, 0, 2 * units), uh = u.slice(1, 2 * units, 3 * units);
        List<Tensor> r = h.matmul(uzr).split(2, -1);
        Tensor zg = ra.apply(x.get(0).add(r.get(0)));
        Tensor rg = ra.apply(x.get(1).add(r.get(1)));
        Tensor hh = act.apply(x.get(2).add(rg.mul(h).matmul(uh)));
        return gruMix(zg, h, hh);
    }

    private static Tensor gruMix(Tensor z, Tensor h, Tensor hh) {
        return z.mul(h).add(z.rsub(1f).mul(hh));
    }

    /** SimpleRNN step: h' = act(zx + h U), {@code zx} (N, u) = x_t W + b. */
    public static Tensor rnnStep(Tensor zx, Tensor h, Tensor u, UnaryOperator<Tensor> act) {
        return act.apply(zx.add(h.matmul(u)));
    }

    // ---------------------------------------------------------------- whole sequences (composite)

    /** Step s of a (N, T, k) projection as (N, k), honouring {@code reverse}. */
    static Tensor step(Tensor xProj, int s, boolean reverse) {
        int t = reverse ? xProj.dim(1) - 1 - s : s;
        return xProj.slice(1, t, t + 1).squeeze(1);
    }

    /** LSTM over a sequence; returns the packed (N, T+1, u) tensor (see class comment). */
    public static Tensor lstmSequence(Tensor xProj, Tensor u, Tensor h0, Tensor c0, boolean reverse, UnaryOperator<Tensor> act, UnaryOperator<Tensor> ra) {
        int steps = xProj.dim(1);
        List<Tensor> parts = new ArrayList<>(steps + 1);
        Tensor h = h0, c = c0;
        for (int s = 0; s < steps; s++) {
            Tensor[] hc = lstmStep(step(xProj, s, reverse), h, c, u, act, ra);
            h = hc[0];
            c = hc[1];
            parts.add(h.unsqueeze(1));
        }
        parts.add(c.unsqueeze(1));
        return Tensor.concat(parts, 1);
    }

    /** GRU (reset_after) over a sequence; (N, T, u). */
    public static Tensor gruSequence(Tensor xProj, Tensor u, Tensor rb, Tensor h0, boolean reverse, UnaryOperator<Tensor> act, UnaryOperator<Tensor> ra) {
        List<Tensor> parts = new ArrayList<>();
        Tensor h = h0;
        for (int s = 0; s < xProj.dim(1); s++) {
            h = gruStep(step(xProj, s, reverse), h, u, rb, act, ra);
            parts.add(h.unsqueeze(1));
        }
        return Tensor.concat(parts, 1);
    }

    /** GRU (reset_after=False) over a sequence; (N, T, u). */
    public static Tensor gruSequenceResetBefore(Tensor xProj, Tensor u, Tensor h0, boolean reverse, UnaryOperator<Tensor> act, UnaryOperator<Tensor> ra) {
        List<Tensor> parts = new ArrayList<>();
        Tensor h = h0;
        for (int s = 0; s < xProj.dim(1); s++) {
            h = gruStepResetBefore(step(xProj, s, reverse), h, u, act, ra);
            parts.add(h.unsqueeze(1));
        }
        return Tensor.concat(parts, 1);
    }

    /** SimpleRNN over a sequence; (N, T, u). */
    public static Tensor rnnSequence(Tensor xProj, Tensor u, Tensor h0, boolean reverse, UnaryOperator<Tensor> act) {
        List<Tensor> parts = new ArrayList<>();
        Tensor h = h0;
        for (int s = 0; s < xProj.dim(1); s++) {
            h = rnnStep(step(xProj, s, reverse), h, u, act);
            parts.add(h.unsqueeze(1));
        }
        return Tensor.concat(parts, 1);
    }
}
