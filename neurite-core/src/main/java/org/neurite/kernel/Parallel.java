package org.neurite.kernel;

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
    /** How long an idle worker (and a waiting caller) spins before parking: ops of a training step follow each other within microseconds. */
    private static final long SPIN_NANOS = Long.getLong("neurite.spinMicros", 100) * 1000L;

    private static volatile int threads = initialThreads(System.getProperty("neurite.threads"), System.getenv("NEURITE_THREADS"),
            Runtime.getRuntime().availableProcessors());
    private static Pool pool;

    private Parallel() {}

    /**
     * The starting thread count: {@code -Dneurite.threads=N}, else the environment variable
     * {@code NEURITE_THREADS}, else the available processors (which in a container is its CPU limit).
     * On a server that handles requests on its own threads, set it to the cores Neurite may take (often
     * 1 per request thread for inference) and {@code -Dneurite.spinMicros=0} so idle workers park at once.
     */
    static int initialThreads(String property, String environment, int processors) {
        String v = property != null ? property : environment;
        String from = property != null ? "-Dneurite.threads" : "NEURITE_THREADS";
        if (v == null || v.isBlank()) return Math.max(1, processors);
        int n;
        try {
            n = Integer.parseInt(v.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(from + ": expected a whole number of threads >= 1, got '" + v + "'");
        }
        if (n < 1) throw new IllegalArgumentException(from + ": expected a whole number of threads >= 1, got " + n);
        return n;
    }

    /**
     * Number of threads kernels use, the caller included: {@code neurite.threads} / {@code NEURITE_THREADS}
     * when set, else the available processors; {@link #setThreads} changes it.
     */
    public static int threads() {
        return threads;
    }

    /** Sets the number of threads kernels use (1 = everything on the calling thread). */
    public static synchronized void setThreads(int n) {
        if (n < 1) throw new IllegalArgumentException("Parallel.setThreads: need at least 1 thread, got " + n);
        if (n == threads) return;
        threads = n;
        if (pool != null) {
            pool.shutdown(); // running parts finish; the next call creates a pool of the new size
            pool = null;
        }
    }

    private static synchronized Pool pool() {
        if (pool == null && threads > 1) pool = new Pool(threads - 1, POOL_ID.incrementAndGet());
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
        Pool p = pool();
        if (p == null || !p.busy.compareAndSet(false, true)) {
            body.run(0, n); // no pool, or another caller thread is using it: same parts, same bits
            return;
        }
        try {
            p.run(n, Math.min(parts, p.workers.length + 1), body);
        } finally {
            p.busy.set(false);
        }
    }

    /**
     * Worker threads that wait for parts by spinning briefly, then parking: a fork + join costs about
     * a microsecond while the ops of a step come in quick succession, instead of the tens of
     * microseconds of waking a parked executor thread for every op.
     */
    private static final class Pool {
        final Worker[] workers;
        final java.util.concurrent.atomic.AtomicBoolean busy = new java.util.concurrent.atomic.AtomicBoolean();
        final AtomicInteger pending = new AtomicInteger();
        volatile Thread waiter;
        volatile Throwable failure;
        volatile boolean stopped;

        Pool(int size, int id) {
            workers = new Worker[size];
            for (int i = 0; i < size; i++) {
                workers[i] = new Worker(this, "neurite-kernel-" + id + "-" + (i + 1));
                workers[i].start();
            }
        }

        /** Waits for a running range to finish, then stops the workers; later callers run inline. */
        void shutdown() {
            while (!busy.compareAndSet(false, true)) Thread.onSpinWait(); // never released: the pool is retired
            stopped = true;
            for (Worker w : workers) java.util.concurrent.locks.LockSupport.unpark(w);
        }

        void run(int n, int parts, RangeBody body) {
            failure = null;
            pending.set(parts - 1);
            for (int i = 1; i < parts; i++) {
                workers[i - 1].post(body, (int) ((long) n * i / parts), (int) ((long) n * (i + 1) / parts));
            }
            Throwable fail = null;
            int[] depth = DEPTH.get();
            depth[0]++;
            try {
                body.run(0, (int) ((long) n / parts));
            } catch (Throwable e) {
                fail = e;
            } finally {
                depth[0]--;
            }
            if (pending.get() != 0) {
                long deadline = System.nanoTime() + SPIN_NANOS;
                for (int i = 0; pending.get() != 0 && System.nanoTime() < deadline; i++) pause(i);
                if (pending.get() != 0) {
                    waiter = Thread.currentThread();
                    while (pending.get() != 0) java.util.concurrent.locks.LockSupport.parkNanos(this, 200_000L);
                    waiter = null;
                }
            }
            Throwable wf = failure;
            if (fail == null) fail = wf;
            if (fail instanceof RuntimeException re) throw re;
            if (fail instanceof Error er) throw er;
            if (fail != null) throw new IllegalStateException("parallel kernel failed", fail);
        }

        void done(Throwable e) {
            if (e != null && failure == null) failure = e;
            if (pending.decrementAndGet() == 0) {
                Thread w = waiter;
                if (w != null) java.util.concurrent.locks.LockSupport.unpark(w);
            }
        }
    }

    /**
     * One step of a wait: a CPU pause at first, then yielding, so that a waiting thread hands its
     * core to the thread it waits for when the machine has more runnable threads than cores.
     */
    private static void pause(int i) {
        if (i < 256) Thread.onSpinWait();
        else Thread.yield();
    }

    private static final class Worker extends Thread {
        private final Pool pool;
        private RangeBody body;
        private int from, to;
        private volatile long posted;
        private volatile boolean parked;
        private long seen;

        Worker(Pool pool, String name) {
            super(name);
            this.pool = pool;
            setDaemon(true);
        }

        void post(RangeBody b, int f, int t) {
            body = b;
            from = f;
            to = t;
            posted = posted + 1; // volatile write publishes body, from, to
            if (parked) java.util.concurrent.locks.LockSupport.unpark(this);
        }

        @Override
        public void run() {
            DEPTH.get()[0] = 1; // a worker is always inside a parallel region
            while (true) {
                long deadline = System.nanoTime() + SPIN_NANOS;
                for (int i = 0; posted == seen && !pool.stopped; i++) {
                    if (System.nanoTime() < deadline) {
                        pause(i);
                    } else {
                        parked = true;
                        if (posted == seen && !pool.stopped) java.util.concurrent.locks.LockSupport.park(this);
                        parked = false;
                    }
                }
                if (posted == seen) return; // stopped
                seen = posted;
                RangeBody b = body;
                body = null;
                Throwable e = null;
                try {
                    b.run(from, to);
                } catch (Throwable x) {
                    e = x;
                }
                pool.done(e);
            }
        }
    }
}
