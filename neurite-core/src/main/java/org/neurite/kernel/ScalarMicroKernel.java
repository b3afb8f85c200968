package org.neurite.kernel;

/**
 * The portable micro-kernel: a 4 x 8 tile of C held in 32 local accumulators (generated code).
 * Each tile is summed from zero over the K block and then stored or added to C, the same
 * arithmetic as every other kernel path so that results do not depend on where a tile falls.
 */
final class ScalarMicroKernel implements Gemm.MicroKernel {
    static final int MR = 4, NR = 8;

    @Override public int mr() { return MR; }
    @Override public int nr() { return NR; }
    @Override public int kc() { return 256; }
    @Override public int mc() { return 64; }
    @Override public boolean fused() { return false; }
    @Override public int nc() { return 2048; }

    @Override
    public void tile(int kc, float[] pa, int ai, float[] pb, int bi, float[] c, int ci, int ldc, boolean add) {
        float c00 = 0f, c01 = 0f, c02 = 0f, c03 = 0f, c04 = 0f, c05 = 0f, c06 = 0f, c07 = 0f;
        float c10 = 0f, c11 = 0f, c12 = 0f, c13 = 0f, c14 = 0f, c15 = 0f, c16 = 0f, c17 = 0f;
        float c20 = 0f, c21 = 0f, c22 = 0f, c23 = 0f, c24 = 0f, c25 = 0f, c26 = 0f, c27 = 0f;
        float c30 = 0f, c31 = 0f, c32 = 0f, c33 = 0f, c34 = 0f, c35 = 0f, c36 = 0f, c37 = 0f;
        for (int p = 0; p < kc; p++, ai += MR, bi += NR) {
            float a0 = pa[ai + 0];
            float a1 = pa[ai + 1];
            float a2 = pa[ai + 2];
            float a3 = pa[ai + 3];
            float b0 = pb[bi + 0];
            float b1 = pb[bi + 1];
            float b2 = pb[bi + 2];
            float b3 = pb[bi + 3];
            float b4 = pb[bi + 4];
            float b5 = pb[bi + 5];
            float b6 = pb[bi + 6];
            float b7 = pb[bi + 7];
            c00 += a0 * b0; c01 += a0 * b1; c02 += a0 * b2; c03 += a0 * b3; c04 += a0 * b4; c05 += a0 * b5; c06 += a0 * b6; c07 += a0 * b7;
            c10 += a1 * b0; c11 += a1 * b1; c12 += a1 * b2; c13 += a1 * b3; c14 += a1 * b4; c15 += a1 * b5; c16 += a1 * b6; c17 += a1 * b7;
            c20 += a2 * b0; c21 += a2 * b1; c22 += a2 * b2; c23 += a2 * b3; c24 += a2 * b4; c25 += a2 * b5; c26 += a2 * b6; c27 += a2 * b7;
            c30 += a3 * b0; c31 += a3 * b1; c32 += a3 * b2; c33 += a3 * b3; c34 += a3 * b4; c35 += a3 * b5; c36 += a3 * b6; c37 += a3 * b7;
        }
        if (add) {
            int r0 = ci + 0 * ldc;
            c[r0 + 0] += c00; c[r0 + 1] += c01; c[r0 + 2] += c02; c[r0 + 3] += c03; c[r0 + 4] += c04; c[r0 + 5] += c05; c[r0 + 6] += c06; c[r0 + 7] += c07;
            int r1 = ci + 1 * ldc;
            c[r1 + 0] += c10; c[r1 + 1] += c11; c[r1 + 2] += c12; c[r1 + 3] += c13; c[r1 + 4] += c14; c[r1 + 5] += c15; c[r1 + 6] += c16; c[r1 + 7] += c17;
            int r2 = ci + 2 * ldc;
            c[r2 + 0] += c20; c[r2 + 1] += c21; c[r2 + 2] += c22; c[r2 + 3] += c23; c[r2 + 4] += c24; c[r2 + 5] += c25; c[r2 + 6] += c26; c[r2 + 7] += c27;
            int r3 = ci + 3 * ldc;
            c[r3 + 0] += c30; c[r3 + 1] += c31; c[r3 + 2] += c32; c[r3 + 3] += c33; c[r3 + 4] += c34; c[r3 + 5] += c35; c[r3 + 6] += c36; c[r3 + 7] += c37;
        } else {
            int r0 = ci + 0 * ldc;
            c[r0 + 0] = c00; c[r0 + 1] = c01; c[r0 + 2] = c02; c[r0 + 3] = c03; c[r0 + 4] = c04; c[r0 + 5] = c05; c[r0 + 6] = c06; c[r0 + 7] = c07;
            int r1 = ci + 1 * ldc;
            c[r1 + 0] = c10; c[r1 + 1] = c11; c[r1 + 2] = c12; c[r1 + 3] = c13; c[r1 + 4] = c14; c[r1 + 5] = c15; c[r1 + 6] = c16; c[r1 + 7] = c17;
            int r2 = ci + 2 * ldc;
            c[r2 + 0] = c20; c[r2 + 1] = c21; c[r2 + 2] = c22; c[r2 + 3] = c23; c[r2 + 4] = c24; c[r2 + 5] = c25; c[r2 + 6] = c26; c[r2 + 7] = c27;
            int r3 = ci + 3 * ldc;
            c[r3 + 0] = c30; c[r3 + 1] = c31; c[r3 + 2] = c32; c[r3 + 3] = c33; c[r3 + 4] = c34; c[r3 + 5] = c35; c[r3 + 6] = c36; c[r3 + 7] = c37;
        }
    }
}
