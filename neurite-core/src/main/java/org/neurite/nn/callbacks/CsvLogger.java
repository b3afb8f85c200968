package org.neurite.nn.callbacks;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Streams the epoch logs to a CSV file, as Keras' CSVLogger: a header {@code epoch,<keys sorted>}
 * then one row per epoch (0-based epoch, as Keras), flushed after each row.
 */
public final class CsvLogger implements Callback {
    private final Path file;
    private final String separator;
    private final boolean append;
    private BufferedWriter writer;
    private List<String> keys;

    /**
     * Writes to {@code file} with comma separators, replacing any existing file.
     *
     * @param file the CSV file; created or truncated when training begins
     */
    public CsvLogger(Path file) {
        this(file, ",", false);
    }

    /**
     * A logger with Keras' {@code CSVLogger(filename, separator, append)} options. Training fails
     * with {@link java.io.UncheckedIOException} if the file cannot be opened or written.
     *
     * @param file the CSV file
     * @param separator between fields, e.g. {@code ","} or {@code "\t"}
     * @param append true: add rows to an existing file (no second header if it has one); false:
     *     replace it
     */
    public CsvLogger(Path file, String separator, boolean append) {
        this.file = file;
        this.separator = separator;
        this.append = append;
    }

    @Override
    public void onTrainBegin(Map<String, Float> logs) {
        try {
            boolean hasHeader = append && Files.exists(file) && Files.size(file) > 0;
            writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    append ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
            keys = hasHeader ? headerKeys() : null;
        } catch (IOException e) {
            throw new UncheckedIOException("CsvLogger: cannot open " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Float> logs) {
        try {
            if (keys == null) {
                keys = new ArrayList<>(logs.keySet());
                Collections.sort(keys);
                writer.write("epoch" + separator + String.join(separator, keys));
                writer.newLine();
            }
            StringBuilder row = new StringBuilder().append(epoch);
            for (String k : keys) {
                Float v = logs.get(k);
                row.append(separator).append(v == null ? "" : v.toString());
            }
            writer.write(row.toString());
            writer.newLine();
            writer.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("CsvLogger: cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void onTrainEnd(Map<String, Float> logs) {
        try {
            if (writer != null) writer.close();
        } catch (IOException e) {
            throw new UncheckedIOException("CsvLogger: cannot close " + file + ": " + e.getMessage(), e);
        } finally {
            writer = null;
        }
    }

    private List<String> headerKeys() throws IOException {
        String header = Files.readAllLines(file, StandardCharsets.UTF_8).get(0);
        List<String> k = new ArrayList<>(List.of(header.split(java.util.regex.Pattern.quote(separator))));
        k.remove(0);
        return k;
    }
}
