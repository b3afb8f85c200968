package org.neurite.io.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurite.nn.Input;
import org.neurite.nn.Sequential;
import org.neurite.nn.Variable;
import org.neurite.nn.layers.BatchNormalization;
import org.neurite.nn.layers.Dense;
import org.neurite.nn.layers.Dropout;
import org.neurite.nn.losses.MeanSquaredError;
import org.neurite.nn.optimizers.Adam;
import org.neurite.nn.optimizers.Optimizer;
import org.neurite.nn.optimizers.RMSprop;
import org.neurite.nn.optimizers.SGD;
import org.neurite.nn.training.FitConfig;
import org.neurite.tensor.Tensor;

class CheckpointTest {
    @TempDir
    Path dir;

    private static final Tensor X = Tensor.normal(1, 0, 1, 64, 6);
    private static final Tensor Y = Tensor.uniform(2, 0, 1, 64, 3);

    @AfterEach
    void resetHook() {
        CheckpointFile.streamHook = UnaryOperator.identity();
    }

    private static Sequential model(long seed, Optimizer optimizer) {
        Sequential m = new Sequential(Input.of(6), new Dense(16, "relu"), new BatchNormalization(), new Dropout(0.3), new Dense(3, "sigmoid"));
        m.seed(seed);
        m.compile(optimizer, new MeanSquaredError());
        return m;
    }

    private static FitConfig config(int epochs) {
        return new FitConfig().epochs(epochs).batchSize(8).seed(11).verbose(0);
    }

    private static void assertBitwiseEqual(List<Variable> expected, List<Variable> actual) {
        assertEquals(expected.size(), actual.size());
        for (int i = 0; i < expected.size(); i++) {
            float[] e = expected.get(i).value().data(), a = actual.get(i).value().data();
            assertEquals(e.length, a.length);
            for (int j = 0; j < e.length; j++) {
                assertEquals(Float.floatToRawIntBits(e[j]), Float.floatToRawIntBits(a[j]),
                        "variable " + expected.get(i).name() + "[" + j + "]: " + e[j] + " vs " + a[j]);
            }
        }
    }

    @Test
    void resumedFitEqualsUninterruptedFitBitForBit() throws IOException {
        for (java.util.function.Supplier<Optimizer> opt : List.<java.util.function.Supplier<Optimizer>>of(
                () -> new Adam(0.01f), () -> new SGD(0.05f, 0.9f, true, 0f), () -> new RMSprop(0.01f, 0.9f, 1e-7f, 0.5f, true, 0f))) {
            Sequential straight = model(5, opt.get());
            straight.fit(X, Y, config(4));

            Path ckpt = dir.resolve("run-" + straight.trainer().optimizer().name() + ".ckpt");
            Sequential first = model(5, opt.get());
            first.fit(X, Y, config(2).callbacks(new Checkpoint(ckpt)));

            // a fresh process: same architecture, different initial weights and dropout seed
            Sequential resumed = model(99, opt.get());
            FitConfig cfg = Checkpoint.resume(ckpt, resumed.trainer(), new FitConfig().epochs(4).batchSize(8).verbose(0));
            assertEquals(2, cfg.initialEpoch());
            assertEquals(11, cfg.seed());
            resumed.fit(X, Y, cfg);

            assertBitwiseEqual(straight.variables(), resumed.variables());
            assertEquals(straight.trainer().optimizer().iterations(), resumed.trainer().optimizer().iterations());
        }
    }

    @Test
    void withoutTheRandomStateTheResumedRunDiffers() throws IOException {
        // guards the test above: dropout really draws, so a resume that lost its position would differ
        Sequential straight = model(5, new Adam(0.01f));
        straight.fit(X, Y, config(4));
        Path ckpt = dir.resolve("a.ckpt");
        Sequential first = model(5, new Adam(0.01f));
        first.fit(X, Y, config(2).callbacks(new Checkpoint(ckpt)));
        Sequential resumed = model(5, new Adam(0.01f));
        FitConfig cfg = Checkpoint.resume(ckpt, resumed.trainer(), config(4));
        ((Dropout) resumed.layers().stream().filter(l -> l instanceof Dropout).findFirst().orElseThrow()).randomPosition(0);
        resumed.fit(X, Y, cfg);
        float[] a = straight.variables().get(0).value().data(), b = resumed.variables().get(0).value().data();
        assertFalse(java.util.Arrays.equals(a, b));
    }

    @Test
    void checkpointHoldsEpochOptimizerStateAndRandomPositions() throws IOException {
        Path ckpt = dir.resolve("ep{epoch}.ckpt");
        Sequential m = model(3, new Adam(0.01f));
        m.fit(X, Y, config(3).callbacks(new Checkpoint(ckpt).every(2)));
        assertTrue(Files.exists(dir.resolve("ep2.ckpt")));
        assertTrue(Files.exists(dir.resolve("ep3.ckpt")), "the last epoch is always saved");
        assertFalse(Files.exists(dir.resolve("ep1.ckpt")));
        CheckpointData d = CheckpointFile.read(dir.resolve("ep3.ckpt"));
        assertEquals(3, d.epoch());
        assertEquals("adam", d.optimizer());
        assertEquals(24, d.iterations()); // 3 epochs of 8 batches
        assertEquals(2, d.slotCount());
        assertEquals(m.variables().size(), d.variables().size());
        Optimizer.State s = m.trainer().optimizer().state(m.variables().get(0));
        CheckpointData.VariableState v = d.variables().get(0);
        assertEquals(s.step(), v.step());
        assertArrayEquals(s.slot(0), v.slots()[0]);
        assertArrayEquals(s.slot(1), v.slots()[1]);
        assertEquals(1, d.random().size());
        assertEquals(24, d.random().get(0).position());
        // moving statistics are non-trainable: saved, without optimizer state
        assertTrue(d.variables().stream().anyMatch(x -> x.name().contains("moving_mean") && x.step() == -1));
    }

    @Test
    void aFailedWriteLeavesThePreviousCheckpointIntact() throws IOException {
        Path ckpt = dir.resolve("run.ckpt");
        Sequential m = model(5, new Adam(0.01f));
        m.fit(X, Y, config(1).callbacks(new Checkpoint(ckpt)));
        byte[] before = Files.readAllBytes(ckpt);

        m.fit(X, Y, config(1)); // the state moves on
        CheckpointFile.streamHook = out -> CheckpointFile.failingAfter(out, before.length / 2);
        IOException e = assertThrows(IOException.class, () -> CheckpointFile.save(ckpt, m.trainer(), 2, 11));
        assertTrue(e.getMessage().contains("simulated failure"), e.getMessage());
        CheckpointFile.streamHook = UnaryOperator.identity();

        assertArrayEquals(before, Files.readAllBytes(ckpt), "the old checkpoint is untouched");
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(ckpt), files.toList(), "no temporary file is left behind");
        }
        Sequential fresh = model(7, new Adam(0.01f));
        assertEquals(1, CheckpointFile.restore(ckpt, fresh.trainer()).epoch());
    }

    @Test
    void corruptOrMismatchedFilesAreRejectedWithTheFileName() throws IOException {
        Path ckpt = dir.resolve("run.ckpt");
        Sequential m = model(5, new Adam(0.01f));
        m.fit(X, Y, config(1).callbacks(new Checkpoint(ckpt)));
        byte[] bytes = Files.readAllBytes(ckpt);

        Path truncated = dir.resolve("truncated.ckpt");
        Files.write(truncated, java.util.Arrays.copyOf(bytes, bytes.length - 10));
        IOException e = assertThrows(CheckpointFormatException.class, () -> CheckpointFile.read(truncated));
        assertTrue(e.getMessage().contains("truncated.ckpt"), e.getMessage());

        Path flipped = dir.resolve("flipped.ckpt");
        byte[] f = bytes.clone();
        f[f.length - 3] ^= 0x10;
        Files.write(flipped, f);
        e = assertThrows(CheckpointFormatException.class, () -> CheckpointFile.read(flipped));
        assertTrue(e.getMessage().contains("CRC32"), e.getMessage());

        Sequential other = new Sequential(Input.of(6), new Dense(4), new Dense(3));
        other.compile(new Adam(0.01f), new MeanSquaredError());
        e = assertThrows(CheckpointFormatException.class, () -> CheckpointFile.restore(ckpt, other.trainer()));
        assertTrue(e.getMessage().contains("does not match"), e.getMessage());

        Sequential sgd = model(5, new SGD(0.1f));
        e = assertThrows(CheckpointFormatException.class, () -> CheckpointFile.restore(ckpt, sgd.trainer()));
        assertTrue(e.getMessage().contains("optimizer"), e.getMessage());
    }
}
