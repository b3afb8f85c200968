package org.neurite.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurite.autograd.GradCheck;
import org.neurite.nn.Input;
import org.neurite.nn.LayerNames;
import org.neurite.nn.Model;
import org.neurite.nn.Regularizer;
import org.neurite.nn.Regularizers;
import org.neurite.nn.Sequential;
import org.neurite.nn.SymbolicTensor;
import org.neurite.nn.layers.Activation;
import org.neurite.nn.layers.Add;
import org.neurite.nn.layers.AveragePooling2D;
import org.neurite.nn.layers.Concatenate;
import org.neurite.nn.layers.Conv2D;
import org.neurite.nn.layers.Dense;
import org.neurite.nn.layers.Dropout;
import org.neurite.nn.layers.Flatten;
import org.neurite.nn.layers.MaxPooling2D;
import org.neurite.tensor.Padding;
import org.neurite.tensor.Tensor;

class ModelFileTest {
    @TempDir
    Path dir;

    @BeforeEach
    void clearSession() {
        LayerNames.reset();
    }

    private static Sequential cnn() {
        return (Sequential) new Sequential(
                new Conv2D(4, 3).activation("relu").padding("same").kernelRegularizer(Regularizers.l2(0.01f)).inputShape(8, 8, 3),
                new MaxPooling2D(2).padding("same").padValue(0f),
                new Conv2D(3, 2).strides(2).padding(Padding.of(1, 0, 1, 0)).dilationRate(1).useBias(false),
                new AveragePooling2D(2, 1),
                new Flatten(),
                new Dropout(0.25),
                new Dense(5, "leaky_relu"),
                new Dense(3, "softmax")).seed(11);
    }

    private static Model residual() {
        Input in = Input.of(6, 6, 2);
        SymbolicTensor x = new Conv2D(2, 3).padding("same").activation("tanh").apply(in);
        x = new Conv2D(2, 3).padding("same").apply(x);
        SymbolicTensor sum = new Activation("relu").apply(new Add().apply(x, in));
        SymbolicTensor both = new Concatenate().apply(sum, in);
        SymbolicTensor out = new Dense(2, "sigmoid").apply(new Flatten().apply(both));
        return new Model(in, out).name("resnet_block").seed(3);
    }

    @Test
    void sequentialRoundTripGivesSamePredictionsAndSummary() throws IOException {
        Sequential model = cnn();
        model.layers().get(6).trainable(false);
        Tensor x = GradCheck.randomInput(1, 4, 8, 8, 3);
        Path file = dir.resolve("cnn.nrt");
        model.save(file);
        Model loaded = Model.load(file);
        assertInstanceOf(Sequential.class, loaded);
        assertArrayEquals(model.apply(x).data(), loaded.apply(x).data(), 0f);
        assertEquals(model.summary(), loaded.summary());
        assertEquals(2, loaded.variables().stream().filter(v -> !v.trainable()).count());
        assertTrue(loaded.regularizationLoss() != null, "the L2 regularizer survives");
        assertEquals(model.regularizationLoss().item(), loaded.regularizationLoss().item(), 1e-6);
    }

    @Test
    void functionalRoundTripKeepsGraphAndNames() throws IOException {
        Model model = residual();
        Tensor x = GradCheck.randomInput(2, 3, 6, 6, 2);
        Path file = dir.resolve("res.nrt");
        model.save(file);
        Model loaded = Model.load(file);
        assertArrayEquals(model.apply(x).data(), loaded.apply(x).data(), 0f);
        assertEquals(model.summary(), loaded.summary());
        assertEquals("resnet_block", loaded.name());
    }

    @Test
    void emptyTruncatedAndForeignFilesAreReportedByName() throws IOException {
        Path file = dir.resolve("m.nrt");
        residual().save(file);
        byte[] good = Files.readAllBytes(file);

        Path empty = write("empty.nrt", new byte[0]);
        assertProblem(empty, "too short to be a Neurite model (0 bytes");
        Path cut = write("cut.nrt", Arrays.copyOf(good, good.length - 10));
        assertProblem(cut, "truncated: weight");
        Path headerCut = write("headercut.nrt", Arrays.copyOf(good, 60));
        assertProblem(headerCut, "the header length field says");
        Path foreign = write("foreign.nrt", "PK\u0003\u0004 this is a zip file, not a model".getBytes(StandardCharsets.ISO_8859_1));
        assertProblem(foreign, "not a Neurite model file (it should start with \"NRTMODEL\", it starts with \"PK\\x03\\x04 thi\")");
        Path extra = write("extra.nrt", Arrays.copyOf(good, good.length + 3));
        assertProblem(extra, "3 unexpected bytes after the weight data");
    }

    @Test
    void corruptContentIsDetected() throws IOException {
        Path file = dir.resolve("m.nrt");
        residual().save(file);
        byte[] good = Files.readAllBytes(file);

        byte[] flipped = good.clone();
        flipped[flipped.length - 5] ^= 0x40;
        assertProblem(write("flip.nrt", flipped), "weight data is corrupt (CRC32");

        byte[] huge = good.clone();
        ByteBuffer.wrap(huge).order(ByteOrder.LITTLE_ENDIAN).putLong(12, Long.MAX_VALUE / 2);
        assertProblem(write("huge.nrt", huge), "header length field says 4611686018427387903 bytes");

        byte[] badJson = good.clone();
        badJson[20] = '['; // the header's opening brace
        assertProblem(write("json.nrt", badJson), "corrupt header: ");

        byte[] version = good.clone();
        version[8] = 9;
        assertProblem(write("version.nrt", version), "format version 9 is not supported");

        // a shape larger than the file must be refused before any allocation
        String text = new String(good, 20, (int) ByteBuffer.wrap(good).order(ByteOrder.LITTLE_ENDIAN).getLong(12), StandardCharsets.UTF_8);
        String bigger = text.replaceFirst("\"shape\":\\[3,3,2,2\\]", "\"shape\":[300000,300000,2,2]");
        assertTrue(!bigger.equals(text));
        assertProblem(withHeader("big.nrt", good, bigger), "is larger than the whole file");
        String unknown = text.replace("\"class\":\"Add\"", "\"class\":\"Frobnicate\"");
        assertProblem(withHeader("unknown.nrt", good, unknown), "invalid model description: unknown layer class 'Frobnicate'");
    }

    @Test
    void failedSaveLeavesTheOldFileIntact() throws IOException {
        Path file = dir.resolve("keep.nrt");
        residual().save(file);
        byte[] before = Files.readAllBytes(file);

        Regularizer lambda = w -> w.sum();
        Sequential unsaveable = new Sequential(new Dense(2).kernelRegularizer(lambda).inputShape(3));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> unsaveable.save(file));
        assertTrue(e.getMessage().contains(": the kernel_regularizer is a custom regularizer"), e.getMessage());
        assertArrayEquals(before, Files.readAllBytes(file));

        IOException io = assertThrows(IOException.class, () -> AtomicFile.write(file, out -> {
            out.write(new byte[100_000]);
            throw new IOException("disk full");
        }));
        assertTrue(io.getMessage().contains("keep.nrt") && io.getMessage().endsWith(": disk full"), io.getMessage()); // destination and reason
        assertArrayEquals(before, Files.readAllBytes(file));
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "no temporary file left behind");
        }
    }

    private Path write(String name, byte[] bytes) throws IOException {
        return Files.write(dir.resolve(name), bytes);
    }

    private Path withHeader(String name, byte[] good, String header) throws IOException {
        int oldLength = (int) ByteBuffer.wrap(good).order(ByteOrder.LITTLE_ENDIAN).getLong(12);
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(good.length - oldLength + h.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put(good, 0, 12).putLong(h.length).put(h).put(good, 20 + oldLength, good.length - 20 - oldLength);
        return write(name, b.array());
    }

    private static void assertProblem(Path file, String fragment) {
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> Model.load(file));
        assertTrue(e.getMessage().startsWith(file.toString() + ": "), e.getMessage());
        assertTrue(e.getMessage().contains(fragment), e.getMessage());
    }
}
