package org.neurite.spark;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.neurite.tensor.Tensor;

/** Building the indexed sample RDDs that {@link SparkTrainer} trains on. */
public final class SparkData {
    private SparkData() {}

    /**
     * The rows of in-memory tensors as samples with indices 0..n-1, in {@code partitions}
     * partitions: {@code x} is {@code (N, ...)}, {@code y} is {@code (N, ...)} (for tests and small data).
     */
    public static JavaRDD<LabeledSample> of(JavaSparkContext sc, Tensor x, Tensor y, int partitions) {
        int n = x.dim(0);
        if (y.dim(0) != n) throw new IllegalArgumentException("SparkData.of: x has " + n + " samples, y " + y.dim(0));
        int fx = x.size() / Math.max(1, n), fy = y.size() / Math.max(1, n);
        List<LabeledSample> rows = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            float[] f = new float[fx], l = new float[fy];
            System.arraycopy(x.data(), i * fx, f, 0, fx);
            System.arraycopy(y.data(), i * fy, l, 0, fy);
            rows.add(new LabeledSample(i, f, l));
        }
        return sc.parallelize(rows, partitions);
    }

    /** Numbers the rows of an RDD of (features, label) pairs 0..n-1 in RDD order (one extra Spark job, as zipWithIndex). */
    public static JavaRDD<LabeledSample> indexed(JavaRDD<float[][]> featuresAndLabels) {
        return featuresAndLabels.zipWithIndex().map(t -> new LabeledSample(t._2(), t._1()[0], t._1()[1]));
    }
}
