package org.neurite.spark;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.neurite.nn.Model;
import org.neurite.nn.losses.Loss;
import org.neurite.nn.losses.Losses;
import org.neurite.nn.optimizers.Optimizer;
import org.neurite.nn.optimizers.Optimizers;

/**
 * The {@code spark-submit} entry point: trains a saved (built) Neurite model on a table of any
 * Spark data source and saves the result, all paths on any Hadoop file system.
 * <pre>
 * spark-submit --class org.neurite.spark.TrainJob --jars neurite-core.jar neurite-spark.jar \
 *   --model initial.nrt --data train.parquet [--format parquet] [--features features] [--label label]
 *   [--loss sparse_categorical_crossentropy] [--optimizer adam] [--learning-rate 0.001]
 *   [--epochs 1] [--batch-size 32] [--average-every 0] [--seed 0] [--checkpoint path] --out trained.nrt
 * </pre>
 */
public final class TrainJob {
    private static final List<String> OPTIONS = List.of("--model", "--data", "--format", "--features", "--label", "--loss", "--optimizer",
            "--learning-rate", "--epochs", "--batch-size", "--average-every", "--seed", "--checkpoint", "--out");

    private TrainJob() {}

    public static void main(String[] args) throws IOException {
        SparkSession spark = SparkSession.builder().appName("neurite-train").getOrCreate();
        try {
            run(spark, args, System.out);
        } finally {
            spark.stop();
        }
    }

    /** Runs the job in an existing session; reports one line per epoch and the timings to {@code out}. */
    public static Model run(SparkSession spark, String[] args, PrintStream out) throws IOException {
        Map<String, String> o = parse(args);
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        Model model = ModelBytes.load(readBytes(sc, required(o, "--model")));
        Dataset<Row> df = spark.read().format(o.getOrDefault("--format", "parquet")).load(required(o, "--data"));
        String lossName = o.getOrDefault("--loss", "sparse_categorical_crossentropy"), optName = o.getOrDefault("--optimizer", "adam");
        Losses.get(lossName);
        Optimizers.get(optName);
        float lr = Float.parseFloat(o.getOrDefault("--learning-rate", "0.001"));
        SerializableSupplier<Loss> loss = () -> Losses.get(lossName);
        SerializableSupplier<Optimizer> opt = () -> {
            Optimizer x = Optimizers.get(optName);
            x.setLearningRate(lr);
            return x;
        };
        SparkTrainer trainer = new SparkTrainer(sc, model, opt, loss)
                .epochs(Integer.parseInt(o.getOrDefault("--epochs", "1"))).batchSize(Integer.parseInt(o.getOrDefault("--batch-size", "32")))
                .averageEvery(Integer.parseInt(o.getOrDefault("--average-every", "0"))).seed(Long.parseLong(o.getOrDefault("--seed", "0")));
        if (o.containsKey("--checkpoint")) trainer.checkpoint(o.get("--checkpoint"));
        trainer.fit(SparkData.of(df, o.getOrDefault("--features", "features"), o.getOrDefault("--label", "label")));
        for (int i = 0; i < trainer.epochLosses().size(); i++) out.printf(java.util.Locale.ROOT, "epoch %d: loss %.4f%n", i + 1, trainer.epochLosses().get(i));
        out.println(trainer.timings());
        Path target = new Path(required(o, "--out"));
        FileSystem fs = target.getFileSystem(sc.hadoopConfiguration());
        try (OutputStream w = fs.create(target, true)) {
            w.write(ModelBytes.of(model));
        }
        out.println("saved " + target);
        return model;
    }

    private static byte[] readBytes(JavaSparkContext sc, String path) throws IOException {
        Path p = new Path(path);
        try (InputStream in = p.getFileSystem(sc.hadoopConfiguration()).open(p)) {
            return in.readAllBytes();
        }
    }

    private static Map<String, String> parse(String[] args) {
        Map<String, String> o = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i += 2) {
            if (!OPTIONS.contains(args[i])) throw new IllegalArgumentException("TrainJob: unknown option " + args[i] + "; options: " + OPTIONS);
            if (i + 1 >= args.length) throw new IllegalArgumentException("TrainJob: " + args[i] + " needs a value");
            o.put(args[i], args[i + 1]);
        }
        return o;
    }

    private static String required(Map<String, String> o, String name) {
        String v = o.get(name);
        if (v == null) throw new IllegalArgumentException("TrainJob: " + name + " is required; options: " + OPTIONS);
        return v;
    }
}
