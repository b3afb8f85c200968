package org.neurite.kernel;

/**
 * Elementwise loops that the JIT does not vectorise by itself because they select between values
 * (ReLU and its derivative): written with the Vector API ({@link VectorPointwise}, loaded
 * reflectively) with a scalar fallback when the incubator module is absent. Both give the same
 * bits: max and select are exact.
 */
public final class Pointwise {
    /** One implementation of the range operations. */
    interface Impl {
        void relu(float[] src, float[] dst, int from, int to);

        void reluBackward(float[] g, float[] y, float[] dst, int from, int to);

        void addTo(float[] dst, int d, float[] src, int s, int len);
    }

    private static final Impl IMPL = choose();

    private Pointwise() {}

    private static Impl choose() {
        Impl v = VectorKernels.load("VectorPointwise", Impl.class);
        return v != null ? v : new Scalar();
    }

    /** dst[i] = max(src[i], 0) for i in [from, to); NaN stays NaN (src and dst may be the same array). */
    public static void relu(float[] src, float[] dst, int from, int to) {
        IMPL.relu(src, dst, from, to);
    }

    /** dst[i] = y[i] &gt; 0 ? g[i] : 0 for i in [from, to): the ReLU derivative taken at the input or output y. */
    public static void reluBackward(float[] g, float[] y, float[] dst, int from, int to) {
        IMPL.reluBackward(g, y, dst, from, to);
    }

    /** dst[d + k] += src[s + k] for k in [0, len): one addition per element, so any implementation gives the same bits. */
    public static void addTo(float[] dst, int d, float[] src, int s, int len) {
        IMPL.addTo(dst, d, src, s, len);
    }

    static final class Scalar implements Impl {
        @Override
        public void addTo(float[] dst, int d, float[] src, int s, int len) {
            for (int k = 0; k < len; k++) dst[d + k] += src[s + k];
        }

        @Override
        public void relu(float[] src, float[] dst, int from, int to) {
            for (int i = from; i < to; i++) dst[i] = src[i] > 0f || src[i] != src[i] ? src[i] : 0f;
        }

        @Override
        public void reluBackward(float[] g, float[] y, float[] dst, int from, int to) {
            for (int i = from; i < to; i++) dst[i] = y[i] > 0f ? g[i] : 0f;
        }
    }
}
