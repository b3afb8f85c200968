package org.neurite.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/** {@link Pointwise} on the Vector API; loaded only when jdk.incubator.vector is available. */
final class VectorPointwise implements Pointwise.Impl {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    @Override
    public void relu(float[] src, float[] dst, int from, int to) {
        FloatVector zero = FloatVector.zero(S);
        int i = from;
        for (int upper = from + S.loopBound(to - from); i < upper; i += S.length()) {
            FloatVector x = FloatVector.fromArray(S, src, i);
            // keep x where x > 0 or x is NaN (max would also keep NaN, but -0.0 must become +0.0)
            x.blend(zero, x.compare(VectorOperators.LE, zero)).intoArray(dst, i);
        }
        for (; i < to; i++) dst[i] = src[i] > 0f || src[i] != src[i] ? src[i] : 0f;
    }

    @Override
    public void reluBackward(float[] g, float[] y, float[] dst, int from, int to) {
        FloatVector zero = FloatVector.zero(S);
        int i = from;
        for (int upper = from + S.loopBound(to - from); i < upper; i += S.length()) {
            VectorMask<Float> positive = FloatVector.fromArray(S, y, i).compare(VectorOperators.GT, zero);
            zero.blend(FloatVector.fromArray(S, g, i), positive).intoArray(dst, i);
        }
        for (; i < to; i++) dst[i] = y[i] > 0f ? g[i] : 0f;
    }

    @Override
    public void addTo(float[] dst, int d, float[] src, int s, int len) {
        int k = 0;
        for (int upper = S.loopBound(len); k < upper; k += S.length()) {
            FloatVector.fromArray(S, dst, d + k).add(FloatVector.fromArray(S, src, s + k)).intoArray(dst, d + k);
        }
        for (; k < len; k++) dst[d + k] += src[s + k];
    }
}
