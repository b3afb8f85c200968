package org.neurite.io.keras.h5;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurite.io.keras.KerasJson;
import org.neurite.nn.Input;
import org.neurite.nn.Layer;
import org.neurite.nn.Model;
import org.neurite.nn.Sequential;
import org.neurite.nn.Weight;
import org.neurite.nn.layers.Dense;
import org.neurite.nn.layers.LSTM;
import org.neurite.tensor.Tensor;

/**
 * Keras weight files written by h5py in Keras' layouts ({@code src/test/resources/keras/
 * make_h5_fixtures.py}): every value lands in the right weight, for the .keras zip, the legacy
 * full-model .h5, Keras 3 .weights.h5 (LSTM cell vars) and legacy save_weights .h5.
 */
class KerasWeightsTest {
    static Path resource(Path dir, String name) throws IOException {
        try (InputStream in = KerasWeightsTest.class.getResourceAsStream("/keras/" + name)) {
            if (in == null) throw new IOException("missing test resource keras/" + name);
            Path p = dir.resolve(name);
            Files.write(p, in.readAllBytes());
            return p;
        }
    }

    /** Each weight holds l + v/10 + i/1000 (layer l among those with weights, variable v, flat index i). */
    static void assertFixtureValues(Model model) {
        int l = 0;
        for (Layer layer : model.layers()) {
            List<Weight> ws = layer.weights();
            if (ws.isEmpty()) continue;
            for (int v = 0; v < ws.size(); v++) {
                float[] data = ws.get(v).value().data();
                for (int i = 0; i < data.length; i++) {
                    assertEquals((float) (l + v / 10.0 + i / 1000.0), data[i], 1e-6f, ws.get(v).fullName() + "[" + i + "]");
                }
            }
            l++;
        }
        assertTrue(l >= 2);
    }

    @Test
    void kerasZip(@TempDir Path dir) throws IOException {
        Model m = KerasModelFile.load(resource(dir, "cnn.keras"));
        assertEquals("cnn", m.name());
        assertEquals(List.of("conv", "bn", "flatten", "out"), m.layers().stream().map(Layer::name).toList());
        assertFixtureValues(m);
        Tensor y = m.predict(Tensor.ones(1, 6, 6, 2));
        assertEquals(1f, y.sum().item(), 1e-5f); // softmax head
    }

    @Test
    void legacyFullModelH5(@TempDir Path dir) throws IOException {
        Model m = KerasModelFile.load(resource(dir, "cnn_legacy.h5"));
        assertFixtureValues(m);
        assertEquals(KerasModelFile.load(resource(dir, "cnn.keras")).summary(), m.summary());
    }

    @Test
    void keras3WeightsH5WithLstmCell(@TempDir Path dir) throws IOException {
        Model m = KerasJson.read(resource(dir, "rnn.keras2.json"));
        KerasWeights.load(m, resource(dir, "rnn.weights.h5"));
        assertFixtureValues(m);
    }

    @Test
    void legacyWeightsOnlyH5(@TempDir Path dir) throws IOException {
        Model m = KerasJson.read(resource(dir, "rnn.keras2.json"));
        KerasWeights.load(m, resource(dir, "rnn_legacy.weights.h5"));
        assertFixtureValues(m);
        IOException e = assertThrows(IOException.class, () -> KerasModelFile.load(resource(dir, "rnn_legacy.weights.h5")));
        assertTrue(e.getMessage().contains("weights only"), e.getMessage());
    }

    @Test
    void mismatchesAreListedTogether(@TempDir Path dir) throws IOException {
        Sequential wrong = new Sequential(Input.of(5, 3), new LSTM(5).name("lstm"), new Dense(2).name("dense"));
        float[] before = wrong.layers().get(1).weights().get(0).value().data().clone();
        IOException e = assertThrows(IOException.class, () -> KerasWeights.load(wrong, resource(dir, "rnn_legacy.weights.h5")));
        assertTrue(e.getMessage().contains("lstm/kernel is (3, 20) but /lstm/lstm/lstm_cell/kernel:0 is (3, 16)"), e.getMessage());
        assertTrue(e.getMessage().contains("dense/kernel is (5, 2)"), e.getMessage());
        assertEquals(before[0], wrong.layers().get(1).weights().get(0).value().data()[0], "nothing assigned");

        Sequential renamed = new Sequential(Input.of(5, 3), new LSTM(4).name("encoder"), new Dense(2).name("dense"));
        IOException e2 = assertThrows(IOException.class, () -> KerasWeights.load(renamed, resource(dir, "rnn_legacy.weights.h5")));
        assertTrue(e2.getMessage().contains("encoder (LSTM): not in the file's layer_names"), e2.getMessage());
        assertTrue(e2.getMessage().contains("layer lstm in the file has weights"), e2.getMessage());
    }

    @Test
    void notKerasFiles(@TempDir Path dir) throws IOException {
        Path junk = dir.resolve("junk.h5");
        Files.write(junk, "hello world, not hdf5".getBytes(StandardCharsets.UTF_8));
        assertTrue(assertThrows(IOException.class, () -> KerasModelFile.load(junk)).getMessage().contains("neither a .keras zip nor an HDF5"));
        Path fake = dir.resolve("fake.h5");
        byte[] bytes = new byte[64];
        System.arraycopy(new byte[] {(byte) 0x89, 'H', 'D', 'F'}, 0, bytes, 0, 4);
        Files.write(fake, bytes);
        assertThrows(IOException.class, () -> KerasModelFile.load(fake));
    }

    @Test
    void snakeCaseIsKeras() {
        assertEquals("conv2d", KerasWeights.snakeCase("Conv2D"));
        assertEquals("max_pooling2d", KerasWeights.snakeCase("MaxPooling2D"));
        assertEquals("batch_normalization", KerasWeights.snakeCase("BatchNormalization"));
        assertEquals("conv2d_transpose", KerasWeights.snakeCase("Conv2DTranspose"));
        assertEquals("up_sampling2d", KerasWeights.snakeCase("UpSampling2D"));
        assertEquals("lstm", KerasWeights.snakeCase("LSTM"));
        assertEquals("multi_head_attention", KerasWeights.snakeCase("MultiHeadAttention"));
    }
}
