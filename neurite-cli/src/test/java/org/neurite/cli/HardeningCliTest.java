package org.neurite.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurite.data.IdxWriter;
import org.neurite.examples.LeNet5;
import org.neurite.nn.Model;
import org.neurite.nn.Sequential;

/** Issue 12, the command line: outputs checked first, diverged models not saved, numbers validated, hostile files refused. */
class HardeningCliTest {
    @TempDir
    Path dir;

    private static void assertNoStackTrace(Cli.Result r) {
        assertFalse(r.err().contains("\tat ") || r.err().contains("Exception:"), "a message, not a stack trace\n" + r.dump());
    }

    @Test
    void unwritableOutputsFailBeforeTraining() throws IOException {
        Path aFile = Files.writeString(dir.resolve("plain-file"), "x");
        String[][] cases = {
            {"train", "--out", "/proc/x.nrt"},
            {"train", "--out", dir.toString()},
            {"train", "--out", aFile.resolve("m.nrt").toString()},
            {"train", "--out", dir.resolve("ok.nrt").toString(), "--health", aFile.resolve("h.html").toString()},
            {"example", "lenet5", "--out", aFile.toString()},
            {"trace", "x.nrt", "--input", "1", "--target", "0", "--dot", aFile.resolve("g.dot").toString()},
        };
        for (String[] argv : cases) {
            long t0 = System.nanoTime();
            Cli.Result r = Cli.run(argv);
            assertEquals(2, r.code(), r.dump());
            assertTrue(r.err().contains("cannot save") || r.err().contains("not a folder"), r.dump());
            assertFalse(r.out().contains("Epoch"), "no training ran\n" + r.dump());
            assertTrue(System.nanoTime() - t0 < 5e9, "failed up front");
        }
        assertFalse(Files.exists(dir.resolve("ok.nrt")));
    }

    @Test
    void numericOptionsAreRangeChecked() {
        String[][] cases = {
            {"--batch-size", "2147483647"}, {"--batch-size", "99999999999"}, {"--batch-size", "0"}, {"--epochs", "0"},
            {"--epochs", "-3"}, {"--lr", "nan"}, {"--lr", "-1"}, {"--lr", "Infinity"}, {"--validation-split", "1"},
            {"--threads", "0"}, {"--threads", "100000"}, {"--seed", "1e3"},
        };
        for (String[] c : cases) {
            Cli.Result r = Cli.run("train", c[0], c[1], "--out", dir.resolve("m.nrt").toString());
            assertEquals(2, r.code(), String.join(" ", c) + "\n" + r.dump());
            assertTrue(r.err().contains(c[0]), r.dump());
        }
        Cli.Result r = Cli.run("example", "lenet5", "--samples", "0");
        assertEquals(2, r.code(), r.dump());
    }

    @Test
    void divergedTrainingStopsExitsNonZeroAndKeepsTheOldModel() throws IOException {
        Path out = dir.resolve("model.nrt");
        byte[] previous = "the previous, good model".getBytes(StandardCharsets.UTF_8);
        Files.write(out, previous);
        Cli.Result r = Cli.run("train", "--lr", "1e30", "--epochs", "1", "--out", out.toString());
        assertEquals(1, r.code(), r.dump());
        assertTrue(r.err().contains("training diverged") && r.err().contains("was not saved"), r.dump());
        assertArrayEquals(previous, Files.readAllBytes(out), "the existing model is untouched");
        assertNoStackTrace(r);
    }

    @Test
    void evaluateReadsOnlyTheTestSplitAndChecksItsCrc() throws IOException {
        Path data = Files.createDirectories(dir.resolve("mnist"));
        byte[] px = new byte[12 * 28 * 28];
        for (int i = 0; i < px.length; i++) px[i] = (byte) (i * 31);
        byte[] labels = new byte[12];
        for (int i = 0; i < labels.length; i++) labels[i] = (byte) (i % 10);
        IdxWriter.write(data.resolve("t10k-images-idx3-ubyte.gz"), new int[] {12, 28, 28}, px, true);
        IdxWriter.write(data.resolve("t10k-labels-idx1-ubyte.gz"), new int[] {12}, labels, true);
        Sequential model = LeNet5.build(10);
        model.seed(1);
        Path file = dir.resolve("lenet.nrt");
        model.save(file);

        Cli.Result r = Cli.run("evaluate", file.toString(), "--data", data.toString());
        assertEquals(0, r.code(), "no training files needed\n" + r.dump());
        assertTrue(r.out().contains("on 12 images"), r.dump());

        Path images = data.resolve("t10k-images-idx3-ubyte.gz");
        byte[] gz = Files.readAllBytes(images);
        gz[gz.length - 8] ^= 1; // one CRC byte
        Files.write(images, gz);
        r = Cli.run("evaluate", file.toString(), "--data", data.toString());
        assertEquals(1, r.code(), r.dump());
        assertTrue(r.err().contains("t10k-images-idx3-ubyte.gz") && r.err().contains("CRC32"), r.dump());
        assertNoStackTrace(r);
    }

    @Test
    void fifoAndDirectoryAreRefusedWithoutHanging() throws Exception {
        Path fifo = dir.resolve("model.fifo");
        boolean made;
        try {
            made = new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor() == 0;
        } catch (IOException e) {
            made = false;
        }
        assumeTrue(made, "mkfifo not available");
        for (String command : new String[] {"evaluate", "summary", "receptive-field"}) {
            Cli.Result r = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> Cli.run(command, fifo.toString()));
            assertEquals(1, r.code(), r.dump());
            assertTrue(r.err().contains("not a regular file"), r.dump());
        }
        Cli.Result r = Cli.run("evaluate", dir.toString());
        assertEquals(1, r.code(), r.dump());
        assertTrue(r.err().contains("is a directory"), r.dump());
    }

    @Test
    void hostileKerasJsonNeedingGigabytesIsOneLineNamingTheHeapSetting() throws IOException {
        Path json = Files.writeString(dir.resolve("big.json"), "{\"class_name\":\"Sequential\",\"config\":{\"name\":\"big\",\"layers\":["
                + "{\"class_name\":\"InputLayer\",\"config\":{\"batch_input_shape\":[null,2],\"name\":\"in\"}},"
                + "{\"class_name\":\"Dense\",\"config\":{\"name\":\"wide\",\"units\":46000}},"
                + "{\"class_name\":\"Dense\",\"config\":{\"name\":\"huge\",\"units\":46000}},"
                + "{\"class_name\":\"Dense\",\"config\":{\"name\":\"out\",\"units\":1}}]}}");
        Cli.Result r = Cli.run("trace", json.toString(), "--input", "1,2", "--target", "0");
        assertEquals(1, r.code(), r.dump());
        assertTrue(r.err().contains("huge/kernel") && r.err().contains("NEURITE_JAVA_OPTS=-Xmx"), r.dump());
        assertEquals(1, r.err().strip().lines().count(), r.dump());
    }

    @Test
    void outOfMemoryIsOneLineNamingTheHeapSetting() throws Exception {
        // a real OutOfMemoryError, in a child JVM with a 24 MB heap: no JVM stack trace, the setting to raise
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(javaBin, "-Xmx24m", "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "train", "--epochs", "1", "--out", dir.resolve("m.nrt").toString()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, java.util.concurrent.TimeUnit.SECONDS));
        assertEquals(1, p.exitValue(), output);
        assertTrue(output.contains("NEURITE_JAVA_OPTS=-Xmx") && (output.contains("out of memory") || output.contains("needs about")), output);
        assertFalse(output.contains("\tat ") || output.contains("Exception in thread"), output);
    }

    @Test
    void controlCharactersFromFilesAreEscaped() throws IOException {
        Path json = Files.writeString(dir.resolve("esc.json"), "{\"class_name\":\"Sequential\",\"config\":{\"name\":\"s\",\"layers\":["
                + "{\"class_name\":\"\\u001b[2J\\u001b[31mEvil" + "x".repeat(100_000) + "\",\"config\":{}}]}}");
        Cli.Result r = Cli.run("summary", json.toString());
        assertEquals(1, r.code(), r.dump());
        assertFalse(r.err().contains("\u001b"), "no raw escape codes");
        assertTrue(r.err().length() < 6000, "capped: " + r.err().length() + " characters");
    }

    @Test
    void aLateSaveFailureRescuesTheModelAndSaysWhere() throws IOException {
        Model model = LeNet5.build(10);
        Path blocked = Files.writeString(dir.resolve("blocker"), "x").resolve("model.nrt"); // parent is a file
        Path rescueDir = Files.createDirectories(dir.resolve("rescue"));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        assertFalse(Outputs.saveModel(model, blocked, out, out, blocked.getParent().resolve("sub"), rescueDir));
        String text = bytes.toString(StandardCharsets.UTF_8);
        try (Stream<Path> s = Files.list(rescueDir)) {
            Path rescued = s.findFirst().orElseThrow(() -> new AssertionError("nothing rescued: " + text));
            assertTrue(text.contains("saved instead to") && text.contains(rescued.getFileName().toString()), text);
            assertEquals(model.countParams(), Model.load(rescued).countParams());
        }
    }
}
