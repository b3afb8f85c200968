package org.neurite.kernel;

/**
 * In-place sigmoid and tanh over float ranges, the transcendental part of recurrent gates and fused
 * activations. exp is computed by one fixed recipe (Cephes' expf: round x*log2(e) to k, reduce,
 * degree-6 polynomial, scale by 2^k) made only of IEEE additions, multiplications and fused
 * multiply-adds. Those are exact operations, so the Vector API version ({@link VectorGateMath},
 * loaded reflectively) and the scalar one below give the same bits, before and after the JIT
 * compiles them. (The Vector API's own EXP/TANH call SVML once compiled and Math.exp before,
 * which differ in the last bit: results then depended on JIT timing.) Accuracy: about 2 ulp.
 */
public final class GateMath {
    /** One implementation of the two range operations. */
    interface Impl {
        void sigmoid(float[] a, int off, int len);

        void tanh(float[] src, int srcOff, float[] dst, int dstOff, int len);
    }

    static final float EXP_HI = 88.3762626647949f;
    static final float EXP_LO = -87.3365447504019f;
    static final float LOG2E = 1.44269504088896341f;
    static final float LN2_HI = 0.693359375f;
    static final float LN2_LO = -2.12194440e-4f;
    /** 1.5 * 2^23: adding and subtracting it rounds a float to the nearest integer. */
    static final float ROUND = 12582912f;
    static final float P0 = 1.9875691500E-4f, P1 = 1.3981999507E-3f, P2 = 8.3334519073E-3f,
            P3 = 4.1665795894E-2f, P4 = 1.6666665459E-1f, P5 = 5.0000001201E-1f;
    /** Below this |x|, tanh uses its odd polynomial (1 - 2/(e^2x + 1) would cancel). */
    static final float TANH_SMALL = 0.625f;
    static final float T0 = -5.70498872745E-3f, T1 = 2.06390887954E-2f, T2 = -5.37397155531E-2f,
            T3 = 1.33314422036E-1f, T4 = -3.33332819422E-1f;

    private static final Impl IMPL = choose();

    private GateMath() {}

    private static Impl choose() {
        Impl v = VectorKernels.load("VectorGateMath", Impl.class);
        return v != null ? v : new Scalar();
    }

    /** a[off, off+len) = 1 / (1 + exp(-a)). */
    public static void sigmoid(float[] a, int off, int len) {
        IMPL.sigmoid(a, off, len);
    }

    /** dst[dstOff + i] = tanh(src[srcOff + i]) for i &lt; len (src and dst may be the same range). */
    public static void tanh(float[] src, int srcOff, float[] dst, int dstOff, int len) {
        IMPL.tanh(src, srcOff, dst, dstOff, len);
    }

    /** exp(x) by the fixed recipe (clamped to the float range). */
    public static float exp(float x) {
        x = Math.min(Math.max(x, EXP_LO), EXP_HI);
        float kr = x * LOG2E + ROUND;
        float k = kr - ROUND;
        float r = Math.fma(k, -LN2_HI, x);
        r = Math.fma(k, -LN2_LO, r);
        float p = Math.fma(P0, r, P1);
        p = Math.fma(p, r, P2);
        p = Math.fma(p, r, P3);
        p = Math.fma(p, r, P4);
        p = Math.fma(p, r, P5);
        p = Math.fma(p, r * r, r + 1f);
        // the integer k sits in the low mantissa bits of k + ROUND
        return p * Float.intBitsToFloat((Float.floatToRawIntBits(kr) - Float.floatToRawIntBits(ROUND) + 127) << 23);
    }

    public static float sigmoid(float x) {
        return 1f / (1f + exp(-x));
    }

    public static float tanh(float x) {
        float ax = Math.abs(x);
        float z = x * x;
        float small = Math.fma(Math.fma(Math.fma(Math.fma(Math.fma(T0, z, T1), z, T2), z, T3), z, T4), z * x, x);
        float large = 1f - 2f / (exp(2f * ax) + 1f);
        return ax < TANH_SMALL ? small : Math.copySign(large, x);
    }

    static final class Scalar implements Impl {
        @Override
        public void sigmoid(float[] a, int off, int len) {
            for (int i = off; i < off + len; i++) a[i] = GateMath.sigmoid(a[i]);
        }

        @Override
        public void tanh(float[] src, int srcOff, float[] dst, int dstOff, int len) {
            for (int i = 0; i < len; i++) dst[dstOff + i] = GateMath.tanh(src[srcOff + i]);
        }
    }
}
