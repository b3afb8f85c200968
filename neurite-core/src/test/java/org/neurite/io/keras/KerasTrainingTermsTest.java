package org.neurite.io.keras;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.neurite.io.Json;
import org.neurite.nn.LayerNames;
import org.neurite.nn.Model;
import org.neurite.nn.Regularizers;

/** Keras regularizer and constraint configs in their Keras 2 / Keras 3 / name forms, with Keras' defaults. */
class KerasTrainingTermsTest {
    @BeforeEach
    void clearSession() {
        LayerNames.reset();
    }

    private static Map<String, Object> term(String cls, Map<String, Object> config) {
        return Map.of("class_name", cls, "config", config);
    }

    @Test
    void regularizersInEveryForm() {
        assertEquals(term("L1L2", Map.of("l1", 0.01, "l2", 0.0)), KerasTrainingTerms.regularizer("l1"));
        assertEquals(term("L1L2", Map.of("l1", 0.0, "l2", 0.01)), KerasTrainingTerms.regularizer("L2"));
        assertEquals(term("L1L2", Map.of("l1", 0.0, "l2", 0.005)), KerasTrainingTerms.regularizer(Json.parse(
                "{\"class_name\": \"L1L2\", \"config\": {\"l1\": 0.0, \"l2\": 0.005}}"))); // Keras 2.0-2.2 write every L2 so
        assertEquals(term("L1L2", Map.of("l1", 0.02, "l2", 0.0)), KerasTrainingTerms.regularizer(Json.parse(
                "{\"module\": \"keras.regularizers\", \"class_name\": \"L1\", \"config\": {\"l1\": 0.02}, \"registered_name\": null}")));
        assertEquals(term("OrthogonalRegularizer", Map.of("factor", 0.01, "mode", "rows")), KerasTrainingTerms.regularizer("OrthogonalRegularizer"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> KerasTrainingTerms.regularizer("l3"));
        assertTrue(e.getMessage().contains("known: L1, L2, L1L2, OrthogonalRegularizer"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> KerasTrainingTerms.regularizer(Json.parse("{\"class_name\": \"L2\", \"config\": {\"l2\": 0.1, \"foo\": 1}}")));
        assertTrue(e.getMessage().contains("unknown parameter 'foo'"), e.getMessage());
    }

    @Test
    void constraintsInEveryForm() {
        assertEquals(term("MaxNorm", Map.of("max_value", 2.0, "axis", 0L)), KerasTrainingTerms.constraint("max_norm"));
        assertEquals(term("MaxNorm", Map.of("max_value", 3.0, "axis", List.of(0L, 1L, 2L))), KerasTrainingTerms.constraint(Json.parse(
                "{\"class_name\": \"MaxNorm\", \"config\": {\"max_value\": 3, \"axis\": [0, 1, 2]}}")));
        assertEquals(term("NonNeg", Map.of()), KerasTrainingTerms.constraint(Json.parse("{\"module\": \"keras.constraints\", \"class_name\": \"NonNeg\", \"config\": {}, \"registered_name\": null}")));
        assertEquals(term("UnitNorm", Map.of("axis", 0L)), KerasTrainingTerms.constraint("UnitNorm"));
        assertEquals(term("MinMaxNorm", Map.of("min_value", 0.0, "max_value", 1.0, "rate", 1.0, "axis", 0L)), KerasTrainingTerms.constraint("min_max_norm"));
        assertEquals("MinMaxNorm(min_value=0.5, max_value=1.0, rate=0.5, axis=1)", KerasTrainingTerms.describe(KerasTrainingTerms.constraint(Json.parse(
                "{\"class_name\": \"MinMaxNorm\", \"config\": {\"min_value\": 0.5, \"rate\": 0.5, \"axis\": 1}}"))));
        assertThrows(IllegalArgumentException.class, () -> KerasTrainingTerms.constraint("clip"));
    }

    @Test
    void regularizersAndConstraintsReachTheLayer() {
        String json = """
                {"class_name": "Sequential", "config": {"name": "s", "layers": [
                  {"class_name": "Dense", "config": {"name": "d", "units": 3, "batch_input_shape": [null, 4],
                     "kernel_regularizer": {"class_name": "L1", "config": {"l1": 0.02}},
                     "bias_regularizer": {"class_name": "OrthogonalRegularizer", "config": {"factor": 0.1, "mode": "columns"}},
                     "kernel_constraint": {"class_name": "UnitNorm", "config": {"axis": 0}}}}]}}""";
        KerasImport k = KerasJson.load(json, KerasJson.Options.lenient());
        Model m = k.model();
        assertEquals(Map.of("l1", 0.02, "l2", 0.0), Json.parse(Json.write(m.layers().get(m.layers().size() - 1).config().get("kernel_regularizer"))));
        assertEquals(new Regularizers.L1L2(0.02f, 0f), m.layers().get(m.layers().size() - 1).weights().get(0).regularizer());
        // the orthogonal regularizer and the unit-norm constraint are honoured too: nothing is skipped, strict loads it
        assertEquals(List.of(), k.warnings());
        assertEquals(Map.of("factor", 0.1, "mode", "columns"), Json.parse(Json.write(m.layers().get(m.layers().size() - 1).config().get("bias_regularizer"))));
        assertEquals("UnitNorm(axis [0])", m.layers().get(m.layers().size() - 1).constraint("kernel").toString());
        assertEquals(4, KerasJson.read(json).layers().get(m.layers().size() - 1).weights().get(0).value().dim(0));
    }
}
