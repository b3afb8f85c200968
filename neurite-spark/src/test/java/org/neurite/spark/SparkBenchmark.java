package org.neurite.spark;

import java.util.Locale;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.neurite.data.TrainTest;
import org.neurite.nn.Input;
import org.neurite.nn.Model;
import org.neurite.nn.Sequential;
import org.neurite.nn.layers.Dense;
import org.neurite.nn.layers.Flatten;
import org.neurite.nn.losses.Losses;
import org.neurite.nn.optimizers.Adam;
import org.neurite.nn.training.FitConfig;
import org.neurite.tensor.Tensor;

/**
 * Run by hand (not a test): scaling of synchronous training (single process, local[1], local[2])
 * and convergence of local SGD against synchronous training on the same budget, on the embedded
 * MNIST subset (6000 train / 1000 test) with a 784-128-64-10 MLP. Prints one line per run.
 * Usage: {@code SparkBenchmark scaling|localsgd}.
 */
public final class SparkBenchmark {
    public static void main(String[] args) {
        String what = args.length > 0 ? args[0] : "scaling";
        TrainTest data = org.neurite.datasets.MnistSubset.load();
        Tensor x = data.train().features(), y = data.train().targets().reshape(data.train().size(), 1);
        Tensor tx = data.test().features(), ty = data.test().targets().reshape(data.test().size(), 1);
        Model initial = mlp();
        System.out.printf(Locale.ROOT, "model: %d parameters (%d bytes of float32)%n", initial.countParams(), 4 * initial.countParams());
        if (what.equals("scaling")) scaling(initial, x, y);
        else localSgd(initial, x, y, tx, ty);
    }

    static Model mlp() {
        Model m = new Sequential(Input.of(28, 28, 1), new Flatten(), new Dense(128, "relu"), new Dense(64, "relu"), new Dense(10, "softmax"));
        m.seed(1);
        m.predict(Tensor.zeros(1, 28, 28, 1));
        return m;
    }

    private static void scaling(Model initial, Tensor x, Tensor y) {
        int batch = 256, epochs = 2;
        for (int rep = 0; rep < 2; rep++) { // the first round warms the JIT up
            Model single = ModelBytes.load(ModelBytes.of(initial));
            single.compile(new Adam(1e-3f), Losses.get("sparse_categorical_crossentropy"));
            long t0 = System.nanoTime();
            single.fit(x, y, new FitConfig().epochs(epochs).batchSize(batch).seed(7).verbose(0));
            double s = (System.nanoTime() - t0) / 1e9;
            int steps = epochs * ((x.dim(0) + batch - 1) / batch);
            System.out.printf(Locale.ROOT, "single process (Model.fit, rep %d): %d steps, %.0f samples/s, %.2f ms per step%n", rep, steps, epochs * x.dim(0) / s, s * 1e3 / steps);
        }
        for (String master : new String[] {"local[1]", "local[2]"}) {
            int partitions = master.equals("local[1]") ? 1 : 2;
            JavaSparkContext sc = SparkTestContext.start(master);
            try {
                JavaRDD<LabeledSample> rdd = SparkData.of(sc, x, y, partitions).cache();
                rdd.count();
                // the floor: a job per step that touches every cached row and returns nothing
                for (int rep = 0; rep < 2; rep++) {
                    long t0 = System.nanoTime();
                    for (int s = 0; s < 48; s++) rdd.mapPartitions(it -> { long c = 0; while (it.hasNext()) { it.next(); c++; } return java.util.List.of(c).iterator(); }).treeReduce(Long::sum, 2);
                    System.out.printf(Locale.ROOT, "%s, %d partitions: empty job over the cached rows %.2f ms per step%n", master, partitions, (System.nanoTime() - t0) / 1e6 / 48);
                }
                // the same job with a broadcast of the weights' size and a result of the gradients' size
                for (int rep = 0; rep < 2; rep++) {
                    long t0 = System.nanoTime();
                    for (int s = 0; s < 48; s++) {
                        org.apache.spark.broadcast.Broadcast<float[][]> w = sc.broadcast(SparkTrainer.values(initial.variables()));
                        rdd.mapPartitions(it -> { float[][] v = w.value(); while (it.hasNext()) it.next(); return java.util.List.of(new float[][] {v[0].clone(), v[2].clone()}).iterator(); })
                                .treeReduce((a, b) -> a, 2);
                        w.destroy();
                    }
                    System.out.printf(Locale.ROOT, "%s, %d partitions: job with the weights broadcast and gradient-sized results, no compute: %.2f ms per step%n", master, partitions, (System.nanoTime() - t0) / 1e6 / 48);
                }
                for (int rep = 0; rep < 2; rep++) {
                    Model m = ModelBytes.load(ModelBytes.of(initial));
                    SparkTrainer t = new SparkTrainer(sc, m, () -> new Adam(1e-3f), () -> Losses.get("sparse_categorical_crossentropy"))
                            .epochs(epochs).batchSize(batch).seed(7);
                    t.fit(rdd);
                    System.out.printf(Locale.ROOT, "%s, %d partitions, synchronous (rep %d): %s%n", master, partitions, rep, t.timings());
                }
            } finally {
                sc.stop();
            }
        }
    }

    private static void localSgd(Model initial, Tensor x, Tensor y, Tensor tx, Tensor ty) {
        int batch = 128, epochs = 3;
        JavaSparkContext sc = SparkTestContext.start("local[2]");
        try {
            JavaRDD<LabeledSample> rdd = SparkData.of(sc, x, y, 2);
            for (int k : new int[] {0, 0, 4, 16, 47}) { // the first run warms up; 47 = once per epoch
                Model m = ModelBytes.load(ModelBytes.of(initial));
                SparkTrainer t = new SparkTrainer(sc, m, () -> new Adam(1e-3f), () -> Losses.get("sparse_categorical_crossentropy"))
                        .epochs(epochs).batchSize(batch).seed(7).averageEvery(k);
                long t0 = System.nanoTime();
                t.fit(rdd);
                double s = (System.nanoTime() - t0) / 1e9;
                m.compile(new Adam(), Losses.get("sparse_categorical_crossentropy"), org.neurite.nn.metrics.Metrics.get("accuracy"));
                Map<String, Float> test = m.evaluate(tx, ty, 500);
                System.out.printf(Locale.ROOT, "%s: train loss per epoch %s, test accuracy %.4f, test loss %.4f, %.1f s (%s)%n",
                        k == 0 ? "synchronous" : "local SGD K=" + k, t.epochLosses(), test.get("accuracy"), test.get("loss"), s, t.timings());
            }
        } finally {
            sc.stop();
        }
    }
}
