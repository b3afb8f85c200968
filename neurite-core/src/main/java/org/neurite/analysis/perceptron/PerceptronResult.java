package org.neurite.analysis.perceptron;

import java.util.List;

/**
 * What {@link Perceptron#train} found.
 *
 * @param outcome       converged, frozen, cycling, or stopped by the epoch limit
 * @param errorsPerEpoch misclassified samples in each epoch run (during the updates, as exams count)
 * @param weightsAfterEpoch the weights after each epoch, the bias last: {@code [w1, ..., wn, b]}
 * @param cycleStart    first epoch of the repeating sequence (-1 without a cycle)
 * @param cycleLength   its period in epochs (1: frozen; 0 without a cycle)
 * @param decidedAt     the epoch at which the outcome was known (-1 at the limit)
 * @param ties          how many times the net input was exactly 0 (output 0 by the strict '>')
 * @param explanation   why, in a sentence or two
 */
public record PerceptronResult(Outcome outcome, List<Integer> errorsPerEpoch, List<double[]> weightsAfterEpoch, int cycleStart, int cycleLength,
        int decidedAt, int ties, String explanation) {

    /** How training ended. */
    public enum Outcome {
        /** An epoch without errors. */
        CONVERGED,
        /** The weights stopped changing while errors remain: no update has any effect. */
        FROZEN,
        /** The end-of-epoch weights repeat: the same epochs forever. */
        CYCLE,
        /** The limit was reached without either. */
        EPOCH_LIMIT
    }

    /**
     * Whether an epoch ran without errors.
     *
     * @return true for {@link Outcome#CONVERGED}
     */
    public boolean converged() {
        return outcome == Outcome.CONVERGED;
    }

    /**
     * The number of epochs run.
     *
     * @return the length of {@link #errorsPerEpoch()}
     */
    public int epochs() {
        return errorsPerEpoch.size();
    }

    /**
     * The weights after the last epoch.
     *
     * @return {@code [w1, ..., wn, b]}, bias last
     */
    public double[] weights() {
        return weightsAfterEpoch.get(weightsAfterEpoch.size() - 1);
    }
}
