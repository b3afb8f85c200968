package org.neurite.nn.callbacks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.neurite.analysis.Histogram;
import org.neurite.io.tensorboard.EventFileWriter;
import org.neurite.nn.Model;
import org.neurite.nn.Summary;
import org.neurite.nn.Variable;
import org.neurite.nn.training.Trainer;
import org.neurite.tensor.Shape;

/**
 * Writes TensorBoard event files while training runs, as Keras' {@code TensorBoard} callback, so
 * that {@code tensorboard --logdir DIR} shows the run: training scalars go to {@code DIR/train},
 * validation scalars ({@code val_*}, logged without the prefix) to {@code DIR/validation}, one
 * point per epoch under {@code epoch_<key>} (Keras' tags), the learning rate as
 * {@code epoch_learning_rate}, a histogram of every trainable weight ({@code dense/kernel}) per
 * epoch, and, for a functional or sequential {@link Model}, the graph of its layers with their
 * output shapes. Each event file is flushed at every epoch end.
 *
 * <pre>{@code
 * model.fit(x, y, new FitConfig().epochs(10).callbacks(new TensorBoardLogger(Path.of("logs/run1"))));
 * }</pre>
 */
public final class TensorBoardLogger implements Callback {
    private final Path logDir;
    private int histogramBuckets = 30;
    private boolean histograms = true;
    private Trainer trainer;
    private EventFileWriter train;
    private EventFileWriter validation;
    private final List<Path> files = new ArrayList<>();

    /**
     * A logger writing under {@code logDir}: training scalars and histograms to {@code logDir/train},
     * validation scalars to {@code logDir/validation} (Keras' layout), folders made when needed.
     *
     * @param logDir the folder to point TensorBoard's {@code --logdir} at
     */
    public TensorBoardLogger(Path logDir) {
        this.logDir = logDir;
    }

    /**
     * Whether to write weight histograms.
     *
     * @param value true (the default) to write one histogram per trainable weight per epoch
     * @return this logger
     */
    public TensorBoardLogger histograms(boolean value) {
        this.histograms = value;
        return this;
    }

    /**
     * Buckets per histogram.
     *
     * @param n equal-width buckets between the minimum and maximum, at least 1 (default 30)
     * @return this logger
     * @throws IllegalArgumentException if n is below 1
     */
    public TensorBoardLogger histogramBuckets(int n) {
        if (n < 1) throw new IllegalArgumentException("TensorBoardLogger: histogramBuckets must be >= 1, got " + n);
        this.histogramBuckets = n;
        return this;
    }

    @Override
    public void setTrainer(Trainer trainer) {
        this.trainer = trainer;
    }

    @Override
    public void onTrainBegin(Map<String, Float> logs) {
        try {
            train = new EventFileWriter(logDir.resolve("train"));
            files.add(train.file());
            if (trainer != null && trainer.network() instanceof Model model) train.graph(graphOf(model));
            train.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("TensorBoardLogger: cannot write in " + logDir + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Float> logs) {
        try {
            for (Map.Entry<String, Float> e : logs.entrySet()) {
                if (e.getKey().startsWith("val_")) {
                    if (validation == null) {
                        validation = new EventFileWriter(logDir.resolve("validation"));
                        files.add(validation.file());
                    }
                    validation.scalar("epoch_" + e.getKey().substring(4), e.getValue(), epoch);
                } else {
                    train.scalar("epoch_" + e.getKey(), e.getValue(), epoch);
                }
            }
            if (trainer != null) {
                train.scalar("epoch_learning_rate", trainer.optimizer().learningRate(), epoch);
                if (histograms) {
                    for (Variable v : trainer.trainableVariables()) {
                        train.histogram(v.name(), Histogram.of(v.value().data(), histogramBuckets), epoch);
                    }
                }
            }
            train.flush();
            if (validation != null) validation.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("TensorBoardLogger: cannot write in " + logDir + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void onTrainEnd(Map<String, Float> logs) {
        try {
            if (train != null) train.close();
            if (validation != null) validation.close();
        } catch (IOException e) {
            throw new UncheckedIOException("TensorBoardLogger: cannot close the event files in " + logDir + ": " + e.getMessage(), e);
        } finally {
            train = null;
            validation = null;
        }
    }

    /**
     * The event files written by this logger, for tools and tests.
     *
     * @return their paths, train first, then validation
     */
    public List<Path> files() {
        return List.copyOf(files);
    }

    private static List<EventFileWriter.GraphNode> graphOf(Model model) {
        List<EventFileWriter.GraphNode> nodes = new ArrayList<>();
        List<Summary.Row> rows = Summary.rows(model);
        java.util.Set<String> named = new java.util.HashSet<>();
        for (Summary.Row row : rows) named.add(row.name());
        // inputs the table does not list (a Sequential's implicit input layer) become nodes too, so that every edge has both ends
        for (Summary.Row row : rows) {
            for (String in : row.inbound()) {
                if (named.add(in)) nodes.add(new EventFileWriter.GraphNode(in, "InputLayer", List.of(), List.of()));
            }
        }
        for (Summary.Row row : rows) {
            List<int[]> shapes = new ArrayList<>();
            for (Shape s : row.outputShapes()) {
                int[] dims = new int[s.rank() + 1];
                dims[0] = -1; // the batch axis, unknown
                System.arraycopy(s.dims(), 0, dims, 1, s.rank());
                shapes.add(dims);
            }
            nodes.add(new EventFileWriter.GraphNode(row.name(), row.className(), row.inbound(), shapes));
        }
        return nodes;
    }
}
