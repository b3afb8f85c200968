package org.neurite.nn;

import java.util.SplittableRandom;

/**
 * The random numbers of a layer that draws at every call (dropout masks, sampling noise), in a
 * form a checkpoint can save and restore exactly: call k gets its own generator seeded from
 * (seed, k), so the whole state is the number of calls made so far ({@link #position}).
 */
public final class RandomStream {
    private static final long GOLDEN = 0x9E3779B97F4A7C15L;
    private final long seed;
    private long position;

    /**
     * A stream at position 0.
     *
     * @param seed the seed every call's generator is derived from
     */
    public RandomStream(long seed) {
        this.seed = seed;
    }

    /** @return the generator of the next call (and advances the position by one) */
    public SplittableRandom next() {
        position++;
        return new SplittableRandom(mix(seed + GOLDEN * position));
    }

    /** @return the number of calls so far */
    public long position() {
        return position;
    }

    /**
     * Continues as if {@code value} calls had been made (restoring a checkpoint).
     *
     * @param value the position, at least 0
     * @throws IllegalArgumentException if {@code value} is negative
     */
    public void position(long value) {
        if (value < 0) throw new IllegalArgumentException("random stream position must be >= 0, got " + value);
        this.position = value;
    }

    /** Stafford's variant 13 of the splitmix64 finalizer. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
