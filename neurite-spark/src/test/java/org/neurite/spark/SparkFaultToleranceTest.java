package org.neurite.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurite.nn.Model;
import org.neurite.nn.losses.Loss;
import org.neurite.nn.losses.Losses;
import org.neurite.nn.optimizers.Adam;
import org.neurite.tensor.Tensor;

class SparkFaultToleranceTest {
    private static JavaSparkContext sc;
    /** Failures injected so far (local mode: the tasks run in this JVM, so they see this counter). */
    private static final java.util.concurrent.atomic.AtomicInteger INJECTED = new java.util.concurrent.atomic.AtomicInteger();

    @BeforeAll
    static void start() {
        sc = SparkTestContext.start("local[2,4]"); // 2 threads, up to 4 attempts per task
    }

    @AfterAll
    static void stop() {
        if (sc != null) sc.stop();
    }

    /** Cross-entropy whose first attempt on partition 1 of every job dies (as a lost executor task would). */
    private static SerializableSupplier<Loss> failingFirstAttempt() {
        return () -> {
            TaskContext task = TaskContext.get();
            if (task != null && task.partitionId() == 1 && task.attemptNumber() == 0) {
                INJECTED.incrementAndGet();
                throw new IllegalStateException("injected failure of task " + task.taskAttemptId() + " (partition 1, attempt 0)");
            }
            return Losses.get("categorical_crossentropy");
        };
    }

    private static SparkTrainer trainer(Model m, SerializableSupplier<Loss> loss, int epochs) {
        return new SparkTrainer(sc, m, () -> new Adam(0.01f), loss).epochs(epochs).batchSize(16).seed(3);
    }

    @Test
    void retriedTasksLeaveTheModelExactlyAsWithoutFailures() {
        Model initial = SparkTestContext.mlp(21);
        Tensor[] d = SparkTestContext.data(64, 23);
        Model clean = ModelBytes.load(ModelBytes.of(initial));
        trainer(clean, () -> Losses.get("categorical_crossentropy"), 2).fit(SparkData.of(sc, d[0], d[1], 2));
        Model faulty = ModelBytes.load(ModelBytes.of(initial));
        int before = INJECTED.get();
        trainer(faulty, failingFirstAttempt(), 2).fit(SparkData.of(sc, d[0], d[1], 2));
        assertEquals(8, INJECTED.get() - before, "one failed attempt in each of the 8 steps (2 epochs of 4 batches)");
        assertTrue(SparkTestContext.maxAbsDiff(clean, initial) > 1e-2, "training must move the weights");
        assertEquals(0.0, SparkTestContext.maxAbsDiff(clean, faulty), "a retried task must not change the result");
    }

    @Test
    void restartedJobResumesFromTheHadoopCheckpoint(@TempDir Path dir) throws Exception {
        Model initial = SparkTestContext.mlp(31);
        Tensor[] d = SparkTestContext.data(48, 37);
        String ckpt = dir.resolve("run.ckpt").toUri().toString(); // file:/..., through Hadoop's FileSystem API
        Model uninterrupted = ModelBytes.load(ModelBytes.of(initial));
        trainer(uninterrupted, () -> Losses.get("categorical_crossentropy"), 4).fit(SparkData.of(sc, d[0], d[1], 2));

        Model first = ModelBytes.load(ModelBytes.of(initial));
        trainer(first, () -> Losses.get("categorical_crossentropy"), 2).checkpoint(ckpt).fit(SparkData.of(sc, d[0], d[1], 2));
        assertTrue(Files.exists(dir.resolve("run.ckpt")));
        // a new job (new model object with the initial weights, new optimizer) picks up after epoch 2
        Model resumed = ModelBytes.load(ModelBytes.of(initial));
        SparkTrainer second = trainer(resumed, () -> Losses.get("categorical_crossentropy"), 4).checkpoint(ckpt);
        second.fit(SparkData.of(sc, d[0], d[1], 2));
        assertEquals(2, second.epochLosses().size(), "only epochs 3 and 4 run after resuming");
        assertEquals(12, second.optimizer().iterations());
        assertEquals(0.0, SparkTestContext.maxAbsDiff(uninterrupted, resumed), "resumed training must equal uninterrupted training");
    }
}
