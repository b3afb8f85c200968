package org.neurite.spark;

import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.neurite.nn.Input;
import org.neurite.nn.Model;
import org.neurite.nn.Sequential;
import org.neurite.nn.layers.Dense;
import org.neurite.tensor.Tensor;

/** One in-process Spark context per test class (starting one costs seconds), and small shared fixtures. */
final class SparkTestContext {
    private SparkTestContext() {}

    /** {@code master} e.g. local[2] or local[2,4] (the second number: attempts per task). */
    static JavaSparkContext start(String master) {
        SparkConf conf = new SparkConf().setMaster(master).setAppName("neurite-spark-test")
                .set("spark.ui.enabled", "false")
                .set("spark.driver.host", "127.0.0.1")
                .set("spark.driver.bindAddress", "127.0.0.1")
                .set("spark.sql.shuffle.partitions", "2");
        return new JavaSparkContext(conf);
    }

    /** A 6-8-3 softmax MLP with weights from a seed. */
    static Model mlp(long seed) {
        Model m = new Sequential(Input.of(6), new Dense(8, "tanh"), new Dense(3, "softmax"));
        m.seed(seed);
        m.predict(Tensor.zeros(1, 6)); // builds the weights
        return m;
    }

    /** Deterministic features in [-1, 1) and one-hot labels of a class that depends on them. */
    static Tensor[] data(int n, long seed) {
        Tensor x = Tensor.uniform(seed, -1f, 1f, n, 6);
        float[] y = new float[n * 3];
        for (int i = 0; i < n; i++) {
            float s = x.data()[i * 6] + x.data()[i * 6 + 1] - x.data()[i * 6 + 2];
            y[i * 3 + (s < -0.3f ? 0 : s < 0.3f ? 1 : 2)] = 1f;
        }
        return new Tensor[] {x, Tensor.of(y, n, 3)};
    }

    static double maxAbsDiff(Model a, Model b) {
        double max = 0;
        for (int i = 0; i < a.variables().size(); i++) {
            float[] u = a.variables().get(i).value().data(), v = b.variables().get(i).value().data();
            for (int j = 0; j < u.length; j++) max = Math.max(max, Math.abs(u[j] - v[j]));
        }
        return max;
    }
}
