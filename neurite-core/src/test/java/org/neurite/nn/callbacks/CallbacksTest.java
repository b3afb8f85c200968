package org.neurite.nn.callbacks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurite.nn.losses.BinaryCrossentropy;
import org.neurite.nn.metrics.Accuracy;
import org.neurite.nn.optimizers.SGD;
import org.neurite.nn.training.FitConfig;
import org.neurite.nn.training.TestNetworks;
import org.neurite.nn.training.Trainer;
import org.neurite.tensor.Tensor;

class CallbacksTest {
    private final TestNetworks.LogisticRegression net = new TestNetworks.LogisticRegression(2, 1, false, null);
    private final Trainer trainer = new Trainer(net, new SGD(0.1f), new BinaryCrossentropy(), List.of(new Accuracy()));

    private static Map<String, Float> logs(String key, float value) {
        Map<String, Float> m = new LinkedHashMap<>();
        m.put(key, value);
        return m;
    }

    private void setWeight(float value) {
        net.variables().get(1).assign(new float[] {value});
    }

    private float weight() {
        return net.variables().get(1).value().item();
    }

    @Test
    void earlyStoppingCountsEpochsWithoutImprovementAsKeras() {
        EarlyStopping es = new EarlyStopping("val_loss", 0f, 2, Monitor.Mode.AUTO, true);
        es.setTrainer(trainer);
        es.onTrainBegin(new LinkedHashMap<>());
        float[] valLoss = {1.0f, 0.8f, 0.9f, 0.85f, 0.7f};
        for (int epoch = 0; epoch < 4; epoch++) {
            setWeight(epoch);
            es.onEpochEnd(epoch, logs("val_loss", valLoss[epoch]));
            assertEquals(epoch == 3, trainer.stopRequested(), "epoch " + epoch);
        }
        assertEquals(3, es.stoppedEpoch());
        assertEquals(1, es.bestEpoch());
        assertEquals(0.8f, es.bestValue());
        es.onTrainEnd(new LinkedHashMap<>());
        assertEquals(1f, weight()); // the weights of epoch 1
    }

    @Test
    void earlyStoppingMinDeltaAndMaxMode() {
        EarlyStopping es = new EarlyStopping("val_accuracy", 0.05f, 1, Monitor.Mode.AUTO, false);
        es.setTrainer(trainer);
        es.onTrainBegin(new LinkedHashMap<>());
        es.onEpochEnd(0, logs("val_accuracy", 0.5f));
        es.onEpochEnd(1, logs("val_accuracy", 0.54f)); // +0.04 is not more than minDelta
        assertTrue(trainer.stopRequested());
        assertEquals(0.5f, es.bestValue());
        assertTrue(new Monitor("val_acc", Monitor.Mode.AUTO, 0f).maximize());
        assertFalse(new Monitor("val_loss", Monitor.Mode.AUTO, 0f).maximize());
        for (String up : new String[] {"val_precision", "val_recall", "val_auc", "val_pr_auc", "val_f1_score", "val_mean_iou", "val_sparse_top_k_categorical_accuracy"}) {
            assertTrue(new Monitor(up, Monitor.Mode.AUTO, 0f).maximize(), up);
        }
        assertFalse(new Monitor("val_mae", Monitor.Mode.AUTO, 0f).maximize());
        assertTrue(new Monitor("val_loss", Monitor.Mode.MAX, 0f).maximize());
    }

    @Test
    void historyKeepsKerasHistoryDict() {
        History h = new History();
        Map<String, Float> e0 = new LinkedHashMap<>();
        e0.put("loss", 1f);
        e0.put("accuracy", 0.5f);
        h.onEpochEnd(0, e0);
        h.onEpochEnd(1, Map.of("loss", 0.5f, "accuracy", 0.75f));
        assertEquals(List.of(1f, 0.5f), h.get("loss"));
        assertEquals(List.of(0.5f, 0.75f), h.history().get("accuracy"));
        assertEquals(0.75f, h.epoch(1).get("accuracy"));
        assertEquals(List.of(0, 1), h.epochs());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> h.get("val_loss"));
        assertTrue(e.getMessage().contains("[loss, accuracy]"), e.getMessage());
    }

    @Test
    void checkpointPathPlaceholders() {
        Map<String, Float> logs = logs("val_loss", 0.12345f);
        assertEquals("w-03-0.12.nrt", ModelCheckpoint.format("w-{epoch:02d}-{val_loss:.2f}.nrt", 2, logs));
        assertEquals("model-1.nrt", ModelCheckpoint.format("model-{epoch}.nrt", 0, logs));
        assertThrows(IllegalArgumentException.class, () -> ModelCheckpoint.format("{accuracy}", 0, logs));
    }

    @Test
    void checkpointSavesOnlyImprovements(@TempDir Path dir) {
        ModelCheckpoint ckpt = new ModelCheckpoint(dir.resolve("m.nrt"), "val_loss", true);
        ckpt.setTrainer(trainer);
        ckpt.onTrainBegin(new LinkedHashMap<>());
        float[] valLoss = {1f, 0.5f, 0.7f, 0.4f};
        for (int e = 0; e < valLoss.length; e++) ckpt.onEpochEnd(e, logs("val_loss", valLoss[e]));
        assertEquals(3, net.saves);
        assertTrue(Files.exists(dir.resolve("m.nrt")));
    }

    @Test
    void csvLoggerWritesAHeaderAndOneRowPerEpoch(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("log.csv");
        Tensor[] data = TestNetworks.separable(20, 2);
        trainer.fit(data[0], data[1], new FitConfig().epochs(3).callbacks(new CsvLogger(file)).verbose(0));
        List<String> lines = Files.readAllLines(file);
        assertEquals(4, lines.size());
        assertEquals("epoch,accuracy,loss", lines.get(0));
        assertTrue(lines.get(3).startsWith("2,"), lines.get(3));
        // append mode continues the same file under the same header
        trainer.fit(data[0], data[1], new FitConfig().epochs(1).callbacks(new CsvLogger(file, ",", true)).verbose(0));
        assertEquals(5, Files.readAllLines(file).size());
    }

    @Test
    void weightsRoundTripThroughTheTrainer() {
        List<float[]> w = trainer.getWeights();
        float before = w.get(1)[0];
        setWeight(42f);
        trainer.setWeights(w);
        assertEquals(before, weight());
        assertArrayEquals(w.get(0), net.variables().get(0).value().data());
        assertThrows(IllegalArgumentException.class, () -> trainer.setWeights(List.of(new float[1])));
    }
}
