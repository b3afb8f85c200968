package org.neurite.kernel;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * Single-precision general matrix multiply on row-major float arrays:
 * {@code C = (accumulate ? C : 0) + op(A) * op(B)}.
 *
 * <p>The classic Goto/BLIS structure: B is packed in panels of KC x NC, A in blocks of MC x KC,
 * both in the strip order a register-blocked micro-kernel of MR x NR reads sequentially (row-major
 * A as strips of whole rows at the constant stride KC, copied rather than transposed); the
 * micro-kernel keeps its whole C tile in registers. Edge tiles are computed in full on zero-padded
 * packed data into a small temporary tile, so every element of C goes through exactly the same
 * arithmetic (sum over each KC block from zero, then added to C in K-block order) wherever it
 * lies. Threads split C into disjoint row (or column) ranges; K is never split, so results are
 * bit-identical for any thread count. With a row split, each B panel is packed once for all threads
 * (by whichever threads reach it first, see {@link SharedB}) rather than once per thread, and the
 * threads then claim blocks of rows in turn.
 *
 * <p>Where packing would cost about as much as the multiply, the micro-kernel reads operands in
 * place instead, with exactly the same arithmetic: row-major A when the block has few columns
 * (each packed strip of A would serve only a few micro-tiles; a last partial strip of rows is still
 * packed), and both operands of an A^T B product with at most one strip of columns (the kernel
 * gradient of a convolution with few filters: a long reduction, where packing both operands of
 * every K block would cost more than the multiply), and B as well when it is small enough to stay
 * in the L1 cache next to A (the full strips of a 64 x 64 product). A strip with at most half a tile of real columns
 * (a convolution with 16 filters or fewer) goes through a narrow tile of the kernel that computes
 * only those columns, again with the same arithmetic per element.
 *
 * <p>Problems under about 2 MFLOP run on the calling thread.
 */
public final class Gemm {
    /** Below this many floating-point operations the call stays on one thread. */
    static final long PARALLEL_FLOPS = 2_000_000L;

    private Gemm() {}

    /** The register-blocked inner kernel and its blocking parameters. */
    interface MicroKernel {
        int mr();

        int nr();

        int kc();

        int mc();

        int nc();

        /** Whether the tile accumulates with fused multiply-adds (one rounding per step). */
        boolean fused();

        /**
         * c[ci + i*ldc + j] (add ? += : =) sum over p &lt; kc of pa[ai + p*mr + i] * pb[bi + p*nr + j],
         * for the full mr x nr tile.
         */
        void tile(int kc, float[] pa, int ai, float[] pb, int bi, float[] c, int ci, int ldc, boolean add);

        /**
         * As {@link #tile}, with A read unpacked: A(i, p) = a[ai + i*lda + p] for the mr rows i.
         * The same arithmetic as tile on packed A (the default packs into a temporary and calls it).
         */
        default void tileRows(int kc, float[] a, int ai, int lda, float[] pb, int bi, float[] c, int ci, int ldc, boolean add) {
            int mr = mr();
            float[] pa = new float[kc * mr];
            for (int i = 0; i < mr; i++) {
                for (int p = 0; p < kc; p++) pa[p * mr + i] = a[ai + i * lda + p];
            }
            tile(kc, pa, 0, pb, bi, c, ci, ldc, add);
        }

        /**
         * As {@link #tile}, with the strip of A packed row by row: A(i, p) = pa[ai + i*kc() + p]
         * (rows at the kernel's own KC stride, a constant it folds into its addressing; such a
         * strip is packed by plain copies of rows, while the layout of tile needs a transpose).
         * Only called when {@link #readsRows} is true.
         */
        default void tileRowStrip(int kc, float[] pa, int ai, float[] pb, int bi, float[] c, int ci, int ldc, boolean add) {
            tileRows(kc, pa, ai, kc(), pb, bi, c, ci, ldc, add);
        }

        /**
         * As {@link #tileRows}, with B read unpacked too: B(p, j) = b[bi + p*ldb + j] for the nr
         * columns j (a separate kernel: a variable stride would keep the bounds checks of the
         * packed-B kernel inside its loop).
         */
        default void tileRowsB(int kc, float[] a, int ai, int lda, float[] b, int bi, int ldb, float[] c, int ci, int ldc, boolean add) {
            int nr = nr();
            float[] pb = new float[kc * nr];
            for (int p = 0; p < kc; p++) System.arraycopy(b, bi + p * ldb, pb, p * nr, nr);
            tileRows(kc, a, ai, lda, pb, 0, c, ci, ldc, add);
        }

        /**
         * As {@link #tile}, with both operands read unpacked from transposed storage:
         * A(i, p) = a[ai + p*lda + i], B(p, j) = b[bi + p*ldb + j] for the whole mr x nr tile
         * (every one of those reads must be inside the arrays; lanes past the real m x n are
         * computed and ignored). Only called when {@link #readsRows} is true.
         */
        default void tileTN(int kc, float[] a, int ai, int lda, float[] b, int bi, int ldb, float[] c, int ci, int ldc, boolean add) {
            throw new UnsupportedOperationException();
        }

        /**
         * Packs {@code strips} strips of nr columns lying side by side in x:
         * dst[d + s*kc*nr + p*nr + j] = x[src + p*ld + s*nr + j]. Four strips per pass over the rows:
         * packing B is bound by its strided reads, which longer runs per row make cheaper.
         */
        default void copyStrips(float[] x, int src, int ld, int kc, int strips, float[] dst, int d) {
            int nr = nr();
            for (int s0 = 0; s0 < strips; s0 += 4) {
                int s1 = Math.min(strips, s0 + 4);
                for (int p = 0; p < kc; p++) {
                    for (int s = s0; s < s1; s++) System.arraycopy(x, src + p * ld + s * nr, dst, d + (s * kc + p) * nr, nr);
                }
            }
        }

        /** Rows of {@link #tileRowsNarrow}'s tile (a multiple of mr), or 0 when the kernel has none. */
        default int narrowRows() {
            return 0;
        }

        /** Columns of {@link #tileRowsNarrow}'s tile (at most nr). */
        default int narrowCols() {
            return 0;
        }

        /**
         * As {@link #tileRows} for a tile of narrowRows() x narrowCols(): only the first
         * narrowCols() columns of each packed B strip are read and computed, with the same
         * arithmetic per element (for strips with few real columns: a convolution with 16 filters).
         */
        default void tileRowsNarrow(int kc, float[] a, int ai, int lda, float[] pb, int bi, float[] c, int ci, int ldc, boolean add) {
            throw new UnsupportedOperationException();
        }

        /** Whether {@link #tileRows} is a real kernel (worth skipping the packing of A for). */
        default boolean readsRows() {
            return false;
        }
    }

    /**
     * Row-major A is read in place by the micro-kernel (no packing) when the block has at most this
     * many columns: copying A into row strips then costs more than the in-place kernel loses (about
     * 12%: its row stride is a variable), since each strip is used by only one or two micro-tiles.
     */
    static int directAMaxN = 64; // package-private and mutable for tests (packed and direct paths agree)
    /**
     * When A is read in place and op(B) has at most this many values (it stays in the L1 cache), the
     * full strips of B are read in place too: packing them would cost more than a quarter of the
     * multiply (n = 64: 180 GFLOP/s packed, 240 in place).
     */
    private static final int DIRECT_B_MAX = 8192;
    /**
     * Up to this many values of B, a row split is claimed block by block (each block of rows reads all
     * of packed B, which then stays in the L3 cache; a 2048 x 2048 B does not, and is split in halves).
     */
    private static final long CLAIM_MAX_B = 1L << 20;
    /**
     * Up to this many rows, and this many columns per thread, a threaded product of row-major A is
     * split by columns: each thread then packs only its share of B (a row split packs all of B on
     * every thread, as much work as the multiply for an MLP layer at batch 128).
     */
    private static final int SPLIT_COLUMNS_MAX_M = 512, SPLIT_COLUMNS_MAX_N = 256;

    private static final MicroKernel KERNEL = chooseKernel();

    /** The kernel in use (package-private, for tests). */
    static MicroKernel kernel() {
        return KERNEL;
    }

    private static MicroKernel chooseKernel() {
        MicroKernel mk = VectorKernels.load("VectorMicroKernel", MicroKernel.class);
        return mk != null ? mk : new ScalarMicroKernel();
    }

    /** Name of the micro-kernel in use (for diagnostics and benchmarks). */
    public static String kernelName() {
        return KERNEL.getClass().getSimpleName() + " " + KERNEL.mr() + "x" + KERNEL.nr();
    }

    /**
     * C(m x n, row stride ldc) = (accumulate ? C : 0) + op(A) op(B). op(A) is m x k: A is stored m x k
     * with row stride lda, or k x m if transA. op(B) is k x n: B is stored k x n with row stride ldb,
     * or n x k if transB.
     */
    public static void sgemm(boolean transA, boolean transB, int m, int n, int k,
                             float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                             float[] c, int cOff, int ldc, boolean accumulate) {
        sgemm(KERNEL, transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate);
    }

    /** sgemm with a given micro-kernel (tests run every kernel through this). */
    static void sgemm(MicroKernel mk, boolean transA, boolean transB, int m, int n, int k,
                      float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                      float[] c, int cOff, int ldc, boolean accumulate) {
        checkArgs(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc);
        if (m == 0 || n == 0) return;
        if (k == 0) {
            if (!accumulate) {
                for (int i = 0; i < m; i++) java.util.Arrays.fill(c, cOff + i * ldc, cOff + i * ldc + n, 0f);
            }
            return;
        }
        if ((long) m * n * k <= SMALL_MACS) {
            small(mk, transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate);
            return;
        }
        if (2 * n <= mk.nr() && m >= mk.nr() && (transA || !mk.readsRows())) {
            skinny(mk, transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate);
            return;
        }
        long flops = 2L * m * n * k;
        if (flops < PARALLEL_FLOPS || Parallel.threads() == 1 || Parallel.inParallelRegion()) {
            block(mk, transA, transB, 0, m, 0, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate);
            return;
        }
        int mTiles = (m + mk.mr() - 1) / mk.mr();
        int nTiles = (n + mk.nr() - 1) / mk.nr();
        int threads = Parallel.threads();
        // Split the dimension that gives every thread a fair share; prefer rows (the threads then
        // share the packing of each B panel, and each packs only its own blocks of A).
        // With few rows of row-major A, split the columns instead (see SPLIT_COLUMNS_MAX_M).
        boolean columns = !transA && mk.readsRows() && m <= SPLIT_COLUMNS_MAX_M && nTiles >= threads
                && (long) (nTiles + threads - 1) / threads * mk.nr() <= SPLIT_COLUMNS_MAX_N;
        if (!columns && (mTiles >= 2 * threads || mTiles * mk.mr() >= nTiles * mk.nr())) {
            SharedB shared = SharedB.create(mk, transB, k, n, b, bOff, ldb);
            if (shared == null || (long) k * n > CLAIM_MAX_B) {
                Parallel.forRange(mTiles, (from, to) -> block(mk, transA, transB, from * mk.mr(), Math.min(m, to * mk.mr()),
                        0, n, k, a, aOff, lda, b, bOff, ldb, shared, c, cOff, ldc, accumulate));
                return;
            }
            // With B packed once for all, the threads claim blocks of rows one at a time: a thread
            // slowed down (by another process on its core) takes fewer, instead of the others waiting
            // for its fixed half. Blocks are at most about MC rows: one block of A each for the kernel.
            int blocks = Math.min(mTiles, roundUp(Math.max(2 * threads, (m + mk.mc() - 1) / mk.mc()), threads));
            AtomicInteger next = new AtomicInteger();
            Parallel.forRange(threads, (from, to) -> {
                for (int q; (q = next.getAndIncrement()) < blocks; ) {
                    int t0 = (int) ((long) mTiles * q / blocks), t1 = (int) ((long) mTiles * (q + 1) / blocks);
                    block(mk, transA, transB, t0 * mk.mr(), Math.min(m, t1 * mk.mr()),
                            0, n, k, a, aOff, lda, b, bOff, ldb, shared, c, cOff, ldc, accumulate);
                }
            });
        } else {
            Parallel.forRange(nTiles, (from, to) -> block(mk, transA, transB, 0, m, from * mk.nr(), Math.min(n, to * mk.nr()),
                    k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate));
        }
    }

    /**
     * A product with few columns (a convolution with few filters, its kernel gradient) would leave
     * most of each micro-kernel tile empty. Its transpose C^T = op(B)^T op(A)^T has few rows instead,
     * which the tile covers much better (MR rows versus NR columns): compute that, then transpose
     * back. Each element is still one fixed sequence of operations, independent of thread count.
     */
    private static void skinny(MicroKernel mk, boolean transA, boolean transB, int m, int n, int k,
                               float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                               float[] c, int cOff, int ldc, boolean accumulate) {
        float[] t = SKINNY.get();
        if (t.length < m * n) {
            t = new float[m * n];
            SKINNY.set(t);
        }
        float[] ct = t;
        if (accumulate) {
            // start from C itself, so each element is (C + block 1) + block 2 ..., as on the packed path
            for (int i = 0; i < m; i++) {
                int row = cOff + i * ldc;
                for (int j = 0; j < n; j++) ct[j * m + i] = c[row + j];
            }
        }
        sgemm(mk, !transB, !transA, n, m, k, b, bOff, ldb, a, aOff, lda, ct, 0, m, accumulate);
        for (int i = 0; i < m; i++) {
            int row = cOff + i * ldc;
            for (int j = 0; j < n; j++) c[row + j] = ct[j * m + i];
        }
    }

    /** Products up to this many multiply-adds cost less than packing them (a batch-1 dense layer). */
    static final long SMALL_MACS = 4096;

    /**
     * A tiny product computed directly, row by row of C, with exactly the arithmetic of the packed
     * path: per KC block a sum from zero over p in order (fused multiply-adds if the micro-kernel
     * fuses), then added to C. So a row's result does not depend on how many rows were computed
     * with it (a sample's prediction does not change with the batch size).
     */
    private static void small(MicroKernel mk, boolean transA, boolean transB, int m, int n, int k,
                              float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                              float[] c, int cOff, int ldc, boolean accumulate) {
        float[] acc = SMALL_ROW.get();
        if (acc.length < n) {
            acc = new float[n];
            SMALL_ROW.set(acc);
        }
        boolean fused = mk.fused();
        int kcMax = mk.kc();
        for (int i = 0; i < m; i++) {
            int row = cOff + i * ldc;
            for (int pc = 0; pc < k; pc += kcMax) {
                java.util.Arrays.fill(acc, 0, n, 0f);
                for (int p = pc, pEnd = Math.min(k, pc + kcMax); p < pEnd; p++) {
                    float av = transA ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
                    if (!transB) {
                        int br = bOff + p * ldb;
                        if (fused) for (int j = 0; j < n; j++) acc[j] = Math.fma(av, b[br + j], acc[j]);
                        else for (int j = 0; j < n; j++) acc[j] += av * b[br + j];
                    } else {
                        int bc = bOff + p;
                        if (fused) for (int j = 0; j < n; j++) acc[j] = Math.fma(av, b[bc + j * ldb], acc[j]);
                        else for (int j = 0; j < n; j++) acc[j] += av * b[bc + j * ldb];
                    }
                }
                if (pc == 0 && !accumulate) System.arraycopy(acc, 0, c, row, n);
                else for (int j = 0; j < n; j++) c[row + j] += acc[j];
            }
        }
    }

    private static final ThreadLocal<float[]> SMALL_ROW = ThreadLocal.withInitial(() -> new float[0]);

    private static final ThreadLocal<float[]> SKINNY = ThreadLocal.withInitial(() -> new float[0]);

    /**
     * op(B) packed once into the micro-kernel's panel layout, for many products with the same B
     * (a recurrent kernel applied at every time step). Products through it give the same bits as
     * {@link #sgemm} with the unpacked B.
     */
    public static final class PackedB {
        final MicroKernel mk;
        final int k, n;
        final float[] data;
        // the source, for products too small to be worth the packed panels (same bits either way)
        private final boolean transB;
        private final float[] b;
        private final int bOff, ldb;
        private final int[] offsets;
        private final int kBlocks;

        private PackedB(MicroKernel mk, boolean transB, int k, int n, float[] b, int bOff, int ldb) {
            this.mk = mk;
            this.k = k;
            this.n = n;
            this.transB = transB;
            this.b = b;
            this.bOff = bOff;
            this.ldb = ldb;
            int kc = mk.kc(), nc = mk.nc(), nr = mk.nr();
            this.kBlocks = (k + kc - 1) / kc;
            int nBlocks = (n + nc - 1) / nc;
            this.offsets = new int[nBlocks * kBlocks];
            int size = 0;
            for (int jb = 0; jb < nBlocks; jb++) {
                for (int pb = 0; pb < kBlocks; pb++) {
                    offsets[jb * kBlocks + pb] = size;
                    size += Math.min(kc, k - pb * kc) * roundUp(Math.min(nc, n - jb * nc), nr);
                }
            }
            this.data = Buffers.floats(size); // packed per call (the LSTM packs U once per sequence): recycled within a training step
            for (int jb = 0; jb < nBlocks; jb++) {
                for (int pb = 0; pb < kBlocks; pb++) {
                    packB(mk, transB, b, bOff, ldb, pb * kc, Math.min(kc, k - pb * kc), jb * nc, Math.min(nc, n - jb * nc), data, offsets[jb * kBlocks + pb]);
                }
            }
        }

        int offset(int jc, int pc) {
            return offsets[(jc / mk.nc()) * kBlocks + pc / mk.kc()];
        }

        public int rows() {
            return k;
        }

        public int columns() {
            return n;
        }
    }

    /**
     * Packs op(B) (k x n; B stored k x n with row stride ldb, or n x k if transB) for the product
     * below. B must not change while the packed copy is in use (tiny products read it directly).
     * For {@link #sgemm(boolean, int, float[], int, int, PackedB, float[], int, int, boolean)}. */
    public static PackedB pack(boolean transB, int k, int n, float[] b, int bOff, int ldb) {
        checkMatrix("B", b, bOff, ldb, transB ? n : k, transB ? k : n);
        return new PackedB(KERNEL, transB, k, n, b, bOff, ldb);
    }

    /** C(m x n) = (accumulate ? C : 0) + op(A) B with B packed beforehand; rows of C are split between threads. */
    public static void sgemm(boolean transA, int m, float[] a, int aOff, int lda, PackedB b, float[] c, int cOff, int ldc, boolean accumulate) {
        int n = b.n, k = b.k;
        checkMatrix("A", a, aOff, lda, transA ? k : m, transA ? m : k);
        checkMatrix("C", c, cOff, ldc, m, n);
        if (m == 0 || n == 0) return;
        MicroKernel mk = b.mk;
        if (k == 0 || (long) m * n * k <= SMALL_MACS) {
            sgemm(mk, transA, b.transB, m, n, k, a, aOff, lda, b.b, b.bOff, b.ldb, c, cOff, ldc, accumulate);
            return;
        }
        long flops = 2L * m * n * k;
        int mTiles = (m + mk.mr() - 1) / mk.mr();
        if (flops < PARALLEL_FLOPS || Parallel.threads() == 1 || Parallel.inParallelRegion() || mTiles < 2) {
            block(mk, transA, false, 0, m, 0, n, k, a, aOff, lda, null, 0, 0, b, null, c, cOff, ldc, accumulate);
            return;
        }
        Parallel.forRange(mTiles, (from, to) -> block(mk, transA, false, from * mk.mr(), Math.min(m, to * mk.mr()),
                0, n, k, a, aOff, lda, null, 0, 0, b, null, c, cOff, ldc, accumulate));
    }

    /**
     * op(B) in the panel layout of {@link PackedB}, packed during a row-split product by the threads
     * that need it: each panel is cut into chunks of strips, every thread reaching a panel claims and
     * packs chunks until none is left, then waits for the chunks others claimed (a thread only waits
     * for work already being done, so a part that starts late, or runs after the others, never
     * blocks anyone). So B is packed once instead of once per thread, and the threads share the
     * panel in the last-level cache.
     */
    private static final class SharedB {
        /** Above this many packed values (16 MB, a 2048 x 2048 B) B is packed per thread as before (keeps the buffer bounded). */
        static final int MAX_SIZE = 1 << 22;
        private static final ThreadLocal<float[]> BUFFER = ThreadLocal.withInitial(() -> new float[0]);

        final MicroKernel mk;
        final boolean transB;
        final float[] b;
        final int bOff, ldb, k, n, kBlocks;
        final float[] data;
        final int[] offsets;
        final AtomicIntegerArray next, done;
        volatile boolean failed;

        private SharedB(MicroKernel mk, boolean transB, int k, int n, float[] b, int bOff, int ldb, float[] data, int[] offsets, int kBlocks) {
            this.mk = mk;
            this.transB = transB;
            this.k = k;
            this.n = n;
            this.b = b;
            this.bOff = bOff;
            this.ldb = ldb;
            this.data = data;
            this.offsets = offsets;
            this.kBlocks = kBlocks;
            this.next = new AtomicIntegerArray(offsets.length);
            this.done = new AtomicIntegerArray(offsets.length);
        }

        /** The shared packing of op(B) for one row-split product, or null to pack per thread. */
        static SharedB create(MicroKernel mk, boolean transB, int k, int n, float[] b, int bOff, int ldb) {
            int kc = mk.kc(), nc = mk.nc(), nr = mk.nr();
            int kBlocks = (k + kc - 1) / kc, nBlocks = (n + nc - 1) / nc;
            long size = (long) k * ((long) (nBlocks - 1) * nc + roundUp(n - (nBlocks - 1) * nc, nr)); // every K block, full and last column blocks
            if (size > MAX_SIZE) return null;
            int[] offsets = new int[nBlocks * kBlocks];
            int off = 0;
            for (int jb = 0; jb < nBlocks; jb++) {
                for (int pb = 0; pb < kBlocks; pb++) {
                    offsets[jb * kBlocks + pb] = off;
                    off += Math.min(kc, k - pb * kc) * roundUp(Math.min(nc, n - jb * nc), nr);
                }
            }
            float[] data = BUFFER.get();
            if (data.length < off) {
                data = new float[off];
                BUFFER.set(data);
            }
            return new SharedB(mk, transB, k, n, b, bOff, ldb, data, offsets, kBlocks);
        }

        /** Strips of nr columns per claimed chunk (as many as {@link MicroKernel#copyStrips} packs per pass). */
        private static final int CHUNK = 4;

        /** Makes sure the panel at (jc, pc) is packed, helping with it; returns its offset in data. */
        int panel(int jc, int pc) {
            int kc = mk.kc(), nc = mk.nc(), nr = mk.nr();
            int q = (jc / nc) * kBlocks + pc / kc;
            int kw = Math.min(kc, k - pc), nw = Math.min(nc, n - jc);
            int chunkCols = CHUNK * nr;
            int chunks = (nw + chunkCols - 1) / chunkCols;
            int base = offsets[q];
            if (done.get(q) < chunks) {
                int ch;
                while ((ch = next.getAndIncrement(q)) < chunks) {
                    int js = ch * chunkCols;
                    try {
                        packB(mk, transB, b, bOff, ldb, pc, kw, jc + js, Math.min(chunkCols, nw - js), data, base + js * kw);
                    } catch (Throwable e) {
                        failed = true;
                        throw e;
                    }
                    done.incrementAndGet(q);
                }
                for (int spins = 0; done.get(q) < chunks; spins++) {
                    if (failed) throw new IllegalStateException("sgemm: packing B failed on another thread");
                    if (spins < 4096) Thread.onSpinWait();
                    else Thread.yield(); // the packing thread may be waiting for this core
                }
            }
            return base;
        }
    }

    /** Convenience: plain C = A B for contiguous row-major matrices. */
    public static void sgemm(int m, int n, int k, float[] a, float[] b, float[] c) {
        sgemm(false, false, m, n, k, a, 0, k, b, 0, n, c, 0, n, false);
    }

    private static void checkArgs(boolean transA, boolean transB, int m, int n, int k,
                                  float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                                  float[] c, int cOff, int ldc) {
        if (m < 0 || n < 0 || k < 0) {
            throw new IllegalArgumentException("sgemm: negative size m=" + m + " n=" + n + " k=" + k);
        }
        int aRows = transA ? k : m, aCols = transA ? m : k;
        int bRows = transB ? n : k, bCols = transB ? k : n;
        checkMatrix("A", a, aOff, lda, aRows, aCols);
        checkMatrix("B", b, bOff, ldb, bRows, bCols);
        checkMatrix("C", c, cOff, ldc, m, n);
    }

    private static void checkMatrix(String name, float[] x, int off, int ld, int rows, int cols) {
        if (rows == 0 || cols == 0) return;
        if (x == null) throw new IllegalArgumentException("sgemm: " + name + " is null");
        if (off < 0 || ld < cols) {
            throw new IllegalArgumentException("sgemm: " + name + " is " + rows + " x " + cols + " but offset=" + off + " leading dimension=" + ld);
        }
        long last = off + (long) (rows - 1) * ld + cols;
        if (last > x.length) {
            throw new IllegalArgumentException("sgemm: " + name + " (" + rows + " x " + cols + ", offset " + off + ", leading dimension " + ld
                    + ") needs " + last + " values, the array has " + x.length);
        }
    }

    // ------------------------------------------------------------------ scratch buffers

    private static final class Scratch {
        float[] packA = new float[0];
        float[] packB = new float[0];
        float[] tile = new float[0];
    }

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    // ------------------------------------------------------------------ blocked driver

    /** Computes rows [m0, m1) x columns [n0, n1) of C on the current thread. */
    private static void block(MicroKernel mk, boolean transA, boolean transB, int m0, int m1, int n0, int n1, int k,
                              float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                              float[] c, int cOff, int ldc, boolean accumulate) {
        block(mk, transA, transB, m0, m1, n0, n1, k, a, aOff, lda, b, bOff, ldb, null, null, c, cOff, ldc, accumulate);
    }

    /** As above, with B's panels from a packing shared between threads (when non-null; then n0 = 0, n1 = n). */
    private static void block(MicroKernel mk, boolean transA, boolean transB, int m0, int m1, int n0, int n1, int k,
                              float[] a, int aOff, int lda, float[] b, int bOff, int ldb, SharedB shared,
                              float[] c, int cOff, int ldc, boolean accumulate) {
        block(mk, transA, transB, m0, m1, n0, n1, k, a, aOff, lda, b, bOff, ldb, null, shared, c, cOff, ldc, accumulate);
    }

    /** As above; with {@code packed} non-null (then n0 = 0, n1 = n) B's panels come from it instead of being packed. */
    private static void block(MicroKernel mk, boolean transA, boolean transB, int m0, int m1, int n0, int n1, int k,
                              float[] a, int aOff, int lda, float[] b, int bOff, int ldb, PackedB packed, SharedB shared,
                              float[] c, int cOff, int ldc, boolean accumulate) {
        final int mr = mk.mr(), nr = mk.nr();
        final int kcMax = mk.kc(), mcMax = mk.mc(), ncMax = mk.nc();
        Scratch s = SCRATCH.get();
        int m = m1 - m0, n = n1 - n0;
        int kcCap = Math.min(kcMax, k);
        int ncCap = Math.min(ncMax, roundUp(n, nr));
        int mcCap = Math.min(mcMax, roundUp(m, mr));
        if (packed == null && shared == null && s.packB.length < kcCap * ncCap) s.packB = new float[kcCap * ncCap];
        // row-major A is packed as strips of whole rows (copies) for tileRowStrip; otherwise
        // interleaved for tile (A^T: the mr values of a depth step are side by side already)
        final boolean rowStrips = !transA && mk.readsRows();
        final int aStride = rowStrips ? kcMax : kcCap; // values per row of a packed strip of A (at most)
        if (s.packA.length < aStride * mcCap) s.packA = new float[aStride * mcCap];
        final int narrowRows = mk.narrowRows(), narrowCols = narrowRows > 0 ? mk.narrowCols() : 0;
        if (s.tile.length < Math.max(mr * nr, narrowRows * narrowCols)) s.tile = new float[Math.max(mr * nr, narrowRows * narrowCols)];
        float[] pb = s.packB, pa = s.packA, tmp = s.tile;
        final boolean direct = !transA && n <= directAMaxN && mk.readsRows();
        final boolean smallTN = packed == null && transA && !transB && n <= nr && mk.readsRows();
        // (whole strips of rows only: a last partial strip of rows is packed and needs packed B)
        final boolean directB = direct && !transB && packed == null && shared == null && m % mr == 0 && (long) k * n <= DIRECT_B_MAX;

        for (int jc = n0; jc < n1; jc += ncMax) {
            int nc = Math.min(ncMax, n1 - jc);
            for (int pc = 0; pc < k; pc += kcMax) {
                int kc = Math.min(kcMax, k - pc);
                boolean add = accumulate || pc > 0;
                if (smallTN && (long) aOff + (long) (pc + kc - 1) * lda + m0 + (m - 1) / mr * mr + mr <= a.length
                        && (long) bOff + (long) (pc + kc - 1) * ldb + jc + nr <= b.length) {
                    // one strip of columns: both operands read in place, strip by strip of mr rows
                    int bi = bOff + pc * ldb + jc;
                    for (int ir = 0; ir < m; ir += mr) {
                        int mw = Math.min(mr, m - ir);
                        int ci = cOff + (m0 + ir) * ldc + jc;
                        int ai = aOff + pc * lda + m0 + ir;
                        if (mw == mr && nc == nr) {
                            mk.tileTN(kc, a, ai, lda, b, bi, ldb, c, ci, ldc, add);
                        } else {
                            mk.tileTN(kc, a, ai, lda, b, bi, ldb, tmp, 0, nr, false);
                            edge(c, ci, ldc, tmp, nr, mw, nc, add);
                        }
                    }
                    continue;
                }
                float[] pbArr = pb;
                int pbOff = 0;
                // directB: the full strips of B are read in place, only a last partial strip is packed
                int inPlaceCols = directB ? nc / nr * nr : 0;
                if (packed != null) {
                    pbArr = packed.data;
                    pbOff = packed.offset(jc, pc);
                } else if (shared != null) {
                    pbArr = shared.data;
                    pbOff = shared.panel(jc, pc);
                } else if (inPlaceCols < nc) {
                    packB(mk, transB, b, bOff, ldb, pc, kc, jc + inPlaceCols, nc - inPlaceCols, pb, 0);
                    pbOff = -inPlaceCols * kc; // strip jr/nr of the packed part starts at (jr - inPlaceCols) * kc
                }
                for (int ic = m0; ic < m1; ic += mcMax) {
                    int mc = Math.min(mcMax, m1 - ic);
                    // direct: full strips of mr rows read A in place; a last partial strip is packed
                    int fullRows = direct ? mc / mr * mr : 0;
                    if (fullRows < mc) {
                        if (rowStrips) packRowStrips(a, aOff, lda, ic + fullRows, mc - fullRows, pc, kc, mr, kcMax, pa);
                        else packA(transA, a, aOff, lda, ic + fullRows, mc - fullRows, pc, kc, mr, pa);
                    }
                    for (int jr = 0; jr < nc; jr += nr) {
                        int nw = Math.min(nr, nc - jr);
                        if (jr < inPlaceCols) {
                            int bi = bOff + pc * ldb + jc + jr;
                            for (int ir = 0; ir < mc; ir += mr) {
                                mk.tileRowsB(kc, a, aOff + (ic + ir) * lda + pc, lda, b, bi, ldb, c, cOff + (ic + ir) * ldc + jc + jr, ldc, add);
                            }
                            continue;
                        }
                        int bi = pbOff + jr * kc; // strip jr/nr starts at (jr/nr) * kc * nr
                        int ir = 0;
                        if (nw <= narrowCols) {
                            // a narrow strip: taller tiles of only its first columns, A read in place
                            for (; ir + narrowRows <= fullRows; ir += narrowRows) {
                                int ci = cOff + (ic + ir) * ldc + jc + jr;
                                int ar = aOff + (ic + ir) * lda + pc;
                                if (nw == narrowCols) {
                                    mk.tileRowsNarrow(kc, a, ar, lda, pbArr, bi, c, ci, ldc, add);
                                } else {
                                    mk.tileRowsNarrow(kc, a, ar, lda, pbArr, bi, tmp, 0, narrowCols, false);
                                    edge(c, ci, ldc, tmp, narrowCols, narrowRows, nw, add);
                                }
                            }
                        }
                        for (; ir < mc; ir += mr) {
                            int mw = Math.min(mr, mc - ir);
                            int ai = (ir - fullRows) * (rowStrips ? kcMax : kc);
                            int ci = cOff + (ic + ir) * ldc + jc + jr;
                            if (ir < fullRows) {
                                int ar = aOff + (ic + ir) * lda + pc;
                                if (nw == nr) {
                                    mk.tileRows(kc, a, ar, lda, pbArr, bi, c, ci, ldc, add);
                                } else {
                                    mk.tileRows(kc, a, ar, lda, pbArr, bi, tmp, 0, nr, false);
                                    edge(c, ci, ldc, tmp, nr, mw, nw, add);
                                }
                            } else if (rowStrips) {
                                if (mw == mr && nw == nr) {
                                    mk.tileRowStrip(kc, pa, ai, pbArr, bi, c, ci, ldc, add);
                                } else {
                                    mk.tileRowStrip(kc, pa, ai, pbArr, bi, tmp, 0, nr, false);
                                    edge(c, ci, ldc, tmp, nr, mw, nw, add);
                                }
                            } else if (mw == mr && nw == nr) {
                                mk.tile(kc, pa, ai, pbArr, bi, c, ci, ldc, add);
                            } else {
                                mk.tile(kc, pa, ai, pbArr, bi, tmp, 0, nr, false);
                                edge(c, ci, ldc, tmp, nr, mw, nw, add);
                            }
                        }
                    }
                }
            }
        }
    }

    /** Adds (or stores) the top-left mw x nw of an mr x nr tile computed into tmp. */
    private static void edge(float[] c, int ci, int ldc, float[] tmp, int nr, int mw, int nw, boolean add) {
        for (int i = 0; i < mw; i++) {
            int row = ci + i * ldc;
            int t = i * nr;
            if (add) {
                for (int j = 0; j < nw; j++) c[row + j] += tmp[t + j];
            } else {
                for (int j = 0; j < nw; j++) c[row + j] = tmp[t + j];
            }
        }
    }

    private static int roundUp(int x, int r) {
        return (x + r - 1) / r * r;
    }

    /**
     * Packs op(B)[pc : pc+kc, jc : jc+nc] as strips of nr columns; each strip holds kc rows of nr
     * values, zero-padded past the last column.
     */
    private static void packB(MicroKernel mk, boolean transB, float[] b, int bOff, int ldb, int pc, int kc, int jc, int nc, float[] pb, int pbOff) {
        int nr = mk.nr(), full = transB ? 0 : nc / nr;
        if (full > 0) mk.copyStrips(b, bOff + pc * ldb + jc, ldb, kc, full, pb, pbOff);
        if (full * nr < nc) packStrips(!transB, b, bOff, ldb, pc, kc, jc + full * nr, nc - full * nr, nr, pb, pbOff + full * nr * kc);
    }

    /**
     * Packs op(A)[ic : ic+mc, pc : pc+kc] as strips of mr rows; each strip holds kc columns of mr
     * values, zero-padded past the last row.
     */
    private static void packA(boolean transA, float[] a, int aOff, int lda, int ic, int mc, int pc, int kc, int mr, float[] pa) {
        packStrips(transA, a, aOff, lda, pc, kc, ic, mc, mr, pa, 0);
    }

    /**
     * Packs rows [ic, ic+mc) of row-major A, columns [pc, pc+kc), as strips of mr rows for
     * {@link MicroKernel#tileRowStrip}: row i of a strip at pa[strip*mr*stride + i*stride], rows
     * past the last zero-filled.
     */
    private static void packRowStrips(float[] a, int aOff, int lda, int ic, int mc, int pc, int kc, int mr, int stride, float[] pa) {
        for (int i = 0, rows = roundUp(mc, mr); i < rows; i++) {
            if (i < mc) System.arraycopy(a, aOff + (ic + i) * lda + pc, pa, i * stride, kc);
            else java.util.Arrays.fill(pa, i * stride, i * stride + kc, 0f);
        }
    }

    /**
     * The packing of both operands: strips of {@code width} lines (B's columns, A's rows) starting at
     * line {@code first}, each strip kc deep (from depth pc) with the width values of one depth
     * step together, zero-padded past the last line. {@code contiguous}: the width values of one
     * depth step lie side by side in x (x[off + p*ld + line]), so they are copied as runs;
     * otherwise each line is a run along the depth (x[off + line*ld + p]) and is interleaved.
     */
    private static void packStrips(boolean contiguous, float[] x, int off, int ld, int pc, int kc, int first, int count, int width,
                                   float[] dst, int dstOff) {
        int idx = dstOff;
        for (int ls = 0; ls < count; ls += width) {
            int w = Math.min(width, count - ls);
            int line0 = first + ls;
            if (contiguous) {
                int src = off + pc * ld + line0;
                if (w == width) {
                    for (int p = 0; p < kc; p++, src += ld, idx += width) System.arraycopy(x, src, dst, idx, width);
                } else {
                    for (int p = 0; p < kc; p++, src += ld) {
                        for (int j = 0; j < w; j++) dst[idx++] = x[src + j];
                        for (int j = w; j < width; j++) dst[idx++] = 0f;
                    }
                }
            } else {
                interleave(x, off + line0 * ld + pc, ld, w, kc, dst, idx, width);
                for (int j = w; j < width; j++) {
                    for (int p = 0, d = idx + j; p < kc; p++, d += width) dst[d] = 0f;
                }
                idx += kc * width;
            }
        }
    }

    /**
     * dst[d + p*stride + r] = x[src + r*ld + p] for r &lt; rows, p &lt; kc: rows of x interleaved into
     * a packed strip, four rows by four columns at a time (reads and writes in runs of four).
     */
    private static void interleave(float[] x, int src, int ld, int rows, int kc, float[] dst, int d, int stride) {
        int r = 0;
        for (; r + 4 <= rows; r += 4) {
            int s0 = src + r * ld, s1 = s0 + ld, s2 = s1 + ld, s3 = s2 + ld;
            int o = d + r;
            int p = 0;
            for (; p + 4 <= kc; p += 4, o += 4 * stride) {
                float a0 = x[s0 + p], a1 = x[s0 + p + 1], a2 = x[s0 + p + 2], a3 = x[s0 + p + 3];
                float b0 = x[s1 + p], b1 = x[s1 + p + 1], b2 = x[s1 + p + 2], b3 = x[s1 + p + 3];
                float c0 = x[s2 + p], c1 = x[s2 + p + 1], c2 = x[s2 + p + 2], c3 = x[s2 + p + 3];
                float e0 = x[s3 + p], e1 = x[s3 + p + 1], e2 = x[s3 + p + 2], e3 = x[s3 + p + 3];
                int o1 = o + stride, o2 = o1 + stride, o3 = o2 + stride;
                dst[o] = a0; dst[o + 1] = b0; dst[o + 2] = c0; dst[o + 3] = e0;
                dst[o1] = a1; dst[o1 + 1] = b1; dst[o1 + 2] = c1; dst[o1 + 3] = e1;
                dst[o2] = a2; dst[o2 + 1] = b2; dst[o2 + 2] = c2; dst[o2 + 3] = e2;
                dst[o3] = a3; dst[o3 + 1] = b3; dst[o3 + 2] = c3; dst[o3 + 3] = e3;
            }
            for (; p < kc; p++, o += stride) {
                dst[o] = x[s0 + p]; dst[o + 1] = x[s1 + p]; dst[o + 2] = x[s2 + p]; dst[o + 3] = x[s3 + p];
            }
        }
        for (; r < rows; r++) {
            int s0 = src + r * ld;
            for (int p = 0, o = d + r; p < kc; p++, o += stride) dst[o] = x[s0 + p];
        }
    }
}
