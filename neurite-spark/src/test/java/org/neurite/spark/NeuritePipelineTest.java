package org.neurite.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurite.nn.Model;
import org.neurite.nn.losses.Losses;
import org.neurite.nn.optimizers.Adam;
import org.neurite.nn.training.FitConfig;
import org.neurite.tensor.Tensor;

class NeuritePipelineTest {
    private static SparkSession spark;

    @BeforeAll
    static void start() {
        spark = SparkSession.builder().sparkContext(SparkTestContext.start("local[2]").sc()).getOrCreate();
    }

    @AfterAll
    static void stop() {
        if (spark != null) spark.stop();
    }

    /** Six double columns x0..x5 and a class index column "label", from the shared fixture. */
    private static Dataset<Row> frame(Tensor[] d) {
        List<StructField> fields = new ArrayList<>();
        for (int j = 0; j < 6; j++) fields.add(DataTypes.createStructField("x" + j, DataTypes.DoubleType, false));
        fields.add(DataTypes.createStructField("label", DataTypes.DoubleType, false));
        List<Row> rows = new ArrayList<>();
        int n = d[0].dim(0);
        for (int i = 0; i < n; i++) {
            Object[] v = new Object[7];
            for (int j = 0; j < 6; j++) v[j] = (double) d[0].data()[i * 6 + j];
            v[6] = (double) classOf(d[1], i);
            rows.add(RowFactory.create(v));
        }
        return spark.createDataFrame(rows, new StructType(fields.toArray(StructField[]::new))).repartition(2);
    }

    private static int classOf(Tensor oneHot, int i) {
        for (int c = 0; c < 3; c++) if (oneHot.data()[i * 3 + c] == 1f) return c;
        throw new IllegalStateException("row " + i + " is not one-hot");
    }

    @Test
    void pipelineFitsTransformsSavesAndLoads(@TempDir Path dir) throws Exception {
        Tensor[] d = SparkTestContext.data(80, 41);
        Dataset<Row> df = frame(d).cache();
        Model initial = SparkTestContext.mlp(43);
        VectorAssembler assembler = new VectorAssembler().setInputCols(new String[] {"x0", "x1", "x2", "x3", "x4", "x5"}).setOutputCol("features");
        NeuriteEstimator estimator = new NeuriteEstimator(initial).setLoss("sparse_categorical_crossentropy").setOptimizer("adam")
                .setLearningRate(0.01).setEpochs(3).setBatchSize(16).setSeed(5);
        PipelineModel fitted = new Pipeline().setStages(new PipelineStage[] {assembler, estimator}).fit(df);
        NeuriteModel stage = (NeuriteModel) fitted.stages()[1];

        // the fit is synchronous data-parallel training: the same as Model.fit on the rows in the DataFrame's order
        List<Row> ordered = df.collectAsList();
        float[] x = new float[ordered.size() * 6], y = new float[ordered.size()];
        for (int i = 0; i < ordered.size(); i++) {
            for (int j = 0; j < 6; j++) x[i * 6 + j] = (float) ordered.get(i).getDouble(j);
            y[i] = (float) ordered.get(i).getDouble(6);
        }
        Model single = ModelBytes.load(ModelBytes.of(initial));
        single.compile(new Adam(0.01f), Losses.get("sparse_categorical_crossentropy"));
        single.fit(Tensor.of(x, ordered.size(), 6), Tensor.of(y, ordered.size(), 1), new FitConfig().epochs(3).batchSize(16).seed(5).verbose(0));
        double diff = SparkTestContext.maxAbsDiff(single, stage.network());
        assertTrue(diff < 1e-5, "estimator's weights differ from Model.fit by " + diff);

        // transform: one probability vector per row, as the trained network predicts it locally
        List<Row> out = fitted.transform(df).select("x0", "x1", "x2", "x3", "x4", "x5", "prediction").collectAsList();
        assertEquals(80, out.size());
        Model trained = stage.network();
        for (Row r : out) {
            float[] f = new float[6];
            for (int j = 0; j < 6; j++) f[j] = (float) r.getDouble(j);
            float[] expected = trained.predict(Tensor.of(f, 1, 6)).data();
            double[] got = ((Vector) r.get(6)).toArray();
            assertEquals(3, got.length);
            for (int c = 0; c < 3; c++) assertEquals(expected[c], got[c], 1e-6);
        }

        // ML persistence: the saved pipeline model and the saved estimator load back with their params and weights
        String path = dir.resolve("pipeline").toString();
        fitted.write().overwrite().save(path);
        PipelineModel loaded = PipelineModel.load(path);
        NeuriteModel loadedStage = (NeuriteModel) loaded.stages()[1];
        assertEquals(stage.uid(), loadedStage.uid());
        assertEquals(0.0, SparkTestContext.maxAbsDiff(trained, loadedStage.network()));
        List<Row> again = loaded.transform(df).select("prediction").collectAsList();
        List<Row> first = fitted.transform(df).select("prediction").collectAsList();
        for (int i = 0; i < first.size(); i++) assertArrayEquals(((Vector) first.get(i).get(0)).toArray(), ((Vector) again.get(i).get(0)).toArray());

        estimator.write().overwrite().save(dir.resolve("estimator").toString());
        NeuriteEstimator est = NeuriteEstimator.load(dir.resolve("estimator").toString());
        assertEquals(16, (Integer) est.getOrDefault(est.batchSize()));
        assertEquals(0.01, (Double) est.getOrDefault(est.learningRate()), 0);
        assertEquals("sparse_categorical_crossentropy", est.getOrDefault(est.loss()));
    }

    @Test
    void missingColumnsAndUnknownNamesFailWithTheirNames() {
        Dataset<Row> df = frame(SparkTestContext.data(8, 1));
        NeuriteEstimator est = new NeuriteEstimator(SparkTestContext.mlp(1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> est.fit(df));
        assertTrue(e.getMessage().contains("'features'"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> est.setLoss("no_such_loss"));
    }

    @Test
    void trainJobTrainsASavedModelOnParquetAndSavesIt(@TempDir Path dir) throws Exception {
        Dataset<Row> df = new VectorAssembler().setInputCols(new String[] {"x0", "x1", "x2", "x3", "x4", "x5"}).setOutputCol("features")
                .transform(frame(SparkTestContext.data(96, 51)));
        String data = dir.resolve("train.parquet").toString();
        df.select("features", "label").write().parquet(data);
        Model initial = SparkTestContext.mlp(53);
        initial.save(dir.resolve("initial.nrt"));
        java.io.ByteArrayOutputStream log = new java.io.ByteArrayOutputStream();
        TrainJob.run(spark, new String[] {"--model", dir.resolve("initial.nrt").toString(), "--data", data, "--learning-rate", "0.02",
                "--epochs", "4", "--batch-size", "16", "--out", dir.resolve("trained.nrt").toString()}, new java.io.PrintStream(log, true, "UTF-8"));
        String text = log.toString("UTF-8");
        assertTrue(text.contains("epoch 4: loss"), text);
        float first = Float.parseFloat(text.replaceAll("(?s).*epoch 1: loss ([0-9.]+).*", "$1"));
        float last = Float.parseFloat(text.replaceAll("(?s).*epoch 4: loss ([0-9.]+).*", "$1"));
        assertTrue(last < first, "loss must fall over 4 epochs: " + text);
        Model trained = org.neurite.io.ModelFile.load(dir.resolve("trained.nrt"));
        assertTrue(SparkTestContext.maxAbsDiff(trained, initial) > 1e-2, "the saved model must be the trained one");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TrainJob.run(spark, new String[] {"--epoch", "3"}, System.out));
        assertTrue(e.getMessage().contains("--epoch"), e.getMessage());
    }
}
