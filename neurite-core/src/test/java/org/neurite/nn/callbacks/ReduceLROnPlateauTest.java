package org.neurite.nn.callbacks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.neurite.nn.losses.BinaryCrossentropy;
import org.neurite.nn.losses.Loss;
import org.neurite.nn.optimizers.SGD;
import org.neurite.nn.optimizers.schedules.StepDecay;
import org.neurite.nn.training.FitConfig;
import org.neurite.nn.training.TestNetworks;
import org.neurite.nn.training.Trainer;
import org.neurite.tensor.Tensor;

class ReduceLROnPlateauTest {
    @Test
    void reducesAfterPatienceWithCooldownMinDeltaAndFloor() {
        SGD sgd = new SGD(1f);
        Trainer trainer = new Trainer(new TestNetworks.LogisticRegression(2, 1, false, null), sgd, new BinaryCrossentropy(), List.of());
        ReduceLROnPlateau cb = new ReduceLROnPlateau("val_loss", 0.5f, 2, Monitor.Mode.AUTO, 0.01f, 1, 0.2f);
        cb.setTrainer(trainer);
        cb.onTrainBegin(new LinkedHashMap<>());
        float[] valLoss = {1.0f, 0.995f, 0.99f, 0.9f, 0.9f, 0.9f, 0.9f, 0.9f, 0.9f, 0.9f};
        // by hand (Keras' rules): e0 best 1.0; e1, e2 no improvement by > 0.01 -> wait 2 -> lr 0.5, cooldown 1;
        // e3 cooldown ends, 0.9 improves; e4 wait 1; e5 wait 2 -> 0.25, cooldown 1; e6 cooldown ends, wait 1;
        // e7 wait 2 -> max(0.125, 0.2) = 0.2; e8 wait 1; e9 wait 2 but lr is at minLr: unchanged
        float[] loggedRate = {1f, 1f, 1f, 0.5f, 0.5f, 0.5f, 0.25f, 0.25f, 0.2f, 0.2f};
        float[] rateAfter = {1f, 1f, 0.5f, 0.5f, 0.5f, 0.25f, 0.25f, 0.2f, 0.2f, 0.2f};
        for (int e = 0; e < valLoss.length; e++) {
            Map<String, Float> logs = new LinkedHashMap<>();
            logs.put("val_loss", valLoss[e]);
            cb.onEpochEnd(e, logs);
            assertEquals(loggedRate[e], logs.get("learning_rate"), 1e-7, "logged rate, epoch " + e);
            assertEquals(rateAfter[e], sgd.learningRate(), 1e-7, "rate after epoch " + e);
        }
        assertEquals(0.9f, cb.best());
        assertEquals(2, cb.waitCount());
    }

    @Test
    void worksInFitAndRefusesAScheduledOptimizer() {
        Tensor[] data = TestNetworks.separable(20, 1);
        // a loss that never changes: 1 every epoch, so every epoch after the first is a plateau
        Loss flat = Loss.of("flat", (y, p) -> p.mul(0f).sum().add(1f));
        SGD sgd = new SGD(0.4f);
        Trainer trainer = new Trainer(new TestNetworks.LogisticRegression(2, 1, false, null), sgd, flat, List.of());
        History h = trainer.fit(data[0], data[1], new FitConfig().epochs(4).verbose(0)
                .callbacks(new ReduceLROnPlateau("loss", 0.5f, 1)));
        assertEquals(List.of(0.4f, 0.4f, 0.2f, 0.1f), h.get("learning_rate")); // logged before each reduction, as Keras
        assertEquals(0.05f, sgd.learningRate(), 1e-8);
        SGD scheduled = new SGD(1f);
        scheduled.learningRateSchedule(new StepDecay(0.1f, 0.5f, 2));
        Trainer t3 = new Trainer(new TestNetworks.LogisticRegression(2, 1, false, null), scheduled, new BinaryCrossentropy(), List.of());
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> t3.fit(data[0], data[1], new FitConfig().epochs(1).verbose(0).callbacks(new ReduceLROnPlateau())));
        assertTrue(e.getMessage().contains("schedule"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new ReduceLROnPlateau("val_loss", 1.0f, 2));
    }
}
