package org.neurite.io;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The one rule for putting content that came from a file (or a user) into an error message: it is
 * capped in length and its control characters are escaped. A message must stay readable and safe
 * to print: a hostile file must not make it megabytes long or send escape codes to the terminal.
 */
public final class ErrorText {
    /** Most characters of quoted content kept in a message. */
    public static final int MAX_QUOTED = 200;

    private ErrorText() {}

    /**
     * The text with control characters escaped ({@code \n}, {@code \u001b}, ...), cut after {@link #MAX_QUOTED} characters.
     *
     * @param text any text, e.g. from a file; may be null
     * @return the escaped text, with "... (n more characters)" when cut; the text {@code "null"} for null
     */
    public static String quote(String text) {
        return quote(text, MAX_QUOTED);
    }

    /**
     * As {@link #quote(String)} with a chosen cap.
     *
     * @param text any text; may be null
     * @param max the characters kept (at least 16 are)
     * @return the escaped text, with "... (n more characters)" when cut; the text {@code "null"} for null
     */
    public static String quote(String text, int max) {
        if (text == null) return "null";
        int cap = Math.max(16, max);
        StringBuilder sb = new StringBuilder(Math.min(text.length(), cap) + 16);
        int i = 0;
        for (; i < text.length() && sb.length() < cap; i++) appendEscaped(sb, text.charAt(i));
        if (i < text.length()) sb.append("... (").append(String.format("%,d", text.length() - i)).append(" more characters)");
        return sb.toString();
    }

    /** Most characters of a whole error message as shown to a user. */
    public static final int MAX_MESSAGE = 4000;

    /**
     * A whole error message made safe to print: line breaks kept, every other control character
     * escaped, cut after {@link #MAX_MESSAGE} characters. The command line passes every message
     * through it, whatever code produced it.
     *
     * @param text the message; may be null
     * @return the safe message
     */
    public static String message(String text) {
        if (text == null) return "null";
        StringBuilder sb = new StringBuilder();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length && sb.length() < MAX_MESSAGE; i++) {
            if (i > 0) sb.append('\n');
            sb.append(quote(lines[i], MAX_MESSAGE - sb.length()));
        }
        if (sb.length() >= MAX_MESSAGE && text.length() > sb.length()) sb.append("\n... (message cut: ").append(String.format("%,d", text.length())).append(" characters)");
        return sb.toString();
    }

    /**
     * Bytes of a binary header, as printable ASCII with {@code \xNN} escapes, capped.
     *
     * @param b the bytes
     * @return the printable form
     */
    public static String bytes(byte[] b) {
        StringBuilder sb = new StringBuilder("\"");
        int n = Math.min(b.length, MAX_QUOTED / 4);
        for (int i = 0; i < n; i++) {
            int v = b[i] & 0xff;
            if (v >= 32 && v < 127 && v != '"' && v != '\\') sb.append((char) v);
            else sb.append(String.format("\\x%02x", v));
        }
        sb.append('"');
        if (n < b.length) sb.append(" (+").append(b.length - n).append(" bytes)");
        return sb.toString();
    }

    /**
     * A path for a message: control characters in the name escaped, very long paths shortened.
     *
     * @param p the path
     * @return the printable form
     */
    public static String path(Path p) {
        return p == null ? "(no file)" : quote(p.toString(), 400);
    }

    /**
     * A parsed JSON value for a message without printing all of it: strings quoted and capped,
     * objects and arrays by size with their first entries.
     *
     * @param v a value from the JSON parser (map, list, string, number, boolean or null)
     * @return a short printable description
     */
    public static String value(Object v) {
        if (v == null) return "null";
        if (v instanceof String str) return "\"" + quote(str, 80) + "\"";
        if (v instanceof java.util.Map<?, ?> m) {
            if (m.size() > 8) return "a JSON object with " + m.size() + " keys";
            String keys = quote(String.join(", ", m.keySet().stream().map(String::valueOf).toList()), 120);
            return "a JSON object {" + keys + "}";
        }
        if (v instanceof java.util.List<?> l) {
            if (l.size() > 8) return "a JSON array of " + l.size() + " values";
        }
        return quote(String.valueOf(v), 120);
    }

    /**
     * UTF-8 bytes decoded leniently, then quoted: for content of unknown encoding.
     *
     * @param b the bytes
     * @return the quoted text, as {@link #quote(String)}
     */
    public static String quoteUtf8(byte[] b) {
        int n = Math.min(b.length, MAX_QUOTED * 4);
        String s = new String(b, 0, n, StandardCharsets.UTF_8);
        return n < b.length ? quote(s) + " (+" + (b.length - n) + " bytes)" : quote(s);
    }

    private static void appendEscaped(StringBuilder sb, char c) {
        switch (c) {
            case '\n' -> sb.append("\\n");
            case '\r' -> sb.append("\\r");
            case '\t' -> sb.append("\\t");
            default -> {
                // C0 and C1 controls, DEL, and the bidi overrides that reorder what a terminal shows
                if (c < 0x20 || (c >= 0x7f && c <= 0x9f) || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069)) {
                    sb.append(String.format("\\u%04x", (int) c));
                } else {
                    sb.append(c);
                }
            }
        }
    }
}
