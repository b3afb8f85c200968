package org.neurite.kernel;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The shared thread pool of the kernels: daemon threads, one fewer than {@link #threads()} because
 * the calling thread always takes part.
 *
 * <p>Determinism: {@link #forRange} only decides <em>who</em> computes a range, never <em>how</em>.
 * Kernels partition over independent output elements, so their results are bit-identical for any
 * thread count. Calls nested inside a parallel region run inline on the current thread (no
 * oversubscription, no deadlock).
 */
public final class Parallel {
    /** The work of one contiguous part [from, to) of a range. */
    @FunctionalInterface
    public interface RangeBody {
        void run(int from, int to);
    }

    private static final ThreadLocal<int[]> DEPTH = ThreadLocal.withInitial(() -> new int[1]);
    private static final AtomicInteger POOL_ID = new AtomicInteger();

    private static volatile int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
    private static ExecutorService pool;

    private Parallel() {}

    /** Number of threads kernels use, the caller included. Defaults to the available processors. */
    public static int threads() {
        return threads;
    }

    /** Sets the number of threads kernels use (1 = everything on the calling thread). */
    public static synchronized void setThreads(int n) {
        if (n < 1) throw new IllegalArgumentException("Parallel.setThreads: need at least 1 thread, got " + n);
        if (n == threads) return;
        threads = n;
        if (pool != null) {
            pool.shutdown(); // running tasks finish; the next call creates a pool of the new size
            pool = null;
        }
    }

    private static synchronized ExecutorService pool() {
        if (pool == null && threads > 1) {
            int id = POOL_ID.incrementAndGet();
            AtomicInteger count = new AtomicInteger();
            pool = Executors.newFixedThreadPool(threads - 1, r -> {
                Thread t = new Thread(() -> {
                    DEPTH.get()[0] = 1; // a worker is always inside a parallel region
                    r.run();
                }, "neurite-kernel-" + id + "-" + count.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
        }
        return pool;
    }

    /** True on a thread that is already executing a part of a parallel range. */
    public static boolean inParallelRegion() {
        return DEPTH.get()[0] > 0;
    }

    /** Runs body over [0, n) split into at most {@link #threads()} contiguous parts. */
    public static void forRange(int n, RangeBody body) {
        forRange(n, 1, body);
    }

    /**
     * Runs body over [0, n) split into contiguous parts of at least {@code minPart} indices (the
     * last may be shorter), at most one part per thread. Runs inline when there is one part or when
     * already inside a parallel region. Exceptions of any part are rethrown to the caller.
     */
    public static void forRange(int n, int minPart, RangeBody body) {
        if (n <= 0) return;
        int t = threads();
        int parts = (int) Math.min(t, Math.max(1, (n + (long) Math.max(1, minPart) - 1) / Math.max(1, minPart)));
        if (parts <= 1 || inParallelRegion()) {
            body.run(0, n);
            return;
        }
        ExecutorService p = pool();
        if (p == null) {
            body.run(0, n);
            return;
        }
        @SuppressWarnings("unchecked")
        Future<?>[] futures = new Future<?>[parts - 1];
        for (int i = 1; i < parts; i++) {
            int from = (int) ((long) n * i / parts);
            int to = (int) ((long) n * (i + 1) / parts);
            try {
                futures[i - 1] = p.submit(() -> body.run(from, to));
            } catch (RejectedExecutionException e) { // the pool was resized meanwhile
                futures[i - 1] = CompletableFuture.runAsync(() -> body.run(from, to), Runnable::run);
            }
        }
        Throwable failure = null;
        int[] depth = DEPTH.get();
        depth[0]++;
        try {
            body.run(0, (int) ((long) n / parts));
        } catch (Throwable e) {
            failure = e;
        } finally {
            depth[0]--;
        }
        for (Future<?> f : futures) {
            try {
                f.get();
            } catch (ExecutionException e) {
                if (failure == null) failure = e.getCause();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                if (failure == null) failure = e;
            }
        }
        if (failure instanceof RuntimeException re) throw re;
        if (failure instanceof Error er) throw er;
        if (failure != null) throw new IllegalStateException("parallel kernel failed", failure);
    }
}
