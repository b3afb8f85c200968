package org.neurite.kernel;

/**
 * In-place sigmoid and tanh over float ranges, the transcendental part of the recurrent gates.
 * Uses the Vector API's lanewise EXP / TANH ({@link VectorGateMath}, loaded reflectively; on x86 these
 * are SVML intrinsics, some twenty times faster than {@code Math.exp} per element) and falls back to
 * scalar double-precision code when the incubator module is absent. Both agree with the exact
 * functions to about 1e-7.
 */
public final class GateMath {
    /** One implementation of the two range operations. */
    interface Impl {
        void sigmoid(float[] a, int off, int len);

        void tanh(float[] src, int srcOff, float[] dst, int dstOff, int len);
    }

    private static final Impl IMPL = choose();

    private GateMath() {}

    private static Impl choose() {
        if (!Boolean.getBoolean("neurite.noVector")) {
            try {
                Class<?> k = Class.forName("org.neurite.kernel.VectorGateMath");
                return (Impl) k.getDeclaredConstructor().newInstance();
            } catch (Throwable e) {
                // jdk.incubator.vector not resolved: scalar code below
            }
        }
        return new Scalar();
    }

    /** a[off, off+len) = 1 / (1 + exp(-a)). */
    public static void sigmoid(float[] a, int off, int len) {
        IMPL.sigmoid(a, off, len);
    }

    /** dst[dstOff + i] = tanh(src[srcOff + i]) for i &lt; len (src and dst may be the same range). */
    public static void tanh(float[] src, int srcOff, float[] dst, int dstOff, int len) {
        IMPL.tanh(src, srcOff, dst, dstOff, len);
    }

    public static float sigmoid(float x) {
        return (float) (1.0 / (1.0 + Math.exp(-x)));
    }

    public static float tanh(float x) {
        return (float) Math.tanh(x);
    }

    static final class Scalar implements Impl {
        @Override
        public void sigmoid(float[] a, int off, int len) {
            for (int i = off; i < off + len; i++) a[i] = GateMath.sigmoid(a[i]);
        }

        @Override
        public void tanh(float[] src, int srcOff, float[] dst, int dstOff, int len) {
            for (int i = 0; i < len; i++) dst[dstOff + i] = (float) Math.tanh(src[srcOff + i]);
        }
    }
}
