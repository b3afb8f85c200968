package org.neurite.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.neurite.io.Json;
import org.neurite.tensor.Shape;
import org.neurite.tensor.Tensor;

/**
 * Loads the exam-derived conformance cases ({@code cases.json}, shared with the other projects of
 * the repository) and gives typed access to their nested values, so that the tests read every
 * expected number from the file instead of transcribing it.
 *
 * <p>The file is looked for in the system property {@value #PROPERTY} (a directory or the file
 * itself; when set, nowhere else), otherwise in {@code ../../shared/conformance} then
 * {@code ../shared/conformance} relative to the working directory (Maven runs the tests in
 * {@code neurite-core}). If it is absent, {@link
 * #require} skips the calling test through a JUnit assumption, with a message saying where it
 * looked.
 *
 * <p>Paths into a case are dot-separated keys; a segment that is a number indexes a list:
 * {@code "expected.sigmoid.a1"}, {@code "expected.summary.layers.0.params"}.
 *
 * <p>Tolerance: the cases give {@code exact}, or {@code abs}/{@code rel} (a value passes if within
 * either) meant for float64. Neurite computes in float32, so a value passes if within
 * {@code max(abs, rel*|expected|, 2e-6*max(1, |expected|))} (see {@link Case#allowed}); shapes and
 * counts are always compared exactly.
 */
final class ConformanceCases {
    /** System property naming the conformance directory or the cases.json file. */
    static final String PROPERTY = "neurite.conformance";
    static final String FILE = "cases.json";
    /** Relative float32 tolerance, applied with at least an absolute 2e-6 near zero. */
    static final double FLOAT32_REL = 2e-6;

    private static Map<String, Case> cases;
    private static String missingMessage;

    private ConformanceCases() {}

    /** The candidate locations of cases.json, in the order they are tried. */
    static List<Path> candidates() {
        List<Path> out = new ArrayList<>();
        String prop = System.getProperty(PROPERTY);
        if (prop != null && !prop.isBlank()) {
            // an explicit location is the only one tried: a wrong path skips rather than silently using another copy
            Path p = Paths.get(prop);
            out.add(p.toString().endsWith(".json") ? p : p.resolve(FILE));
            return out;
        }
        out.add(Paths.get("..", "..", "shared", "conformance", FILE));
        out.add(Paths.get("..", "shared", "conformance", FILE));
        return out;
    }

    /** The cases by id, loaded once; null (with {@link #missingMessage} set) if the file is absent. */
    static synchronized Map<String, Case> all() {
        if (cases != null || missingMessage != null) return cases;
        for (Path p : candidates()) {
            if (Files.isRegularFile(p)) {
                cases = parse(p);
                return cases;
            }
        }
        List<String> tried = new ArrayList<>();
        for (Path p : candidates()) tried.add(p.toAbsolutePath().normalize().toString());
        missingMessage = "conformance cases not found (tried " + String.join(", ", tried) + "; set -D" + PROPERTY
                + "=<dir or file>): skipping";
        return null;
    }

    private static Map<String, Case> parse(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        Object root = Json.parse(text);
        if (!(root instanceof List<?> list)) throw new IllegalStateException(file + ": expected a JSON list of cases");
        Map<String, Case> byId = new LinkedHashMap<>();
        for (Object o : list) {
            if (!(o instanceof Map<?, ?> m) || !(m.get("id") instanceof String id)) {
                throw new IllegalStateException(file + ": every case must be an object with a string id, got " + o);
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> raw = (Map<String, Object>) m;
            byId.put(id, new Case(id, raw));
        }
        return byId;
    }

    /**
     * The case with this id; skips the test (JUnit assumption) if the cases file is absent, fails
     * it if the file is there but has no such case.
     */
    static Case require(String id) {
        Map<String, Case> all = all();
        Assumptions.assumeTrue(all != null, () -> missingMessage);
        Case c = all.get(id);
        if (c == null) fail("no conformance case " + id + " in " + FILE + "; ids: " + all.keySet());
        return c;
    }

    // ------------------------------------------------------------------ one case

    /** One case of cases.json: {@code id, title, spec, expected, tolerance, ...}. */
    static final class Case {
        private final String id;
        private final Map<String, Object> raw;

        Case(String id, Map<String, Object> raw) {
            this.id = id;
            this.raw = raw;
        }

        String id() {
            return id;
        }

        String title() {
            return string("title");
        }

        boolean has(String path) {
            return lookup(path, false) != MISSING;
        }

        /** The raw JSON value (Map, List, String, Long, Double, Boolean or null) at a dot path. */
        Object get(String path) {
            return lookup(path, true);
        }

        private static final Object MISSING = new Object();

        private Object lookup(String path, boolean required) {
            Object cur = raw;
            StringBuilder walked = new StringBuilder();
            for (String seg : path.split("\\.")) {
                if (walked.length() > 0) walked.append('.');
                walked.append(seg);
                if (cur instanceof Map<?, ?> m && m.containsKey(seg)) {
                    cur = m.get(seg);
                } else if (cur instanceof List<?> l && seg.matches("\\d+") && Integer.parseInt(seg) < l.size()) {
                    cur = l.get(Integer.parseInt(seg));
                } else {
                    if (!required) return MISSING;
                    String keys = cur instanceof Map<?, ?> m ? " (keys there: " + m.keySet() + ")" : cur instanceof List<?> l ? " (a list of " + l.size() + ")" : "";
                    throw new AssertionError(id + ": no value at '" + walked + "'" + keys);
                }
            }
            return cur;
        }

        String string(String path) {
            Object v = get(path);
            if (!(v instanceof String s)) throw new AssertionError(id + ": '" + path + "' is not a string: " + v);
            return s;
        }

        boolean bool(String path) {
            Object v = get(path);
            if (!(v instanceof Boolean b)) throw new AssertionError(id + ": '" + path + "' is not a boolean: " + v);
            return b;
        }

        double number(String path) {
            Object v = get(path);
            if (!(v instanceof Number n)) throw new AssertionError(id + ": '" + path + "' is not a number: " + v);
            return n.doubleValue();
        }

        float f(String path) {
            return (float) number(path);
        }

        /** An integer value (counts, sizes); fails if the JSON value is not integral. */
        long integer(String path) {
            Object v = get(path);
            if (v instanceof Long l) return l;
            if (v instanceof Double d && d == Math.rint(d)) return d.longValue();
            throw new AssertionError(id + ": '" + path + "' is not an integer: " + v);
        }

        int i(String path) {
            return Math.toIntExact(integer(path));
        }

        /** A list of integers (a shape). */
        int[] ints(String path) {
            Object v = get(path);
            if (!(v instanceof List<?> l)) throw new AssertionError(id + ": '" + path + "' is not a list: " + v);
            int[] out = new int[l.size()];
            for (int k = 0; k < out.length; k++) out[k] = Math.toIntExact(integer(path + "." + k));
            return out;
        }

        /** A (possibly nested) list of numbers, flattened in row-major order. */
        double[] numbers(String path) {
            List<Double> out = new ArrayList<>();
            flatten(get(path), path, out);
            double[] d = new double[out.size()];
            for (int k = 0; k < d.length; k++) d[k] = out.get(k);
            return d;
        }

        /** The same as {@link #numbers} in float32 (inputs of a computation). */
        float[] floats(String path) {
            double[] d = numbers(path);
            float[] f = new float[d.length];
            for (int k = 0; k < d.length; k++) f[k] = (float) d[k];
            return f;
        }

        /** The dimensions of a rectangular nested list ([] for a number). */
        int[] dims(String path) {
            List<Integer> dims = new ArrayList<>();
            Object v = get(path);
            while (v instanceof List<?> l) {
                dims.add(l.size());
                v = l.isEmpty() ? null : l.get(0);
            }
            return dims.stream().mapToInt(Integer::intValue).toArray();
        }

        /** A nested numeric list as a float32 tensor of its own nesting shape. */
        Tensor tensor(String path) {
            return Tensor.of(floats(path), dims(path));
        }

        /** A nested numeric list as a float32 tensor reshaped to {@code dims}. */
        Tensor tensor(String path, int... dims) {
            return Tensor.of(floats(path), dims);
        }

        private void flatten(Object v, String path, List<Double> out) {
            if (v instanceof Number n) {
                out.add(n.doubleValue());
            } else if (v instanceof List<?> l) {
                for (Object o : l) flatten(o, path, out);
            } else {
                throw new AssertionError(id + ": '" + path + "' holds a non-number: " + v);
            }
        }

        // -------------------------------------------------------------- tolerance and assertions

        boolean exact() {
            return has("tolerance.exact") && Boolean.TRUE.equals(get("tolerance.exact"));
        }

        /**
         * The allowed absolute difference from {@code expected}: the case's abs/rel tolerance
         * (float64) widened to float32 precision, {@code max(abs, rel*|e|, 2e-6*max(1,|e|))}.
         */
        double allowed(double expected) {
            double abs = has("tolerance.abs") ? number("tolerance.abs") : 0;
            double rel = has("tolerance.rel") ? number("tolerance.rel") * Math.abs(expected) : 0;
            return Math.max(Math.max(abs, rel), FLOAT32_REL * Math.max(1.0, Math.abs(expected)));
        }

        /** Asserts that {@code actual} matches the number at {@code path}. */
        void assertClose(String path, double actual) {
            double e = number(path);
            double tol = allowed(e);
            if (!(Math.abs(actual - e) <= tol)) {
                fail(id + " " + path + ": expected " + e + " (+-" + tol + "), got " + actual + " (diff " + (actual - e) + ")");
            }
        }

        /** Asserts element by element that {@code actual} matches the (nested) list at {@code path}. */
        void assertClose(String path, float[] actual) {
            double[] e = numbers(path);
            assertEquals(e.length, actual.length, () -> id + " " + path + ": number of values");
            List<String> bad = new ArrayList<>();
            for (int k = 0; k < e.length; k++) {
                double tol = allowed(e[k]);
                if (!(Math.abs(actual[k] - e[k]) <= tol)) bad.add("[" + k + "] expected " + e[k] + " got " + actual[k]);
            }
            if (!bad.isEmpty()) {
                fail(id + " " + path + ": " + bad.size() + " of " + e.length + " values differ: " + String.join("; ", bad)
                        + "\n  expected " + Arrays.toString(e) + "\n  got      " + Arrays.toString(actual));
            }
        }

        /**
         * Asserts that a tensor matches the nested list at {@code path}: same shape once axes of
         * size 1 are dropped on both sides (a (1, 3, 3, 1) NHWC map against a 3x3 list), then the
         * values within tolerance.
         */
        void assertClose(String path, Tensor actual) {
            assertArrayEquals(squeeze(dims(path)), squeeze(actual.shape().dims()),
                    id + " " + path + ": shape (size-1 axes dropped); tensor " + actual.shape());
            assertClose(path, actual.toArray());
        }

        /** Asserts that a shape equals the integer list at {@code path}, exactly. */
        void assertShape(String path, Shape actual) {
            assertArrayEquals(ints(path), actual.dims(), id + " " + path + ": shape");
        }

        /** Asserts that a count equals the integer at {@code path}, exactly. */
        void assertCount(String path, long actual) {
            assertEquals(integer(path), actual, () -> id + " " + path);
        }

        private static void assertArrayEquals(int[] expected, int[] actual, String message) {
            if (!Arrays.equals(expected, actual)) {
                fail(message + ": expected " + Arrays.toString(expected) + ", got " + Arrays.toString(actual));
            }
        }

        private static int[] squeeze(int[] dims) {
            return Arrays.stream(dims).filter(d -> d != 1).toArray();
        }

        @Override
        public String toString() {
            return id + " " + title();
        }
    }

    /** (C, H, W) as the cases write PyTorch shapes, to Neurite's channels-last (H, W, C). */
    static int[] chwToHwc(int[] chw) {
        assertTrue(chw.length == 3, () -> "expected a (C, H, W) shape, got " + Arrays.toString(chw));
        return new int[] {chw[1], chw[2], chw[0]};
    }
}
