package org.neurite.io.checkpoint;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;
import org.neurite.nn.callbacks.Callback;
import org.neurite.nn.training.FitConfig;
import org.neurite.nn.training.Trainer;

/**
 * Saves a {@link CheckpointFile} at the end of every epoch (or every {@code n}-th), atomically,
 * so that training can be resumed after a crash exactly where the last checkpoint was taken:
 *
 * <pre>
 * Path ckpt = Path.of("run.ckpt");
 * model.fit(x, y, new FitConfig().epochs(10).seed(7).callbacks(new Checkpoint(ckpt)));
 * // ... the process dies during epoch 6; later, with the same (compiled, built) model:
 * FitConfig config = new FitConfig().epochs(10);
 * Checkpoint.resume(ckpt, model.trainer(), config);   // weights, optimizer, RNG; initialEpoch = 5, seed = 7
 * model.fit(x, y, config);
 * </pre>
 *
 * The path may contain {@code {epoch}} (1-based, as Keras' ModelCheckpoint) to keep one file per
 * checkpoint instead of replacing the previous one.
 */
public final class Checkpoint implements Callback {
    private final String path;
    private int every = 1;
    private Trainer trainer;

    /**
     * Saves after every epoch.
     *
     * @param file the checkpoint file, replaced at each save; {@code {epoch}} in it (1-based)
     *     keeps one file per checkpoint. A failed save stops training with
     *     {@link java.io.UncheckedIOException}
     */
    public Checkpoint(Path file) {
        this.path = file.toString();
    }

    /**
     * Saves every n epochs (and after the last epoch of the fit).
     *
     * @param epochs n, &gt;= 1 (default 1)
     * @return this callback
     * @throws IllegalArgumentException if it is &lt; 1
     */
    public Checkpoint every(int epochs) {
        if (epochs < 1) throw new IllegalArgumentException("Checkpoint: every must be >= 1, got " + epochs);
        this.every = epochs;
        return this;
    }

    /**
     * The file of the checkpoint taken after an epoch.
     *
     * @param epoch the epoch, 0-based
     * @return the path with {@code {epoch}} replaced by {@code epoch + 1}
     */
    public Path file(int epoch) {
        return Path.of(path.replace("{epoch}", Integer.toString(epoch + 1)));
    }

    @Override
    public void setTrainer(Trainer trainer) {
        this.trainer = trainer;
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Float> logs) {
        boolean last = trainer.params() != null && epoch + 1 == trainer.params().epochs();
        if ((epoch + 1) % every != 0 && !last) return;
        FitConfig config = trainer.fitConfig();
        try {
            CheckpointFile.save(file(epoch), trainer, epoch + 1, config == null ? 0L : config.seed());
        } catch (IOException e) {
            throw new UncheckedIOException("Checkpoint: could not save " + file(epoch) + ": " + e.getMessage(), e);
        }
    }

    /**
     * Restores a checkpoint into the trainer and sets the config's {@code initialEpoch} and
     * {@code seed} to continue the interrupted fit.
     *
     * @param file the checkpoint file
     * @param trainer the trainer of a compiled, built model with the same architecture
     * @param config the fit's config, changed in place
     * @return {@code config}, for chaining
     * @throws IOException if the file cannot be read; {@link CheckpointFormatException} if it is
     *     not a valid checkpoint or does not match the model's variables
     */
    public static FitConfig resume(Path file, Trainer trainer, FitConfig config) throws IOException {
        CheckpointData data = CheckpointFile.restore(file, trainer);
        return config.initialEpoch(data.epoch()).seed(data.fitSeed());
    }
}
