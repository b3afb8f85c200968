package org.neurite.kernel;

import static org.neurite.kernel.GateMath.*;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link GateMath} on {@code jdk.incubator.vector}, lane for lane the scalar recipe; loaded reflectively.
 *
 * <p>No method here passes or returns a vector: when C2 does not inline such a helper (it will not
 * once the helper was compiled on its own into large code, which depends on JIT timing) every
 * vector is boxed into a heap object, which made the LSTM allocate 20-30 MB per training step and
 * run slower. The same happened when a method held too many vector operations (C2's node budget
 * ran out and the remaining intrinsics failed). So exp works on an array range, and sigmoid and
 * tanh make short passes around it over the (L1-resident) ranges, each pass its own small method.
 */
final class VectorGateMath implements GateMath.Impl {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    private static final int ROUND_BITS = Float.floatToRawIntBits(ROUND);
    private static final int SIGN_BIT = 0x80000000;
    private static final int SMALL_BITS = Float.floatToRawIntBits(TANH_SMALL);
    /** Scratch per thread for tanh's exp(2|x|) (ranges are one gate of one row, a few hundred floats). */
    private static final ThreadLocal<float[][]> SCRATCH = ThreadLocal.withInitial(() -> new float[1][0]);

    /** a[off, off+len) = exp(a) by the fixed recipe, vector lanes and scalar tail alike. */
    private static void exp(float[] a, int off, int len) {
        int i = 0;
        for (; i <= len - L; i += L) {
            FloatVector x = FloatVector.fromArray(S, a, off + i).max(EXP_LO).min(EXP_HI);
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
            p.mul(bits.reinterpretAsFloats()).intoArray(a, off + i);
        }
        for (; i < len; i++) a[off + i] = GateMath.exp(a[off + i]);
    }

    @Override
    public void sigmoid(float[] a, int off, int len) {
        int i = 0;
        for (; i <= len - L; i += L) FloatVector.fromArray(S, a, off + i).neg().intoArray(a, off + i);
        for (; i < len; i++) a[off + i] = -a[off + i];
        exp(a, off, len);
        FloatVector one = FloatVector.broadcast(S, 1f);
        i = 0;
        for (; i <= len - L; i += L) one.div(FloatVector.fromArray(S, a, off + i).add(one)).intoArray(a, off + i);
        for (; i < len; i++) a[off + i] = 1f / (1f + a[off + i]);
    }

    @Override
    public void tanh(float[] src, int srcOff, float[] dst, int dstOff, int len) {
        float[][] holder = SCRATCH.get();
        if (holder[0].length < len) holder[0] = new float[len];
        float[] e = holder[0];
        twiceAbs(src, srcOff, e, len);
        exp(e, 0, len);                       // exp(2|x|)
        signedLarge(src, srcOff, e, len);     // copySign(1 - 2 / (exp(2|x|) + 1), x)
        smallOrLarge(src, srcOff, e, dst, dstOff, len);
    }

    private static void twiceAbs(float[] src, int srcOff, float[] e, int len) {
        int i = 0;
        for (; i <= len - L; i += L) FloatVector.fromArray(S, src, srcOff + i).abs().mul(2f).intoArray(e, i);
        for (; i < len; i++) e[i] = Math.abs(src[srcOff + i]) * 2f;
    }

    /** e = copySign(1 - 2 / (e + 1), x): e >= 1, so the value is >= 0 and the sign is x's sign bit OR-ed in. */
    private static void signedLarge(float[] src, int srcOff, float[] e, int len) {
        int i = 0;
        for (; i <= len - L; i += L) {
            FloatVector large = FloatVector.broadcast(S, 1f).sub(FloatVector.broadcast(S, 2f).div(FloatVector.fromArray(S, e, i).add(1f)));
            IntVector sign = ((IntVector) FloatVector.fromArray(S, src, srcOff + i).reinterpretAsInts()).and(SIGN_BIT);
            ((IntVector) large.reinterpretAsInts()).or(sign).reinterpretAsFloats().intoArray(e, i);
        }
        for (; i < len; i++) e[i] = Math.copySign(1f - 2f / (e[i] + 1f), src[srcOff + i]);
    }

    /**
     * dst = |x| < TANH_SMALL ? odd polynomial of x : e. For non-negative floats the comparison is
     * that of their bits; the sign of the difference, spread by an arithmetic shift, is the mask.
     */
    private static void smallOrLarge(float[] src, int srcOff, float[] e, float[] dst, int dstOff, int len) {
        int i = 0;
        for (; i <= len - L; i += L) {
            FloatVector x = FloatVector.fromArray(S, src, srcOff + i);
            FloatVector z = x.mul(x);
            FloatVector small = FloatVector.broadcast(S, T0).fma(z, FloatVector.broadcast(S, T1))
                    .fma(z, FloatVector.broadcast(S, T2)).fma(z, FloatVector.broadcast(S, T3))
                    .fma(z, FloatVector.broadcast(S, T4)).fma(z.mul(x), x);
            IntVector isSmall = ((IntVector) x.abs().reinterpretAsInts()).sub(SMALL_BITS).lanewise(VectorOperators.ASHR, 31);
            IntVector large = (IntVector) FloatVector.fromArray(S, e, i).reinterpretAsInts();
            ((IntVector) small.reinterpretAsInts()).and(isSmall).or(large.and(isSmall.not())).reinterpretAsFloats().intoArray(dst, dstOff + i);
        }
        for (; i < len; i++) {
            float x = src[srcOff + i];
            dst[dstOff + i] = Math.abs(x) < TANH_SMALL ? GateMath.tanh(x) : e[i];
        }
    }
}
