package org.neurite.kernel;

import static org.neurite.kernel.GateMath.*;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/** {@link GateMath} on {@code jdk.incubator.vector}, lane for lane the scalar recipe; loaded reflectively. */
final class VectorGateMath implements GateMath.Impl {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    private static final int ROUND_BITS = Float.floatToRawIntBits(ROUND);

    static FloatVector exp(FloatVector x) {
        x = x.max(EXP_LO).min(EXP_HI);
        FloatVector kr = x.mul(LOG2E).add(ROUND);
        FloatVector k = kr.sub(ROUND);
        FloatVector r = k.fma(FloatVector.broadcast(S, -LN2_HI), x);
        r = k.fma(FloatVector.broadcast(S, -LN2_LO), r);
        FloatVector p = FloatVector.broadcast(S, P0).fma(r, FloatVector.broadcast(S, P1));
        p = p.fma(r, FloatVector.broadcast(S, P2));
        p = p.fma(r, FloatVector.broadcast(S, P3));
        p = p.fma(r, FloatVector.broadcast(S, P4));
        p = p.fma(r, FloatVector.broadcast(S, P5));
        p = p.fma(r.mul(r), r.add(1f));
        // k as an int from the bits of k + ROUND (a reinterpretation, not a conversion: F2I is not intrinsic everywhere)
        IntVector bits = ((IntVector) kr.reinterpretAsInts()).sub(ROUND_BITS - 127).lanewise(VectorOperators.LSHL, 23);
        return p.mul(bits.reinterpretAsFloats());
    }

    @Override
    public void sigmoid(float[] a, int off, int len) {
        FloatVector one = FloatVector.broadcast(S, 1f);
        int i = 0;
        for (; i <= len - L; i += L) {
            FloatVector e = exp(FloatVector.fromArray(S, a, off + i).neg());
            one.div(e.add(one)).intoArray(a, off + i);
        }
        for (; i < len; i++) a[off + i] = GateMath.sigmoid(a[off + i]);
    }

    @Override
    public void tanh(float[] src, int srcOff, float[] dst, int dstOff, int len) {
        int i = 0;
        for (; i <= len - L; i += L) {
            FloatVector x = FloatVector.fromArray(S, src, srcOff + i);
            FloatVector ax = x.abs();
            FloatVector z = x.mul(x);
            FloatVector small = FloatVector.broadcast(S, T0).fma(z, FloatVector.broadcast(S, T1))
                    .fma(z, FloatVector.broadcast(S, T2)).fma(z, FloatVector.broadcast(S, T3))
                    .fma(z, FloatVector.broadcast(S, T4)).fma(z.mul(x), x);
            FloatVector large = FloatVector.broadcast(S, 1f).sub(FloatVector.broadcast(S, 2f).div(exp(ax.mul(2f)).add(1f)));
            // copySign(large, x); large is only used where |x| >= TANH_SMALL, so x is not a zero there
            large = large.blend(large.neg(), x.compare(VectorOperators.LT, 0f));
            small.blend(large, ax.compare(VectorOperators.GE, TANH_SMALL)).intoArray(dst, dstOff + i);
        }
        for (; i < len; i++) dst[dstOff + i] = GateMath.tanh(src[srcOff + i]);
    }
}
