package org.neurite.nn.callbacks;

import java.util.Map;
import java.util.function.BiFunction;
import org.neurite.nn.training.Trainer;

/**
 * Sets the optimizer's learning rate at the start of every epoch from {@code schedule(epoch, lr)},
 * as Keras' LearningRateScheduler, and logs it as {@code learning_rate}.
 */
public final class LearningRateScheduler implements Callback {
    private final BiFunction<Integer, Float, Float> schedule;
    private Trainer trainer;

    /**
     * A scheduler from a function, as Keras' {@code schedule(epoch, lr)}.
     *
     * @param schedule gives the rate of an epoch from its 0-based number and the current rate
     */
    public LearningRateScheduler(BiFunction<Integer, Float, Float> schedule) {
        this.schedule = schedule;
    }

    /**
     * Epoch-wise use of a step schedule: the rate of epoch e is {@code schedule.at(e)} (e.g. a
     * StepDecay counted in epochs instead of optimizer steps).
     *
     * @param schedule the schedule, read at the 0-based epoch number
     */
    public LearningRateScheduler(org.neurite.nn.optimizers.schedules.LearningRateSchedule schedule) {
        this((epoch, lr) -> schedule.at(epoch));
    }

    @Override
    public void setTrainer(Trainer trainer) {
        this.trainer = trainer;
    }

    @Override
    public void onEpochBegin(int epoch, Map<String, Float> logs) {
        float lr = trainer.optimizer().learningRate();
        trainer.optimizer().setLearningRate(schedule.apply(epoch, lr));
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Float> logs) {
        logs.put("learning_rate", trainer.optimizer().learningRate());
    }
}
