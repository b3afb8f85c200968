package org.neurite.kernel;

import java.util.function.IntUnaryOperator;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * 2x2 stride-2 max pooling rows on the Vector API, for channel counts that are a multiple of the
 * vector length: the same comparisons as {@link Pool2dKernel}'s scalar loop (a later candidate wins
 * when best - v is negative, the value is Math.max), on one vector of channels at a time. Loaded
 * only when jdk.incubator.vector is available.
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
     * Fewer channels than lanes, c dividing lanes/2 (4 and 8 with 16 lanes): a vector loaded at a
     * window's left cell and one loaded c floats later give, lanewise, the left and right candidates
     * of every other cell (top row, then bottom row, in the scalar loop's order). Two such vectors
     * of valid alternate cells are compacted into one of lanes outputs by two shuffles and a blend.
     * The rest of a row (and a last chunk that would read past the input) goes through the scalar loop.
     */
    @Override
    public void rowsFewChannels(float[] input, float[] out, int[] argmax, int r0, int r1, int outH, int outW, int c, int inH,
                                int rowStride) {
        final int lanes = S.length();
        final int perRow = outW * c, whole = perRow - perRow % lanes;
        final IntVector iota = IntVector.zero(I).addIndex(1);
        final IntUnaryOperator packing = l -> 2 * (l / c % (lanes / (2 * c))) * c + l % c;
        final VectorShuffle<Float> pack = VectorShuffle.fromOp(S, packing);
        final VectorShuffle<Integer> packInts = VectorShuffle.fromOp(I, packing);
        final VectorMask<Float> upper = VectorMask.fromLong(S, -1L << (lanes / 2));
        final VectorMask<Integer> upperInts = VectorMask.fromLong(I, -1L << (lanes / 2));
        for (int r = r0; r < r1; r++) {
            int n = r / outH, oh = r - n * outH;
            int row = (n * inH + 2 * oh) * rowStride;
            int o = r * perRow;
            int p = 0;
            for (; p < whole; p += lanes) {
                int at = row + 2 * p;
                if (at + rowStride + lanes + c + lanes > input.length) break;
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

                int at2 = at + lanes;
                FloatVector best2 = FloatVector.fromArray(S, input, at2);
                IntVector k2 = iota.add(at2);
                v = FloatVector.fromArray(S, input, at2 + c);
                k2 = k2.blend(iota.add(at2 + c), later(best2, v));
                best2 = best2.lanewise(VectorOperators.MAX, v);
                int b2 = at2 + rowStride;
                v = FloatVector.fromArray(S, input, b2);
                k2 = k2.blend(iota.add(b2), later(best2, v));
                best2 = best2.lanewise(VectorOperators.MAX, v);
                v = FloatVector.fromArray(S, input, b2 + c);
                k2 = k2.blend(iota.add(b2 + c), later(best2, v));
                best2 = best2.lanewise(VectorOperators.MAX, v);

                best.rearrange(pack).blend(best2.rearrange(pack), upper).intoArray(out, o + p);
                k.rearrange(packInts).blend(k2.rearrange(packInts), upperInts).intoArray(argmax, o + p);
            }
            Pool2dKernel.max2x2Outputs(input, out, argmax, row, rowStride, c, o, p, perRow);
        }
    }

    /** True when {@link #rowsFewChannels} applies to c channels. */
    @Override
    public boolean packs(int c) {
        int half = S.length() / 2;
        return c <= half && half % c == 0;
    }

    /** Lanes where best - v has its sign bit set (as Pool2dKernel.laterWins). */
    private static VectorMask<Integer> later(FloatVector best, FloatVector v) {
        return best.sub(v).reinterpretAsInts().compare(VectorOperators.LT, 0);
    }
}
