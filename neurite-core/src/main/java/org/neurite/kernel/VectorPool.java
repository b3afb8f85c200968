package org.neurite.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * 2x2 stride-2 max pooling rows on the Vector API, for channel counts that are a multiple of the
 * vector length or smaller than it: the same comparisons as {@link Pool2dKernel}'s scalar loop (a
 * later candidate wins when best - v is negative, the value is Math.max), on one vector of channels
 * at a time. Loaded only when jdk.incubator.vector is available.
 */
final class VectorPool implements Pool2dKernel.Max2x2Rows {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Integer> I = VectorSpecies.of(int.class, S.vectorShape());

    @Override
    public int lanes() {
        return S.length();
    }

    @Override
    public void rows(float[] input, float[] out, int[] argmax, int r0, int r1, int outH, int outW, int c, int inH, int rowStride) {
        final int lanes = S.length();
        final int perRow = outW * c;
        final IntVector iota = IntVector.zero(I).addIndex(1);
        for (int r = r0; r < r1; r++) {
            int n = r / outH, oh = r - n * outH;
            int row = (n * inH + 2 * oh) * rowStride;
            int o = r * perRow;
            for (int ow = 0; ow < outW; ow++, row += 2 * c) {
                for (int ch = 0; ch < c; ch += lanes, o += lanes) {
                    int k0 = row + ch;
                    IntVector k = iota.add(k0);
                    FloatVector best = FloatVector.fromArray(S, input, k0);
                    FloatVector v = FloatVector.fromArray(S, input, k0 + c);
                    k = k.blend(iota.add(k0 + c), later(best, v));
                    best = best.lanewise(VectorOperators.MAX, v);
                    int k2 = k0 + rowStride;
                    v = FloatVector.fromArray(S, input, k2);
                    k = k.blend(iota.add(k2), later(best, v));
                    best = best.lanewise(VectorOperators.MAX, v);
                    v = FloatVector.fromArray(S, input, k2 + c);
                    k = k.blend(iota.add(k2 + c), later(best, v));
                    best = best.lanewise(VectorOperators.MAX, v);
                    best.intoArray(out, o);
                    k.intoArray(argmax, o);
                }
            }
        }
    }

    /**
     * Any c &lt; lanes: one output cell per step. The vectors loaded at its left cells (and c floats
     * later for the right ones) hold its c outputs in their first lanes and junk after; they are
     * stored whole, each step overwriting the previous step's junk, so only the last cells of a row
     * (whose junk would spill into the next row) go through the scalar loop.
     */
    @Override
    public void rowsOverlapped(float[] input, float[] out, int[] argmax, int r0, int r1, int outH, int outW, int c, int inH,
                               int rowStride) {
        final int lanes = S.length();
        final int perRow = outW * c;
        final int cells = Math.max(0, (perRow - lanes) / c + 1); // cells whose whole vector stays in the row
        final IntVector iota = IntVector.zero(I).addIndex(1);
        for (int r = r0; r < r1; r++) {
            int n = r / outH, oh = r - n * outH;
            int row = (n * inH + 2 * oh) * rowStride;
            int o = r * perRow;
            int ow = 0;
            for (; ow < cells; ow++) {
                int at = row + 2 * ow * c;
                if (at + rowStride + c + lanes > input.length) break;
                FloatVector best = FloatVector.fromArray(S, input, at);
                IntVector k = iota.add(at);
                FloatVector v = FloatVector.fromArray(S, input, at + c);
                k = k.blend(iota.add(at + c), later(best, v));
                best = best.lanewise(VectorOperators.MAX, v);
                int b = at + rowStride;
                v = FloatVector.fromArray(S, input, b);
                k = k.blend(iota.add(b), later(best, v));
                best = best.lanewise(VectorOperators.MAX, v);
                v = FloatVector.fromArray(S, input, b + c);
                k = k.blend(iota.add(b + c), later(best, v));
                best = best.lanewise(VectorOperators.MAX, v);
                best.intoArray(out, o + ow * c);
                k.intoArray(argmax, o + ow * c);
            }
            Pool2dKernel.max2x2Outputs(input, out, argmax, row, rowStride, c, o, ow * c, perRow);
        }
    }

    /** Lanes where best - v has its sign bit set (as Pool2dKernel.laterWins). */
    private static VectorMask<Integer> later(FloatVector best, FloatVector v) {
        return best.sub(v).reinterpretAsInts().compare(VectorOperators.LT, 0);
    }
}
