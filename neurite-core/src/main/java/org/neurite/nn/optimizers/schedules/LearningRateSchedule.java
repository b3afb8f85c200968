package org.neurite.nn.optimizers.schedules;

/**
 * A learning rate as a function of the optimizer's step count, as Keras'
 * {@code LearningRateSchedule}: set it with {@code optimizer.learningRateSchedule(schedule)} and
 * the optimizer uses {@code at(iterations)} for each update, where {@code iterations} is the number
 * of updates done before (0 for the first). The same schedules also work per epoch through
 * {@code new LearningRateScheduler(schedule)}, which calls {@code at(epoch)}.
 * Values are computed in double from the decimal hyper-parameters and returned as float.
 */
@FunctionalInterface
public interface LearningRateSchedule {
    /**
     * @param step the optimizer step, 0-based
     * @return the learning rate for that step
     */
    float at(long step);

    /**
     * The hyper-parameter as the decimal it was written as (0.1f is 0.1, not 0.10000000149).
     *
     * @param value the float as given
     * @return the double of its shortest decimal representation
     */
    static double exact(float value) {
        return Double.parseDouble(Float.toString(value));
    }

    /**
     * Rejects a hyper-parameter that is not a finite number above 0.
     *
     * @param who the schedule's name, for the message
     * @param what the parameter's name, for the message
     * @param value the value given
     * @throws IllegalArgumentException naming both when the value is 0, negative, NaN or infinite
     */
    static void requirePositive(String who, String what, double value) {
        if (!(value > 0) || Double.isInfinite(value)) throw new IllegalArgumentException(who + ": " + what + " must be a finite number > 0, got " + value);
    }
}
