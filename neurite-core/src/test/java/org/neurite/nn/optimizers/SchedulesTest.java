package org.neurite.nn.optimizers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.neurite.nn.Variable;
import org.neurite.nn.callbacks.History;
import org.neurite.nn.callbacks.LearningRateScheduler;
import org.neurite.nn.losses.MeanSquaredError;
import org.neurite.nn.optimizers.schedules.CosineDecay;
import org.neurite.nn.optimizers.schedules.ExponentialDecay;
import org.neurite.nn.optimizers.schedules.StepDecay;
import org.neurite.nn.training.FitConfig;
import org.neurite.nn.training.TestNetworks;
import org.neurite.nn.training.Trainer;
import org.neurite.tensor.Tensor;

/** Learning-rate schedules against hand-computed rates, and their use by an optimizer step by step. */
class SchedulesTest {
    @Test
    void exponentialDecaySmoothAndStaircase() {
        ExponentialDecay smooth = new ExponentialDecay(0.1f, 10, 0.5f, false);
        assertEquals(0.1, smooth.at(0), 1e-8);
        assertEquals(0.1 * Math.sqrt(0.5), smooth.at(5), 1e-8); // 0.5^(5/10)
        assertEquals(0.05, smooth.at(10), 1e-8);
        assertEquals(0.1 * Math.pow(0.5, 2.5), smooth.at(25), 1e-8);
        ExponentialDecay stairs = new ExponentialDecay(0.1f, 10, 0.5f, true);
        assertEquals(0.1, stairs.at(9), 1e-8);
        assertEquals(0.05, stairs.at(10), 1e-8);
        assertEquals(0.05, stairs.at(19), 1e-8);
        assertEquals(0.025, stairs.at(25), 1e-8);
    }

    @Test
    void stepDecayDropsEveryStepSize() {
        StepDecay s = new StepDecay(0.1f, 0.5f, 3);
        float[] expected = {0.1f, 0.1f, 0.1f, 0.05f, 0.05f, 0.05f, 0.025f};
        for (int t = 0; t < expected.length; t++) assertEquals(expected[t], s.at(t), 1e-8, "step " + t);
        assertThrows(IllegalArgumentException.class, () -> new StepDecay(0.1f, 0.5f, 0));
    }

    @Test
    void cosineDecayWithAlphaAndWarmup() {
        CosineDecay c = new CosineDecay(0.1f, 10);
        assertEquals(0.1, c.at(0), 1e-8);
        assertEquals(0.1 * 0.5 * (1 + Math.cos(Math.PI * 0.2)), c.at(2), 1e-8); // 0.0904508
        assertEquals(0.05, c.at(5), 1e-8);
        assertEquals(0.0, c.at(10), 1e-8);
        assertEquals(0.0, c.at(30), 1e-8); // stays at alpha * initial after decaySteps
        CosineDecay a = new CosineDecay(0.1f, 10).alpha(0.1f);
        assertEquals(0.1 * (0.9 * 0.5 + 0.1), a.at(5), 1e-8); // 0.055
        assertEquals(0.01, a.at(10), 1e-8);
        assertEquals(0.01, a.at(99), 1e-8);
        // warm-up from 0 to 1 over 4 steps, then 10 steps of cosine decay from 1
        CosineDecay w = new CosineDecay(0f, 10).warmup(1f, 4);
        float[] expected = {0f, 0.25f, 0.5f, 0.75f, 1f};
        for (int t = 0; t <= 4; t++) assertEquals(expected[t], w.at(t), 1e-7, "warm-up step " + t);
        assertEquals(0.5, w.at(9), 1e-7);
        assertEquals(0.0, w.at(14), 1e-7);
        assertEquals(0.0, w.at(100), 1e-7);
    }

    @Test
    void optimizerUsesTheScheduleAtEachIteration() {
        // loss = sum(w) has gradient 1: SGD moves w by exactly the learning rate of each step
        Variable w = new Variable("w", Tensor.vector(0f), true, null);
        SGD sgd = new SGD(1f);
        sgd.learningRateSchedule(new ExponentialDecay(0.1f, 2, 0.5f, true));
        float[] rates = {0.1f, 0.1f, 0.05f, 0.05f, 0.025f};
        double position = 0;
        for (float rate : rates) {
            assertEquals(rate, sgd.learningRate(), 1e-9, "rate before step " + sgd.iterations());
            w.value().setGrad(Tensor.vector(1f));
            sgd.step(List.of(w));
            position -= rate;
            assertEquals(position, w.value().item(), 1e-6);
        }
        assertEquals(5, sgd.iterations());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> sgd.setLearningRate(0.3f));
        assertEquals(true, e.getMessage().contains("schedule"));
        sgd.learningRateSchedule(null);
        sgd.setLearningRate(0.3f);
        assertEquals(0.3f, sgd.learningRate());
    }

    @Test
    void scheduleRunsPerIterationInFitAndPerEpochThroughTheScheduler() {
        Tensor[] data = TestNetworks.separable(40, 3);
        SGD sgd = new SGD(1f);
        sgd.learningRateSchedule(new CosineDecay(0.5f, 20).alpha(0.2f));
        Trainer trainer = new Trainer(new TestNetworks.LogisticRegression(2, 1, false, null), sgd, new MeanSquaredError(), List.of());
        trainer.fit(data[0], data[1], new FitConfig().epochs(3).batchSize(10).verbose(0)); // 4 steps per epoch
        assertEquals(12, sgd.iterations());
        assertEquals(0.5 * (0.8 * 0.5 * (1 + Math.cos(Math.PI * 12 / 20)) + 0.2), sgd.learningRate(), 1e-7);

        SGD plain = new SGD(1f);
        Trainer perEpoch = new Trainer(new TestNetworks.LogisticRegression(2, 1, false, null), plain, new MeanSquaredError(), List.of());
        History h = perEpoch.fit(data[0], data[1], new FitConfig().epochs(5).batchSize(10).verbose(0)
                .callbacks(new LearningRateScheduler(new StepDecay(0.1f, 0.5f, 2))));
        List<Float> lr = h.get("learning_rate");
        float[] expected = {0.1f, 0.1f, 0.05f, 0.05f, 0.025f};
        for (int e = 0; e < 5; e++) assertEquals(expected[e], lr.get(e), 1e-9, "epoch " + e);
    }
}
