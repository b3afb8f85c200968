package org.neurite.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The SIMD inner loops of {@link DirectConv}, on {@code jdk.incubator.vector}; loaded reflectively,
 * like {@link VectorMicroKernel}. Every loop keeps its whole tile in vector registers and is free of
 * branches and masks; lane sums are left to the caller (in a fixed order).
 */
final class VectorFlatConv implements DirectConv.FlatKernel {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    /** The kernel, or null when vectors are too narrow to pay off. */
    public static DirectConv.FlatKernel create() {
        return L >= 8 ? new VectorFlatConv() : null;
    }

    @Override public int lanes() { return L; }

    @Override
    public void conv8(int taps, int[] off, float[] x, int xOff, float[] w, int wOff, float[] out) {
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S), c31 = FloatVector.zero(S);
        FloatVector c40 = FloatVector.zero(S), c41 = FloatVector.zero(S);
        FloatVector c50 = FloatVector.zero(S), c51 = FloatVector.zero(S);
        FloatVector c60 = FloatVector.zero(S), c61 = FloatVector.zero(S);
        FloatVector c70 = FloatVector.zero(S), c71 = FloatVector.zero(S);
        for (int t = 0, wi = wOff; t < taps; t++, wi += 8) {
            int xi = xOff + off[t];
            FloatVector x0 = FloatVector.fromArray(S, x, xi);
            FloatVector x1 = FloatVector.fromArray(S, x, xi + L);
            FloatVector w0 = FloatVector.broadcast(S, w[wi]);
            c00 = w0.fma(x0, c00); c01 = w0.fma(x1, c01);
            FloatVector w1 = FloatVector.broadcast(S, w[wi + 1]);
            c10 = w1.fma(x0, c10); c11 = w1.fma(x1, c11);
            FloatVector w2 = FloatVector.broadcast(S, w[wi + 2]);
            c20 = w2.fma(x0, c20); c21 = w2.fma(x1, c21);
            FloatVector w3 = FloatVector.broadcast(S, w[wi + 3]);
            c30 = w3.fma(x0, c30); c31 = w3.fma(x1, c31);
            FloatVector w4 = FloatVector.broadcast(S, w[wi + 4]);
            c40 = w4.fma(x0, c40); c41 = w4.fma(x1, c41);
            FloatVector w5 = FloatVector.broadcast(S, w[wi + 5]);
            c50 = w5.fma(x0, c50); c51 = w5.fma(x1, c51);
            FloatVector w6 = FloatVector.broadcast(S, w[wi + 6]);
            c60 = w6.fma(x0, c60); c61 = w6.fma(x1, c61);
            FloatVector w7 = FloatVector.broadcast(S, w[wi + 7]);
            c70 = w7.fma(x0, c70); c71 = w7.fma(x1, c71);
        }
        final int W = 2 * L;
        c00.intoArray(out, 0); c01.intoArray(out, L);
        c10.intoArray(out, W); c11.intoArray(out, W + L);
        c20.intoArray(out, 2 * W); c21.intoArray(out, 2 * W + L);
        c30.intoArray(out, 3 * W); c31.intoArray(out, 3 * W + L);
        c40.intoArray(out, 4 * W); c41.intoArray(out, 4 * W + L);
        c50.intoArray(out, 5 * W); c51.intoArray(out, 5 * W + L);
        c60.intoArray(out, 6 * W); c61.intoArray(out, 6 * W + L);
        c70.intoArray(out, 7 * W); c71.intoArray(out, 7 * W + L);
    }

    @Override
    public void conv4(int taps, int[] off, float[] x, int xOff, float[] w, int wOff, float[] out) {
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S), c02 = FloatVector.zero(S), c03 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S), c12 = FloatVector.zero(S), c13 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S), c22 = FloatVector.zero(S), c23 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S), c31 = FloatVector.zero(S), c32 = FloatVector.zero(S), c33 = FloatVector.zero(S);
        for (int t = 0, wi = wOff; t < taps; t++, wi += 4) {
            int xi = xOff + off[t];
            FloatVector x0 = FloatVector.fromArray(S, x, xi);
            FloatVector x1 = FloatVector.fromArray(S, x, xi + L);
            FloatVector x2 = FloatVector.fromArray(S, x, xi + 2 * L);
            FloatVector x3 = FloatVector.fromArray(S, x, xi + 3 * L);
            FloatVector w0 = FloatVector.broadcast(S, w[wi]);
            c00 = w0.fma(x0, c00); c01 = w0.fma(x1, c01); c02 = w0.fma(x2, c02); c03 = w0.fma(x3, c03);
            FloatVector w1 = FloatVector.broadcast(S, w[wi + 1]);
            c10 = w1.fma(x0, c10); c11 = w1.fma(x1, c11); c12 = w1.fma(x2, c12); c13 = w1.fma(x3, c13);
            FloatVector w2 = FloatVector.broadcast(S, w[wi + 2]);
            c20 = w2.fma(x0, c20); c21 = w2.fma(x1, c21); c22 = w2.fma(x2, c22); c23 = w2.fma(x3, c23);
            FloatVector w3 = FloatVector.broadcast(S, w[wi + 3]);
            c30 = w3.fma(x0, c30); c31 = w3.fma(x1, c31); c32 = w3.fma(x2, c32); c33 = w3.fma(x3, c33);
        }
        final int W = 4 * L;
        c00.intoArray(out, 0); c01.intoArray(out, L); c02.intoArray(out, 2 * L); c03.intoArray(out, 3 * L);
        c10.intoArray(out, W); c11.intoArray(out, W + L); c12.intoArray(out, W + 2 * L); c13.intoArray(out, W + 3 * L);
        c20.intoArray(out, 2 * W); c21.intoArray(out, 2 * W + L); c22.intoArray(out, 2 * W + 2 * L); c23.intoArray(out, 2 * W + 3 * L);
        c30.intoArray(out, 3 * W); c31.intoArray(out, 3 * W + L); c32.intoArray(out, 3 * W + 2 * L); c33.intoArray(out, 3 * W + 3 * L);
    }

    @Override
    public void conv1(int taps, int[] off, float[] x, int xOff, float[] w, int wOff, float[] out) {
        FloatVector c0 = FloatVector.zero(S), c1 = FloatVector.zero(S), c2 = FloatVector.zero(S), c3 = FloatVector.zero(S);
        for (int t = 0; t < taps; t++) {
            int xi = xOff + off[t];
            FloatVector wt = FloatVector.broadcast(S, w[wOff + t]);
            c0 = wt.fma(FloatVector.fromArray(S, x, xi), c0);
            c1 = wt.fma(FloatVector.fromArray(S, x, xi + L), c1);
            c2 = wt.fma(FloatVector.fromArray(S, x, xi + 2 * L), c2);
            c3 = wt.fma(FloatVector.fromArray(S, x, xi + 3 * L), c3);
        }
        c0.intoArray(out, 0); c1.intoArray(out, L); c2.intoArray(out, 2 * L); c3.intoArray(out, 3 * L);
    }

    @Override
    public void cells8(int taps, int[] off, float[] x, int xOff, float[] w, float[] bias, float[] out, int outOff) {
        FloatVector c0 = FloatVector.zero(S), c1 = FloatVector.zero(S), c2 = FloatVector.zero(S), c3 = FloatVector.zero(S);
        FloatVector c4 = FloatVector.zero(S), c5 = FloatVector.zero(S), c6 = FloatVector.zero(S), c7 = FloatVector.zero(S);
        for (int t = 0, wi = 0; t < taps; t++, wi += L) {
            int xi = xOff + off[t];
            FloatVector wt = FloatVector.fromArray(S, w, wi);
            c0 = FloatVector.broadcast(S, x[xi]).fma(wt, c0);
            c1 = FloatVector.broadcast(S, x[xi + 1]).fma(wt, c1);
            c2 = FloatVector.broadcast(S, x[xi + 2]).fma(wt, c2);
            c3 = FloatVector.broadcast(S, x[xi + 3]).fma(wt, c3);
            c4 = FloatVector.broadcast(S, x[xi + 4]).fma(wt, c4);
            c5 = FloatVector.broadcast(S, x[xi + 5]).fma(wt, c5);
            c6 = FloatVector.broadcast(S, x[xi + 6]).fma(wt, c6);
            c7 = FloatVector.broadcast(S, x[xi + 7]).fma(wt, c7);
        }
        FloatVector b = FloatVector.fromArray(S, bias, 0);
        c0.add(b).intoArray(out, outOff); c1.add(b).intoArray(out, outOff + L);
        c2.add(b).intoArray(out, outOff + 2 * L); c3.add(b).intoArray(out, outOff + 3 * L);
        c4.add(b).intoArray(out, outOff + 4 * L); c5.add(b).intoArray(out, outOff + 5 * L);
        c6.add(b).intoArray(out, outOff + 6 * L); c7.add(b).intoArray(out, outOff + 7 * L);
    }

    @Override
    public void addCells(float[] cells, int count, float[] out, int d, int sumW, int phase) {
        for (int i = 0, p = phase; i < count; i++) {
            FloatVector.fromArray(S, out, d).add(FloatVector.fromArray(S, cells, i * L)).intoArray(out, d);
            if (++p == sumW) {
                p = 0;
                d += L;
            }
        }
    }

    @Override
    public void dot4x4(int images, float[] x, int xStride, int o0, int o1, int o2, int o3,
                       float[] g, int gStride, int g0, int plane, int len, float[] acc, int at) {
        FloatVector a00 = load(acc, at, 0), a01 = load(acc, at, 1), a02 = load(acc, at, 2), a03 = load(acc, at, 3);
        FloatVector a10 = load(acc, at, 4), a11 = load(acc, at, 5), a12 = load(acc, at, 6), a13 = load(acc, at, 7);
        FloatVector a20 = load(acc, at, 8), a21 = load(acc, at, 9), a22 = load(acc, at, 10), a23 = load(acc, at, 11);
        FloatVector a30 = load(acc, at, 12), a31 = load(acc, at, 13), a32 = load(acc, at, 14), a33 = load(acc, at, 15);
        // one flat loop over (image, q): C2 keeps vector accumulators in registers across a single
        // loop, while a loop nest made it box them (25x slower)
        final int xJump = xStride - len, gJump = gStride - len;
        int xb = 0, gb = g0, q = 0;
        for (int s = images * len; s > 0; s -= L) {
            FloatVector x0 = FloatVector.fromArray(S, x, xb + o0);
            FloatVector x1 = FloatVector.fromArray(S, x, xb + o1);
            FloatVector x2 = FloatVector.fromArray(S, x, xb + o2);
            FloatVector x3 = FloatVector.fromArray(S, x, xb + o3);
            FloatVector y = FloatVector.fromArray(S, g, gb);
            a00 = x0.fma(y, a00); a10 = x1.fma(y, a10); a20 = x2.fma(y, a20); a30 = x3.fma(y, a30);
            y = FloatVector.fromArray(S, g, gb + plane);
            a01 = x0.fma(y, a01); a11 = x1.fma(y, a11); a21 = x2.fma(y, a21); a31 = x3.fma(y, a31);
            y = FloatVector.fromArray(S, g, gb + 2 * plane);
            a02 = x0.fma(y, a02); a12 = x1.fma(y, a12); a22 = x2.fma(y, a22); a32 = x3.fma(y, a32);
            y = FloatVector.fromArray(S, g, gb + 3 * plane);
            a03 = x0.fma(y, a03); a13 = x1.fma(y, a13); a23 = x2.fma(y, a23); a33 = x3.fma(y, a33);
            xb += L;
            gb += L;
            q += L;
            if (q == len) {
                q = 0;
                xb += xJump;
                gb += gJump;
            }
        }
        a00.intoArray(acc, at); a01.intoArray(acc, at + L); a02.intoArray(acc, at + 2 * L); a03.intoArray(acc, at + 3 * L);
        a10.intoArray(acc, at + 4 * L); a11.intoArray(acc, at + 5 * L); a12.intoArray(acc, at + 6 * L); a13.intoArray(acc, at + 7 * L);
        a20.intoArray(acc, at + 8 * L); a21.intoArray(acc, at + 9 * L); a22.intoArray(acc, at + 10 * L); a23.intoArray(acc, at + 11 * L);
        a30.intoArray(acc, at + 12 * L); a31.intoArray(acc, at + 13 * L); a32.intoArray(acc, at + 14 * L); a33.intoArray(acc, at + 15 * L);
    }

    @Override
    public void dot8x1(int images, float[] x, int xStride, int[] off, int t0, int xAt, float[] g, int gStride, int len, float[] acc, int at) {
        final int o0 = xAt + off[t0], o1 = xAt + off[t0 + 1], o2 = xAt + off[t0 + 2], o3 = xAt + off[t0 + 3];
        final int o4 = xAt + off[t0 + 4], o5 = xAt + off[t0 + 5], o6 = xAt + off[t0 + 6], o7 = xAt + off[t0 + 7];
        FloatVector a0 = load(acc, at, 0), a1 = load(acc, at, 1), a2 = load(acc, at, 2), a3 = load(acc, at, 3);
        FloatVector a4 = load(acc, at, 4), a5 = load(acc, at, 5), a6 = load(acc, at, 6), a7 = load(acc, at, 7);
        // one flat loop over (image, q), as in dot4x4
        final int xJump = xStride - len, gJump = gStride - len;
        int xb = 0, gb = 0, q = 0;
        for (int s = images * len; s > 0; s -= L) {
            FloatVector y = FloatVector.fromArray(S, g, gb);
            a0 = FloatVector.fromArray(S, x, xb + o0).fma(y, a0);
            a1 = FloatVector.fromArray(S, x, xb + o1).fma(y, a1);
            a2 = FloatVector.fromArray(S, x, xb + o2).fma(y, a2);
            a3 = FloatVector.fromArray(S, x, xb + o3).fma(y, a3);
            a4 = FloatVector.fromArray(S, x, xb + o4).fma(y, a4);
            a5 = FloatVector.fromArray(S, x, xb + o5).fma(y, a5);
            a6 = FloatVector.fromArray(S, x, xb + o6).fma(y, a6);
            a7 = FloatVector.fromArray(S, x, xb + o7).fma(y, a7);
            xb += L;
            gb += L;
            q += L;
            if (q == len) {
                q = 0;
                xb += xJump;
                gb += gJump;
            }
        }
        a0.intoArray(acc, at); a1.intoArray(acc, at + L); a2.intoArray(acc, at + 2 * L); a3.intoArray(acc, at + 3 * L);
        a4.intoArray(acc, at + 4 * L); a5.intoArray(acc, at + 5 * L); a6.intoArray(acc, at + 6 * L); a7.intoArray(acc, at + 7 * L);
    }

    @Override
    public void outer8(int[] off, int t0, float[] x, int xAt, int wp, int oH, int oW, float[] g, int gAt, float[] acc, int at) {
        final int o0 = xAt + off[t0], o1 = xAt + off[t0 + 1], o2 = xAt + off[t0 + 2], o3 = xAt + off[t0 + 3];
        final int o4 = xAt + off[t0 + 4], o5 = xAt + off[t0 + 5], o6 = xAt + off[t0 + 6], o7 = xAt + off[t0 + 7];
        FloatVector a0 = load(acc, at, 0), a1 = load(acc, at, 1), a2 = load(acc, at, 2), a3 = load(acc, at, 3);
        FloatVector a4 = load(acc, at, 4), a5 = load(acc, at, 5), a6 = load(acc, at, 6), a7 = load(acc, at, 7);
        // one flat loop over the kept cells (see dot4x4): q walks the plane, skipping the discarded columns
        final int skip = wp - oW;
        int q = 0, ow = 0, gi = gAt;
        for (int s = oH * oW; s > 0; s--) {
            FloatVector y = FloatVector.fromArray(S, g, gi);
            a0 = FloatVector.broadcast(S, x[o0 + q]).fma(y, a0);
            a1 = FloatVector.broadcast(S, x[o1 + q]).fma(y, a1);
            a2 = FloatVector.broadcast(S, x[o2 + q]).fma(y, a2);
            a3 = FloatVector.broadcast(S, x[o3 + q]).fma(y, a3);
            a4 = FloatVector.broadcast(S, x[o4 + q]).fma(y, a4);
            a5 = FloatVector.broadcast(S, x[o5 + q]).fma(y, a5);
            a6 = FloatVector.broadcast(S, x[o6 + q]).fma(y, a6);
            a7 = FloatVector.broadcast(S, x[o7 + q]).fma(y, a7);
            gi += L;
            q++;
            if (++ow == oW) {
                ow = 0;
                q += skip;
            }
        }
        a0.intoArray(acc, at); a1.intoArray(acc, at + L); a2.intoArray(acc, at + 2 * L); a3.intoArray(acc, at + 3 * L);
        a4.intoArray(acc, at + 4 * L); a5.intoArray(acc, at + 5 * L); a6.intoArray(acc, at + 6 * L); a7.intoArray(acc, at + 7 * L);
    }

    private static FloatVector load(float[] acc, int at, int k) {
        return FloatVector.fromArray(S, acc, at + k * L);
    }
}
