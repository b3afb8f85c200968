package org.neurite.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import org.neurite.tensor.Tensor;

/**
 * A minimal reader for univariate time series in CSV: a header row, then one row per time step with
 * a date (or time index) in the first column and a number in the value column (the second column
 * unless named). Plain CSV: comma separated, optional double quotes around a whole field, no
 * embedded commas. Blank lines are skipped; anything else malformed fails with {@code file:line}.
 *
 * <p>{@link #windows(float[], int)} turns a series into a forecasting data set.
 */
public final class TimeSeriesCsv {
    private static final Pattern NUMBER = Pattern.compile("[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?");

    private TimeSeriesCsv() {}

    /**
     * A series read from a CSV file.
     *
     * @param dateColumn header of the date column
     * @param valueColumn header of the value column
     * @param dates the date (first-column) strings, one per value
     * @param values the values, in file order
     */
    public record Series(String dateColumn, String valueColumn, List<String> dates, float[] values) {
        /**
         * Checks that dates and values pair up.
         *
         * @param dateColumn the date column's header
         * @param valueColumn the value column's header
         * @param dates one date per value
         * @param values the series
         * @throws IllegalArgumentException if the counts differ
         */
        public Series {
            dates = List.copyOf(dates);
            if (dates.size() != values.length) {
                throw new IllegalArgumentException(dates.size() + " dates but " + values.length + " values");
            }
        }

        /** @return the number of steps */
        public int size() {
            return values.length;
        }

        @Override
        public String toString() {
            return "Series(" + valueColumn + ", " + values.length + " values"
                    + (values.length > 0 ? ", " + dates.get(0) + " .. " + dates.get(dates.size() - 1) : "") + ")";
        }
    }

    /**
     * Reads the first column as dates and the second as values.
     *
     * @param file the CSV file with a header
     * @return the series
     * @throws IOException if the file cannot be read, or DataFormatException naming the file and line when it is malformed
     */
    public static Series read(Path file) throws IOException {
        return read(file, null);
    }

    /**
     * Reads the first column as dates and the column with header {@code valueColumn} as values ({@code null}: the second column).
     *
     * @param file the CSV file with a header
     * @param valueColumn the value column's header, or null
     * @return the series
     * @throws IOException if the file cannot be read, or DataFormatException naming the file and line when it is malformed
     */
    public static Series read(Path file, String valueColumn) throws IOException {
        String name = file.getFileName() == null ? file.toString() : file.getFileName().toString();
        List<String> dates = new ArrayList<>();
        float[] values = new float[256];
        int n = 0;
        String[] header = null;
        int valueIndex = -1;
        int lineNo = 0;
        org.neurite.io.InputFiles.requireRegular(file, "CSV file");
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = r.readLine()) != null) {
                lineNo++;
                if (lineNo == 1 && line.startsWith("\uFEFF")) line = line.substring(1);
                if (line.isBlank()) continue;
                String[] fields = split(line);
                if (header == null) {
                    header = fields;
                    if (header.length < 2) {
                        throw new DataFormatException(name + ":" + lineNo + ": header has " + header.length
                                + " column, expected at least 2 (date, value): \"" + line + "\"");
                    }
                    if (valueColumn == null) {
                        valueIndex = 1;
                    } else {
                        valueIndex = Arrays.asList(header).indexOf(valueColumn);
                        if (valueIndex < 0) {
                            throw new DataFormatException(name + ":" + lineNo + ": no column named \"" + valueColumn
                                    + "\"; the header has " + String.join(", ", header));
                        }
                        if (valueIndex == 0) {
                            throw new DataFormatException(name + ":" + lineNo + ": column \"" + valueColumn
                                    + "\" is the first (date) column; the value column must be another one");
                        }
                    }
                    continue;
                }
                if (fields.length != header.length) {
                    throw new DataFormatException(name + ":" + lineNo + ": expected " + header.length + " fields ("
                            + String.join(",", header) + "), found " + fields.length + ": \"" + line + "\"");
                }
                String v = fields[valueIndex];
                if (v.isEmpty() || v.equalsIgnoreCase("NA") || v.equalsIgnoreCase("NaN") || v.equalsIgnoreCase("null")) {
                    throw new DataFormatException(name + ":" + lineNo + ": missing value \"" + v + "\" in column "
                            + header[valueIndex] + " (fill or drop missing values before reading)");
                }
                float f;
                if (!NUMBER.matcher(v).matches() || !Float.isFinite(f = Float.parseFloat(v))) {
                    throw new DataFormatException(name + ":" + lineNo + ": value \"" + v + "\" in column "
                            + header[valueIndex] + " is not a finite decimal number");
                }
                if (n == values.length) values = Arrays.copyOf(values, 2 * n);
                values[n++] = f;
                dates.add(fields[0]);
            }
        } catch (CharacterCodingException e) {
            throw new DataFormatException(name + ":" + (lineNo + 1) + ": not valid UTF-8 text", e);
        }
        if (header == null) throw new DataFormatException(name + ": file is empty, expected a header row and data rows");
        if (n == 0) throw new DataFormatException(name + ": no data rows after the header");
        return new Series(header[0], header[valueIndex], dates, Arrays.copyOf(values, n));
    }

    /**
     * Sliding windows for one-step-ahead forecasting: sample {@code i} has features
     * {@code series[i .. i+lookBack)} shaped {@code (lookBack, 1)} and target {@code series[i+lookBack]}
     * shaped {@code (1)}. The result has {@code N = series.length - lookBack} samples:
     * features {@code (N, lookBack, 1)}, targets {@code (N, 1)}.
     *
     * @param series the values
     * @param lookBack steps per window, less than the series length
     * @return the windows as a data set
     */
    public static Dataset windows(float[] series, int lookBack) {
        if (lookBack < 1) throw new IllegalArgumentException("lookBack must be >= 1, got " + lookBack);
        if (series.length <= lookBack) {
            throw new IllegalArgumentException("a series of " + series.length + " values is too short for lookBack " + lookBack
                    + ": need at least " + (lookBack + 1) + " values");
        }
        int n = series.length - lookBack;
        if ((long) n * lookBack > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException(n + " windows of " + lookBack + " values do not fit in one Java array");
        }
        float[] x = new float[n * lookBack];
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(series, i, x, i * lookBack, lookBack);
            y[i] = series[i + lookBack];
        }
        return new Dataset(Tensor.of(x, n, lookBack, 1), Tensor.of(y, n, 1));
    }

    private static String[] split(String line) {
        String[] f = line.split(",", -1);
        for (int i = 0; i < f.length; i++) {
            String s = f[i].strip();
            if (s.length() >= 2 && s.charAt(0) == '"' && s.charAt(s.length() - 1) == '"') s = s.substring(1, s.length() - 1).strip();
            f[i] = s;
        }
        return f;
    }
}
