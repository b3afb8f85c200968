package org.neurite.nn.callbacks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.neurite.nn.training.Trainer;

/**
 * Saves the network after epochs, as Keras' ModelCheckpoint, through {@code Network.save} (which
 * writes atomically). The path may hold Keras placeholders: {@code {epoch}} (1-based, as Keras) and
 * any log key, optionally with a Python format, e.g. {@code ckpt-{epoch:02d}-{val_loss:.2f}.nrt}.
 * With {@code saveBestOnly} it saves only when the monitored value improves.
 */
public final class ModelCheckpoint implements Callback {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z0-9_]+)(?::([^}]*))?}");

    private final String pathPattern;
    private final Monitor monitor;
    private final boolean saveBestOnly;
    private Trainer trainer;
    private Path lastSaved;

    /**
     * Saves after every epoch.
     *
     * @param path the file, possibly with placeholders such as {@code {epoch:02d}} (a fixed name
     *     is overwritten each epoch)
     */
    public ModelCheckpoint(Path path) {
        this(path.toString(), "val_loss", false, Monitor.Mode.AUTO);
    }

    /**
     * Saves after every epoch, or only on improvement of {@code monitor}.
     *
     * @param path the file, possibly with placeholders
     * @param monitor the log key watched when {@code saveBestOnly}, e.g. {@code val_loss};
     *     direction from the name
     * @param saveBestOnly true: save only when the monitored value improves
     */
    public ModelCheckpoint(Path path, String monitor, boolean saveBestOnly) {
        this(path.toString(), monitor, saveBestOnly, Monitor.Mode.AUTO);
    }

    /**
     * A checkpoint with Keras' options. Training fails with {@link java.io.UncheckedIOException}
     * if a save fails, and with {@link IllegalStateException} if {@code saveBestOnly} and the logs
     * lack the monitored key.
     *
     * @param pathPattern the file path with placeholders {@code {epoch}} (1-based) and
     *     {@code {key[:format]}}, format as Python's ({@code 02d}, {@code .2f}, {@code .4e})
     * @param monitor the log key watched when {@code saveBestOnly}
     * @param saveBestOnly true: save only when the monitored value improves
     * @param mode whether smaller or larger is better ({@link Monitor.Mode#AUTO}: from the name)
     */
    public ModelCheckpoint(String pathPattern, String monitor, boolean saveBestOnly, Monitor.Mode mode) {
        this.pathPattern = pathPattern;
        this.monitor = new Monitor(monitor, mode, 0f);
        this.saveBestOnly = saveBestOnly;
    }

    @Override
    public void setTrainer(Trainer trainer) {
        this.trainer = trainer;
    }

    @Override
    public void onTrainBegin(Map<String, Float> logs) {
        monitor.reset();
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Float> logs) {
        if (saveBestOnly && !monitor.update(monitor.value(logs, "ModelCheckpoint"))) return;
        Path file = Path.of(format(pathPattern, epoch, logs));
        try {
            trainer.network().save(file);
        } catch (IOException e) {
            throw new UncheckedIOException("ModelCheckpoint: could not save " + file + " after epoch " + (epoch + 1) + ": " + e.getMessage(), e);
        }
        lastSaved = file;
    }

    /**
     * The file written last.
     *
     * @return its path with the placeholders filled in; null before the first save
     */
    public Path lastSaved() {
        return lastSaved;
    }

    /** Fills {epoch} (1-based) and {key[:fmt]} placeholders; fmt is Python's (02d, .2f, .4e). */
    static String format(String pattern, int epoch, Map<String, Float> logs) {
        Matcher m = PLACEHOLDER.matcher(pattern);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String key = m.group(1);
            String fmt = m.group(2);
            String text;
            if (key.equals("epoch")) {
                text = fmt == null ? Integer.toString(epoch + 1) : String.format(Locale.ROOT, "%" + fmt, epoch + 1);
            } else {
                Float v = logs.get(key);
                if (v == null) throw new IllegalArgumentException("ModelCheckpoint: path placeholder {" + key + "} is not in the logs; available: " + logs.keySet());
                text = fmt == null ? Float.toString(v) : String.format(Locale.ROOT, "%" + fmt, v);
            }
            m.appendReplacement(sb, Matcher.quoteReplacement(text));
        }
        m.appendTail(sb);
        return sb.toString();
    }
}
