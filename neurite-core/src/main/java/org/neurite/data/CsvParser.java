package org.neurite.data;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

/**
 * An RFC 4180 CSV reader: fields separated by a delimiter (default comma), records by LF, CRLF or
 * CR; a field in double quotes may hold delimiters, line breaks and doubled quotes ({@code ""} is
 * one {@code "}); a UTF-8 byte-order mark at the start is dropped. Unquoted fields are kept as they
 * are (spaces included), as RFC 4180 says. A quote inside an unquoted field, text after a closing
 * quote, or a quoted field still open at the end of the input is an error naming the line.
 * Blank lines (no characters at all) between records are skipped.
 */
public final class CsvParser {
    /** One record: its fields and the line on which it starts (1-based). */
    public record Record(List<String> fields, int line) {}

    private final Reader in;
    private final String name;
    private final char delimiter;
    private int line = 1;
    private int pushedBack = -2;
    private boolean first = true;

    /**
     * {@code name} (a file name) is used in error messages.
     *
     * @param in the CSV text
     * @param name where it came from (a file name), for messages
     * @param delimiter the field separator, e.g. {@code ','} or {@code ';'}
     */
    public CsvParser(Reader in, String name, char delimiter) {
        if (delimiter == '"' || delimiter == '\n' || delimiter == '\r') throw new IllegalArgumentException("CSV delimiter cannot be " + delimiter);
        this.in = in;
        this.name = name;
        this.delimiter = delimiter;
    }

    /**
     * A comma-separated parser.
     *
     * @param in the CSV text
     * @param name where it came from, for messages
     */
    public CsvParser(Reader in, String name) {
        this(in, name, ',');
    }

    /**
     * All records of {@code text}.
     *
     * @param text the CSV content
     * @param name where it came from, for messages
     * @return every record with its starting line
     */
    public static List<Record> parseAll(String text, String name) {
        try {
            CsvParser p = new CsvParser(new java.io.StringReader(text), name);
            List<Record> out = new ArrayList<>();
            for (Record r; (r = p.next()) != null; ) out.add(r);
            return out;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * The next record, or null at the end of the input.
     *
     * @return the record with its starting line, or null at the end
     * @throws IOException if the file cannot be read, or DataFormatException naming the file and line when it is malformed
     */
    public Record next() throws IOException {
        int c = read();
        if (first) {
            first = false;
            if (c == '\uFEFF') c = read();
        }
        while (c == '\n' || c == '\r') { // blank lines
            if (c == '\r') {
                int d = read();
                if (d != '\n') unread(d);
            }
            line++;
            c = read();
        }
        if (c < 0) return null;
        int startLine = line;
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        while (true) {
            if (c == '"' && field.length() == 0) {
                int quoteLine = line;
                while (true) { // inside quotes
                    c = read();
                    if (c < 0) throw new DataFormatException(name + ":" + quoteLine + ": a quoted field opened on this line is never closed");
                    if (c == '"') {
                        int d = read();
                        if (d == '"') {
                            field.append('"');
                            continue;
                        }
                        c = d;
                        break;
                    }
                    if (c == '\n') line++;
                    else if (c == '\r') {
                        int d = read();
                        if (d != '\n') line++;
                        unread(d);
                    }
                    field.append((char) c);
                }
                if (c != delimiter && c != '\n' && c != '\r' && c >= 0) {
                    throw new DataFormatException(name + ":" + line + ": unexpected character '" + (char) c + "' after the closing quote of field "
                            + (fields.size() + 1) + " (a quote inside a quoted field must be doubled: \"\")");
                }
            } else {
                // unquoted field
                while (c >= 0 && c != delimiter && c != '\n' && c != '\r') {
                    if (c == '"') {
                        throw new DataFormatException(name + ":" + line + ": a quote inside unquoted field " + (fields.size() + 1)
                                + " (\"" + field + "\"...); quote the whole field and double the quote");
                    }
                    field.append((char) c);
                    c = read();
                }
            }
            // the field ends at a delimiter (another field follows, maybe an empty last one) or at the end of the record
            fields.add(field.toString());
            field.setLength(0);
            if (c == delimiter) {
                c = read();
                if (c < 0 || c == '\n' || c == '\r') {
                    fields.add("");
                    return endRecord(fields, startLine, c);
                }
                continue;
            }
            return endRecord(fields, startLine, c);
        }
    }

    private Record endRecord(List<String> fields, int startLine, int c) throws IOException {
        if (c == '\r') {
            int d = read();
            if (d != '\n') unread(d);
        }
        if (c >= 0) line++;
        return new Record(List.copyOf(fields), startLine);
    }

    private int read() throws IOException {
        if (pushedBack != -2) {
            int c = pushedBack;
            pushedBack = -2;
            return c;
        }
        return in.read();
    }

    private void unread(int c) {
        pushedBack = c;
    }
}
