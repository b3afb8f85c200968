package org.neurite.nn.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurite.data.BatchStream;
import org.neurite.nn.Regularizer;
import org.neurite.nn.callbacks.EarlyStopping;
import org.neurite.nn.callbacks.History;
import org.neurite.nn.callbacks.LearningRateScheduler;
import org.neurite.nn.callbacks.ModelCheckpoint;
import org.neurite.nn.callbacks.TerminateOnNaN;
import org.neurite.nn.losses.BinaryCrossentropy;
import org.neurite.nn.losses.MeanSquaredError;
import org.neurite.nn.metrics.Accuracy;
import org.neurite.nn.optimizers.Adam;
import org.neurite.nn.optimizers.SGD;
import org.neurite.tensor.Tensor;

class TrainerTest {
    private static Trainer logistic(TestNetworks.Base net, float lr) {
        return new Trainer(net, new SGD(lr), new BinaryCrossentropy(), List.of(new Accuracy()));
    }

    @Test
    void learnsALinearlySeparableSet() {
        Tensor[] data = TestNetworks.separable(200, 1);
        TestNetworks.LogisticRegression net = new TestNetworks.LogisticRegression(2, 7, false, null);
        Trainer trainer = logistic(net, 0.5f);
        History h = trainer.fit(data[0], data[1], new FitConfig().epochs(30).batchSize(16).verbose(0));
        assertEquals(30, h.get("loss").size());
        assertEquals(List.of("loss", "accuracy"), List.copyOf(h.history().keySet()));
        assertTrue(h.last("loss") < h.get("loss").get(0), "loss decreases: " + h.get("loss"));
        assertTrue(h.last("accuracy") >= 0.99f, "accuracy " + h.last("accuracy"));
        Map<String, Float> eval = trainer.evaluate(data[0], data[1], 64);
        assertTrue(eval.get("accuracy") >= 0.99f);
        // 200 samples in batches of 16: 13 steps per epoch
        assertEquals(30 * 13, net.trainingInputs.size());
    }

    @Test
    void learnsXorWithAnMlp() {
        TestNetworks.Mlp net = new TestNetworks.Mlp(2, 8, 3);
        Trainer trainer = new Trainer(net, new Adam(0.05f), new BinaryCrossentropy(), List.of(new Accuracy()));
        History h = trainer.fit(TestNetworks.xorX(), TestNetworks.xorY(), new FitConfig().epochs(400).batchSize(4).verbose(0));
        assertEquals(1f, h.last("accuracy"), "loss " + h.last("loss"));
        Tensor p = trainer.predict(TestNetworks.xorX(), 3);
        assertArrayEquals(new int[] {4, 1}, p.shape().dims());
        assertTrue(p.data()[0] < 0.5f && p.data()[1] > 0.5f && p.data()[2] > 0.5f && p.data()[3] < 0.5f, Arrays.toString(p.data()));
    }

    @Test
    void sameSeedGivesBitwiseIdenticalWeightsAndOtherSeedsDiffer() {
        Tensor[] data = TestNetworks.separable(100, 2);
        float[][] w = new float[3][];
        long[] seeds = {5, 5, 6};
        for (int r = 0; r < 3; r++) {
            TestNetworks.Mlp net = new TestNetworks.Mlp(2, 4, 11);
            new Trainer(net, new Adam(0.01f), new BinaryCrossentropy(), List.of())
                    .fit(data[0], data[1], new FitConfig().epochs(3).batchSize(8).seed(seeds[r]).verbose(0));
            w[r] = net.flatWeights();
        }
        assertArrayEquals(w[0], w[1]);
        assertFalse(Arrays.equals(w[0], w[2]));
    }

    @Test
    void shufflingIsASeededPermutationPerEpoch() {
        int[] a = BatchStream.permutation(50, 3), b = BatchStream.permutation(50, 3), c = BatchStream.permutation(50, 4);
        assertArrayEquals(a, b);
        assertFalse(Arrays.equals(a, c));
        int[] sorted = a.clone();
        Arrays.sort(sorted);
        for (int i = 0; i < 50; i++) assertEquals(i, sorted[i]);
        // without shuffling the batches are the rows in order
        TestNetworks.LogisticRegression net = new TestNetworks.LogisticRegression(1, 1, false, null);
        Tensor x = Tensor.arange(5).reshape(5, 1);
        logistic(net, 0.1f).fit(x, Tensor.zeros(5, 1), new FitConfig().epochs(1).batchSize(2).shuffle(false).verbose(0));
        assertEquals(3, net.trainingInputs.size());
        assertArrayEquals(new float[] {0, 1}, net.trainingInputs.get(0).data());
        assertArrayEquals(new float[] {4}, net.trainingInputs.get(2).data());
    }

    @Test
    void validationSplitHoldsOutTheLastRowsBeforeShuffling() {
        // x = 0..9; the last 30% (7, 8, 9) must never be trained on
        Tensor x = Tensor.arange(10).reshape(10, 1);
        Tensor y = Tensor.zeros(10, 1);
        TestNetworks.LogisticRegression net = new TestNetworks.LogisticRegression(1, 1, false, null);
        History h = logistic(net, 0.1f).fit(x, y, new FitConfig().epochs(4).batchSize(3).validationSplit(0.3f).verbose(0));
        Set<Float> trained = new HashSet<>();
        for (Tensor t : net.trainingInputs) for (float v : t.data()) trained.add(v);
        assertEquals(Set.of(0f, 1f, 2f, 3f, 4f, 5f, 6f), trained);
        Set<Float> validated = new HashSet<>();
        for (Tensor t : net.inferenceInputs) for (float v : t.data()) validated.add(v);
        assertEquals(Set.of(7f, 8f, 9f), validated);
        assertEquals(List.of("loss", "accuracy", "val_loss", "val_accuracy"), List.copyOf(h.history().keySet()));
        assertEquals(4, h.get("val_loss").size());
        assertThrows(IllegalArgumentException.class,
                () -> logistic(net, 0.1f).fit(Tensor.zeros(1, 1), Tensor.zeros(1, 1), new FitConfig().validationSplit(0.3f).verbose(0)));
    }

    @Test
    void validationDataIsEvaluatedAfterEveryEpoch() {
        Tensor[] train = TestNetworks.separable(64, 3);
        Tensor[] val = TestNetworks.separable(32, 4);
        TestNetworks.LogisticRegression net = new TestNetworks.LogisticRegression(2, 1, false, null);
        Trainer trainer = logistic(net, 0.5f);
        History h = trainer.fit(train[0], train[1], new FitConfig().epochs(3).validationData(val[0], val[1]).verbose(0));
        assertEquals(trainer.evaluate(val[0], val[1], 32).get("loss"), h.last("val_loss"), 1e-6);
        assertEquals(trainer.evaluate(val[0], val[1], 32).get("accuracy"), h.last("val_accuracy"), 1e-6);
    }

    @Test
    void earlyStoppingRestoresTheBestWeights() {
        // validation labels are the opposite of the training labels: val_loss rises from the first epoch on
        Tensor[] train = TestNetworks.separable(64, 5);
        Tensor flipped = train[1].rsub(1f);
        TestNetworks.LogisticRegression net = new TestNetworks.LogisticRegression(2, 2, false, null);
        Trainer trainer = logistic(net, 0.5f);
        EarlyStopping es = new EarlyStopping("val_loss", 2, true);
        History h = trainer.fit(train[0], train[1], new FitConfig().epochs(50).batchSize(16)
                .validationData(train[0], flipped).callbacks(es).verbose(0));
        List<Float> valLoss = h.get("val_loss");
        assertTrue(valLoss.size() < 50, "stopped early: " + valLoss);
        assertEquals(valLoss.size() - 1, es.stoppedEpoch());
        int best = 0;
        for (int i = 1; i < valLoss.size(); i++) if (valLoss.get(i) < valLoss.get(best)) best = i;
        assertEquals(best, es.bestEpoch());
        assertEquals(best + 2, es.stoppedEpoch());
        // the restored weights reproduce the best epoch's validation loss
        assertEquals(valLoss.get(best), trainer.evaluate(train[0], flipped, 32).get("loss"), 1e-6);
    }

    @Test
    void modelCheckpointSavesTheBestEpochs(@TempDir Path dir) {
        Tensor[] data = TestNetworks.separable(64, 6);
        TestNetworks.LogisticRegression net = new TestNetworks.LogisticRegression(2, 3, false, null);
        Path file = dir.resolve("best.nrt");
        ModelCheckpoint ckpt = new ModelCheckpoint(file, "loss", true);
        logistic(net, 0.5f).fit(data[0], data[1], new FitConfig().epochs(5).callbacks(ckpt).verbose(0));
        assertTrue(Files.exists(file));
        assertTrue(net.saves >= 1 && net.saves <= 5, "saves " + net.saves);
        Path pattern = dir.resolve("ckpt-{epoch:02d}.nrt");
        TestNetworks.LogisticRegression net2 = new TestNetworks.LogisticRegression(2, 3, false, null);
        logistic(net2, 0.5f).fit(data[0], data[1], new FitConfig().epochs(3).callbacks(new ModelCheckpoint(pattern)).validationSplit(0.25f).verbose(0));
        assertTrue(Files.exists(dir.resolve("ckpt-01.nrt")) && Files.exists(dir.resolve("ckpt-03.nrt")));
        assertEquals(3, net2.saves);
    }

    @Test
    void terminateOnNaNStopsADivergingRun() {
        // linear regression with an absurd learning rate: the loss overflows within a few batches
        Tensor x = Tensor.uniform(1, -10f, 10f, 64, 2);
        Tensor y = Tensor.uniform(2, -10f, 10f, 64, 1);
        TestNetworks.LogisticRegression net = new TestNetworks.LogisticRegression(2, 1, true, null);
        TerminateOnNaN nan = new TerminateOnNaN(null);
        Trainer trainer = new Trainer(net, new SGD(1e6f), new MeanSquaredError(), List.of());
        History h = trainer.fit(x, y, new FitConfig().epochs(20).batchSize(4).callbacks(nan).verbose(0));
        assertTrue(nan.terminatedAtBatch() >= 0);
        assertEquals(1, h.get("loss").size());
        assertTrue(net.trainingInputs.size() < 16, "stopped mid-epoch after " + net.trainingInputs.size() + " batches");
        float last = h.last("loss");
        assertTrue(Float.isNaN(last) || Float.isInfinite(last));
    }

    @Test
    void reportedLossIncludesTheRegularizationPenalty() {
        Tensor x = Tensor.matrix(new float[][] {{1f, 2f}, {-1f, 0.5f}, {0.3f, -0.2f}});
        Tensor y = Tensor.matrix(new float[][] {{1f}, {0f}, {1f}});
        TestNetworks.LogisticRegression net = new TestNetworks.LogisticRegression(2, 4, false, Regularizer.l2(0.1f));
        Trainer trainer = logistic(net, 0.1f);
        Tensor pred = trainer.predict(x, 2);
        float data = new BinaryCrossentropy().compute(y, pred).item();
        float[] w = net.variables().get(0).value().data();
        float penalty = 0.1f * (w[0] * w[0] + w[1] * w[1]);
        assertEquals(data + penalty, trainer.evaluate(x, y, 2).get("loss"), 1e-6);
        // trainOnBatch reports the loss before its update
        assertEquals(data + penalty, trainer.trainOnBatch(x, y).get("loss"), 1e-6);
    }

    @Test
    void trainOnBatchTakesExactlyOneStep() {
        // logistic regression at w = 0, b = 0 on one sample x = 1, y = 1: grad w = grad b = sigmoid(0) - 1 = -0.5
        TestNetworks.LogisticRegression net = new TestNetworks.LogisticRegression(1, 1, false, null);
        net.variables().get(0).assign(new float[] {0f});
        Trainer trainer = logistic(net, 0.1f);
        Map<String, Float> logs = trainer.trainOnBatch(Tensor.matrix(new float[][] {{1f}}), Tensor.matrix(new float[][] {{1f}}));
        assertEquals(Math.log(2), logs.get("loss"), 1e-6);
        assertEquals(0f, logs.get("accuracy")); // sigmoid(0) = 0.5 is not > 0.5: predicted class 0
        assertEquals(0.05f, net.variables().get(0).value().item(), 1e-7);
        assertEquals(0.05f, net.variables().get(1).value().item(), 1e-7);
    }

    @Test
    void initialEpochAndLearningRateSchedule() {
        Tensor[] data = TestNetworks.separable(16, 8);
        TestNetworks.LogisticRegression net = new TestNetworks.LogisticRegression(2, 1, false, null);
        Trainer trainer = logistic(net, 0.1f);
        LearningRateScheduler schedule = new LearningRateScheduler((epoch, lr) -> 0.1f / (1 + epoch));
        History h = trainer.fit(data[0], data[1], new FitConfig().epochs(5).initialEpoch(2).callbacks(schedule).verbose(0));
        assertEquals(List.of(2, 3, 4), h.epochs());
        assertEquals(0.1f / 5, trainer.optimizer().learningRate(), 1e-9);
        assertEquals(0.1f / 3, h.get("learning_rate").get(0), 1e-9);
    }

    @Test
    void badInputsFailWithClearMessages() {
        TestNetworks.LogisticRegression net = new TestNetworks.LogisticRegression(2, 1, false, null);
        Trainer trainer = logistic(net, 0.1f);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> trainer.fit(Tensor.zeros(10, 2), Tensor.zeros(9, 1), new FitConfig().verbose(0)));
        assertTrue(e.getMessage().contains("10 samples") && e.getMessage().contains("9"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new FitConfig().batchSize(0));
        assertThrows(IllegalArgumentException.class, () -> new FitConfig().validationSplit(1f));
        IllegalStateException missing = assertThrows(IllegalStateException.class,
                () -> trainer.fit(Tensor.zeros(4, 2), Tensor.zeros(4, 1), new FitConfig().epochs(2).callbacks(new EarlyStopping()).verbose(0)));
        assertTrue(missing.getMessage().contains("val_loss") && missing.getMessage().contains("validationSplit"), missing.getMessage());
    }
}
