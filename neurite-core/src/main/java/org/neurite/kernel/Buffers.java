package org.neurite.kernel;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Where ops and kernels get their float arrays. Outside a training step that is plain
 * {@code new float[n]}. Inside one ({@link Recycler#beginStep}), arrays of at least
 * {@link #MIN_RECYCLED} floats come from the arrays the same recycler handed out during its
 * previous step: a training step allocates the same sizes every time, so steady-state steps
 * allocate no new large arrays, and the reused arrays are still warm in the caches.
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
    /** Smaller arrays are cheap to allocate and not worth tracking. */
    public static final int MIN_RECYCLED = 1024;
    private static final boolean POISON = Boolean.getBoolean("neurite.poisonRecycledBuffers");
    private static final boolean ENABLED = !"false".equalsIgnoreCase(System.getProperty("neurite.recycleBuffers"));
    private static final ThreadLocal<Recycler> ACTIVE = new ThreadLocal<>();

    private Buffers() {}

    /** A zero-filled array of length n. */
    public static float[] floats(int n) {
        Recycler r = n >= MIN_RECYCLED ? ACTIVE.get() : null;
        if (r == null) return new float[n];
        float[] a = r.take(n);
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
        float[] a = r == null ? new float[n] : r.take(n);
        if (POISON) Arrays.fill(a, Float.NaN);
        return a;
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
        private final Map<Integer, ArrayDeque<float[]>> free = new HashMap<>();
        private final ArrayList<float[]> handedOut = new ArrayList<>();
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
                for (ArrayDeque<float[]> q : free.values()) q.clear();
                freeCount = 0;
            }
            for (float[] a : handedOut) {
                if (POISON) Arrays.fill(a, Float.NaN);
                free.computeIfAbsent(a.length, k -> new ArrayDeque<>()).push(a);
            }
            freeCount = handedOut.size();
            handedOut.clear();
            ACTIVE.set(this);
            return () -> restore(previous);
        }

        private float[] take(int n) {
            ArrayDeque<float[]> q = freeCount > 0 ? free.get(n) : null;
            float[] a = q == null ? null : q.poll();
            if (a == null) a = new float[n];
            else freeCount--;
            handedOut.add(a);
            return a;
        }
    }
}
