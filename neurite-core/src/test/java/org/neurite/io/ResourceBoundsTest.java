package org.neurite.io;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurite.io.keras.KerasImportException;
import org.neurite.io.keras.KerasJson;
import org.neurite.nn.Input;
import org.neurite.nn.Model;
import org.neurite.nn.Sequential;
import org.neurite.nn.layers.Conv2D;
import org.neurite.nn.layers.Dense;
import org.neurite.nn.layers.Flatten;
import org.neurite.tensor.MemoryBudget;
import org.neurite.tensor.Tensor;

/** Issue 12: hostile geometry and sizes are refused at load time, or before allocating, naming the layer and the estimate. */
class ResourceBoundsTest {
    @TempDir
    Path dir;

    private static void assertMessage(Throwable e, String... parts) {
        for (String p : parts) assertTrue(e.getMessage() != null && e.getMessage().contains(p), "expected \"" + p + "\" in: " + e.getMessage());
    }

    @Test
    void hugeDilationIsRefusedWhenTheLayerIsAdded() {
        Sequential s = new Sequential(Input.of("x", 28, 28, 1));
        Conv2D conv = new Conv2D(2, 3).padding("same").dilationRate(1_000_000);
        assertMessage(assertThrows(IllegalArgumentException.class, () -> s.add(conv)), conv.name(), "2000001", "65536");
    }

    @Test
    void modelFileEditedToDilationOneMillionFailsAtLoad() throws IOException {
        Model m = new Sequential(Input.of("x", 8, 8, 1), new Conv2D(2, 3).padding("same").dilationRate(2), new Flatten(), new Dense(2));
        Path f = dir.resolve("m.nrt");
        m.save(f);
        byte[] b = Files.readAllBytes(f);
        long headerLength = ByteBuffer.wrap(b, 12, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        String header = new String(b, 20, (int) headerLength, StandardCharsets.UTF_8);
        String edited = header.replace("\"dilation_rate\":[2,2]", "\"dilation_rate\":[1000000,1000000]");
        assertTrue(!edited.equals(header), header);
        byte[] h = edited.getBytes(StandardCharsets.UTF_8);
        ByteBuffer out = ByteBuffer.allocate(b.length - (int) headerLength + h.length).order(ByteOrder.LITTLE_ENDIAN);
        out.put(b, 0, 12).putLong(h.length).put(h).put(b, 20 + (int) headerLength, b.length - 20 - (int) headerLength);
        Files.write(f, out.array());
        assertMessage(assertThrows(ModelFormatException.class, () -> Model.load(f)), "m.nrt", "dilation", "65536");
    }

    @Test
    void weightsThatCannotFitAreRefusedNamingTheWeight() {
        // 46,000 x 46,000 floats = 7.9 GB: more than the test heap (4 GB), fewer elements than a Java array can hold
        String json = "{\"class_name\":\"Sequential\",\"config\":{\"name\":\"big\",\"layers\":["
                + "{\"class_name\":\"InputLayer\",\"config\":{\"batch_input_shape\":[null,46000],\"name\":\"in\"}},"
                + "{\"class_name\":\"Dense\",\"config\":{\"name\":\"huge\",\"units\":46000}}]}}";
        Model m = KerasJson.read(json);
        MemoryBudget.InsufficientMemoryException e = assertThrows(MemoryBudget.InsufficientMemoryException.class,
                () -> m.predict(Tensor.of(new float[46000], 1, 46000)));
        assertMessage(e, "huge/kernel", "46000, 46000", "GB");
        assertTrue(e.requiredBytes() > 8_000_000_000L);
    }

    @Test
    void activationsThatCannotFitAreRefusedNamingTheLayer() {
        Sequential s = new Sequential(Input.of("x", 1), new Dense(1_000_000));
        // a batch of 20,000 rows of 1,000,000 floats = 80 GB of output
        MemoryBudget.InsufficientMemoryException e = assertThrows(MemoryBudget.InsufficientMemoryException.class,
                () -> s.predict(Tensor.of(new float[20_000], 20_000, 1), 20_000));
        assertMessage(e, s.layers().get(0).name(), "batch of 20000", "GB");
    }

    @Test
    void layerCountIsBounded() {
        StringBuilder sb = new StringBuilder("{\"class_name\":\"Sequential\",\"config\":{\"name\":\"s\",\"layers\":[");
        for (int i = 0; i <= ModelFile.MAX_LAYERS; i++) sb.append(i == 0 ? "" : ",").append("{}");
        sb.append("]}}");
        assertMessage(assertThrows(KerasImportException.class, () -> KerasJson.read(sb.toString())), "100001 layers", "100000");
    }

    @Test
    void quotedContentIsCappedAndEscaped() {
        String hostile = "\u001b[31mred\u001b[0m" + "x".repeat(1_000_000);
        String q = ErrorText.quote(hostile);
        assertTrue(q.length() < 300 && !q.contains("\u001b") && q.contains("\\u001b[31mred"), q);
        String m = ErrorText.message("line 1\nline 2 \u0007" + "y".repeat(100_000));
        assertTrue(m.startsWith("line 1\nline 2 \\u0007") && m.length() < ErrorText.MAX_MESSAGE + 100, m.substring(0, 40));
        // a model file whose header quotes megabytes back: the message stays short
        ModelFormatException e = new ModelFormatException(Path.of("bad\u001b.nrt"), "got " + "z".repeat(5_000_000));
        assertTrue(e.getMessage().length() < 3000 && !e.getMessage().contains("\u001b"), e.getMessage().substring(0, 50));
    }
}
