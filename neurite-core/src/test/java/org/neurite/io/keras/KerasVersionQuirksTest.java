package org.neurite.io.keras;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.neurite.nn.LayerNames;
import org.neurite.nn.Model;
import org.neurite.nn.Summary;

/**
 * What differs between Keras versions and writers: TF.js {@code model.json} wrappers, Keras 1's
 * {@code input_shape}, dtype policies, the two inbound-node formats with call kwargs, Keras 3.4's
 * {@code quantization_config}. Parameter counts by Keras' Dense formula (in + 1) * units.
 */
class KerasVersionQuirksTest {
    private static final String DENSE = "{\"class_name\": \"Dense\", \"config\": {\"name\": \"%s\", \"units\": %d, \"activation\": \"relu\"%s}}";

    @BeforeEach
    void clearSession() {
        LayerNames.reset();
    }

    private static String sequential(String... layers) {
        return "{\"class_name\": \"Sequential\", \"config\": {\"name\": \"s\", \"layers\": [" + String.join(", ", layers) + "]}}";
    }

    @Test
    void tensorflowJsModelJsonIsUnwrapped() {
        String inner = sequential(String.format(DENSE, "d", 3, ", \"batch_input_shape\": [null, 4]"));
        String modelJson = "{\"format\": \"layers-model\", \"generatedBy\": \"keras v2.15.0\", \"convertedBy\": \"TensorFlow.js Converter v4.17.0\","
                + " \"modelTopology\": {\"keras_version\": \"2.15.0\", \"backend\": \"tensorflow\", \"model_config\": " + inner
                + ", \"training_config\": {\"loss\": \"mse\"}}, \"weightsManifest\": [{\"paths\": [\"group1-shard1of1.bin\"], \"weights\": []}]}";
        assertEquals(15, KerasJson.read(modelJson).countParams()); // (4 + 1) * 3
        // older converters put the model itself under modelTopology
        assertEquals(15, KerasJson.read("{\"modelTopology\": " + inner + ", \"weightsManifest\": []}").countParams());
        // a legacy .h5's model_config attribute, as a document
        assertEquals(15, KerasJson.read("{\"model_config\": " + inner + "}").countParams());
    }

    @Test
    void inputShapeOnTheFirstLayer() {
        Model m = KerasJson.read(sequential(String.format(DENSE, "d", 3, ", \"input_shape\": [4]"), String.format(DENSE, "e", 2, "")));
        assertEquals("(None, 2)", Summary.shapeString(m.outputs().get(0).shape()));
        assertEquals(15 + 8, m.countParams());
    }

    @Test
    void dtypePoliciesLoadAsFloat32WithAWarningAndQuantizedOnesAreRefused() {
        String json = sequential(
                String.format(DENSE, "a", 3, ", \"batch_input_shape\": [null, 4], \"dtype\": {\"class_name\": \"Policy\", \"config\": {\"name\": \"mixed_float16\"}}"),
                String.format(DENSE, "b", 3, ", \"dtype\": {\"module\": \"keras\", \"class_name\": \"DTypePolicy\", \"config\": {\"name\": \"mixed_bfloat16\"}, \"registered_name\": null}"),
                String.format(DENSE, "c", 3, ", \"dtype\": {\"module\": \"keras\", \"class_name\": \"DTypePolicy\", \"config\": {\"name\": \"float32\"}, \"registered_name\": null}"));
        KerasImport k = KerasJson.load(json, KerasJson.Options.lenient());
        assertEquals(List.of("a (Dense): dtype policy 'mixed_float16' is loaded as float32", "b (Dense): dtype policy 'mixed_bfloat16' is loaded as float32"), k.warnings());
        assertEquals(2, assertThrows(KerasImportException.class, () -> KerasJson.read(json)).problems().size());

        String quantized = sequential(
                String.format(DENSE, "q", 3, ", \"batch_input_shape\": [null, 4], \"dtype\": {\"class_name\": \"DTypePolicy\", \"config\": {\"name\": \"int8_from_float32\"}}"),
                String.format(DENSE, "r", 3, ", \"quantization_config\": {\"class_name\": \"Int8QuantizationConfig\", \"config\": {}}"));
        KerasImportException e = assertThrows(KerasImportException.class, () -> KerasJson.load(quantized, KerasJson.Options.lenient()));
        assertEquals(2, e.problems().size(), e.getMessage()); // both at once, even lenient: quantized layers have other weights
        assertTrue(e.problems().get(0).contains("int8_from_float32"), e.getMessage());
        assertTrue(e.problems().get(1).contains("quantization_config"), e.getMessage());
    }

    @Test
    void inboundNodesWithCallKwargsInBothFormats() {
        String keras2 = """
                {"class_name": "Functional", "config": {"name": "m", "layers": [
                  {"class_name": "InputLayer", "name": "in", "config": {"batch_input_shape": [null, 4], "name": "in"}, "inbound_nodes": []},
                  {"class_name": "Dense", "name": "d", "config": {"name": "d", "units": 3}, "inbound_nodes": [[["in", 0, 0, {}]]]},
                  {"class_name": "Dropout", "name": "drop", "config": {"name": "drop", "rate": 0.5}, "inbound_nodes": [[["d", 0, 0, {"training": true}]]]}],
                 "input_layers": [["in", 0, 0]], "output_layers": [["drop", 0, 0]]}, "keras_version": "2.9.0", "backend": "tensorflow"}""";
        assertEquals(15, KerasJson.read(keras2).countParams());
        String keras3 = """
                {"module": "keras", "class_name": "Functional", "config": {"name": "m", "layers": [
                  {"module": "keras.layers", "class_name": "InputLayer", "name": "in", "config": {"batch_shape": [null, 4], "name": "in"}, "inbound_nodes": []},
                  {"module": "keras.layers", "class_name": "Dense", "name": "d", "config": {"name": "d", "units": 3}, "build_config": {"input_shape": [null, 4]},
                   "inbound_nodes": [{"args": [{"class_name": "__keras_tensor__", "config": {"shape": [null, 4], "dtype": "float32", "keras_history": ["in", 0, 0]}}], "kwargs": {"mask": null}}]},
                  {"module": "keras.layers", "class_name": "Dense", "name": "e", "config": {"name": "e", "units": 2},
                   "inbound_nodes": [{"args": [{"class_name": "__keras_tensor__", "config": {"shape": [null, 3], "dtype": "float32", "keras_history": ["d", 0, 0]}}], "kwargs": {"training": false, "scale": 2.0}}]}],
                 "input_layers": [["in", 0, 0]], "output_layers": [["e", 0, 0]]}, "registered_name": "Functional"}""";
        KerasImportException e = assertThrows(KerasImportException.class, () -> KerasJson.load(keras3, KerasJson.Options.lenient()));
        assertEquals(List.of("e (Dense): call argument scale=2.0 is not supported"), e.problems());
        assertEquals(15 + 8, KerasJson.read(keras3.replace(", \"scale\": 2.0", "")).countParams());
    }
}
