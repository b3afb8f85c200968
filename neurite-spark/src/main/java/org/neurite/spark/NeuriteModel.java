package org.neurite.spark;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.util.Identifiable$;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.neurite.tensor.Tensor;

/**
 * A trained Neurite network as a Spark ML {@code Model}: {@code transform} appends a column
 * {@code predictionCol} holding the network's output for each row (a vector: class
 * probabilities, regression values, ...). The network is broadcast once per {@code transform}
 * and each partition predicts in batches of {@code batchSize} rows on its own replica.
 * Saved and loaded with ML persistence ({@link #write()}, {@link #read()}), alone or in a
 * {@code PipelineModel}.
 */
public final class NeuriteModel extends Model<NeuriteModel> implements MLWritable {
    private static final long serialVersionUID = 1L;
    private final String uid;
    private final byte[] modelBytes;
    private final Param<String> featuresCol;
    private final Param<String> predictionCol;
    private final IntParam batchSize;

    public NeuriteModel(String uid, byte[] modelBytes) {
        this.uid = uid;
        this.modelBytes = modelBytes.clone();
        featuresCol = new Param<>(this, "featuresCol", "column of features: a vector or an array of numbers, the model's input flattened");
        predictionCol = new Param<>(this, "predictionCol", "output column: the network's output as a vector");
        batchSize = new IntParam(this, "batchSize", "rows per forward pass in transform (> 0)", ParamValidators.gt(0));
        setDefault(featuresCol, "features");
        setDefault(predictionCol, "prediction");
        setDefault(batchSize, 256);
    }

    /** Wraps a built Neurite model. */
    public NeuriteModel(org.neurite.nn.Model model) {
        this(Identifiable$.MODULE$.randomUID("neurite"), ModelBytes.of(model));
    }

    @Override
    public String uid() { return uid; }

    public Param<String> featuresCol() { return featuresCol; }
    public Param<String> predictionCol() { return predictionCol; }
    public IntParam batchSize() { return batchSize; }
    public NeuriteModel setFeaturesCol(String value) { set(featuresCol, value); return this; }
    public NeuriteModel setPredictionCol(String value) { set(predictionCol, value); return this; }
    public NeuriteModel setBatchSize(int value) { set(batchSize, value); return this; }

    /** A new Neurite model object with this model's weights. */
    public org.neurite.nn.Model network() {
        return ModelBytes.load(modelBytes);
    }

    @Override
    public StructType transformSchema(StructType schema) {
        String in = getOrDefault(featuresCol), out = getOrDefault(predictionCol);
        if (!Arrays.asList(schema.fieldNames()).contains(in)) {
            throw new IllegalArgumentException("NeuriteModel: no features column '" + in + "' in " + schema.simpleString());
        }
        if (Arrays.asList(schema.fieldNames()).contains(out)) {
            throw new IllegalArgumentException("NeuriteModel: the output column '" + out + "' already exists in " + schema.simpleString());
        }
        return schema.add(new StructField(out, SQLDataTypes.VectorType(), false, org.apache.spark.sql.types.Metadata.empty()));
    }

    @Override
    public Dataset<Row> transform(Dataset<?> dataset) {
        StructType outSchema = transformSchema(dataset.schema());
        int featureIndex = dataset.schema().fieldIndex(getOrDefault(featuresCol));
        int batch = (Integer) getOrDefault(batchSize);
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(dataset.sparkSession().sparkContext());
        Broadcast<byte[]> model = sc.broadcast(modelBytes);
        int[] sampleShape = SparkTrainer.inputShape(network());
        String column = getOrDefault(featuresCol);
        JavaRDD<Row> rows = dataset.toDF().javaRDD().mapPartitions(it -> predictPartition(it, model, featureIndex, column, sampleShape, batch));
        // the broadcast stays until the lazy result has been computed; Spark's context cleaner frees it once unreferenced
        return dataset.sparkSession().createDataFrame(rows, outSchema);
    }

    private static Iterator<Row> predictPartition(Iterator<Row> rows, Broadcast<byte[]> modelBytes, int featureIndex, String column, int[] sampleShape, int batchSize) {
        org.neurite.nn.Model replica = Replicas.borrow(modelBytes);
        try {
            List<Row> out = new ArrayList<>();
            List<Row> pending = new ArrayList<>(batchSize);
            List<LabeledSample> samples = new ArrayList<>(batchSize);
            while (rows.hasNext()) {
                Row r = rows.next();
                pending.add(r);
                samples.add(new LabeledSample(samples.size(), RowValues.floats(r, featureIndex, column), new float[0]));
                if (pending.size() == batchSize || !rows.hasNext()) {
                    Tensor x = PartitionWork.features(samples, sampleShape);
                    Tensor y = replica.predict(x, batchSize);
                    int k = y.size() / pending.size();
                    for (int i = 0; i < pending.size(); i++) {
                        double[] v = new double[k];
                        for (int j = 0; j < k; j++) v[j] = y.data()[i * k + j];
                        Object[] values = new Object[pending.get(i).length() + 1];
                        for (int c = 0; c < values.length - 1; c++) values[c] = pending.get(i).get(c);
                        values[values.length - 1] = Vectors.dense(v);
                        out.add(RowFactory.create(values));
                    }
                    pending.clear();
                    samples.clear();
                }
            }
            return out.iterator();
        } finally {
            Replicas.giveBack(modelBytes, replica);
        }
    }

    @Override
    public NeuriteModel copy(ParamMap extra) {
        return copyValues(new NeuriteModel(uid, modelBytes), extra).setParent(parent());
    }

    @Override
    public MLWriter write() {
        return new NeuritePersistence.Writer(this, modelBytes);
    }

    public static MLReader<NeuriteModel> read() {
        return new NeuritePersistence.Reader<>(NeuriteModel.class, NeuriteModel::new);
    }

    public static NeuriteModel load(String path) {
        return read().load(path);
    }
}
