package org.neurite.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The SIMD micro-kernel on {@code jdk.incubator.vector}: an 8 x (2 vectors) tile of C in 16 vector
 * accumulators updated by fused multiply-adds (8 x 32 on AVX-512). Loaded reflectively by
 * {@link Gemm}; when the incubator module is not available the scalar kernel is used instead.
 * Edge tiles go through the same code on zero-padded data, so results do not depend on where a
 * tile falls (nor on the thread count).
 */
final class VectorMicroKernel implements Gemm.MicroKernel {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    static final int MR = 8;
    private static final int NR = 2 * L;

    /** The kernel, or null when vectors are too narrow to beat the scalar code. */
    public static Gemm.MicroKernel create() {
        return L >= 8 ? new VectorMicroKernel() : null;
    }

    @Override public int mr() { return MR; }
    @Override public int nr() { return NR; }
    /** K block depth, and the row stride of a strip of A packed row by row (a constant in tileRowStrip). */
    static final int KC = 512;

    @Override public int kc() { return KC; }
    @Override public int mc() { return 96; }
    @Override public boolean fused() { return true; }
    @Override public int nc() { return 1024; }

    @Override
    public void tile(int kc, float[] pa, int ai, float[] pb, int bi, float[] c, int ci, int ldc, boolean add) {
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S), c31 = FloatVector.zero(S);
        FloatVector c40 = FloatVector.zero(S), c41 = FloatVector.zero(S);
        FloatVector c50 = FloatVector.zero(S), c51 = FloatVector.zero(S);
        FloatVector c60 = FloatVector.zero(S), c61 = FloatVector.zero(S);
        FloatVector c70 = FloatVector.zero(S), c71 = FloatVector.zero(S);
        for (int p = 0; p < kc; p++, ai += MR, bi += NR) {
            FloatVector b0 = FloatVector.fromArray(S, pb, bi);
            FloatVector b1 = FloatVector.fromArray(S, pb, bi + L);
            FloatVector a0 = FloatVector.broadcast(S, pa[ai + 0]);
            c00 = a0.fma(b0, c00); c01 = a0.fma(b1, c01);
            FloatVector a1 = FloatVector.broadcast(S, pa[ai + 1]);
            c10 = a1.fma(b0, c10); c11 = a1.fma(b1, c11);
            FloatVector a2 = FloatVector.broadcast(S, pa[ai + 2]);
            c20 = a2.fma(b0, c20); c21 = a2.fma(b1, c21);
            FloatVector a3 = FloatVector.broadcast(S, pa[ai + 3]);
            c30 = a3.fma(b0, c30); c31 = a3.fma(b1, c31);
            FloatVector a4 = FloatVector.broadcast(S, pa[ai + 4]);
            c40 = a4.fma(b0, c40); c41 = a4.fma(b1, c41);
            FloatVector a5 = FloatVector.broadcast(S, pa[ai + 5]);
            c50 = a5.fma(b0, c50); c51 = a5.fma(b1, c51);
            FloatVector a6 = FloatVector.broadcast(S, pa[ai + 6]);
            c60 = a6.fma(b0, c60); c61 = a6.fma(b1, c61);
            FloatVector a7 = FloatVector.broadcast(S, pa[ai + 7]);
            c70 = a7.fma(b0, c70); c71 = a7.fma(b1, c71);
        }
        if (add) {
            int r0 = ci + 0 * ldc;
            FloatVector.fromArray(S, c, r0).add(c00).intoArray(c, r0);
            FloatVector.fromArray(S, c, r0 + L).add(c01).intoArray(c, r0 + L);
            int r1 = ci + 1 * ldc;
            FloatVector.fromArray(S, c, r1).add(c10).intoArray(c, r1);
            FloatVector.fromArray(S, c, r1 + L).add(c11).intoArray(c, r1 + L);
            int r2 = ci + 2 * ldc;
            FloatVector.fromArray(S, c, r2).add(c20).intoArray(c, r2);
            FloatVector.fromArray(S, c, r2 + L).add(c21).intoArray(c, r2 + L);
            int r3 = ci + 3 * ldc;
            FloatVector.fromArray(S, c, r3).add(c30).intoArray(c, r3);
            FloatVector.fromArray(S, c, r3 + L).add(c31).intoArray(c, r3 + L);
            int r4 = ci + 4 * ldc;
            FloatVector.fromArray(S, c, r4).add(c40).intoArray(c, r4);
            FloatVector.fromArray(S, c, r4 + L).add(c41).intoArray(c, r4 + L);
            int r5 = ci + 5 * ldc;
            FloatVector.fromArray(S, c, r5).add(c50).intoArray(c, r5);
            FloatVector.fromArray(S, c, r5 + L).add(c51).intoArray(c, r5 + L);
            int r6 = ci + 6 * ldc;
            FloatVector.fromArray(S, c, r6).add(c60).intoArray(c, r6);
            FloatVector.fromArray(S, c, r6 + L).add(c61).intoArray(c, r6 + L);
            int r7 = ci + 7 * ldc;
            FloatVector.fromArray(S, c, r7).add(c70).intoArray(c, r7);
            FloatVector.fromArray(S, c, r7 + L).add(c71).intoArray(c, r7 + L);
        } else {
            int r0 = ci + 0 * ldc;
            c00.intoArray(c, r0); c01.intoArray(c, r0 + L);
            int r1 = ci + 1 * ldc;
            c10.intoArray(c, r1); c11.intoArray(c, r1 + L);
            int r2 = ci + 2 * ldc;
            c20.intoArray(c, r2); c21.intoArray(c, r2 + L);
            int r3 = ci + 3 * ldc;
            c30.intoArray(c, r3); c31.intoArray(c, r3 + L);
            int r4 = ci + 4 * ldc;
            c40.intoArray(c, r4); c41.intoArray(c, r4 + L);
            int r5 = ci + 5 * ldc;
            c50.intoArray(c, r5); c51.intoArray(c, r5 + L);
            int r6 = ci + 6 * ldc;
            c60.intoArray(c, r6); c61.intoArray(c, r6 + L);
            int r7 = ci + 7 * ldc;
            c70.intoArray(c, r7); c71.intoArray(c, r7 + L);
        }
    }

    /** {@link #tile} on a strip of A packed row by row, rows KC apart. */
    @Override
    public void tileRowStrip(int kc, float[] pa, int ai, float[] pb, int bi, float[] c, int ci, int ldc, boolean add) {
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S), c31 = FloatVector.zero(S);
        FloatVector c40 = FloatVector.zero(S), c41 = FloatVector.zero(S);
        FloatVector c50 = FloatVector.zero(S), c51 = FloatVector.zero(S);
        FloatVector c60 = FloatVector.zero(S), c61 = FloatVector.zero(S);
        FloatVector c70 = FloatVector.zero(S), c71 = FloatVector.zero(S);
        for (int p = 0; p < kc; p++, ai++, bi += NR) {
            FloatVector b0 = FloatVector.fromArray(S, pb, bi);
            FloatVector b1 = FloatVector.fromArray(S, pb, bi + L);
            FloatVector a0 = FloatVector.broadcast(S, pa[ai + 0 * KC]);
            c00 = a0.fma(b0, c00); c01 = a0.fma(b1, c01);
            FloatVector a1 = FloatVector.broadcast(S, pa[ai + 1 * KC]);
            c10 = a1.fma(b0, c10); c11 = a1.fma(b1, c11);
            FloatVector a2 = FloatVector.broadcast(S, pa[ai + 2 * KC]);
            c20 = a2.fma(b0, c20); c21 = a2.fma(b1, c21);
            FloatVector a3 = FloatVector.broadcast(S, pa[ai + 3 * KC]);
            c30 = a3.fma(b0, c30); c31 = a3.fma(b1, c31);
            FloatVector a4 = FloatVector.broadcast(S, pa[ai + 4 * KC]);
            c40 = a4.fma(b0, c40); c41 = a4.fma(b1, c41);
            FloatVector a5 = FloatVector.broadcast(S, pa[ai + 5 * KC]);
            c50 = a5.fma(b0, c50); c51 = a5.fma(b1, c51);
            FloatVector a6 = FloatVector.broadcast(S, pa[ai + 6 * KC]);
            c60 = a6.fma(b0, c60); c61 = a6.fma(b1, c61);
            FloatVector a7 = FloatVector.broadcast(S, pa[ai + 7 * KC]);
            c70 = a7.fma(b0, c70); c71 = a7.fma(b1, c71);
        }
        if (add) {
            int r0 = ci + 0 * ldc;
            FloatVector.fromArray(S, c, r0).add(c00).intoArray(c, r0);
            FloatVector.fromArray(S, c, r0 + L).add(c01).intoArray(c, r0 + L);
            int r1 = ci + 1 * ldc;
            FloatVector.fromArray(S, c, r1).add(c10).intoArray(c, r1);
            FloatVector.fromArray(S, c, r1 + L).add(c11).intoArray(c, r1 + L);
            int r2 = ci + 2 * ldc;
            FloatVector.fromArray(S, c, r2).add(c20).intoArray(c, r2);
            FloatVector.fromArray(S, c, r2 + L).add(c21).intoArray(c, r2 + L);
            int r3 = ci + 3 * ldc;
            FloatVector.fromArray(S, c, r3).add(c30).intoArray(c, r3);
            FloatVector.fromArray(S, c, r3 + L).add(c31).intoArray(c, r3 + L);
            int r4 = ci + 4 * ldc;
            FloatVector.fromArray(S, c, r4).add(c40).intoArray(c, r4);
            FloatVector.fromArray(S, c, r4 + L).add(c41).intoArray(c, r4 + L);
            int r5 = ci + 5 * ldc;
            FloatVector.fromArray(S, c, r5).add(c50).intoArray(c, r5);
            FloatVector.fromArray(S, c, r5 + L).add(c51).intoArray(c, r5 + L);
            int r6 = ci + 6 * ldc;
            FloatVector.fromArray(S, c, r6).add(c60).intoArray(c, r6);
            FloatVector.fromArray(S, c, r6 + L).add(c61).intoArray(c, r6 + L);
            int r7 = ci + 7 * ldc;
            FloatVector.fromArray(S, c, r7).add(c70).intoArray(c, r7);
            FloatVector.fromArray(S, c, r7 + L).add(c71).intoArray(c, r7 + L);
        } else {
            int r0 = ci + 0 * ldc;
            c00.intoArray(c, r0); c01.intoArray(c, r0 + L);
            int r1 = ci + 1 * ldc;
            c10.intoArray(c, r1); c11.intoArray(c, r1 + L);
            int r2 = ci + 2 * ldc;
            c20.intoArray(c, r2); c21.intoArray(c, r2 + L);
            int r3 = ci + 3 * ldc;
            c30.intoArray(c, r3); c31.intoArray(c, r3 + L);
            int r4 = ci + 4 * ldc;
            c40.intoArray(c, r4); c41.intoArray(c, r4 + L);
            int r5 = ci + 5 * ldc;
            c50.intoArray(c, r5); c51.intoArray(c, r5 + L);
            int r6 = ci + 6 * ldc;
            c60.intoArray(c, r6); c61.intoArray(c, r6 + L);
            int r7 = ci + 7 * ldc;
            c70.intoArray(c, r7); c71.intoArray(c, r7 + L);
        }
    }

    @Override
    public void tileTN(int kc, float[] a, int ai, int lda, float[] b, int bi, int ldb, float[] c, int ci, int ldc, boolean add) {
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S), c31 = FloatVector.zero(S);
        FloatVector c40 = FloatVector.zero(S), c41 = FloatVector.zero(S);
        FloatVector c50 = FloatVector.zero(S), c51 = FloatVector.zero(S);
        FloatVector c60 = FloatVector.zero(S), c61 = FloatVector.zero(S);
        FloatVector c70 = FloatVector.zero(S), c71 = FloatVector.zero(S);
        for (int p = 0; p < kc; p++, ai += lda, bi += ldb) {
            FloatVector b0 = FloatVector.fromArray(S, b, bi);
            FloatVector b1 = FloatVector.fromArray(S, b, bi + L);
            FloatVector a0 = FloatVector.broadcast(S, a[ai + 0]);
            c00 = a0.fma(b0, c00); c01 = a0.fma(b1, c01);
            FloatVector a1 = FloatVector.broadcast(S, a[ai + 1]);
            c10 = a1.fma(b0, c10); c11 = a1.fma(b1, c11);
            FloatVector a2 = FloatVector.broadcast(S, a[ai + 2]);
            c20 = a2.fma(b0, c20); c21 = a2.fma(b1, c21);
            FloatVector a3 = FloatVector.broadcast(S, a[ai + 3]);
            c30 = a3.fma(b0, c30); c31 = a3.fma(b1, c31);
            FloatVector a4 = FloatVector.broadcast(S, a[ai + 4]);
            c40 = a4.fma(b0, c40); c41 = a4.fma(b1, c41);
            FloatVector a5 = FloatVector.broadcast(S, a[ai + 5]);
            c50 = a5.fma(b0, c50); c51 = a5.fma(b1, c51);
            FloatVector a6 = FloatVector.broadcast(S, a[ai + 6]);
            c60 = a6.fma(b0, c60); c61 = a6.fma(b1, c61);
            FloatVector a7 = FloatVector.broadcast(S, a[ai + 7]);
            c70 = a7.fma(b0, c70); c71 = a7.fma(b1, c71);
        }
        if (add) {
            int r0 = ci + 0 * ldc;
            FloatVector.fromArray(S, c, r0).add(c00).intoArray(c, r0);
            FloatVector.fromArray(S, c, r0 + L).add(c01).intoArray(c, r0 + L);
            int r1 = ci + 1 * ldc;
            FloatVector.fromArray(S, c, r1).add(c10).intoArray(c, r1);
            FloatVector.fromArray(S, c, r1 + L).add(c11).intoArray(c, r1 + L);
            int r2 = ci + 2 * ldc;
            FloatVector.fromArray(S, c, r2).add(c20).intoArray(c, r2);
            FloatVector.fromArray(S, c, r2 + L).add(c21).intoArray(c, r2 + L);
            int r3 = ci + 3 * ldc;
            FloatVector.fromArray(S, c, r3).add(c30).intoArray(c, r3);
            FloatVector.fromArray(S, c, r3 + L).add(c31).intoArray(c, r3 + L);
            int r4 = ci + 4 * ldc;
            FloatVector.fromArray(S, c, r4).add(c40).intoArray(c, r4);
            FloatVector.fromArray(S, c, r4 + L).add(c41).intoArray(c, r4 + L);
            int r5 = ci + 5 * ldc;
            FloatVector.fromArray(S, c, r5).add(c50).intoArray(c, r5);
            FloatVector.fromArray(S, c, r5 + L).add(c51).intoArray(c, r5 + L);
            int r6 = ci + 6 * ldc;
            FloatVector.fromArray(S, c, r6).add(c60).intoArray(c, r6);
            FloatVector.fromArray(S, c, r6 + L).add(c61).intoArray(c, r6 + L);
            int r7 = ci + 7 * ldc;
            FloatVector.fromArray(S, c, r7).add(c70).intoArray(c, r7);
            FloatVector.fromArray(S, c, r7 + L).add(c71).intoArray(c, r7 + L);
        } else {
            int r0 = ci + 0 * ldc;
            c00.intoArray(c, r0); c01.intoArray(c, r0 + L);
            int r1 = ci + 1 * ldc;
            c10.intoArray(c, r1); c11.intoArray(c, r1 + L);
            int r2 = ci + 2 * ldc;
            c20.intoArray(c, r2); c21.intoArray(c, r2 + L);
            int r3 = ci + 3 * ldc;
            c30.intoArray(c, r3); c31.intoArray(c, r3 + L);
            int r4 = ci + 4 * ldc;
            c40.intoArray(c, r4); c41.intoArray(c, r4 + L);
            int r5 = ci + 5 * ldc;
            c50.intoArray(c, r5); c51.intoArray(c, r5 + L);
            int r6 = ci + 6 * ldc;
            c60.intoArray(c, r6); c61.intoArray(c, r6 + L);
            int r7 = ci + 7 * ldc;
            c70.intoArray(c, r7); c71.intoArray(c, r7 + L);
        }
    }

    @Override public boolean readsRows() { return true; }

    /** Four strips per row at a time, each row of a strip two vectors (4x faster than arraycopy at n = 2048). */
    @Override
    public void copyStrips(float[] x, int src, int ld, int kc, int strips, float[] dst, int d) {
        int s0 = 0;
        for (; s0 + 4 <= strips; s0 += 4) {
            int xs = src + s0 * NR, d0 = d + s0 * kc * NR, d1 = d0 + kc * NR, d2 = d1 + kc * NR, d3 = d2 + kc * NR;
            for (int p = 0; p < kc; p++, xs += ld, d0 += NR, d1 += NR, d2 += NR, d3 += NR) {
                FloatVector.fromArray(S, x, xs).intoArray(dst, d0);
                FloatVector.fromArray(S, x, xs + L).intoArray(dst, d0 + L);
                FloatVector.fromArray(S, x, xs + NR).intoArray(dst, d1);
                FloatVector.fromArray(S, x, xs + NR + L).intoArray(dst, d1 + L);
                FloatVector.fromArray(S, x, xs + 2 * NR).intoArray(dst, d2);
                FloatVector.fromArray(S, x, xs + 2 * NR + L).intoArray(dst, d2 + L);
                FloatVector.fromArray(S, x, xs + 3 * NR).intoArray(dst, d3);
                FloatVector.fromArray(S, x, xs + 3 * NR + L).intoArray(dst, d3 + L);
            }
        }
        for (; s0 < strips; s0++) {
            int xs = src + s0 * NR, d0 = d + s0 * kc * NR;
            for (int p = 0; p < kc; p++, xs += ld, d0 += NR) {
                FloatVector.fromArray(S, x, xs).intoArray(dst, d0);
                FloatVector.fromArray(S, x, xs + L).intoArray(dst, d0 + L);
            }
        }
    }

    /**
     * Rows of the narrow tile (NARROW x L, one vector per row): for strips with at most L real
     * columns, half the work of a full tile. Eight rows measured faster than 16 (fewer row offsets).
     */
    static final int NARROW = 8;

    @Override public int narrowRows() { return NARROW; }

    @Override public int narrowCols() { return L; }

    @Override
    public void tileRowsNarrow(int kc, float[] a, int ai, int lda, float[] pb, int bi, float[] c, int ci, int ldc, boolean add) {
        FloatVector c0 = FloatVector.zero(S), c1 = FloatVector.zero(S);
        FloatVector c2 = FloatVector.zero(S), c3 = FloatVector.zero(S);
        FloatVector c4 = FloatVector.zero(S), c5 = FloatVector.zero(S);
        FloatVector c6 = FloatVector.zero(S), c7 = FloatVector.zero(S);
        final int r0a = ai, r1a = ai + lda, r2a = r1a + lda, r3a = r2a + lda, r4a = r3a + lda, r5a = r4a + lda, r6a = r5a + lda, r7a = r6a + lda;
        for (int p = 0; p < kc; p++, bi += NR) {
            FloatVector b0 = FloatVector.fromArray(S, pb, bi);
            c0 = FloatVector.broadcast(S, a[r0a + p]).fma(b0, c0);
            c1 = FloatVector.broadcast(S, a[r1a + p]).fma(b0, c1);
            c2 = FloatVector.broadcast(S, a[r2a + p]).fma(b0, c2);
            c3 = FloatVector.broadcast(S, a[r3a + p]).fma(b0, c3);
            c4 = FloatVector.broadcast(S, a[r4a + p]).fma(b0, c4);
            c5 = FloatVector.broadcast(S, a[r5a + p]).fma(b0, c5);
            c6 = FloatVector.broadcast(S, a[r6a + p]).fma(b0, c6);
            c7 = FloatVector.broadcast(S, a[r7a + p]).fma(b0, c7);
        }
        if (add) {
            FloatVector.fromArray(S, c, ci + 0 * ldc).add(c0).intoArray(c, ci + 0 * ldc);
            FloatVector.fromArray(S, c, ci + 1 * ldc).add(c1).intoArray(c, ci + 1 * ldc);
            FloatVector.fromArray(S, c, ci + 2 * ldc).add(c2).intoArray(c, ci + 2 * ldc);
            FloatVector.fromArray(S, c, ci + 3 * ldc).add(c3).intoArray(c, ci + 3 * ldc);
            FloatVector.fromArray(S, c, ci + 4 * ldc).add(c4).intoArray(c, ci + 4 * ldc);
            FloatVector.fromArray(S, c, ci + 5 * ldc).add(c5).intoArray(c, ci + 5 * ldc);
            FloatVector.fromArray(S, c, ci + 6 * ldc).add(c6).intoArray(c, ci + 6 * ldc);
            FloatVector.fromArray(S, c, ci + 7 * ldc).add(c7).intoArray(c, ci + 7 * ldc);
        } else {
            c0.intoArray(c, ci + 0 * ldc);
            c1.intoArray(c, ci + 1 * ldc);
            c2.intoArray(c, ci + 2 * ldc);
            c3.intoArray(c, ci + 3 * ldc);
            c4.intoArray(c, ci + 4 * ldc);
            c5.intoArray(c, ci + 5 * ldc);
            c6.intoArray(c, ci + 6 * ldc);
            c7.intoArray(c, ci + 7 * ldc);
        }
    }

    @Override
    public void tileRows(int kc, float[] a, int ai, int lda, float[] pb, int bi, float[] c, int ci, int ldc, boolean add) {
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S), c31 = FloatVector.zero(S);
        FloatVector c40 = FloatVector.zero(S), c41 = FloatVector.zero(S);
        FloatVector c50 = FloatVector.zero(S), c51 = FloatVector.zero(S);
        FloatVector c60 = FloatVector.zero(S), c61 = FloatVector.zero(S);
        FloatVector c70 = FloatVector.zero(S), c71 = FloatVector.zero(S);
        final int r0a = ai, r1a = ai + lda, r2a = r1a + lda, r3a = r2a + lda, r4a = r3a + lda, r5a = r4a + lda, r6a = r5a + lda, r7a = r6a + lda;
        for (int p = 0; p < kc; p++, bi += NR) {
            FloatVector b0 = FloatVector.fromArray(S, pb, bi);
            FloatVector b1 = FloatVector.fromArray(S, pb, bi + L);
            FloatVector a0 = FloatVector.broadcast(S, a[r0a + p]);
            c00 = a0.fma(b0, c00); c01 = a0.fma(b1, c01);
            FloatVector a1 = FloatVector.broadcast(S, a[r1a + p]);
            c10 = a1.fma(b0, c10); c11 = a1.fma(b1, c11);
            FloatVector a2 = FloatVector.broadcast(S, a[r2a + p]);
            c20 = a2.fma(b0, c20); c21 = a2.fma(b1, c21);
            FloatVector a3 = FloatVector.broadcast(S, a[r3a + p]);
            c30 = a3.fma(b0, c30); c31 = a3.fma(b1, c31);
            FloatVector a4 = FloatVector.broadcast(S, a[r4a + p]);
            c40 = a4.fma(b0, c40); c41 = a4.fma(b1, c41);
            FloatVector a5 = FloatVector.broadcast(S, a[r5a + p]);
            c50 = a5.fma(b0, c50); c51 = a5.fma(b1, c51);
            FloatVector a6 = FloatVector.broadcast(S, a[r6a + p]);
            c60 = a6.fma(b0, c60); c61 = a6.fma(b1, c61);
            FloatVector a7 = FloatVector.broadcast(S, a[r7a + p]);
            c70 = a7.fma(b0, c70); c71 = a7.fma(b1, c71);
        }
        if (add) {
            int r0 = ci + 0 * ldc;
            FloatVector.fromArray(S, c, r0).add(c00).intoArray(c, r0);
            FloatVector.fromArray(S, c, r0 + L).add(c01).intoArray(c, r0 + L);
            int r1 = ci + 1 * ldc;
            FloatVector.fromArray(S, c, r1).add(c10).intoArray(c, r1);
            FloatVector.fromArray(S, c, r1 + L).add(c11).intoArray(c, r1 + L);
            int r2 = ci + 2 * ldc;
            FloatVector.fromArray(S, c, r2).add(c20).intoArray(c, r2);
            FloatVector.fromArray(S, c, r2 + L).add(c21).intoArray(c, r2 + L);
            int r3 = ci + 3 * ldc;
            FloatVector.fromArray(S, c, r3).add(c30).intoArray(c, r3);
            FloatVector.fromArray(S, c, r3 + L).add(c31).intoArray(c, r3 + L);
            int r4 = ci + 4 * ldc;
            FloatVector.fromArray(S, c, r4).add(c40).intoArray(c, r4);
            FloatVector.fromArray(S, c, r4 + L).add(c41).intoArray(c, r4 + L);
            int r5 = ci + 5 * ldc;
            FloatVector.fromArray(S, c, r5).add(c50).intoArray(c, r5);
            FloatVector.fromArray(S, c, r5 + L).add(c51).intoArray(c, r5 + L);
            int r6 = ci + 6 * ldc;
            FloatVector.fromArray(S, c, r6).add(c60).intoArray(c, r6);
            FloatVector.fromArray(S, c, r6 + L).add(c61).intoArray(c, r6 + L);
            int r7 = ci + 7 * ldc;
            FloatVector.fromArray(S, c, r7).add(c70).intoArray(c, r7);
            FloatVector.fromArray(S, c, r7 + L).add(c71).intoArray(c, r7 + L);
        } else {
            int r0 = ci + 0 * ldc;
            c00.intoArray(c, r0); c01.intoArray(c, r0 + L);
            int r1 = ci + 1 * ldc;
            c10.intoArray(c, r1); c11.intoArray(c, r1 + L);
            int r2 = ci + 2 * ldc;
            c20.intoArray(c, r2); c21.intoArray(c, r2 + L);
            int r3 = ci + 3 * ldc;
            c30.intoArray(c, r3); c31.intoArray(c, r3 + L);
            int r4 = ci + 4 * ldc;
            c40.intoArray(c, r4); c41.intoArray(c, r4 + L);
            int r5 = ci + 5 * ldc;
            c50.intoArray(c, r5); c51.intoArray(c, r5 + L);
            int r6 = ci + 6 * ldc;
            c60.intoArray(c, r6); c61.intoArray(c, r6 + L);
            int r7 = ci + 7 * ldc;
            c70.intoArray(c, r7); c71.intoArray(c, r7 + L);
        }
    }

    /** {@link #tileRows} with B read in place, at its own row stride. */
    @Override
    public void tileRowsB(int kc, float[] a, int ai, int lda, float[] b, int bi, int ldb, float[] c, int ci, int ldc, boolean add) {
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S), c31 = FloatVector.zero(S);
        FloatVector c40 = FloatVector.zero(S), c41 = FloatVector.zero(S);
        FloatVector c50 = FloatVector.zero(S), c51 = FloatVector.zero(S);
        FloatVector c60 = FloatVector.zero(S), c61 = FloatVector.zero(S);
        FloatVector c70 = FloatVector.zero(S), c71 = FloatVector.zero(S);
        final int r0a = ai, r1a = ai + lda, r2a = r1a + lda, r3a = r2a + lda, r4a = r3a + lda, r5a = r4a + lda, r6a = r5a + lda, r7a = r6a + lda;
        for (int p = 0; p < kc; p++, bi += ldb) {
            FloatVector b0 = FloatVector.fromArray(S, b, bi);
            FloatVector b1 = FloatVector.fromArray(S, b, bi + L);
            FloatVector a0 = FloatVector.broadcast(S, a[r0a + p]);
            c00 = a0.fma(b0, c00); c01 = a0.fma(b1, c01);
            FloatVector a1 = FloatVector.broadcast(S, a[r1a + p]);
            c10 = a1.fma(b0, c10); c11 = a1.fma(b1, c11);
            FloatVector a2 = FloatVector.broadcast(S, a[r2a + p]);
            c20 = a2.fma(b0, c20); c21 = a2.fma(b1, c21);
            FloatVector a3 = FloatVector.broadcast(S, a[r3a + p]);
            c30 = a3.fma(b0, c30); c31 = a3.fma(b1, c31);
            FloatVector a4 = FloatVector.broadcast(S, a[r4a + p]);
            c40 = a4.fma(b0, c40); c41 = a4.fma(b1, c41);
            FloatVector a5 = FloatVector.broadcast(S, a[r5a + p]);
            c50 = a5.fma(b0, c50); c51 = a5.fma(b1, c51);
            FloatVector a6 = FloatVector.broadcast(S, a[r6a + p]);
            c60 = a6.fma(b0, c60); c61 = a6.fma(b1, c61);
            FloatVector a7 = FloatVector.broadcast(S, a[r7a + p]);
            c70 = a7.fma(b0, c70); c71 = a7.fma(b1, c71);
        }
        if (add) {
            int r0 = ci + 0 * ldc;
            FloatVector.fromArray(S, c, r0).add(c00).intoArray(c, r0);
            FloatVector.fromArray(S, c, r0 + L).add(c01).intoArray(c, r0 + L);
            int r1 = ci + 1 * ldc;
            FloatVector.fromArray(S, c, r1).add(c10).intoArray(c, r1);
            FloatVector.fromArray(S, c, r1 + L).add(c11).intoArray(c, r1 + L);
            int r2 = ci + 2 * ldc;
            FloatVector.fromArray(S, c, r2).add(c20).intoArray(c, r2);
            FloatVector.fromArray(S, c, r2 + L).add(c21).intoArray(c, r2 + L);
            int r3 = ci + 3 * ldc;
            FloatVector.fromArray(S, c, r3).add(c30).intoArray(c, r3);
            FloatVector.fromArray(S, c, r3 + L).add(c31).intoArray(c, r3 + L);
            int r4 = ci + 4 * ldc;
            FloatVector.fromArray(S, c, r4).add(c40).intoArray(c, r4);
            FloatVector.fromArray(S, c, r4 + L).add(c41).intoArray(c, r4 + L);
            int r5 = ci + 5 * ldc;
            FloatVector.fromArray(S, c, r5).add(c50).intoArray(c, r5);
            FloatVector.fromArray(S, c, r5 + L).add(c51).intoArray(c, r5 + L);
            int r6 = ci + 6 * ldc;
            FloatVector.fromArray(S, c, r6).add(c60).intoArray(c, r6);
            FloatVector.fromArray(S, c, r6 + L).add(c61).intoArray(c, r6 + L);
            int r7 = ci + 7 * ldc;
            FloatVector.fromArray(S, c, r7).add(c70).intoArray(c, r7);
            FloatVector.fromArray(S, c, r7 + L).add(c71).intoArray(c, r7 + L);
        } else {
            int r0 = ci + 0 * ldc;
            c00.intoArray(c, r0); c01.intoArray(c, r0 + L);
            int r1 = ci + 1 * ldc;
            c10.intoArray(c, r1); c11.intoArray(c, r1 + L);
            int r2 = ci + 2 * ldc;
            c20.intoArray(c, r2); c21.intoArray(c, r2 + L);
            int r3 = ci + 3 * ldc;
            c30.intoArray(c, r3); c31.intoArray(c, r3 + L);
            int r4 = ci + 4 * ldc;
            c40.intoArray(c, r4); c41.intoArray(c, r4 + L);
            int r5 = ci + 5 * ldc;
            c50.intoArray(c, r5); c51.intoArray(c, r5 + L);
            int r6 = ci + 6 * ldc;
            c60.intoArray(c, r6); c61.intoArray(c, r6 + L);
            int r7 = ci + 7 * ldc;
            c70.intoArray(c, r7); c71.intoArray(c, r7 + L);
        }
    }
}
