package org.neurite.spark;

import org.neurite.data.BatchStream;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.storage.StorageLevel;
import org.neurite.io.checkpoint.CheckpointData;
import org.neurite.io.checkpoint.CheckpointFile;
import org.neurite.nn.Model;
import org.neurite.nn.Variable;
import org.neurite.nn.losses.Loss;
import org.neurite.nn.optimizers.Optimizer;
import org.neurite.nn.training.Trainer;
import org.neurite.tensor.Tensor;

/**
 * Data-parallel training of a single-input, single-output model on Spark.
 *
 * <p><b>Synchronous</b> (the default): each global step of {@code batchSize} samples, every
 * partition computes, on a replica of the model, the gradient of the mean loss over its own rows
 * of the batch, multiplied by its row count; the partial sums are added by {@code treeReduce}
 * (as Spark MLlib's optimizers do), divided on the driver by the global batch size (which makes
 * them the gradient of the global batch's mean loss, as single-process training computes it), and
 * the driver's optimizer applies them. The new weights are broadcast with the next step. Weight
 * regularization is added once, on the driver. This equals single-process training on the same
 * global batches up to float summation order.
 *
 * <p><b>Local SGD</b> ({@link #averageEvery(int) averageEvery(K)}): each partition runs K
 * optimizer steps on its own rows of K consecutive global batches, starting from the broadcast
 * weights and optimizer state; weights and optimizer buffers are then averaged, weighted by the
 * samples each partition saw. One exchange per K steps instead of one per step.
 *
 * <p>Tasks are pure functions of the broadcast state and the cached data, and the driver changes
 * the model only after a step's job has succeeded, so Spark may retry or speculatively re-run any
 * task without changing the result.
 *
 * <p>The model is sent once (its model file, broadcast); replicas are rebuilt on executors.
 * The data set must hold samples with indices 0..n-1 ({@link SparkData}); it is cached.
 */
public final class SparkTrainer {
    private static final System.Logger LOG = System.getLogger(SparkTrainer.class.getName());

    private final JavaSparkContext sc;
    private final Model model;
    private final Optimizer optimizer;
    private final SerializableSupplier<Optimizer> optimizerFactory;
    private final SerializableSupplier<Loss> lossFactory;
    private int epochs = 1;
    private int batchSize = 32;
    private boolean shuffle = true;
    private long seed;
    private int averageEvery;
    private int treeDepth = 2;
    private String checkpointPath;
    private final StepTimings timings = new StepTimings();
    private final List<Float> epochLosses = new ArrayList<>();

    /**
     * @param model a built model (its weights exist); it is trained in place on the driver
     * @param optimizer builds the optimizer (once on the driver; on executors too in local SGD)
     * @param loss builds the loss, which must reduce by the mean over the batch (the default of every built-in loss)
     */
    public SparkTrainer(JavaSparkContext sc, Model model, SerializableSupplier<Optimizer> optimizer, SerializableSupplier<Loss> loss) {
        if (sc == null || model == null || optimizer == null || loss == null) {
            throw new IllegalArgumentException("SparkTrainer needs a Spark context, a model, an optimizer and a loss (got " + sc + ", " + model + ", " + optimizer + ", " + loss + ")");
        }
        if (model.variables().isEmpty()) throw new IllegalArgumentException(model.name() + ": the model has no weights yet; build it (give it an Input or call it once) before training on Spark");
        this.sc = sc;
        this.model = model;
        this.optimizerFactory = optimizer;
        this.optimizer = optimizer.get();
        this.lossFactory = loss;
    }

    public SparkTrainer epochs(int value) { epochs = positive("epochs", value); return this; }
    public SparkTrainer batchSize(int value) { batchSize = positive("batchSize", value); return this; }
    /** Shuffles each epoch as {@code Model.fit} does ({@code BatchStream.permutation(n, seed + epoch)}). */
    public SparkTrainer shuffle(boolean value) { shuffle = value; return this; }
    public SparkTrainer seed(long value) { seed = value; return this; }
    /** Depth of the tree reduction of the partial gradients (Spark's treeReduce; 2 by default). */
    public SparkTrainer treeDepth(int value) { treeDepth = positive("treeDepth", value); return this; }

    /** 0 (default): synchronous gradients every step; K >= 1: local SGD, averaging weights every K steps. */
    public SparkTrainer averageEvery(int k) {
        if (k < 0) throw new IllegalArgumentException("averageEvery must be >= 0 (0: synchronous), got " + k);
        averageEvery = k;
        return this;
    }

    /**
     * A checkpoint file on any Hadoop file system ({@code hdfs://...}, {@code s3a://...}, {@code file:/...}),
     * written after every epoch (Neurite's bit-exact checkpoint format, written beside and renamed);
     * when it exists at the start of {@link #fit}, training resumes from it.
     */
    public SparkTrainer checkpoint(String hadoopPath) { checkpointPath = hadoopPath; return this; }

    public Model model() { return model; }
    public Optimizer optimizer() { return optimizer; }
    /** Time split of the steps run so far. */
    public StepTimings timings() { return timings; }
    /** Mean training loss of each epoch run by this trainer (sample-weighted over the epoch's steps). */
    public List<Float> epochLosses() { return Collections.unmodifiableList(epochLosses); }

    /** Trains for the configured epochs; returns this trainer's model. */
    public Model fit(JavaRDD<LabeledSample> data) {
        JavaRDD<LabeledSample> cached = data.getStorageLevel().equals(StorageLevel.NONE()) ? data.persist(StorageLevel.MEMORY_ONLY()) : data;
        long count = cached.count();
        if (count == 0) throw new IllegalArgumentException("SparkTrainer.fit: the data set is empty");
        if (count > Integer.MAX_VALUE) throw new IllegalArgumentException("SparkTrainer.fit: " + count + " samples; at most " + Integer.MAX_VALUE + " are supported");
        int n = (int) count;
        int[] sampleShape = inputShape(model);
        Trainer checkpointTrainer = new Trainer(model, optimizer, lossFactory.get(), List.of());
        int startEpoch = checkpointPath == null ? 0 : resume(checkpointTrainer);
        Broadcast<byte[]> modelBytes = sc.broadcast(ModelBytes.of(model));
        try {
            int k = Math.max(1, averageEvery);
            for (int epoch = startEpoch; epoch < epochs; epoch++) {
                int[] order = shuffle ? BatchStream.permutation(n, seed + epoch) : java.util.stream.IntStream.range(0, n).toArray();
                int steps = (int) ((n + (long) batchSize - 1) / batchSize);
                double lossSum = 0;
                long samples = 0;
                for (int s = 0; s < steps; s += k) {
                    long[][] batches = new long[Math.min(k, steps - s)][];
                    for (int b = 0; b < batches.length; b++) batches[b] = batchIndices(order, (s + b) * batchSize, Math.min(n, (s + b + 1) * batchSize));
                    PartialSum sum = averageEvery == 0 ? synchronousStep(cached, modelBytes, batches, sampleShape) : localRound(cached, modelBytes, batches, sampleShape);
                    lossSum += sum.lossSum;
                    samples += sum.samples;
                }
                epochLosses.add((float) (lossSum / samples));
                LOG.log(System.Logger.Level.DEBUG, () -> "epoch done, loss " + epochLosses.get(epochLosses.size() - 1) + "; " + timings);
                if (checkpointPath != null) saveCheckpoint(checkpointTrainer, epoch + 1);
            }
        } finally {
            modelBytes.destroy();
        }
        return model;
    }

    // ---------------------------------------------------------------- synchronous step

    private PartialSum synchronousStep(JavaRDD<LabeledSample> data, Broadcast<byte[]> modelBytes, long[][] batches, int[] sampleShape) {
        long t0 = System.nanoTime();
        StepPlan plan = new StepPlan(values(model.variables()), batches, null, null, 0);
        Broadcast<StepPlan> planBc = sc.broadcast(plan);
        SerializableSupplier<Loss> loss = lossFactory;
        long t1 = System.nanoTime();
        PartialSum sum;
        try {
            sum = data.mapPartitions(rows -> PartitionWork.gradients(rows, modelBytes, planBc, loss, sampleShape)).treeReduce(PartialSum::add, treeDepth);
        } finally {
            planBc.destroy();
        }
        long t2 = System.nanoTime();
        if (sum.samples != batches[0].length) {
            throw new IllegalStateException("step covered " + sum.samples + " samples, the global batch has " + batches[0].length + ": are the sample indices 0..n-1 and unique?");
        }
        List<Variable> trainable = model.trainableVariables();
        optimizer.zeroGrad(model.variables());
        double inv = 1.0 / sum.samples;
        for (int i = 0; i < trainable.size(); i++) {
            Variable v = trainable.get(i);
            float[] g = new float[sum.values[i].length];
            for (int j = 0; j < g.length; j++) g[j] = (float) (sum.values[i][j] * inv);
            v.value().setGrad(Tensor.of(g, v.value().shape()));
        }
        Tensor reg = model.regularizationLoss();
        double regLoss = 0;
        if (reg != null) {
            reg.backward(); // adds to the data gradients set above
            regLoss = reg.item();
        }
        optimizer.step(trainable);
        assignAveraged(nonTrainable(model), sum.values, trainable.size(), inv);
        optimizer.zeroGrad(model.variables());
        long t3 = System.nanoTime();
        record(sum, plan, t3 - t0, (t1 - t0) + (t3 - t2), 1);
        sum.lossSum += regLoss * sum.samples;
        return sum;
    }

    // ---------------------------------------------------------------- local SGD round

    private PartialSum localRound(JavaRDD<LabeledSample> data, Broadcast<byte[]> modelBytes, long[][] batches, int[] sampleShape) {
        long t0 = System.nanoTime();
        List<Variable> trainable = model.trainableVariables();
        int slots = optimizer.slotCount();
        int[] steps = new int[trainable.size()];
        float[][][] state = new float[trainable.size()][][];
        for (int i = 0; i < trainable.size(); i++) {
            Optimizer.State s = optimizer.state(trainable.get(i));
            steps[i] = s == null ? 0 : s.step();
            state[i] = new float[slots][];
            for (int j = 0; j < slots; j++) state[i][j] = s == null ? new float[trainable.get(i).value().size()] : s.slot(j).clone();
        }
        StepPlan plan = new StepPlan(values(model.variables()), batches, steps, state, optimizer.iterations());
        Broadcast<StepPlan> planBc = sc.broadcast(plan);
        SerializableSupplier<Loss> loss = lossFactory;
        SerializableSupplier<Optimizer> opt = optimizerFactory;
        long t1 = System.nanoTime();
        PartialSum sum;
        try {
            sum = data.mapPartitions(rows -> PartitionWork.localSteps(rows, modelBytes, planBc, loss, opt, sampleShape)).treeReduce(PartialSum::add, treeDepth);
        } finally {
            planBc.destroy();
        }
        long t2 = System.nanoTime();
        long roundSamples = 0;
        for (long[] b : batches) roundSamples += b.length;
        if (sum.samples != roundSamples) {
            throw new IllegalStateException("round covered " + sum.samples + " samples, its batches have " + roundSamples + ": are the sample indices 0..n-1 and unique?");
        }
        // PartitionWork.localSteps returns: every variable's values, then every trainable variable's buffers, each times its samples
        double inv = 1.0 / sum.samples;
        List<Variable> all = model.variables();
        assignAveraged(all, sum.values, 0, inv);
        int at = all.size();
        for (int i = 0; i < trainable.size(); i++) {
            float[][] buffers = new float[slots][];
            for (int j = 0; j < slots; j++) buffers[j] = averaged(sum.values[at++], inv);
            optimizer.restoreState(trainable.get(i), steps[i] + batches.length, buffers);
        }
        optimizer.restoreIterations(optimizer.iterations() + batches.length);
        long t3 = System.nanoTime();
        record(sum, plan, t3 - t0, (t1 - t0) + (t3 - t2), batches.length);
        return sum;
    }

    // ---------------------------------------------------------------- checkpoints

    private int resume(Trainer trainer) {
        try {
            org.apache.hadoop.fs.Path target = new org.apache.hadoop.fs.Path(checkpointPath);
            FileSystem fs = target.getFileSystem(sc.hadoopConfiguration());
            if (!fs.exists(target)) return 0;
            Path local = Files.createTempFile("neurite-checkpoint", ".ckpt");
            try {
                fs.copyToLocalFile(false, target, new org.apache.hadoop.fs.Path(local.toUri()), true);
                CheckpointData data = CheckpointFile.restore(local, trainer);
                LOG.log(System.Logger.Level.INFO, () -> "resuming from " + checkpointPath + " after epoch " + data.epoch());
                return data.epoch();
            } finally {
                Files.deleteIfExists(local);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not resume from checkpoint " + checkpointPath + ": " + e.getMessage(), e);
        }
    }

    private void saveCheckpoint(Trainer trainer, int epochsDone) {
        try {
            org.apache.hadoop.fs.Path target = new org.apache.hadoop.fs.Path(checkpointPath);
            org.apache.hadoop.fs.Path partial = new org.apache.hadoop.fs.Path(checkpointPath + ".partial");
            FileSystem fs = target.getFileSystem(sc.hadoopConfiguration());
            Path local = Files.createTempFile("neurite-checkpoint", ".ckpt");
            try {
                CheckpointFile.save(local, trainer, epochsDone, seed);
                fs.copyFromLocalFile(false, true, new org.apache.hadoop.fs.Path(local.toUri()), partial);
                // never leave a half-written checkpoint under the real name: write beside, then replace
                if (fs.exists(target)) fs.delete(target, false);
                if (!fs.rename(partial, target)) throw new IOException("rename of " + partial + " to " + target + " failed");
            } finally {
                Files.deleteIfExists(local);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not write checkpoint " + checkpointPath + ": " + e.getMessage(), e);
        }
    }

    // ---------------------------------------------------------------- helpers

    private void record(PartialSum sum, StepPlan plan, long wall, long driver, int steps) {
        timings.steps += steps;
        timings.samples += sum.samples;
        timings.wall += wall;
        timings.compute += sum.computeNanos;
        timings.fetch += sum.fetchNanos;
        timings.driver += driver;
        timings.broadcastBytes += plan.payloadBytes();
        long up = 0;
        if (sum.values != null) for (float[] v : sum.values) up += 4L * v.length;
        timings.resultBytes += up;
    }

    static float[][] values(List<Variable> vars) {
        float[][] out = new float[vars.size()][];
        for (int i = 0; i < out.length; i++) out[i] = vars.get(i).value().data().clone();
        return out;
    }

    static List<Variable> nonTrainable(Model m) {
        List<Variable> trainable = m.trainableVariables();
        List<Variable> out = new ArrayList<>();
        for (Variable v : m.variables()) if (!trainable.contains(v)) out.add(v);
        return out;
    }

    private static void assignAveraged(List<Variable> vars, float[][] weightedSums, int from, double inv) {
        for (int i = 0; i < vars.size(); i++) vars.get(i).assign(averaged(weightedSums[from + i], inv));
    }

    private static float[] averaged(float[] weightedSum, double inv) {
        float[] out = new float[weightedSum.length];
        for (int j = 0; j < out.length; j++) out[j] = (float) (weightedSum[j] * inv);
        return out;
    }

    private static long[] batchIndices(int[] order, int from, int to) {
        long[] b = new long[to - from];
        for (int i = from; i < to; i++) b[i - from] = order[i];
        Arrays.sort(b);
        return b;
    }

    /** The shape of one input sample (without the batch axis). */
    static int[] inputShape(Model model) {
        if (model.inputs().size() != 1 || model.outputs().size() != 1) {
            throw new IllegalArgumentException(model.name() + ": Spark training supports one input and one output; the model has "
                    + model.inputs().size() + " inputs and " + model.outputs().size() + " outputs");
        }
        return model.inputs().get(0).shape().dims(); // the symbolic input's shape has no batch axis
    }

    private static int positive(String what, int value) {
        if (value < 1) throw new IllegalArgumentException(what + " must be >= 1, got " + value);
        return value;
    }
}
