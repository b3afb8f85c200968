package org.neurite.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.neurite.nn.Model;
import org.neurite.nn.losses.Losses;
import org.neurite.nn.optimizers.Adam;
import org.neurite.nn.optimizers.SGD;
import org.neurite.nn.training.FitConfig;
import org.neurite.tensor.Tensor;

class SparkTrainerTest {
    private static JavaSparkContext sc;

    @BeforeAll
    static void start() {
        sc = SparkTestContext.start("local[2]");
    }

    @AfterAll
    static void stop() {
        if (sc != null) sc.stop();
    }

    /** Single-process Model.fit on the same global batches (same shuffling), from the same initial weights. */
    private static Model reference(Model initial, Tensor[] d, int epochs, int batch, org.neurite.nn.optimizers.Optimizer opt) {
        Model m = ModelBytes.load(ModelBytes.of(initial));
        m.compile(opt, Losses.get("categorical_crossentropy"));
        m.fit(d[0], d[1], new FitConfig().epochs(epochs).batchSize(batch).shuffle(true).seed(7).verbose(0));
        return m;
    }

    private static Model spark(Model initial, Tensor[] d, int partitions, int epochs, int batch, SerializableSupplier<org.neurite.nn.optimizers.Optimizer> opt, int averageEvery) {
        Model m = ModelBytes.load(ModelBytes.of(initial));
        SparkTrainer t = new SparkTrainer(sc, m, opt, () -> Losses.get("categorical_crossentropy"))
                .epochs(epochs).batchSize(batch).shuffle(true).seed(7).averageEvery(averageEvery);
        t.fit(SparkData.of(sc, d[0], d[1], partitions));
        return m;
    }

    @Test
    void synchronousAdamEqualsSingleProcessWith2And4Partitions() {
        Model initial = SparkTestContext.mlp(3);
        Tensor[] d = SparkTestContext.data(70, 11); // 70 = 4 full batches of 16 and one of 6: uneven slices too
        Model single = reference(initial, d, 3, 16, new Adam(0.01f));
        double moved = SparkTestContext.maxAbsDiff(single, initial);
        assertTrue(moved > 1e-2, "training must change the weights noticeably for the comparison to mean anything, moved " + moved);
        for (int partitions : new int[] {2, 4}) {
            Model dist = spark(initial, d, partitions, 3, 16, () -> new Adam(0.01f), 0);
            double diff = SparkTestContext.maxAbsDiff(single, dist);
            System.getLogger("org.neurite.spark.SparkTrainerTest").log(System.Logger.Level.INFO, partitions + " partitions: max |w_spark - w_single| = " + diff + " after 15 Adam steps (moved " + moved + ")");
            assertTrue(diff < 1e-5, partitions + " partitions: weights differ from single-process training by " + diff);
        }
    }

    @Test
    void localSgdWithPlainSgdAndOneStepEqualsSynchronous() {
        // averaging weights after one plain SGD step, weighted by samples, is the sample-weighted mean gradient step
        Model initial = SparkTestContext.mlp(5);
        Tensor[] d = SparkTestContext.data(48, 13);
        Model single = reference(initial, d, 2, 12, new SGD(0.1f));
        Model local = spark(initial, d, 3, 2, 12, () -> new SGD(0.1f), 1);
        double diff = SparkTestContext.maxAbsDiff(single, local);
        assertTrue(diff < 1e-5, "local SGD with K=1 differs from single-process SGD by " + diff);
    }

    @Test
    void localSgdAdamCarriesOptimizerStateAcrossRounds() {
        Model initial = SparkTestContext.mlp(9);
        Tensor[] d = SparkTestContext.data(64, 17);
        Model m = ModelBytes.load(ModelBytes.of(initial));
        SparkTrainer t = new SparkTrainer(sc, m, () -> new Adam(0.01f), () -> Losses.get("categorical_crossentropy"))
                .epochs(4).batchSize(16).averageEvery(2);
        t.fit(SparkData.of(sc, d[0], d[1], 2));
        assertEquals(16, t.optimizer().iterations());
        assertEquals(16, t.optimizer().state(m.trainableVariables().get(0)).step());
        assertTrue(t.epochLosses().get(3) < t.epochLosses().get(0), "loss must fall: " + t.epochLosses());
    }
}
