package org.neurite.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurite.nn.Input;
import org.neurite.nn.Model;
import org.neurite.nn.Sequential;
import org.neurite.nn.layers.Dense;
import org.neurite.nn.layers.Embedding;
import org.neurite.nn.layers.GRU;
import org.neurite.nn.layers.LayerNormalization;
import org.neurite.tensor.Tensor;

/**
 * Imports ONNX files written by PyTorch's torch.onnx.export (src/test/resources/pytorch/export_models.py
 * made them, with PyTorch's outputs for one input) and compares Neurite's predict with PyTorch to 1e-5.
 */
class OnnxImportTest {
    @TempDir
    Path dir;

    /** A text file of the shape on the first line and the values on the second. */
    static Tensor tensor(String resource) throws IOException {
        try (InputStream in = OnnxImportTest.class.getResourceAsStream("/pytorch/" + resource)) {
            String[] lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n");
            int[] dims = Arrays.stream(lines[0].trim().split(" ")).mapToInt(Integer::parseInt).toArray();
            String[] v = lines[1].trim().split(" ");
            float[] data = new float[v.length];
            for (int i = 0; i < v.length; i++) data[i] = Float.parseFloat(v[i]);
            return Tensor.of(data, dims);
        }
    }

    static Model imported(String name) throws IOException {
        try (InputStream in = OnnxImportTest.class.getResourceAsStream("/pytorch/" + name + ".onnx")) {
            return OnnxImporter.fromBytes(in.readAllBytes(), name + ".onnx");
        }
    }

    private void assertMatchesPyTorch(String name) throws IOException {
        Model m = imported(name);
        Tensor x = tensor(name + ".input.txt"), expected = tensor(name + ".output.txt");
        Tensor y = m.predict(x);
        assertArrayEquals(expected.shape().dims(), y.shape().dims(), name + ": output shape");
        for (int i = 0; i < y.size(); i++) {
            assertEquals(expected.data()[i], y.data()[i], 1e-5 * Math.max(1, Math.abs(expected.data()[i])), name + ": element " + i);
        }
        // the imported model is an ordinary Neurite model: it saves and loads with its weights
        Path file = dir.resolve(name + ".nrt");
        m.save(file);
        assertArrayEquals(y.data(), Model.load(file).predict(x).data(), name + ": after save and load");
    }

    @Test
    void mlpFromPyTorch() throws IOException {
        assertMatchesPyTorch("mlp");
    }

    @Test
    void cnnFromPyTorchKeepsTheNchwInput() throws IOException {
        assertMatchesPyTorch("cnn");
    }

    @Test
    void lstmFromPyTorch() throws IOException {
        assertMatchesPyTorch("lstm");
    }

    @Test
    void everyUnsupportedOperatorIsListedInOneError() {
        Model m = new Sequential(Input.of(5), new Embedding(10, 4), new LayerNormalization(), new GRU(3), new Dense(2));
        byte[] onnx = new OnnxExporter().toBytes(m);
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class, () -> OnnxImporter.fromBytes(onnx, "many.onnx"));
        for (String op : new String[] {"Cast", "GRU", "ReduceMean", "Sqrt", "Div"}) {
            assertTrue(e.getMessage().contains(op), op + " missing from: " + e.getMessage());
        }
        assertTrue(e.getMessage().startsWith("many.onnx: "), e.getMessage());
    }

    @Test
    void notAnOnnxFile() throws IOException {
        Path junk = dir.resolve("junk.onnx");
        Files.write(junk, new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff});
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> OnnxImporter.load(junk));
        assertTrue(e.getMessage().contains("junk.onnx: not an ONNX model"), e.getMessage());
    }

    @Test
    void truncatedFileFailsNamingIt() throws IOException {
        byte[] whole;
        try (InputStream in = OnnxImportTest.class.getResourceAsStream("/pytorch/mlp.onnx")) {
            whole = in.readAllBytes();
        }
        byte[] cut = Arrays.copyOf(whole, whole.length / 2);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> OnnxImporter.fromBytes(cut, "cut.onnx"));
        assertTrue(e.getMessage().startsWith("cut.onnx: "), e.getMessage());
    }
}
