package org.neurite.nn.training;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.neurite.autograd.GradMode;
import org.neurite.data.BatchStream;
import org.neurite.data.Dataset;
import org.neurite.data.SampleSource;
import org.neurite.data.MultiSampleSource;
import org.neurite.kernel.Buffers;
import org.neurite.nn.Network;
import org.neurite.nn.Variable;
import org.neurite.nn.callbacks.Callback;
import org.neurite.nn.callbacks.History;
import org.neurite.nn.callbacks.ProgressBar;
import org.neurite.nn.losses.Loss;
import org.neurite.nn.metrics.Metric;
import org.neurite.nn.optimizers.Optimizer;
import org.neurite.tensor.Tensor;

/**
 * The training loop of a network: Keras' {@code fit / evaluate / predict / train_on_batch}.
 * One training step: zero the gradients, {@code forward(xs, training=true)}, total loss =
 * {@code sum_k w_k loss_k(y_k, p_k)} over the outputs + regularization + the terms layers added
 * with {@code addLoss} (as Keras), backward, {@code optimizer.step(trainableVariables)}.
 *
 * <p>Multiple inputs and outputs: pass one tensor per input and one target per output (the
 * {@code List} overloads). One loss may serve every output or one loss is given per output, with
 * optional loss weights (default 1). Reported losses and metrics are means over samples (batches
 * weighted by their size). Logs use Keras' keys: {@code loss}, metric names, {@code val_loss},
 * {@code val_<metric>}; with several outputs, {@code loss} is the weighted total and each output
 * adds {@code <output>_loss} (unweighted) and {@code <output>_<metric>}, where {@code <output>} is
 * the name of the layer producing it ({@code dense_1_loss}, {@code dense_1_accuracy}).
 *
 * <p>Sample weights ({@link FitConfig#sampleWeight}, {@link FitConfig#classWeight}, the
 * {@code evaluate} overloads) multiply each sample's loss, for every output, before the loss's
 * reduction, as Keras 3 (see {@link org.neurite.nn.losses.Reduction}); metrics are unweighted.
 *
 * <p>Trainable weights are read at every step, so {@code layer.trainable(false)} takes effect at
 * the next step or fit without compiling again. A network that was not trainable when the trainer
 * was created ({@code model.trainable(false)} before {@code compile}) trains nothing, as Keras 2.
 *
 * <p>Memory: the arrays a training step computes (activations, gradients) are reused by this
 * trainer's next step ({@link Buffers}), so steady-state steps allocate no new large arrays.
 * Gradients and tensors of a step stay valid until the next step of the same trainer begins.
 */
public final class Trainer {
    /** Loader threads of a fit on a sample source that is not in memory, unless the FitConfig says otherwise. */
    public static final int DEFAULT_LOADER_THREADS = 2;

    private final Network network;
    private final Optimizer optimizer;
    private final List<Loss> lossSpec;
    private final List<Float> weightSpec;
    private final List<List<Metric>> metricSpec;
    private final boolean trainableAtCompile;
    private final Buffers.Recycler stepBuffers = Buffers.recycler();
    private boolean stopRequested;
    private FitParams params;
    private FitConfig fitConfig;

    // resolved on first use, when the number of outputs is known
    private List<String> outputNames;
    private List<Loss> losses;
    private float[] lossWeights;
    private List<List<Metric>> metrics;

    /**
     * A trainer for one output (or one loss shared by every output), with metrics for a
     * single-output network.
     *
     * @param network the network to train; its variables are updated in place
     * @param optimizer the update rule applied to the trainable variables
     * @param loss the loss {@code loss(y, prediction)} of every output
     * @param metrics metrics reported per epoch (null or empty: none)
     * @throws IllegalArgumentException if the network, optimizer or loss is null
     */
    public Trainer(Network network, Optimizer optimizer, Loss loss, List<Metric> metrics) {
        this(network, optimizer, loss == null ? null : List.of(loss), null, List.of(metrics == null ? List.of() : metrics));
    }

    /**
     * Several outputs: {@code losses} has one loss per output (or one shared by all),
     * {@code lossWeights} one weight per output (null: all 1), {@code metrics} one list per
     * output (or a single list for a single-output network; empty: none).
     *
     * @param network the network to train; its variables are updated in place
     * @param optimizer the update rule applied to the trainable variables
     * @param losses one loss per output, in output order, or a single loss shared by all
     * @param lossWeights one weight per output in the total loss, or null for all 1
     * @param metrics one metric list per output (or one list for a single output); null or empty: none
     * @throws IllegalArgumentException if the network or optimizer is null, or the losses are empty or hold a null
     */
    public Trainer(Network network, Optimizer optimizer, List<Loss> losses, List<Float> lossWeights, List<List<Metric>> metrics) {
        if (network == null || optimizer == null || losses == null || losses.isEmpty() || losses.stream().anyMatch(java.util.Objects::isNull)) {
            throw new IllegalArgumentException("Trainer needs a network, an optimizer and a loss (got " + network + ", " + optimizer + ", " + losses + ")");
        }
        this.network = network;
        this.optimizer = optimizer;
        this.lossSpec = List.copyOf(losses);
        this.weightSpec = lossWeights == null ? null : List.copyOf(lossWeights);
        List<List<Metric>> ms = new ArrayList<>();
        if (metrics != null) for (List<Metric> m : metrics) ms.add(List.copyOf(m == null ? List.of() : m));
        this.metricSpec = ms;
        this.trainableAtCompile = network.trainable();
    }

    /** @return the network this trainer updates */
    public Network network() {
        return network;
    }

    /** @return the optimizer applied at every step */
    public Optimizer optimizer() {
        return optimizer;
    }

    /** @return the loss of the first output (the only one for most networks) */
    public Loss loss() {
        return lossSpec.get(0);
    }

    /** @return one loss per output, in output order (a shared loss is repeated) */
    public List<Loss> losses() {
        resolve();
        return losses;
    }

    /** @return the metrics of the first output (empty when none) */
    public List<Metric> metrics() {
        resolve();
        return metrics.isEmpty() ? List.of() : metrics.get(0);
    }

    /** @return one metric list per output, in output order */
    public List<List<Metric>> metricsPerOutput() {
        resolve();
        return metrics;
    }

    /** @return the running fit's parameters (epochs, steps, samples, verbosity), or null outside fit */
    public FitParams params() {
        return params;
    }

    /** @return the running fit's configuration, or null outside fit; checkpoints read its seed */
    public FitConfig fitConfig() {
        return fitConfig;
    }

    /** Asks the running fit to stop after the current batch (Keras' {@code model.stop_training = True}). */
    public void stopTraining() {
        stopRequested = true;
    }

    /** @return whether {@link #stopTraining()} was called during the running fit */
    public boolean stopRequested() {
        return stopRequested;
    }

    /** @return copies of the values of every variable, trainable or not, in {@code network.variables()} order */
    public List<float[]> getWeights() {
        List<float[]> w = new ArrayList<>();
        for (Variable v : network.variables()) w.add(v.value().toArray());
        return w;
    }

    /**
     * Writes variable values back, in {@code network.variables()} order (as returned by {@link #getWeights}).
     *
     * @param weights one array per variable, each as long as that variable
     * @throws IllegalArgumentException if the number of arrays differs from the network's variables
     */
    public void setWeights(List<float[]> weights) {
        List<Variable> vars = network.variables();
        if (weights.size() != vars.size()) {
            throw new IllegalArgumentException("setWeights: the network has " + vars.size() + " variables, got " + weights.size() + " arrays");
        }
        for (int i = 0; i < vars.size(); i++) vars.get(i).assign(weights.get(i));
    }

    private synchronized void resolve() { // predict threads may race on the first resolution
        if (outputNames != null) return;
        List<String> names = network.outputNames();
        int k = names.size();
        if (lossSpec.size() != 1 && lossSpec.size() != k) {
            throw new IllegalArgumentException("compile: the network has " + k + " outputs " + names + " but " + lossSpec.size() + " losses were given; give one per output or one for all");
        }
        if (weightSpec != null && weightSpec.size() != k) {
            throw new IllegalArgumentException("compile: the network has " + k + " outputs " + names + " but " + weightSpec.size() + " loss weights were given");
        }
        List<List<Metric>> ms = new ArrayList<>();
        if (metricSpec.size() == k) {
            ms.addAll(metricSpec);
        } else if (metricSpec.isEmpty() || (metricSpec.size() == 1 && metricSpec.get(0).isEmpty())) {
            for (int i = 0; i < k; i++) ms.add(List.of());
        } else {
            throw new IllegalArgumentException("compile: the network has " + k + " outputs " + names + " but metrics were given for " + metricSpec.size()
                    + "; give one list of metrics per output (metric objects keep state, so each output needs its own)");
        }
        List<Loss> ls = new ArrayList<>();
        float[] w = new float[k];
        for (int i = 0; i < k; i++) {
            ls.add(lossSpec.size() == 1 ? lossSpec.get(0) : lossSpec.get(i));
            w[i] = weightSpec == null ? 1f : weightSpec.get(i);
        }
        this.losses = Collections.unmodifiableList(ls);
        this.lossWeights = w;
        this.metrics = Collections.unmodifiableList(ms);
        this.outputNames = List.copyOf(names);
    }

    private int outputs() {
        resolve();
        return outputNames.size();
    }

    // ------------------------------------------------------------------ fit

    /**
     * Trains a single-input network for the epochs {@code config} says (Keras' {@code fit}).
     *
     * @param x training inputs, shape {@code (N, ...)} as the network's input plus a sample axis
     * @param y training targets, shape {@code (N, ...)} as the loss expects
     * @param config epochs, batch size, shuffling, validation, weights and callbacks
     * @return the per-epoch logs ({@code loss}, metrics, {@code val_*})
     * @throws IllegalArgumentException if x and y differ in samples or a config setting does not fit the data
     */
    public History fit(Tensor x, Tensor y, FitConfig config) {
        return fit(List.of(required("fit", x)), List.of(required("fit", y)), config);
    }

    /**
     * Trains a multi-input or multi-output network.
     *
     * @param xs one tensor {@code (N, ...)} per network input, in input order
     * @param ys one target {@code (N, ...)} per output, in output order
     * @param config epochs, batch size, shuffling, validation, weights and callbacks
     * @return the per-epoch logs, with {@code <output>_loss} and {@code <output>_<metric>} per output
     * @throws IllegalArgumentException if the tensors differ in samples or do not match the network's inputs and outputs
     */
    public History fit(List<Tensor> xs, List<Tensor> ys, FitConfig config) {
        requireSameSamples("fit", xs, ys);
        Tensor weights = SampleWeights.resolve("fit", config.sampleWeight(), config.classWeight(), ys);
        Tensor trainW = weights, valW = null;
        List<Tensor> trainX = xs, trainY = ys, valX = config.validationXs(), valY = config.validationYs();
        if (valX != null) {
            requireSameSamples("fit validationData", valX, valY);
        } else if (config.validationSplit() > 0f) {
            int n = xs.get(0).dim(0);
            // as Keras: floor(n * (1 - split)), with the split read as the decimal it was written as
            int splitAt = (int) Math.floor(n * (1.0 - Double.parseDouble(Float.toString(config.validationSplit()))));
            if (splitAt == 0 || splitAt == n) {
                throw new IllegalArgumentException("fit: validationSplit " + config.validationSplit() + " of " + n + " samples leaves " + splitAt
                        + " for training and " + (n - splitAt) + " for validation; both need at least one");
            }
            trainX = rows(xs, 0, splitAt);
            trainY = rows(ys, 0, splitAt);
            valX = rows(xs, splitAt, n);
            valY = rows(ys, splitAt, n);
            if (weights != null) {
                trainW = Batches.rows(weights, 0, splitAt);
                valW = Batches.rows(weights, splitAt, n);
            }
        }
        // sample weights travel with the batches as one more target, read back by weighted()
        return fit(MultiSampleSource.of(trainX, withWeights(trainY, trainW)),
                valX == null ? null : MultiSampleSource.of(valX, withWeights(valY, valW)), config, config.loaderThreadsOr(0), false, weights != null);
    }

    /** A batch's targets: all of them, or all but the last when that one carries the sample weights. */
    private static List<Tensor> targets(BatchStream.Batch batch, boolean weighted) {
        return weighted ? batch.ys().subList(0, batch.ys().size() - 1) : batch.ys();
    }

    /** A batch's sample weights (its last target) when weighted, else null. */
    private static Tensor weights(BatchStream.Batch batch, boolean weighted) {
        return weighted ? batch.ys().get(batch.ys().size() - 1) : null;
    }

    /** The targets with the per-sample weights (N) appended as one more, or the targets alone when there are none. */
    private static List<Tensor> withWeights(List<Tensor> ys, Tensor weights) {
        if (weights == null) return ys;
        List<Tensor> out = new ArrayList<>(ys);
        out.add(weights);
        return out;
    }

    /**
     * Trains on a sample source (an in-memory {@link org.neurite.data.Dataset}, an image folder, a
     * table...), batched, shuffled and prefetched by {@link BatchStream} as {@code config} says;
     * {@code validation} (or null) is evaluated after every epoch. The epoch logs add
     * {@code data_wait}: the share of the epoch's training loop spent waiting for batches.
     * {@code validationSplit} is not supported here (as Keras for datasets): pass a validation source.
     *
     * @param train the training samples, each an input and a target
     * @param validation samples evaluated after each epoch, or null
     * @param config epochs, batch size, shuffling, loader threads and callbacks
     * @return the per-epoch logs, including {@code data_wait}
     * @throws IllegalArgumentException if {@code train} is null or empty, or config sets validationSplit or validationData
     */
    public History fit(SampleSource train, SampleSource validation, FitConfig config) {
        if (train == null) throw new IllegalArgumentException("fit: the training source is null");
        int threads = config.loaderThreadsOr(defaultLoaderThreads(train));
        return fit(MultiSampleSource.of(train), validation == null ? null : MultiSampleSource.of(validation), config, threads);
    }

    /**
     * Trains a multi-input or multi-output network on sample sources; see
     * {@link #fit(SampleSource, SampleSource, FitConfig)}.
     *
     * @param train the training samples, each one tensor per input and one target per output
     * @param validation samples evaluated after each epoch, or null
     * @param config epochs, batch size, shuffling, loader threads and callbacks
     * @return the per-epoch logs, including {@code data_wait}
     * @throws IllegalArgumentException if {@code train} is null or empty, or config sets validationSplit or validationData
     */
    public History fit(MultiSampleSource train, MultiSampleSource validation, FitConfig config) {
        return fit(train, validation, config, config.loaderThreadsOr(DEFAULT_LOADER_THREADS));
    }

    private History fit(MultiSampleSource train, MultiSampleSource validation, FitConfig config, int loaderThreads) {
        if (train == null) throw new IllegalArgumentException("fit: the training source is null");
        if (config.validationSplit() > 0f) {
            throw new IllegalArgumentException("fit: validationSplit works on tensors only; with a sample source, pass a validation source");
        }
        if (config.validationXs() != null) {
            throw new IllegalArgumentException("fit: validationData tensors are not used with a sample source; pass a validation source");
        }
        return fit(train, validation, config, loaderThreads, true, false);
    }

    /**
     * The one training loop. With {@code weighted}, each batch's last target is the per-sample
     * weights (N) of Keras' {@code sample_weight}, not a model output.
     */
    private History fit(MultiSampleSource train, MultiSampleSource validation, FitConfig config, int loaderThreads, boolean reportDataWait,
            boolean weighted) {
        if (train.size() == 0) throw new IllegalArgumentException("fit: no training samples");
        int batchSize = config.batchSize();
        BatchStream stream = new BatchStream(train, batchSize, config.shuffle(), config.seed(), config.dropRemainder())
                .prefetch(loaderThreads, config.prefetchFor(loaderThreads));
        int steps = stream.batchesPerEpoch();
        if (steps == 0) {
            throw new IllegalArgumentException("fit: " + train.size() + " samples make no complete batch of " + batchSize + " with dropRemainder");
        }
        params = new FitParams(config.epochs(), steps, stream.samplesPerEpoch(), config.verbose());
        fitConfig = config;
        stopRequested = false;

        History history = new History();
        // as Keras: the user's callbacks, then the progress bar and the history, which see what the others logged
        List<Callback> callbacks = new ArrayList<>(config.callbacks());
        ProgressBar progress = config.callbacks().stream().anyMatch(c -> c instanceof ProgressBar) ? null : ProgressBar.forFit(config.verbose());
        if (progress != null) callbacks.add(progress);
        callbacks.add(history);
        for (Callback c : callbacks) c.setTrainer(this);
        Map<String, Float> trainLogs = new LinkedHashMap<>();
        try {
            for (Callback c : callbacks) c.onTrainBegin(trainLogs);
            for (int epoch = config.initialEpoch(); epoch < config.epochs() && !stopRequested; epoch++) {
                for (Callback c : callbacks) c.onEpochBegin(epoch, new LinkedHashMap<>());
                Running running = new Running();
                Map<String, Float> logs = new LinkedHashMap<>();
                long loopStart = System.nanoTime(), waited;
                try (BatchStream.Epoch batches = stream.epoch(epoch)) {
                    for (int b = 0; batches.hasNext(); b++) {
                        for (Callback c : callbacks) c.onBatchBegin(b, new LinkedHashMap<>());
                        BatchStream.Batch batch = batches.next();
                        running.add(trainStep(batch.xs(), targets(batch, weighted), weights(batch, weighted)), batch.size());
                        logs = running.logs();
                        for (Callback c : callbacks) c.onBatchEnd(b, new LinkedHashMap<>(logs));
                        if (stopRequested) break;
                    }
                    waited = batches.waitNanos();
                }
                Map<String, Float> epochLogs = new LinkedHashMap<>(logs);
                if (reportDataWait) epochLogs.put("data_wait", (float) ((double) waited / Math.max(1L, System.nanoTime() - loopStart)));
                if (validation != null) {
                    for (Map.Entry<String, Float> e : evaluate(validation, batchSize, loaderThreads, config.prefetchFor(loaderThreads), weighted).entrySet()) {
                        epochLogs.put("val_" + e.getKey(), e.getValue());
                    }
                }
                for (Callback c : callbacks) c.onEpochEnd(epoch, epochLogs);
                trainLogs = epochLogs;
            }
        } finally {
            for (Callback c : callbacks) c.onTrainEnd(trainLogs);
            params = null;
            fitConfig = null;
        }
        return history;
    }

    /** The losses of one batch: the weighted total (a tensor, for backward) and each output's unweighted value. */
    private record StepLoss(Tensor total, float[] perOutput) {}

    /** Running sample-weighted losses of an epoch; metrics keep their own running state. */
    private final class Running {
        private double lossSum;
        private final double[] outputSums = new double[outputs()];
        private long samples;

        Running() {
            for (List<Metric> ms : metrics) for (Metric m : ms) m.resetState();
        }

        void add(StepLoss step, int batchSamples) {
            lossSum += (double) step.total().item() * batchSamples;
            for (int i = 0; i < outputSums.length; i++) outputSums[i] += (double) step.perOutput()[i] * batchSamples;
            samples += batchSamples;
        }

        Map<String, Float> logs() {
            Map<String, Float> logs = new LinkedHashMap<>();
            logs.put("loss", (float) (lossSum / samples));
            boolean several = outputSums.length > 1;
            if (several) {
                for (int i = 0; i < outputSums.length; i++) logs.put(outputNames.get(i) + "_loss", (float) (outputSums[i] / samples));
            }
            for (int i = 0; i < metrics.size(); i++) {
                for (Metric m : metrics.get(i)) {
                    for (Map.Entry<String, Float> r : m.results().entrySet()) logs.put(several ? outputNames.get(i) + "_" + r.getKey() : r.getKey(), r.getValue());
                }
            }
            return logs;
        }
    }

    /** @return the variables the next step updates: the network's trainable ones, none if it was frozen when compiled */
    public List<Variable> trainableVariables() {
        return trainableAtCompile ? network.trainableVariables() : List.of();
    }

    /** One optimizer step on a batch; updates the running metrics; returns the batch's losses. */
    private StepLoss trainStep(List<Tensor> xs, List<Tensor> ys, Tensor sampleWeight) {
        List<Variable> vars = trainableVariables();
        optimizer.zeroGrad(network.variables()); // also clears gradients left by other models sharing layers
        try (Buffers.Scope s = stepBuffers.beginStep()) {
            List<Tensor> preds = forward(xs, true);
            StepLoss step = totalLoss(ys, preds, sampleWeight);
            if (step.total().requiresGrad()) step.total().backward();
            optimizer.step(vars);
            updateMetrics(ys, preds);
            return step;
        }
    }

    private List<Tensor> forward(List<Tensor> xs, boolean training) {
        List<Tensor> preds = network.forward(xs, training);
        if (preds.size() != outputs()) {
            throw new IllegalStateException("the network returned " + preds.size() + " outputs, expected " + outputs() + " " + outputNames);
        }
        return preds;
    }

    /** The batch's loss; {@code sampleWeight} (one per sample, or null) scales every output's per-sample losses. */
    private StepLoss totalLoss(List<Tensor> ys, List<Tensor> preds, Tensor sampleWeight) {
        if (ys.size() != preds.size()) {
            throw new IllegalArgumentException("the network has " + preds.size() + " outputs " + outputNames + " but " + ys.size() + " targets were given");
        }
        Tensor total = null;
        float[] per = new float[preds.size()];
        for (int i = 0; i < preds.size(); i++) {
            Loss loss = losses.get(i);
            Tensor data = loss.compute(ys.get(i), preds.get(i), sampleWeight);
            if (data.size() != 1) {
                throw new IllegalStateException("loss " + loss.name() + " returned shape " + data.shape() + ", expected a scalar"
                        + (loss instanceof org.neurite.nn.losses.PerSampleLoss p && p.reduction() == org.neurite.nn.losses.Reduction.NONE
                                ? " (its reduction is none; training needs sum_over_batch_size or sum)" : ""));
            }
            per[i] = data.item();
            Tensor term = lossWeights[i] == 1f ? data : data.mul(lossWeights[i]);
            total = total == null ? term : total.add(term);
        }
        Tensor reg = network.regularizationLoss();
        if (reg != null) total = total.add(reg);
        for (Tensor added : network.addedLosses()) total = total.add(added);
        return new StepLoss(total, per);
    }

    private void updateMetrics(List<Tensor> ys, List<Tensor> preds) {
        try (GradMode.Scope s = GradMode.noGrad()) {
            for (int i = 0; i < metrics.size(); i++) {
                if (metrics.get(i).isEmpty()) continue;
                Tensor p = preds.get(i).detach();
                for (Metric m : metrics.get(i)) m.updateState(ys.get(i), p);
            }
        }
    }

    /**
     * One training step on exactly this batch (Keras' {@code train_on_batch}).
     *
     * @param x the batch's inputs, shape {@code (B, ...)}
     * @param y the batch's targets, shape {@code (B, ...)}
     * @return the loss and metrics of this batch only
     */
    public Map<String, Float> trainOnBatch(Tensor x, Tensor y) {
        return trainOnBatch(List.of(required("trainOnBatch", x)), List.of(required("trainOnBatch", y)));
    }

    /**
     * One training step on exactly this batch of a multi-input or multi-output network.
     *
     * @param xs one tensor {@code (B, ...)} per input
     * @param ys one target {@code (B, ...)} per output
     * @return the loss and metrics of this batch only
     */
    public Map<String, Float> trainOnBatch(List<Tensor> xs, List<Tensor> ys) {
        requireSameSamples("trainOnBatch", xs, ys);
        Running running = new Running();
        running.add(trainStep(xs, ys, null), xs.get(0).dim(0));
        return running.logs();
    }

    /**
     * Loss (data + regularization) and metrics of this batch, without updating anything.
     *
     * @param x the batch's inputs, shape {@code (B, ...)}
     * @param y the batch's targets, shape {@code (B, ...)}
     * @return the loss and metrics of this batch
     */
    public Map<String, Float> testOnBatch(Tensor x, Tensor y) {
        return evaluate(x, y, Math.max(1, x.dim(0)));
    }

    // ------------------------------------------------------------------ evaluate / predict

    /**
     * Loss and metrics over the whole data (training=false, no gradients), in batches.
     *
     * @param x inputs, shape {@code (N, ...)}
     * @param y targets, shape {@code (N, ...)}
     * @param batchSize samples per forward pass, at least 1
     * @return the sample-weighted mean loss and the metrics, by Keras key
     * @throws IllegalArgumentException if {@code batchSize} is below 1 or x and y differ in samples
     */
    public Map<String, Float> evaluate(Tensor x, Tensor y, int batchSize) {
        return evaluate(List.of(required("evaluate", x)), List.of(required("evaluate", y)), batchSize);
    }

    /**
     * Loss and metrics of a multi-input or multi-output network over the whole data.
     *
     * @param xs one tensor {@code (N, ...)} per input
     * @param ys one target {@code (N, ...)} per output
     * @param batchSize samples per forward pass, at least 1
     * @return the total and per-output losses and metrics, by Keras key
     * @throws IllegalArgumentException if {@code batchSize} is below 1 or the tensors differ in samples
     */
    public Map<String, Float> evaluate(List<Tensor> xs, List<Tensor> ys, int batchSize) {
        return evaluate(xs, ys, batchSize, null);
    }

    /**
     * Loss with one weight per sample (Keras' {@code evaluate(..., sample_weight=)}) and
     * unweighted metrics.
     *
     * @param x inputs, shape {@code (N, ...)}
     * @param y targets, shape {@code (N, ...)}
     * @param batchSize samples per forward pass, at least 1
     * @param sampleWeight weights, shape {@code (N)}, or null for none
     * @return the weighted loss and the metrics, by Keras key
     * @throws IllegalArgumentException if {@code batchSize} is below 1 or a shape does not fit
     */
    public Map<String, Float> evaluate(Tensor x, Tensor y, int batchSize, Tensor sampleWeight) {
        return evaluate(List.of(required("evaluate", x)), List.of(required("evaluate", y)), batchSize, sampleWeight);
    }

    /**
     * Loss with one weight per sample, applied to every output, and unweighted metrics of a
     * multi-input or multi-output network.
     *
     * @param xs one tensor {@code (N, ...)} per input
     * @param ys one target {@code (N, ...)} per output
     * @param batchSize samples per forward pass, at least 1
     * @param sampleWeight weights, shape {@code (N)}, or null for none
     * @return the weighted losses and the metrics, by Keras key
     * @throws IllegalArgumentException if {@code batchSize} is below 1 or a shape does not fit
     */
    public Map<String, Float> evaluate(List<Tensor> xs, List<Tensor> ys, int batchSize, Tensor sampleWeight) {
        requireSameSamples("evaluate", xs, ys);
        Tensor weights = SampleWeights.resolve("evaluate", sampleWeight, null, ys);
        return evaluate(MultiSampleSource.of(xs, withWeights(ys, weights)), batchSize, 0, 0, weights != null);
    }

    /**
     * Loss and metrics over every sample of a source, read ahead by {@link #DEFAULT_LOADER_THREADS}
     * threads unless it is an in-memory Dataset.
     *
     * @param source the samples, each an input and a target
     * @param batchSize samples per forward pass, at least 1
     * @return the loss and metrics, by Keras key
     * @throws IllegalArgumentException if {@code batchSize} is below 1 or the source is empty
     */
    public Map<String, Float> evaluate(SampleSource source, int batchSize) {
        int threads = defaultLoaderThreads(source);
        return evaluate(MultiSampleSource.of(source), batchSize, threads, 2 * threads);
    }

    /**
     * Loss and metrics over every sample of a source (training=false, no gradients), in stored
     * order, read ahead by {@code loaderThreads} threads with at most {@code prefetch} batches in
     * flight ({@code loaderThreads = 0}: read on this thread).
     *
     * @param source the samples, each one tensor per input and one target per output
     * @param batchSize samples per forward pass, at least 1
     * @param loaderThreads background reader threads, 0 for none
     * @param prefetch most batches read ahead at once
     * @return the losses and metrics, by Keras key
     * @throws IllegalArgumentException if {@code batchSize} is below 1 or the source is empty
     */
    public Map<String, Float> evaluate(MultiSampleSource source, int batchSize, int loaderThreads, int prefetch) {
        return evaluate(source, batchSize, loaderThreads, prefetch, false);
    }

    /** With {@code weighted}, each batch's last target is the per-sample weights (see {@link #fit}). */
    private Map<String, Float> evaluate(MultiSampleSource source, int batchSize, int loaderThreads, int prefetch, boolean weighted) {
        requireBatchSize("evaluate", batchSize);
        if (source.size() == 0) throw new IllegalArgumentException("evaluate: no samples");
        Running running = new Running();
        BatchStream stream = new BatchStream(source, batchSize, false, 0L, false).prefetch(loaderThreads, prefetch);
        try (GradMode.Scope s = GradMode.noGrad(); BatchStream.Epoch batches = stream.epoch(0)) {
            while (batches.hasNext()) {
                BatchStream.Batch batch = batches.next();
                List<Tensor> ys = targets(batch, weighted);
                List<Tensor> preds = forward(batch.xs(), false);
                running.add(totalLoss(ys, preds, weights(batch, weighted)), batch.size());
                updateMetrics(ys, preds);
            }
        }
        return running.logs();
    }

    /**
     * The single output's predictions for every sample (training=false, no gradients), computed in batches.
     *
     * @param x inputs, shape {@code (N, ...)}
     * @param batchSize samples per forward pass, at least 1
     * @return the outputs, shape {@code (N, ...)} as the network's output
     * @throws IllegalArgumentException if {@code x} is null or a scalar, or {@code batchSize} is below 1
     * @throws IllegalStateException if the network has more than one output
     */
    public Tensor predict(Tensor x, int batchSize) {
        if (x == null || x.rank() == 0) throw new IllegalArgumentException("predict: input needs a sample axis first, got " + (x == null ? "null" : "shape " + x.shape()));
        List<Tensor> out = predict(List.of(x), batchSize);
        if (out.size() != 1) throw new IllegalStateException("predict: the network has " + out.size() + " outputs; use predict(List, batchSize)");
        return out.get(0);
    }

    /**
     * The predictions of every output for every sample of the inputs.
     *
     * @param xs one tensor {@code (N, ...)} per input
     * @param batchSize samples per forward pass, at least 1
     * @return one tensor {@code (N, ...)} per output, in output order
     * @throws IllegalArgumentException if {@code batchSize} is below 1 or the inputs differ in samples
     */
    public List<Tensor> predict(List<Tensor> xs, int batchSize) {
        requireBatchSize("predict", batchSize);
        samples("predict", xs);
        return predict(MultiSampleSource.of(xs, List.of()), batchSize, 0, 0);
    }

    /**
     * The single output's predictions for every sample of a source (its targets are not used), in stored order.
     *
     * @param source the samples
     * @param batchSize samples per forward pass, at least 1
     * @return the outputs, shape {@code (N, ...)}
     * @throws IllegalStateException if the network has more than one output
     */
    public Tensor predict(SampleSource source, int batchSize) {
        int threads = defaultLoaderThreads(source);
        List<Tensor> out = predict(MultiSampleSource.of(source), batchSize, threads, 2 * threads);
        if (out.size() != 1) throw new IllegalStateException("predict: the network has " + out.size() + " outputs; use predict(MultiSampleSource, ...)");
        return out.get(0);
    }

    /**
     * One tensor per output for every sample of a source, in stored order (training=false, no
     * gradients; targets are read but not used), prefetched as in {@link #evaluate(MultiSampleSource, int, int, int)}.
     *
     * @param source the samples
     * @param batchSize samples per forward pass, at least 1
     * @param loaderThreads background reader threads, 0 for none
     * @param prefetch most batches read ahead at once
     * @return one tensor {@code (N, ...)} per output, in output order
     */
    public List<Tensor> predict(MultiSampleSource source, int batchSize, int loaderThreads, int prefetch) {
        outputs(); // resolves the output names, so a network with a wrong number of outputs fails clearly
        return predict(network, source, batchSize, loaderThreads, prefetch);
    }

    /**
     * The outputs of any network (compiled or not) for every sample of a source, in stored order,
     * in batches of {@code batchSize} (training=false, no gradients).
     *
     * @param network the network to run
     * @param source the samples; their targets are not used
     * @param batchSize samples per forward pass, at least 1
     * @param loaderThreads background reader threads, 0 for none
     * @param prefetch most batches read ahead at once
     * @return one tensor {@code (N, ...)} per output, in output order
     * @throws IllegalArgumentException if {@code batchSize} is below 1
     */
    public static List<Tensor> predict(Network network, MultiSampleSource source, int batchSize, int loaderThreads, int prefetch) {
        requireBatchSize("predict", batchSize);
        int n = source.size();
        if (n == 0) throw new IllegalArgumentException("predict: no samples");
        float[][] out = null;
        int[][] outDims = null;
        int[] row = null;
        BatchStream stream = new BatchStream(source, batchSize, false, 0L, false).prefetch(loaderThreads, prefetch);
        try (GradMode.Scope s = GradMode.noGrad(); BatchStream.Epoch batches = stream.epoch(0)) {
            for (int from = 0; batches.hasNext(); from += batchSize) {
                BatchStream.Batch batch = batches.next();
                int b = batch.size();
                List<Tensor> preds = network.forward(batch.xs(), false);
                if (out == null) {
                    out = new float[preds.size()][];
                    outDims = new int[preds.size()][];
                    row = new int[preds.size()];
                }
                if (preds.size() != out.length) throw new IllegalStateException("predict: the network returned " + preds.size() + " outputs, then " + out.length);
                for (int i = 0; i < out.length; i++) {
                    Tensor pred = preds.get(i);
                    if (pred.rank() == 0 || pred.dim(0) != b) {
                        throw new IllegalStateException("predict: the network returned shape " + pred.shape() + " for a batch of " + b + " samples");
                    }
                    if (out[i] == null) {
                        outDims[i] = pred.shape().dims();
                        row[i] = pred.size() / b;
                        out[i] = new float[n * row[i]];
                    }
                    System.arraycopy(pred.data(), 0, out[i], from * row[i], pred.size());
                }
            }
        }
        List<Tensor> result = new ArrayList<>(out.length);
        for (int i = 0; i < out.length; i++) {
            outDims[i][0] = n;
            result.add(Tensor.of(out[i], outDims[i]));
        }
        return result;
    }

    // ------------------------------------------------------------------ helpers

    private static List<Tensor> rows(List<Tensor> ts, int from, int to) {
        List<Tensor> out = new ArrayList<>(ts.size());
        for (Tensor t : ts) out.add(Batches.rows(t, from, to));
        return out;
    }

    /** No loader threads for in-memory data (a row copy is cheaper than a hand-off), else the default. */
    private static int defaultLoaderThreads(SampleSource source) {
        return source instanceof Dataset ? 0 : DEFAULT_LOADER_THREADS;
    }

    private static Tensor required(String who, Tensor t) {
        if (t == null) throw new IllegalArgumentException(who + ": x and y are required");
        return t;
    }

    /** The common number of samples of a list of tensors; fails naming the tensor that differs. */
    private static int samples(String who, List<Tensor> ts) {
        if (ts == null || ts.isEmpty()) throw new IllegalArgumentException(who + ": no input tensors");
        int n = -1;
        for (int i = 0; i < ts.size(); i++) {
            Tensor t = ts.get(i);
            if (t == null) throw new IllegalArgumentException(who + ": tensor " + i + " is null");
            if (t.rank() == 0) throw new IllegalArgumentException(who + ": tensor " + i + " needs a sample axis first, got shape " + t.shape());
            if (n < 0) n = t.dim(0);
            else if (t.dim(0) != n) throw new IllegalArgumentException(who + ": tensor " + i + " has " + t.dim(0) + " samples " + t.shape() + " but tensor 0 has " + n);
        }
        return n;
    }

    private static void requireSameSamples(String who, List<Tensor> xs, List<Tensor> ys) {
        if (xs == null || ys == null || xs.isEmpty() || ys.isEmpty() || xs.stream().anyMatch(java.util.Objects::isNull) || ys.stream().anyMatch(java.util.Objects::isNull)) {
            throw new IllegalArgumentException(who + ": x and y are required");
        }
        for (Tensor t : xs) if (t.rank() == 0) throw new IllegalArgumentException(who + ": x and y need a sample axis first, got x of shape " + t.shape());
        for (Tensor t : ys) if (t.rank() == 0) throw new IllegalArgumentException(who + ": x and y need a sample axis first, got y of shape " + t.shape());
        int n = xs.get(0).dim(0);
        if (xs.size() == 1 && ys.size() == 1 && ys.get(0).dim(0) != n) {
            Tensor x = xs.get(0), y = ys.get(0);
            throw new IllegalArgumentException(who + ": x has " + n + " samples " + x.shape() + " but y has " + y.dim(0) + " " + y.shape());
        }
        for (int i = 0; i < xs.size(); i++) {
            if (xs.get(i).dim(0) != n) throw new IllegalArgumentException(who + ": input " + i + " has " + xs.get(i).dim(0) + " samples " + xs.get(i).shape() + " but input 0 has " + n);
        }
        for (int i = 0; i < ys.size(); i++) {
            if (ys.get(i).dim(0) != n) throw new IllegalArgumentException(who + ": target " + i + " has " + ys.get(i).dim(0) + " samples " + ys.get(i).shape() + " but the inputs have " + n);
        }
    }

    private static void requireBatchSize(String who, int batchSize) {
        if (batchSize < 1) throw new IllegalArgumentException(who + ": batchSize must be >= 1, got " + batchSize);
    }
}
