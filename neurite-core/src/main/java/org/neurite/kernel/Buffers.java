package org.neurite.kernel;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Where ops and kernels get their arrays (float, and int and double for indices and sums).
 * Outside a training step that is plain {@code new}. Inside one ({@link Recycler#beginStep}),
 * arrays of at least {@link #MIN_RECYCLED} elements come from those of the same type and length
 * that the same recycler handed out during its previous step: a training step allocates the
 * same sizes every time, so steady-state steps allocate no new large arrays, and the reused
 * arrays are still warm in the caches.
 *
 * <p>The contract this buys the speed with: arrays handed out during a step stay valid until the
 * same recycler's next step begins (so callbacks after the step can still read gradients and
 * activations), and are reused after that. Code that keeps an array across steps must copy it
 * or allocate it inside {@link #unrecycled()} (layer weights and optimizer state do).
 *
 * <p>With {@code -Dneurite.poisonRecycledBuffers=true} (the tests set it) recycled arrays are
 * filled with NaN before reuse, so anything that kept one past its step shows up as NaN.
 * {@code -Dneurite.recycleBuffers=false} turns recycling off (every array is new).
 */
public final class Buffers {
    /** Smaller arrays (in elements) are cheap to allocate and not worth tracking. */
    public static final int MIN_RECYCLED = 1024;
    private static final boolean POISON = Boolean.getBoolean("neurite.poisonRecycledBuffers");
    private static final boolean ENABLED = !"false".equalsIgnoreCase(System.getProperty("neurite.recycleBuffers"));
    private static final ThreadLocal<Recycler> ACTIVE = new ThreadLocal<>();
    private static final int FLOAT = 0, INT = 1, DOUBLE = 2;

    private Buffers() {}

    /** A zero-filled array of length n. */
    public static float[] floats(int n) {
        Recycler r = n >= MIN_RECYCLED ? ACTIVE.get() : null;
        if (r == null) return new float[n];
        float[] a = (float[]) r.take(n, FLOAT);
        Arrays.fill(a, 0f);
        return a;
    }

    /**
     * An array of length n with arbitrary contents: only for callers that write every element
     * before reading any. In poisoned runs (the tests) it is always NaN-filled, so a caller that
     * reads an element it did not write fails its tests whether or not the array was recycled.
     */
    public static float[] uninitialized(int n) {
        Recycler r = n >= MIN_RECYCLED ? ACTIVE.get() : null;
        float[] a = r == null ? new float[n] : (float[]) r.take(n, FLOAT);
        if (POISON) Arrays.fill(a, Float.NaN);
        return a;
    }

    /** A zero-filled int array of length n (e.g. pooling's argmax indices). */
    public static int[] ints(int n) {
        Recycler r = n >= MIN_RECYCLED ? ACTIVE.get() : null;
        if (r == null) return new int[n];
        int[] a = (int[]) r.take(n, INT);
        Arrays.fill(a, 0);
        return a;
    }

    /** A zero-filled double array of length n (e.g. accumulators of sums). */
    public static double[] doubles(int n) {
        Recycler r = n >= MIN_RECYCLED ? ACTIVE.get() : null;
        if (r == null) return new double[n];
        double[] a = (double[]) r.take(n, DOUBLE);
        Arrays.fill(a, 0.0);
        return a;
    }

    private static long key(int length, int type) {
        return (long) length << 2 | type;
    }

    /** A new recycler, e.g. one per trainer. Not thread-safe: one thread runs its steps. */
    public static Recycler recycler() {
        return new Recycler();
    }

    /** Until the scope closes, this thread allocates plain new arrays (for state that outlives the step). */
    public static Scope unrecycled() {
        Recycler previous = ACTIVE.get();
        ACTIVE.remove();
        return () -> restore(previous);
    }

    private static void restore(Recycler previous) {
        if (previous == null) ACTIVE.remove();
        else ACTIVE.set(previous);
    }

    /** Ends a step or an {@link #unrecycled()} section; closing restores what the thread used before. */
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }

    /** Hands out arrays during one step at a time, reusing those of its previous step. */
    public static final class Recycler {
        private final Map<Long, ArrayDeque<Object>> free = new HashMap<>();
        private final ArrayList<Object> handedOut = new ArrayList<>();
        private int freeCount;

        private Recycler() {}

        /**
         * Starts a step on this thread: the arrays handed out during the previous step become
         * reusable (arrays that step did not need again are dropped, so the pool holds one step's
         * worth). Close the scope when the step's computation ends.
         */
        public Scope beginStep() {
            Recycler previous = ACTIVE.get();
            if (previous == this || !ENABLED) return () -> { }; // re-entrant: a step inside its own step is still the outer step
            if (freeCount > 0) {
                for (ArrayDeque<Object> q : free.values()) q.clear();
                freeCount = 0;
            }
            for (Object a : handedOut) {
                long key;
                if (a instanceof float[] f) {
                    if (POISON) Arrays.fill(f, Float.NaN);
                    key = key(f.length, FLOAT);
                } else if (a instanceof int[] i) {
                    if (POISON) Arrays.fill(i, Integer.MIN_VALUE); // an index kept too long fails loudly
                    key = key(i.length, INT);
                } else {
                    double[] d = (double[]) a;
                    if (POISON) Arrays.fill(d, Double.NaN);
                    key = key(d.length, DOUBLE);
                }
                free.computeIfAbsent(key, k -> new ArrayDeque<>()).push(a);
            }
            freeCount = handedOut.size();
            handedOut.clear();
            ACTIVE.set(this);
            return () -> restore(previous);
        }

        /** A free array of this type and length from the previous step, or a new one; handed out until the next step. */
        private Object take(int n, int type) {
            Object a = reuse(n, type);
            if (a == null) {
                a = switch (type) {
                    case FLOAT -> new float[n];
                    case INT -> new int[n];
                    default -> new double[n];
                };
            }
            handedOut.add(a);
            return a;
        }

        private Object reuse(int n, int type) {
            if (freeCount == 0) return null;
            ArrayDeque<Object> q = free.get(key(n, type));
            Object a = q == null ? null : q.poll();
            if (a != null) freeCount--;
            return a;
        }
    }
}
