package org.neurite.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.neurite.io.keras.KerasImport;
import org.neurite.io.keras.KerasImportException;
import org.neurite.io.keras.KerasJson;
import org.neurite.nn.LayerNames;
import org.neurite.nn.Model;
import org.neurite.nn.Summary;
import org.neurite.nn.SymbolicTensor;
import org.neurite.nn.layers.LayerRegistry;

/**
 * The real Keras files of {@code ../shared/conformance/keras-real/} (written by other people, Keras
 * 2.0.6 to 3.8 and TF.js; see its SOURCES.md) load as the analysis commands load them (lenient) and
 * give the totals and output shape of {@code expected.txt}, which were computed independently of
 * Neurite. The totals are read from the printed summary table, as a user reads them.
 *
 * <p>A file whose only problems are layer classes this build does not have is skipped with their
 * names (the layers come with other work); any other problem, or any wrong number, fails.
 */
class KerasRealFilesTest {
    private static final Pattern LINE = Pattern.compile(
            "(\\S+\\.json) total ([\\d,]+) trainable ([\\d,]+) non-trainable ([\\d,]+); output (.+)");
    private static final Pattern MISSING_LAYER = Pattern.compile(".*: layer class '(\\w+)' is not supported.*");

    @BeforeEach
    void clearSession() {
        LayerNames.reset();
    }

    /** The folder, found next to cases.json (-Dneurite.conformance or ../shared/conformance), or null. */
    static Path folder() {
        for (Path p : ConformanceCases.candidates()) {
            Path dir = p.toAbsolutePath().getParent().resolve("keras-real");
            if (Files.isRegularFile(dir.resolve("expected.txt"))) return dir;
        }
        return null;
    }

    static Stream<Arguments> files() throws IOException {
        Path dir = folder();
        if (dir == null) {
            return Stream.of(Arguments.of("(keras-real folder absent)", null));
        }
        List<Arguments> out = new ArrayList<>();
        for (String line : Files.readAllLines(dir.resolve("expected.txt"), StandardCharsets.UTF_8)) {
            if (line.isBlank()) continue;
            Matcher m = LINE.matcher(line.trim());
            assertTrue(m.matches(), "expected.txt line not understood: " + line);
            out.add(Arguments.of(m.group(1), m));
        }
        assertEquals(12, out.size(), "keras-real/expected.txt lists 12 files");
        return out.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("files")
    void loadsWithTheExpectedTotals(String file, Matcher expected) throws IOException {
        Assumptions.assumeTrue(expected != null, () -> "keras-real conformance files not found next to "
                + ConformanceCases.candidates() + " (set -D" + ConformanceCases.PROPERTY + "=<dir>): skipping");
        Path path = folder().resolve(file);
        KerasImport result;
        try {
            result = KerasJson.load(path, KerasJson.Options.lenient());
        } catch (KerasImportException e) {
            List<String> missing = new ArrayList<>();
            for (String p : e.problems()) {
                Matcher m = MISSING_LAYER.matcher(p);
                if (!m.matches()) throw e;
                if (!missing.contains(m.group(1))) missing.add(m.group(1));
            }
            for (String cls : missing) assertTrue(!LayerRegistry.isKnown(cls), cls);
            Assumptions.abort(file + " needs layer classes this build lacks: " + missing);
            return;
        }
        Model model = result.model();
        String summary = model.summary();
        assertEquals(expected.group(2), total(summary, "Total params"), file + " total\n" + summary);
        assertEquals(expected.group(3), total(summary, "Trainable params"), file + " trainable");
        assertEquals(expected.group(4), total(summary, "Non-trainable params"), file + " non-trainable");
        assertEquals(expected.group(5), outputShape(model), file + " output shape");
    }

    private static String total(String summary, String label) {
        Matcher m = Pattern.compile(label + ": ([\\d,]+)").matcher(summary);
        assertTrue(m.find(), label + " not in the summary:\n" + summary);
        return m.group(1);
    }

    /** {@code (None, 10)}, or for several outputs Keras' list {@code [(None, 387, 17), (None, 387, 52)]}. */
    private static String outputShape(Model model) {
        List<String> shapes = new ArrayList<>();
        for (SymbolicTensor t : model.outputs()) shapes.add(Summary.shapeString(t.shape()));
        return shapes.size() == 1 ? shapes.get(0) : "[" + String.join(", ", shapes) + "]";
    }
}
