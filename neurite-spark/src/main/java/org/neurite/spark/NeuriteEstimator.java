package org.neurite.spark;

import java.util.Arrays;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.util.Identifiable$;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.types.StructType;
import org.neurite.nn.losses.Loss;
import org.neurite.nn.losses.Losses;
import org.neurite.nn.optimizers.Optimizer;
import org.neurite.nn.optimizers.Optimizers;

/**
 * Trains a Neurite network on a DataFrame as a Spark ML {@code Estimator}, so that it fits in an
 * {@code org.apache.spark.ml.Pipeline}: the features column holds a vector or an array of numbers
 * (the model's input flattened), the label column a number (a class index for sparse
 * cross-entropy, a regression target) or a vector/array (one-hot rows, several targets).
 * Training is {@link SparkTrainer}'s: synchronous data-parallel by default, local SGD with
 * {@code averageEvery > 0}. The untrained network (architecture and initial weights) is given to
 * the constructor; everything else is a {@code Param}.
 */
public final class NeuriteEstimator extends Estimator<NeuriteModel> implements MLWritable {
    private static final long serialVersionUID = 1L;
    private final String uid;
    private final byte[] initialModel;
    private final Param<String> featuresCol;
    private final Param<String> labelCol;
    private final Param<String> predictionCol;
    private final Param<String> loss;
    private final Param<String> optimizer;
    private final DoubleParam learningRate;
    private final IntParam epochs;
    private final IntParam batchSize;
    private final IntParam averageEvery;
    private final LongParam seed;

    /** @param network a built, untrained (or pre-trained) Neurite model with one input and one output */
    public NeuriteEstimator(org.neurite.nn.Model network) {
        this(Identifiable$.MODULE$.randomUID("neurite"), ModelBytes.of(network));
    }

    NeuriteEstimator(String uid, byte[] initialModel) {
        this.uid = uid;
        this.initialModel = initialModel.clone();
        featuresCol = new Param<>(this, "featuresCol", "column of features: a vector or an array of numbers, the model's input flattened");
        labelCol = new Param<>(this, "labelCol", "column of targets: a number (class index, regression value) or a vector/array");
        predictionCol = new Param<>(this, "predictionCol", "output column of the fitted model: the network's output as a vector");
        loss = new Param<>(this, "loss", "Keras name of the loss, one of " + Losses.NAMES);
        optimizer = new Param<>(this, "optimizer", "Keras name of the optimizer, one of " + Optimizers.NAMES);
        learningRate = new DoubleParam(this, "learningRate", "learning rate (>= 0)", ParamValidators.gtEq(0));
        epochs = new IntParam(this, "epochs", "passes over the data (> 0)", ParamValidators.gt(0));
        batchSize = new IntParam(this, "batchSize", "global batch size, split over the partitions (> 0)", ParamValidators.gt(0));
        averageEvery = new IntParam(this, "averageEvery", "0: synchronous gradients every step; K > 0: local SGD, averaging every K steps", ParamValidators.gtEq(0));
        seed = new LongParam(this, "seed", "seed of the per-epoch shuffling");
        setDefault(featuresCol, "features");
        setDefault(labelCol, "label");
        setDefault(predictionCol, "prediction");
        setDefault(loss, "sparse_categorical_crossentropy");
        setDefault(optimizer, "adam");
        setDefault(learningRate, 0.001);
        setDefault(epochs, 1);
        setDefault(batchSize, 32);
        setDefault(averageEvery, 0);
        setDefault(seed, 0L);
    }

    @Override
    public String uid() { return uid; }

    public Param<String> featuresCol() { return featuresCol; }
    public Param<String> labelCol() { return labelCol; }
    public Param<String> predictionCol() { return predictionCol; }
    public Param<String> loss() { return loss; }
    public Param<String> optimizer() { return optimizer; }
    public DoubleParam learningRate() { return learningRate; }
    public IntParam epochs() { return epochs; }
    public IntParam batchSize() { return batchSize; }
    public IntParam averageEvery() { return averageEvery; }
    public LongParam seed() { return seed; }
    public NeuriteEstimator setFeaturesCol(String v) { set(featuresCol, v); return this; }
    public NeuriteEstimator setLabelCol(String v) { set(labelCol, v); return this; }
    public NeuriteEstimator setPredictionCol(String v) { set(predictionCol, v); return this; }
    public NeuriteEstimator setLoss(String v) { Losses.get(v); set(loss, v); return this; }
    public NeuriteEstimator setOptimizer(String v) { Optimizers.get(v); set(optimizer, v); return this; }
    public NeuriteEstimator setLearningRate(double v) { set(learningRate, v); return this; }
    public NeuriteEstimator setEpochs(int v) { set(epochs, v); return this; }
    public NeuriteEstimator setBatchSize(int v) { set(batchSize, v); return this; }
    public NeuriteEstimator setAverageEvery(int v) { set(averageEvery, v); return this; }
    public NeuriteEstimator setSeed(long v) { set(seed, v); return this; }

    @Override
    public StructType transformSchema(StructType schema) {
        for (String col : new String[] {getOrDefault(featuresCol), getOrDefault(labelCol)}) {
            if (!Arrays.asList(schema.fieldNames()).contains(col)) {
                throw new IllegalArgumentException("NeuriteEstimator: no column '" + col + "' in " + schema.simpleString());
            }
        }
        return new NeuriteModel(uid, initialModel).setFeaturesCol(getOrDefault(featuresCol)).setPredictionCol(getOrDefault(predictionCol)).transformSchema(schema);
    }

    @Override
    public NeuriteModel fit(Dataset<?> dataset) {
        transformSchema(dataset.schema());
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(dataset.sparkSession().sparkContext());
        String lossName = getOrDefault(loss), optimizerName = getOrDefault(optimizer);
        float lr = (float) (double) (Double) getOrDefault(learningRate);
        SerializableSupplier<Loss> lossFactory = () -> Losses.get(lossName);
        SerializableSupplier<Optimizer> optimizerFactory = () -> {
            Optimizer o = Optimizers.get(optimizerName);
            o.setLearningRate(lr);
            return o;
        };
        org.neurite.nn.Model network = ModelBytes.load(initialModel);
        SparkTrainer trainer = new SparkTrainer(sc, network, optimizerFactory, lossFactory)
                .epochs((Integer) getOrDefault(epochs)).batchSize((Integer) getOrDefault(batchSize))
                .averageEvery((Integer) getOrDefault(averageEvery)).seed((Long) getOrDefault(seed));
        JavaRDD<LabeledSample> samples = SparkData.of(dataset, getOrDefault(featuresCol), getOrDefault(labelCol));
        try {
            trainer.fit(samples);
        } finally {
            samples.unpersist(false);
        }
        NeuriteModel fitted = new NeuriteModel(uid, ModelBytes.of(network))
                .setFeaturesCol(getOrDefault(featuresCol)).setPredictionCol(getOrDefault(predictionCol));
        return fitted.setParent(this);
    }

    @Override
    public NeuriteEstimator copy(ParamMap extra) {
        return copyValues(new NeuriteEstimator(uid, initialModel), extra);
    }

    @Override
    public MLWriter write() {
        return new NeuritePersistence.Writer(this, initialModel);
    }

    public static MLReader<NeuriteEstimator> read() {
        return new NeuritePersistence.Reader<>(NeuriteEstimator.class, NeuriteEstimator::new);
    }

    public static NeuriteEstimator load(String path) {
        return read().load(path);
    }
}
