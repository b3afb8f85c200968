package org.neurite.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A CSV table held as text: column names and rows of fields, each row with the line it starts on
 * (for error messages). Parsed by {@link CsvParser} (RFC 4180: quoted fields, embedded delimiters
 * and line breaks, {@code ""} escapes, CRLF, BOM). Every row must have as many fields as the
 * header. Turning the text into numbers is {@link TablePreprocessing}'s job.
 */
public final class CsvTable {
    private final String name;
    private final List<String> columns;
    private final List<List<String>> rows;
    private final int[] lines;

    private CsvTable(String name, List<String> columns, List<List<String>> rows, int[] lines) {
        this.name = name;
        this.columns = List.copyOf(columns);
        this.rows = rows;
        this.lines = lines;
    }

    /**
     * Reads a UTF-8 CSV file whose first record is the header.
     *
     * @param file the CSV file
     * @return the table
     * @throws IOException if a file is missing or unreadable, or DataFormatException (an IOException) naming the file when its content is malformed
     */
    public static CsvTable read(Path file) throws IOException {
        return read(file, true);
    }

    /**
     * Reads a UTF-8 CSV file. Without a header the columns are named {@code column_0},
     * {@code column_1}, ... (as pandas' integer column labels, but strings).
     *
     * @param file the CSV file
     * @param header whether the first record names the columns
     * @return the table
     * @throws IOException if a file is missing or unreadable, or DataFormatException (an IOException) naming the file when its content is malformed
     */
    public static CsvTable read(Path file, boolean header) throws IOException {
        var decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        try (Reader r = new BufferedReader(new InputStreamReader(Files.newInputStream(file), decoder), 1 << 16)) {
            return parse(r, file.toString(), header);
        } catch (CharacterCodingException e) {
            throw new DataFormatException(file + ": not valid UTF-8 text", e);
        }
    }

    /**
     * Parses CSV text; {@code name} is used in error messages.
     *
     * @param text the CSV content
     * @param name where it came from, for messages
     * @param header whether the first record names the columns
     * @return the table
     */
    public static CsvTable parse(String text, String name, boolean header) {
        try {
            return parse(new StringReader(text), name, header);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e.getMessage(), e);
        }
    }

    private static CsvTable parse(Reader r, String name, boolean header) throws IOException {
        CsvParser p = new CsvParser(r, name);
        CsvParser.Record first = p.next();
        if (first == null) throw new DataFormatException(name + ": the file is empty" + (header ? ", expected a header row" : ""));
        List<String> columns = new ArrayList<>();
        List<List<String>> rows = new ArrayList<>();
        List<Integer> lines = new ArrayList<>();
        if (header) {
            columns.addAll(first.fields());
            for (int i = 0; i < columns.size(); i++) {
                String c = columns.get(i).strip();
                if (columns.indexOf(columns.get(i)) != i) throw new DataFormatException(name + ":" + first.line() + ": column name \"" + c + "\" appears twice in the header");
            }
        } else {
            for (int i = 0; i < first.fields().size(); i++) columns.add("column_" + i);
            rows.add(first.fields());
            lines.add(first.line());
        }
        for (CsvParser.Record rec; (rec = p.next()) != null; ) {
            if (rec.fields().size() != columns.size()) {
                throw new DataFormatException(name + ":" + rec.line() + ": expected " + columns.size() + " fields (" + String.join(",", columns)
                        + "), found " + rec.fields().size());
            }
            rows.add(rec.fields());
            lines.add(rec.line());
        }
        int[] l = new int[lines.size()];
        for (int i = 0; i < l.length; i++) l[i] = lines.get(i);
        return new CsvTable(name, columns, rows, l);
    }

    /** @return where the table came from (a file name), for messages */
    public String name() {
        return name;
    }

    /** @return the column names, in file order */
    public List<String> columns() {
        return columns;
    }

    /** @return the number of data rows (the header is not a row) */
    public int size() {
        return rows.size();
    }

    /**
     * The fields of row {@code i}.
     *
     * @param i the row, from 0
     * @return its fields, one per column
     */
    public List<String> row(int i) {
        return rows.get(i);
    }

    /**
     * The value of row {@code i} in column {@code column}.
     *
     * @param i the row, from 0
     * @param column the column position, from 0
     * @return the field's text
     */
    public String get(int i, int column) {
        return rows.get(i).get(column);
    }

    /**
     * The line of the file on which row {@code i} starts (1-based).
     *
     * @param i the row, from 0
     * @return the 1-based line number
     */
    public int line(int i) {
        return lines[i];
    }

    /**
     * {@code file:line} of row {@code i}, for messages.
     *
     * @param i the row, from 0
     * @return e.g. {@code data.csv:12}
     */
    public String where(int i) {
        return name + ":" + lines[i];
    }

    /**
     * Position of a column by name, or an error listing the columns.
     *
     * @param columnName the header name
     * @return its position, from 0
     * @throws IllegalArgumentException if there is no such column
     */
    public int column(String columnName) {
        int i = columns.indexOf(Objects.requireNonNull(columnName, "column name"));
        if (i < 0) throw new IllegalArgumentException(name + ": no column \"" + columnName + "\"; the columns are " + columns);
        return i;
    }

    /**
     * The rows at the given positions, in that order.
     *
     * @param indices row positions
     * @return a table of those rows with the same columns
     */
    public CsvTable rows(int[] indices) {
        List<List<String>> r = new ArrayList<>(indices.length);
        int[] l = new int[indices.length];
        for (int k = 0; k < indices.length; k++) {
            r.add(rows.get(indices[k]));
            l[k] = lines[indices[k]];
        }
        return new CsvTable(name, columns, r, l);
    }

    /**
     * A seeded split: the rows in the order {@link BatchStream#permutation(int, long) permutation(size, seed)}, the last {@code floor(fraction * size)} held out.
     *
     * @param fraction the held-out share
     * @param seed the shuffling seed
     * @return the kept and held-out rows
     */
    public Split split(double fraction, long seed) {
        if (!(fraction > 0 && fraction < 1)) throw new IllegalArgumentException("split fraction must be strictly between 0 and 1, got " + fraction);
        int n = size();
        int held = (int) (fraction * n);
        if (held < 1 || held >= n) throw new IllegalArgumentException(name + ": " + n + " rows are too few to hold out " + fraction + " of them");
        int[] p = BatchStream.permutation(n, seed);
        return new Split(rows(java.util.Arrays.copyOfRange(p, 0, n - held)), rows(java.util.Arrays.copyOfRange(p, n - held, n)));
    }

    /** Two parts of a table. */
    public record Split(CsvTable train, CsvTable test) {}

    @Override
    public String toString() {
        return "CsvTable(" + name + ": " + size() + " rows, columns " + columns + ")";
    }
}
