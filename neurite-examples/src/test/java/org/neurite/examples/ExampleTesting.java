package org.neurite.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.neurite.io.Json;
import org.neurite.nn.Layer;
import org.neurite.nn.Model;
import org.neurite.nn.layers.InputLayer;
import org.neurite.tensor.Shape;

/** Shared bits of the example tests: quiet options, the conformance cases, summary comparison. */
final class ExampleTesting {
    private ExampleTesting() {}

    /** Seed 42, no progress lines, images into {@code dir}, printed output kept in {@code log}. */
    static ExampleOptions options(Path dir, ByteArrayOutputStream log) {
        return ExampleOptions.defaults().withOutput(dir).withVerbose(false).withOut(new PrintStream(log, true, StandardCharsets.UTF_8));
    }

    static ExampleOptions options(Path dir) {
        return options(dir, new ByteArrayOutputStream());
    }

    /** The conformance case with this id from ../shared/conformance/cases.json (skips the test if the file is absent). */
    @SuppressWarnings("unchecked")
    static Map<String, Object> conformanceCase(String id) throws Exception {
        for (Path p : List.of(Path.of("..", "..", "shared", "conformance", "cases.json"), Path.of("..", "shared", "conformance", "cases.json"))) {
            if (!Files.isRegularFile(p)) continue;
            for (Object c : (List<Object>) Json.parse(Files.readString(p))) {
                Map<String, Object> m = (Map<String, Object>) c;
                if (id.equals(m.get("id"))) return m;
            }
            throw new AssertionError(p + " has no case " + id);
        }
        Assumptions.abort("conformance cases not found (../shared/conformance/cases.json)");
        return null;
    }

    /**
     * Compares the model's layers with the case's expected summary rows: type, output shape,
     * parameters (trainable, non-trainable) and, if {@code names}, the layer names; and the totals.
     */
    @SuppressWarnings("unchecked")
    static void assertSummary(Map<String, Object> summary, Model model, boolean names) {
        List<Map<String, Object>> rows = (List<Map<String, Object>>) summary.get("layers");
        List<Layer> layers = model.layers();
        if (!(rows.get(0).get("type").equals("InputLayer")) && layers.get(0) instanceof InputLayer) layers = layers.subList(1, layers.size());
        assertEquals(rows.size(), layers.size(), "number of summary rows");
        for (int i = 0; i < rows.size(); i++) {
            Map<String, Object> row = rows.get(i);
            Layer l = layers.get(i);
            String label = "row " + i + " (" + row.get("name") + ")";
            if (names) assertEquals(row.get("name"), l.name(), label + " name");
            assertEquals(row.get("type"), l.className(), label + " type");
            List<Object> shape = (List<Object>) row.get("output_shape");
            int[] dims = new int[shape.size() - 1];
            for (int d = 0; d < dims.length; d++) dims[d] = ((Number) shape.get(d + 1)).intValue();
            Shape out = l instanceof InputLayer in ? in.shape() : l.outputShape();
            assertEquals(Shape.of(dims), out, label + " output shape");
            assertEquals(((Number) row.get("params")).longValue(), l.countParams(), label + " params");
            assertEquals(((Number) row.get("trainable")).longValue(), l.trainableParams(), label + " trainable params");
            String printed = " " + l.name() + " (";
            assertTrue(model.summary().contains(printed), label + ": summary should list '" + printed + "'");
        }
        assertEquals(((Number) summary.get("total_params")).longValue(), model.countParams(), "total params");
        assertEquals(((Number) summary.get("trainable_params")).longValue(), model.trainableParams(), "trainable params");
        assertTrue(model.summary().contains(String.format("Total params: %,d", model.countParams())), model.summary());
    }
}
