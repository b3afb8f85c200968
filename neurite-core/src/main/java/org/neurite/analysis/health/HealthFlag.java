package org.neurite.analysis.health;

/**
 * One problem found in the recorded series.
 *
 * @param kind    what is wrong
 * @param layer   the layer where it starts (for vanishing gradients: the layer nearest the output
 *                whose gradient norm fell below the threshold relative to the last layer)
 * @param message one sentence with the numbers behind it
 */
public record HealthFlag(Kind kind, String layer, String message) {
    /** The kinds of problem the report recognises. */
    public enum Kind {
        /** Gradients of the first layers much smaller than those of the last layer (or tiny in absolute terms). */
        VANISHING_GRADIENTS,
        /** Gradient norms above the limit, not finite, or growing by more than the allowed factor per epoch. */
        EXPLODING_GRADIENTS,
        /** More than the allowed fraction of a ReLU layer's units output 0 for every probe sample. */
        DEAD_RELU,
        /** More than the allowed fraction of a sigmoid/tanh layer's outputs in the flat tails. */
        SATURATED
    }

    @Override
    public String toString() {
        return kind + " at " + layer + ": " + message;
    }
}
