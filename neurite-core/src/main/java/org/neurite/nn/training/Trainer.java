package org.neurite.nn.training;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.neurite.autograd.GradMode;
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
 * One training step: zero the gradients, {@code forward(x, training=true)}, loss = data loss +
 * regularization loss (as Keras), backward, {@code optimizer.step(trainableVariables)}.
 * Reported losses and metrics are means over samples (batches weighted by their size).
 * Logs use Keras' keys: {@code loss}, metric names, {@code val_loss}, {@code val_<metric>}.
 */
public final class Trainer {
    private final Network network;
    private final Optimizer optimizer;
    private final Loss loss;
    private final List<Metric> metrics;
    private boolean stopRequested;
    private FitParams params;

    public Trainer(Network network, Optimizer optimizer, Loss loss, List<Metric> metrics) {
        if (network == null || optimizer == null || loss == null) {
            throw new IllegalArgumentException("Trainer needs a network, an optimizer and a loss (got " + network + ", " + optimizer + ", " + loss + ")");
        }
        this.network = network;
        this.optimizer = optimizer;
        this.loss = loss;
        this.metrics = List.copyOf(metrics == null ? List.of() : metrics);
    }

    public Network network() {
        return network;
    }

    public Optimizer optimizer() {
        return optimizer;
    }

    public Loss loss() {
        return loss;
    }

    public List<Metric> metrics() {
        return metrics;
    }

    /** The running fit's parameters (null outside fit). */
    public FitParams params() {
        return params;
    }

    /** Asks the running fit to stop after the current batch (Keras' {@code model.stop_training = True}). */
    public void stopTraining() {
        stopRequested = true;
    }

    public boolean stopRequested() {
        return stopRequested;
    }

    /** Copies of the values of every variable, trainable or not, in {@code network.variables()} order. */
    public List<float[]> getWeights() {
        List<float[]> w = new ArrayList<>();
        for (Variable v : network.variables()) w.add(v.value().toArray());
        return w;
    }

    /** Writes values back in {@code network.variables()} order (as returned by {@link #getWeights}). */
    public void setWeights(List<float[]> weights) {
        List<Variable> vars = network.variables();
        if (weights.size() != vars.size()) {
            throw new IllegalArgumentException("setWeights: the network has " + vars.size() + " variables, got " + weights.size() + " arrays");
        }
        for (int i = 0; i < vars.size(); i++) vars.get(i).assign(weights.get(i));
    }

    // ------------------------------------------------------------------ fit

    /** Trains for {@code config.epochs()} epochs; returns the per-epoch logs. */
    public History fit(Tensor x, Tensor y, FitConfig config) {
        requireSameSamples("fit", x, y);
        Tensor trainX = x, trainY = y, valX = config.validationX(), valY = config.validationY();
        if (valX != null) {
            requireSameSamples("fit validationData", valX, valY);
        } else if (config.validationSplit() > 0f) {
            int n = x.dim(0);
            // as Keras: floor(n * (1 - split)), with the split read as the decimal it was written as
            int splitAt = (int) Math.floor(n * (1.0 - Double.parseDouble(Float.toString(config.validationSplit()))));
            if (splitAt == 0 || splitAt == n) {
                throw new IllegalArgumentException("fit: validationSplit " + config.validationSplit() + " of " + n + " samples leaves " + splitAt
                        + " for training and " + (n - splitAt) + " for validation; both need at least one");
            }
            trainX = Batches.rows(x, 0, splitAt);
            trainY = Batches.rows(y, 0, splitAt);
            valX = Batches.rows(x, splitAt, n);
            valY = Batches.rows(y, splitAt, n);
        }
        int n = trainX.dim(0);
        if (n == 0) throw new IllegalArgumentException("fit: no training samples");
        int batchSize = config.batchSize();
        int steps = Batches.count(n, batchSize);
        params = new FitParams(config.epochs(), steps, n, config.verbose());
        stopRequested = false;

        History history = new History();
        // as Keras: the user's callbacks, then the progress bar and the history, which see what the others logged
        List<Callback> callbacks = new ArrayList<>(config.callbacks());
        if (config.verbose() > 0 && config.callbacks().stream().noneMatch(c -> c instanceof ProgressBar)) {
            callbacks.add(new ProgressBar(System.out, System.console() != null, config.verbose()));
        }
        callbacks.add(history);
        for (Callback c : callbacks) c.setTrainer(this);
        Map<String, Float> trainLogs = new LinkedHashMap<>();
        try {
            for (Callback c : callbacks) c.onTrainBegin(trainLogs);
            for (int epoch = config.initialEpoch(); epoch < config.epochs() && !stopRequested; epoch++) {
                for (Callback c : callbacks) c.onEpochBegin(epoch, new LinkedHashMap<>());
                int[] order = config.shuffle() ? Batches.shuffledOrder(n, config.seed() + epoch) : Batches.identity(n);
                Running running = new Running();
                Map<String, Float> logs = new LinkedHashMap<>();
                for (int b = 0; b < steps; b++) {
                    for (Callback c : callbacks) c.onBatchBegin(b, new LinkedHashMap<>());
                    int from = b * batchSize, to = Math.min(n, from + batchSize);
                    Tensor xb = Batches.rows(trainX, order, from, to);
                    Tensor yb = Batches.rows(trainY, order, from, to);
                    running.add(trainStep(xb, yb), to - from);
                    logs = running.logs();
                    for (Callback c : callbacks) c.onBatchEnd(b, new LinkedHashMap<>(logs));
                    if (stopRequested) break;
                }
                Map<String, Float> epochLogs = new LinkedHashMap<>(logs);
                if (valX != null) {
                    for (Map.Entry<String, Float> e : evaluate(valX, valY, batchSize).entrySet()) {
                        epochLogs.put("val_" + e.getKey(), e.getValue());
                    }
                }
                for (Callback c : callbacks) c.onEpochEnd(epoch, epochLogs);
                trainLogs = epochLogs;
            }
        } finally {
            for (Callback c : callbacks) c.onTrainEnd(trainLogs);
            params = null;
        }
        return history;
    }

    /** Running sample-weighted loss of an epoch; metrics keep their own running state. */
    private final class Running {
        private double lossSum;
        private long samples;

        Running() {
            for (Metric m : metrics) m.reset();
        }

        void add(float batchLoss, int batchSamples) {
            lossSum += (double) batchLoss * batchSamples;
            samples += batchSamples;
        }

        Map<String, Float> logs() {
            Map<String, Float> logs = new LinkedHashMap<>();
            logs.put("loss", (float) (lossSum / samples));
            for (Metric m : metrics) logs.put(m.name(), m.result());
            return logs;
        }
    }

    /** One optimizer step on a batch; updates the running metrics; returns the batch's total loss. */
    private float trainStep(Tensor x, Tensor y) {
        List<Variable> vars = network.trainableVariables();
        optimizer.zeroGrad(vars);
        Tensor pred = network.forward(x, true);
        Tensor total = totalLoss(y, pred);
        if (total.requiresGrad()) total.backward();
        optimizer.step(vars);
        updateMetrics(y, pred);
        return total.item();
    }

    private Tensor totalLoss(Tensor y, Tensor pred) {
        Tensor data = loss.compute(y, pred);
        if (data.size() != 1) {
            throw new IllegalStateException("loss " + loss.name() + " returned shape " + data.shape() + ", expected a scalar");
        }
        Tensor reg = network.regularizationLoss();
        return reg == null ? data : data.add(reg);
    }

    private void updateMetrics(Tensor y, Tensor pred) {
        try (GradMode.Scope s = GradMode.noGrad()) {
            Tensor p = pred.detach();
            for (Metric m : metrics) m.update(y, p);
        }
    }

    /** One training step on exactly this batch; returns the loss and metrics of this batch only. */
    public Map<String, Float> trainOnBatch(Tensor x, Tensor y) {
        requireSameSamples("trainOnBatch", x, y);
        Running running = new Running();
        running.add(trainStep(x, y), x.dim(0));
        return running.logs();
    }

    /** Loss (data + regularization) and metrics of this batch, without updating anything. */
    public Map<String, Float> testOnBatch(Tensor x, Tensor y) {
        return evaluate(x, y, Math.max(1, x.dim(0)));
    }

    // ------------------------------------------------------------------ evaluate / predict

    /** Loss and metrics over the whole data (training=false, no gradients), in batches. */
    public Map<String, Float> evaluate(Tensor x, Tensor y, int batchSize) {
        requireSameSamples("evaluate", x, y);
        requireBatchSize("evaluate", batchSize);
        int n = x.dim(0);
        if (n == 0) throw new IllegalArgumentException("evaluate: no samples");
        Running running = new Running();
        try (GradMode.Scope s = GradMode.noGrad()) {
            for (int from = 0; from < n; from += batchSize) {
                int to = Math.min(n, from + batchSize);
                Tensor xb = Batches.rows(x, from, to);
                Tensor yb = Batches.rows(y, from, to);
                Tensor pred = network.forward(xb, false);
                running.add(totalLoss(yb, pred).item(), to - from);
                for (Metric m : metrics) m.update(yb, pred);
            }
        }
        return running.logs();
    }

    /** The network's outputs for every sample (training=false, no gradients), computed in batches. */
    public Tensor predict(Tensor x, int batchSize) {
        requireBatchSize("predict", batchSize);
        if (x.rank() == 0) throw new IllegalArgumentException("predict: input needs a sample axis first, got shape " + x.shape());
        int n = x.dim(0);
        float[] out = null;
        int[] outDims = null;
        int row = 0;
        try (GradMode.Scope s = GradMode.noGrad()) {
            for (int from = 0; from < n; from += batchSize) {
                int to = Math.min(n, from + batchSize);
                Tensor pred = network.forward(Batches.rows(x, from, to), false);
                if (pred.rank() == 0 || pred.dim(0) != to - from) {
                    throw new IllegalStateException("predict: the network returned shape " + pred.shape() + " for a batch of " + (to - from) + " samples");
                }
                if (out == null) {
                    outDims = pred.shape().dims();
                    row = pred.size() / (to - from);
                    out = new float[n * row];
                }
                System.arraycopy(pred.data(), 0, out, from * row, pred.size());
            }
        }
        if (out == null) throw new IllegalArgumentException("predict: no samples");
        outDims[0] = n;
        return Tensor.of(out, outDims);
    }

    private static void requireSameSamples(String who, Tensor x, Tensor y) {
        if (x == null || y == null) throw new IllegalArgumentException(who + ": x and y are required");
        if (x.rank() == 0 || y.rank() == 0) {
            throw new IllegalArgumentException(who + ": x and y need a sample axis first, got shapes " + x.shape() + " and " + y.shape());
        }
        if (x.dim(0) != y.dim(0)) {
            throw new IllegalArgumentException(who + ": x has " + x.dim(0) + " samples " + x.shape() + " but y has " + y.dim(0) + " " + y.shape());
        }
    }

    private static void requireBatchSize(String who, int batchSize) {
        if (batchSize < 1) throw new IllegalArgumentException(who + ": batchSize must be >= 1, got " + batchSize);
    }
}
