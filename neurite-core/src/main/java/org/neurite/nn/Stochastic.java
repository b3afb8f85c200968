package org.neurite.nn;

/**
 * A layer that draws random numbers while training (Dropout, Sampling). Its random state is one
 * number, the position of its {@link RandomStream}; checkpoints save and restore it so that a
 * resumed fit draws the same masks as an uninterrupted one.
 */
public interface Stochastic {
    /** @return the calls that drew random numbers so far (0 after construction or a new seed) */
    long randomPosition();

    /**
     * Continues the random sequence of the current seed from this position.
     *
     * @param position a value saved from {@link #randomPosition()}, at least 0
     */
    void randomPosition(long position);
}
