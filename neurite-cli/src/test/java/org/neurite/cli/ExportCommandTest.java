package org.neurite.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurite.io.safetensors.Safetensors;
import org.neurite.nn.Input;
import org.neurite.nn.Model;
import org.neurite.nn.Sequential;
import org.neurite.nn.layers.Dense;
import org.neurite.nn.layers.LSTM;
import org.neurite.onnx.OnnxExporter;
import org.neurite.tensor.Tensor;

/** ./neurite export MODEL out.onnx [--opset N] and MODEL out.safetensors (the graph itself is checked in ONNX Runtime by neurite-onnx's tests). */
class ExportCommandTest {
    @TempDir
    Path dir;

    private Path savedModel() throws Exception {
        Sequential m = new Sequential(Input.of(5, 2), new LSTM(3), new Dense(1));
        m.seed(4);
        Path file = dir.resolve("forecaster.nrt");
        m.save(file);
        return file;
    }

    @Test
    void writesTheOnnxFileOfTheSavedModelAtTheRequestedOpset() throws Exception {
        Path model = savedModel(), out = dir.resolve("f.onnx");
        Cli.Result r = Cli.run("export", model.toString(), out.toString(), "--opset", "17");
        assertEquals(0, r.code(), r.dump());
        assertTrue(r.out().contains("opset 17"), r.dump());
        assertArrayEquals(new OnnxExporter().opset(17).toBytes(Model.load(model)), Files.readAllBytes(out));
    }

    @Test
    void writesEveryWeightToSafetensors() throws Exception {
        Path model = savedModel(), out = dir.resolve("f.safetensors");
        Cli.Result r = Cli.run("export", model.toString(), out.toString());
        assertEquals(0, r.code(), r.dump());
        Map<String, Tensor> tensors = Safetensors.read(out).tensors();
        Model loaded = Model.load(model);
        int weights = 0;
        for (var l : loaded.layers()) {
            for (var w : l.weights()) {
                weights++;
                assertArrayEquals(w.value().data(), tensors.get(w.fullName()).data(), w.fullName());
            }
        }
        assertEquals(weights, tensors.size());
    }

    @Test
    void rejectsOtherExtensionsAndBadOpsets() throws Exception {
        Path model = savedModel();
        Cli.Result r = Cli.run("export", model.toString(), dir.resolve("f.pb").toString());
        assertEquals(2, r.code(), r.dump());
        assertTrue(r.err().contains(".onnx or .safetensors"), r.dump());
        Cli.Result bad = Cli.run("export", model.toString(), dir.resolve("f.onnx").toString(), "--opset", "9");
        assertEquals(1, bad.code(), bad.dump());
        assertTrue(bad.err().contains("opset must be 13 to 17"), bad.dump());
    }
}
