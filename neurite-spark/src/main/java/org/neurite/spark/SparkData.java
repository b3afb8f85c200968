package org.neurite.spark;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.neurite.tensor.Tensor;

/** Building the indexed sample RDDs that {@link SparkTrainer} trains on. */
public final class SparkData {
    private SparkData() {}

    /**
     * The rows of in-memory tensors as samples with indices 0..n-1, in {@code partitions}
     * partitions: {@code x} is {@code (N, ...)}, {@code y} is {@code (N, ...)} (for tests and small data).
     * The tensors are broadcast once and each partition holds only its index range: parallelizing
     * the rows themselves would put them into every task of every step (Spark ships a parallelized
     * partition's values with each task, even when the RDD is cached).
     */
    public static JavaRDD<LabeledSample> of(JavaSparkContext sc, Tensor x, Tensor y, int partitions) {
        int n = x.dim(0);
        if (y.dim(0) != n) throw new IllegalArgumentException("SparkData.of: x has " + n + " samples, y " + y.dim(0));
        if (partitions < 1) throw new IllegalArgumentException("SparkData.of: partitions must be >= 1, got " + partitions);
        int fx = n == 0 ? 0 : x.size() / n, fy = n == 0 ? 0 : y.size() / n;
        Broadcast<float[][]> arrays = sc.broadcast(new float[][] {x.data().clone(), y.data().clone()});
        List<int[]> ranges = new ArrayList<>();
        for (int p = 0; p < partitions; p++) ranges.add(new int[] {(int) ((long) n * p / partitions), (int) ((long) n * (p + 1) / partitions)});
        return sc.parallelize(ranges, partitions).flatMap(r -> {
            float[][] a = arrays.value();
            List<LabeledSample> rows = new ArrayList<>(r[1] - r[0]);
            for (int i = r[0]; i < r[1]; i++) {
                rows.add(new LabeledSample(i, Arrays.copyOfRange(a[0], i * fx, (i + 1) * fx), Arrays.copyOfRange(a[1], i * fy, (i + 1) * fy)));
            }
            return rows.iterator();
        });
    }

    /** Numbers the rows of an RDD of (features, label) pairs 0..n-1 in RDD order (one extra Spark job, as zipWithIndex). */
    public static JavaRDD<LabeledSample> indexed(JavaRDD<float[][]> featuresAndLabels) {
        return featuresAndLabels.zipWithIndex().map(t -> new LabeledSample(t._2(), t._1()[0], t._1()[1]));
    }

    /**
     * The rows of a DataFrame as samples numbered 0..n-1 in the DataFrame's order: the features
     * column holds a vector or an array of numbers (the model's input flattened), the label column
     * a number or a vector/array. Fails naming a missing column.
     */
    public static JavaRDD<LabeledSample> of(Dataset<?> df, String featuresCol, String labelCol) {
        for (String col : new String[] {featuresCol, labelCol}) {
            if (!Arrays.asList(df.schema().fieldNames()).contains(col)) {
                throw new IllegalArgumentException("no column '" + col + "' in " + df.schema().simpleString());
            }
        }
        int fi = df.schema().fieldIndex(featuresCol), li = df.schema().fieldIndex(labelCol);
        return indexed(df.toDF().javaRDD().map((Row r) -> new float[][] {RowValues.floats(r, fi, featuresCol), RowValues.floats(r, li, labelCol)}));
    }
}
