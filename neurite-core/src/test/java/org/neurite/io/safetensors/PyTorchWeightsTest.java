package org.neurite.io.safetensors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurite.io.Json;
import org.neurite.nn.Input;
import org.neurite.nn.Layer;
import org.neurite.nn.Sequential;
import org.neurite.nn.layers.Activation;
import org.neurite.nn.layers.BatchNormalization;
import org.neurite.nn.layers.Conv2D;
import org.neurite.nn.layers.Conv2DTranspose;
import org.neurite.nn.layers.Dense;
import org.neurite.nn.layers.Flatten;
import org.neurite.nn.layers.LSTM;
import org.neurite.nn.layers.MaxPooling2D;
import org.neurite.tensor.Tensor;

/**
 * PyTorch state_dicts (written by {@code src/test/resources/safetensors/make_fixtures.py} from
 * torch modules) loaded into equivalent Neurite models give PyTorch's outputs to 1e-5.
 */
class PyTorchWeightsTest {
    private static float[] floats(Object list) {
        List<?> l = (List<?>) list;
        float[] out = new float[l.size()];
        for (int i = 0; i < out.length; i++) out[i] = ((Number) l.get(i)).floatValue();
        return out;
    }

    private static int[] ints(Object list) {
        return ((List<?>) list).stream().mapToInt(o -> ((Number) o).intValue()).toArray();
    }

    private static void assertSameOutputs(Sequential model, Path json) throws IOException {
        Map<?, ?> expected = (Map<?, ?>) Json.parse(Files.readString(json));
        Tensor x = Tensor.of(floats(expected.get("input")), ints(expected.get("input_shape")));
        Tensor y = model.predict(x);
        assertArrayEquals(ints(expected.get("output_shape")), y.shape().dims());
        float[] want = floats(expected.get("output"));
        for (int i = 0; i < want.length; i++) {
            assertEquals(want[i], y.data()[i], 1e-5f * Math.max(1f, Math.abs(want[i])), "output " + i);
        }
    }

    @Test
    void convBatchNormTransposedConvLinear(@TempDir Path dir) throws IOException {
        Layer conv = new Conv2D(4, 3).padding("same");
        Layer bn = new BatchNormalization().epsilon(1e-3f);
        Layer convt = new Conv2DTranspose(2, 3).strides(2, 2).padding("same");
        Layer fc = new Dense(5);
        Sequential model = new Sequential(Input.of(8, 8, 3), conv, bn, new Activation("relu"), new MaxPooling2D(2), convt, new Flatten(), fc);
        PyTorchWeights.load(model, SafetensorsTest.resource(dir, "cnn.safetensors"),
                Map.of("conv", conv.name(), "bn", bn.name(), "convt", convt.name(), "fc", fc.name()));
        assertSameOutputs(model, SafetensorsTest.resource(dir, "cnn.json"));
    }

    @Test
    void lstmGateOrderAndBiasSum(@TempDir Path dir) throws IOException {
        LSTM lstm = new LSTM(6);
        Dense head = new Dense(2);
        Sequential model = new Sequential(Input.of(5, 3), lstm, head);
        PyTorchWeights.load(model, SafetensorsTest.resource(dir, "lstm.safetensors"), Map.of("lstm", lstm.name(), "head", head.name()));
        assertSameOutputs(model, SafetensorsTest.resource(dir, "lstm.json"));
    }

    @Test
    void mismatchesAreAllReportedAndNothingIsAssigned(@TempDir Path dir) throws IOException {
        Dense head = new Dense(3); // the file's head is (2, 6)
        LSTM lstm = new LSTM(6);
        Sequential model = new Sequential(Input.of(5, 3), lstm, head);
        float[] before = lstm.kernel().value().data().clone();
        SafetensorsFormatException e = assertThrows(SafetensorsFormatException.class,
                () -> PyTorchWeights.load(model, SafetensorsTest.resource(dir, "lstm.safetensors"), Map.of("lstm", lstm.name(), "head", head.name(), "extra", "nope")));
        String m = e.getMessage();
        assertTrue(m.contains("head.weight (2, 6) becomes (6, 2), but " + head.name() + "/kernel is (6, 3)"), m);
        assertTrue(m.contains("nope"), m);
        assertArrayEquals(before, lstm.kernel().value().data(), "nothing assigned");
    }

    @Test
    void permuteMovesAxes() {
        // (2, 3) -> transpose
        assertArrayEquals(new float[] {0, 3, 1, 4, 2, 5}, PyTorchWeights.permute(new float[] {0, 1, 2, 3, 4, 5}, new int[] {2, 3}, new int[] {1, 0}));
        // OIHW (1, 2, 1, 2) -> HWIO (1, 2, 2, 1): element (o, i, h, w) lands at (h, w, i, o)
        assertArrayEquals(new float[] {0, 2, 1, 3}, PyTorchWeights.permute(new float[] {0, 1, 2, 3}, new int[] {1, 2, 1, 2}, new int[] {2, 3, 1, 0}));
    }
}
