package org.neurite.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/** {@link GateMath} on {@code jdk.incubator.vector}; loaded reflectively. */
final class VectorGateMath implements GateMath.Impl {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    @Override
    public void sigmoid(float[] a, int off, int len) {
        FloatVector one = FloatVector.broadcast(S, 1f);
        int i = 0;
        for (; i <= len - L; i += L) {
            FloatVector e = FloatVector.fromArray(S, a, off + i).neg().lanewise(VectorOperators.EXP);
            one.div(e.add(one)).intoArray(a, off + i);
        }
        for (; i < len; i++) a[off + i] = GateMath.sigmoid(a[off + i]);
    }

    @Override
    public void tanh(float[] src, int srcOff, float[] dst, int dstOff, int len) {
        int i = 0;
        for (; i <= len - L; i += L) {
            FloatVector.fromArray(S, src, srcOff + i).lanewise(VectorOperators.TANH).intoArray(dst, dstOff + i);
        }
        for (; i < len; i++) dst[dstOff + i] = (float) Math.tanh(src[srcOff + i]);
    }
}
