package org.neurite.cli;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurite.data.Cifar10;
import org.neurite.data.IdxReader;
import org.neurite.data.IdxWriter;
import org.neurite.io.checkpoint.CheckpointFile;
import org.neurite.io.keras.h5.KerasModelFile;
import org.neurite.io.keras.h5.KerasWeights;
import org.neurite.io.safetensors.Safetensors;
import org.neurite.nn.Input;
import org.neurite.nn.Model;
import org.neurite.nn.Sequential;
import org.neurite.nn.layers.Conv2D;
import org.neurite.nn.layers.Dense;
import org.neurite.nn.layers.Flatten;
import org.neurite.nn.layers.MaxPooling2D;

/**
 * The hostile-input sweep of issue 12, run by hand (not part of the normal suite: the name does not
 * end in Test, and it needs {@code -Dneurite.sweep=true}):
 *
 * <pre>
 * mvn -B -ntp -o -q -pl neurite-cli -am test -Dtest=HostileInputSweep -Dsurefire.failIfNoSpecifiedTests=false -Dneurite.sweep=true
 * </pre>
 *
 * Several hundred hostile or careless inputs (mutated model files, hostile Keras JSON, corrupt data
 * files, FIFOs and directories, bad output paths, out-of-range options, truncated .keras/.h5,
 * checkpoints and safetensors) go to the command line in process and to the readers' API, each
 * with a time limit. Every outcome is classified: accepted, clear error, stack trace (a raw
 * exception or an unchecked one from the API), hang, data loss (an existing output changed by a
 * failed run, or a temporary file left behind). The counts are printed and written to
 * {@code target/hostile-sweep.txt}; the run fails if any of the last three is not zero.
 */
class HostileInputSweep {
    private static final long TIMEOUT_SECONDS = 120;

    @TempDir
    Path dir;

    private int tried, accepted, clear, traces, hangs, losses;
    private final List<String> findings = new ArrayList<>();
    /** Every input and the first line of what it printed, for reading the messages afterwards. */
    private final StringBuilder transcript = new StringBuilder();
    private final ExecutorService pool = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "sweep");
        t.setDaemon(true);
        return t;
    });

    @FunctionalInterface
    interface ApiCall {
        void run() throws Exception;
    }

    @Test
    void sweep() throws Exception {
        assumeTrue(Boolean.getBoolean("neurite.sweep"), "run by hand with -Dneurite.sweep=true");
        long t0 = System.nanoTime();
        Random r = new Random(12);
        Path small = smallModel();
        modelFileMutations(small, r);
        hostileKerasJson();
        hostileDataFolders();
        pathsAndSpecialFiles(small);
        options();
        outputs(small);
        kerasFiles(r);
        otherReaders(r);
        divergenceAndOverflow();
        String report = String.format("hostile-input sweep: %d inputs tried, %d accepted, %d clear errors, %d stack traces, %d hangs, %d data-loss cases (%.0f s)%n",
                tried, accepted, clear, traces, hangs, losses, (System.nanoTime() - t0) / 1e9);
        StringBuilder sb = new StringBuilder(report);
        for (String f : findings) sb.append("  ").append(f).append('\n');
        System.out.print(sb);
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target", "hostile-sweep.txt"), sb.toString());
        Files.writeString(Path.of("target", "hostile-sweep-messages.txt"), transcript.toString());
        if (traces + hangs + losses > 0) throw new AssertionError(sb.toString());
    }

    // ---------------------------------------------------------------- the inputs

    private Path smallModel() throws IOException {
        Model m = new Sequential(Input.of("x", 28, 28, 1), new Conv2D(2, 3).padding("same").dilationRate(2), new MaxPooling2D(2),
                new Flatten(), new Dense(10, "softmax"));
        Path f = dir.resolve("small.nrt");
        m.save(f);
        return f;
    }

    private void modelFileMutations(Path small, Random r) throws IOException {
        byte[] b = Files.readAllBytes(small);
        long headerLength = ByteBuffer.wrap(b, 12, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        String header = new String(b, 20, (int) headerLength, StandardCharsets.UTF_8);
        for (int i = 0; i < 30; i++) {
            int cut = i == 0 ? 0 : r.nextInt(b.length);
            cli("summary truncated at " + cut, null, "summary", write("cut" + i + ".nrt", Arrays.copyOf(b, cut)).toString());
        }
        for (int i = 0; i < 40; i++) {
            byte[] c = b.clone();
            int pos = i < 20 ? 20 + r.nextInt((int) headerLength) : r.nextInt(c.length); // half in the JSON header
            c[pos] ^= (byte) (1 << r.nextInt(8));
            cli("evaluate, bit flip at " + pos, null, "evaluate", write("flip" + i + ".nrt", c).toString());
        }
        String[][] edits = {
            {"\"dilation_rate\":[2,2]", "\"dilation_rate\":[1000000,1000000]"},
            {"\"dilation_rate\":[2,2]", "\"dilation_rate\":[2147483647,1]"},
            {"\"dilation_rate\":[2,2]", "\"dilation_rate\":[-1,2]"},
            {"\"kernel_size\":[3,3]", "\"kernel_size\":[65535,65535]"},
            {"\"kernel_size\":[3,3]", "\"kernel_size\":[0,3]"},
            {"\"filters\":2", "\"filters\":2000000000"},
            {"\"units\":10", "\"units\":100000000"},
            {"\"units\":10", "\"units\":-10"},
            {"\"units\":10", "\"units\":1e400"},
            {"\"units\":10", "\"units\":\"ten\""},
            {"\"shape\":[28,28,1]", "\"shape\":[65536,65536,1]"},
            {"\"shape\":[28,28,1]", "\"shape\":[2147483647,2147483647,2147483647]"},
            {"\"pool_size\":[2,2]", "\"pool_size\":[100000,100000]"},
            {"\"strides\":[2,2]", "\"strides\":[0,0]"},
            {"\"class\":\"Dense\"", "\"class\":\"\\u001b[2J\\u001b[31mEvil\""},
            {"\"class\":\"Dense\"", "\"class\":\"" + "D".repeat(200_000) + "\""},
            {"\"name\":\"x\"", "\"name\":\"\\u0000\\u0007\\u001b]0;pwned\\u0007\""},
            {"\"layers\":[", "\"layers\":" + "[".repeat(5000)},
        };
        for (String[] e : edits) {
            if (!header.contains(e[0])) {
                findings.add("sweep setup: header lacks " + e[0]);
                continue;
            }
            cli("evaluate, header edit " + abbreviate(e[1]), null, "evaluate", write("edit" + tried + ".nrt", withHeader(b, headerLength, header.replace(e[0], e[1]))).toString());
        }
        // 200,001 layers declared
        StringBuilder many = new StringBuilder();
        for (int i = 0; i <= 200_000; i++) many.append("{\"class\":\"Flatten\",\"name\":\"f").append(i).append("\",\"config\":{}},");
        String manyHeader = header.replace("\"layers\":[", "\"layers\":[" + many);
        cli("summary, 200,001 more layers", null, "summary", write("many.nrt", withHeader(b, headerLength, manyHeader)).toString());
    }

    private void hostileKerasJson() throws IOException {
        String in = "{\"class_name\":\"InputLayer\",\"config\":{\"batch_input_shape\":[null,%s],\"name\":\"in\"}}";
        String[] bodies = {
            String.format(in, "2") + ",{\"class_name\":\"Dense\",\"config\":{\"name\":\"a\",\"units\":46000}},{\"class_name\":\"Dense\",\"config\":{\"name\":\"b\",\"units\":46000}},{\"class_name\":\"Dense\",\"config\":{\"name\":\"c\",\"units\":1}}",
            String.format(in, "2") + ",{\"class_name\":\"Dense\",\"config\":{\"name\":\"a\",\"units\":2147483647}}",
            String.format(in, "28,28,1") + ",{\"class_name\":\"Conv2D\",\"config\":{\"name\":\"c\",\"filters\":4,\"kernel_size\":[3,3],\"padding\":\"same\",\"dilation_rate\":[1000000,1000000]}}",
            String.format(in, "28,28,1") + ",{\"class_name\":\"Conv2D\",\"config\":{\"name\":\"c\",\"filters\":100000,\"kernel_size\":[3,3],\"padding\":\"same\"}}",
            String.format(in, "60000,60000,3"),
            String.format(in, "-1"),
            "{\"class_name\":\"\\u001b[31mX\",\"config\":{}}",
        };
        for (String body : bodies) {
            String json = "{\"class_name\":\"Sequential\",\"config\":{\"name\":\"s\",\"layers\":[" + body + "]}}";
            Path f = write("k" + tried + ".json", json.getBytes(StandardCharsets.UTF_8));
            cli("summary keras json " + abbreviate(body), null, "summary", f.toString());
            cli("trace keras json " + abbreviate(body), null, "trace", f.toString(), "--input", "1,2", "--target", "0");
        }
        for (int layers : new int[] {4_000, 20_000, 100_001}) {
            StringBuilder sb = new StringBuilder("{\"class_name\":\"Sequential\",\"config\":{\"name\":\"s\",\"layers\":[" + String.format(in, "3"));
            for (int i = 0; i < layers; i++) sb.append(",{\"class_name\":\"Activation\",\"config\":{\"name\":\"a").append(i).append("\",\"activation\":\"relu\"}}");
            sb.append("]}}");
            cli("summary keras json with " + layers + " layers", null, "summary", write("deep" + layers + ".json", sb.toString().getBytes(StandardCharsets.UTF_8)).toString());
        }
        cli("deeply nested json", null, "summary", write("nest.json", ("{\"a\":" + "[".repeat(100_000)).getBytes(StandardCharsets.UTF_8)).toString());
        cli("not utf-8 json", null, "summary", write("bad.json", new byte[] {'{', (byte) 0xff, (byte) 0xfe, '}'}).toString());
        cli("json number 1e99999", null, "summary", write("num.json", "{\"class_name\":1e99999}".getBytes(StandardCharsets.UTF_8)).toString());
    }

    private void hostileDataFolders() throws IOException {
        byte[] px = new byte[20 * 28 * 28];
        for (int i = 0; i < px.length; i++) px[i] = (byte) (i * 7);
        byte[] labels = new byte[20];
        for (int i = 0; i < 20; i++) labels[i] = (byte) (i % 10);
        Path model = dir.resolve("lenet.nrt");
        org.neurite.examples.LeNet5.build(10).save(model);
        record Case(String what, byte[] images, byte[] labels) {}
        byte[] goodImages = gzip(idx(0x803, new int[] {20, 28, 28}, px));
        byte[] goodLabels = gzip(idx(0x801, new int[] {20}, labels));
        List<Case> cases = new ArrayList<>();
        cases.add(new Case("intact", goodImages, goodLabels));
        for (int k = 1; k <= 8; k++) {
            byte[] c = goodImages.clone();
            c[c.length - k] ^= 0x10;
            cases.add(new Case("trailer byte " + k + " from the end flipped", c, goodLabels));
        }
        for (int cut : new int[] {0, 1, 10, 19, goodImages.length / 2, goodImages.length - 1}) {
            cases.add(new Case("images truncated at " + cut, Arrays.copyOf(goodImages, cut), goodLabels));
        }
        cases.add(new Case("header claims 1,000,000 images (a 762 KB-like bomb)", gzip(idx(0x803, new int[] {1_000_000, 28, 28}, new byte[784_000_000 / 100])), goodLabels));
        cases.add(new Case("762 KB gzip of 1,000,000 real 28x28 images (784 MB of pixels, ~4 GB as floats)", zeroImagesGzip(1_000_000), goodLabels));
        cases.add(new Case("header dims 2^31-1", idx(0x803, new int[] {Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE}, new byte[0]), goodLabels));
        cases.add(new Case("row of 1,000,000 pixels", idx(0x803, new int[] {1, 1, 1_000_000}, new byte[10]), goodLabels));
        cases.add(new Case("wrong magic", idx(0x804, new int[] {20, 28, 28, 1}, px), goodLabels));
        cases.add(new Case("little-endian magic", idx(0x03080000, new int[] {20, 28, 28}, px), goodLabels));
        cases.add(new Case("labels out of range", goodImages, gzip(idx(0x801, new int[] {20}, new byte[] {(byte) 200, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9}))));
        cases.add(new Case("label count differs", goodImages, gzip(idx(0x801, new int[] {5}, new byte[] {1, 2, 3, 4, 5}))));
        cases.add(new Case("images of 27x28", gzip(idx(0x803, new int[] {20, 27, 28}, Arrays.copyOf(px, 20 * 27 * 28))), goodLabels));
        cases.add(new Case("random bytes", randomBytes(5000, 3), randomBytes(100, 4)));
        cases.add(new Case("garbage after the gzip member", concat(goodImages, randomBytes(50, 5)), goodLabels));
        for (Case c : cases) {
            Path data = Files.createDirectories(dir.resolve("data" + tried));
            Files.write(data.resolve("t10k-images-idx3-ubyte.gz"), c.images());
            Files.write(data.resolve("t10k-labels-idx1-ubyte.gz"), c.labels());
            cli("evaluate --data: " + c.what(), null, "evaluate", model.toString(), "--data", data.toString());
        }
        // a FIFO in place of the images
        Path fifoData = Files.createDirectories(dir.resolve("fifo-data"));
        Files.write(fifoData.resolve("t10k-labels-idx1-ubyte.gz"), goodLabels);
        if (mkfifo(fifoData.resolve("t10k-images-idx3-ubyte.gz"))) cli("evaluate --data with a FIFO", null, "evaluate", model.toString(), "--data", fifoData.toString());
        Path dirData = Files.createDirectories(dir.resolve("dir-data"));
        Files.createDirectories(dirData.resolve("t10k-images-idx3-ubyte.gz"));
        Files.write(dirData.resolve("t10k-labels-idx1-ubyte.gz"), goodLabels);
        cli("evaluate --data with a folder named like the file", null, "evaluate", model.toString(), "--data", dirData.toString());
        cli("evaluate --data missing folder", null, "evaluate", model.toString(), "--data", dir.resolve("nope").toString());
        cli("train --data folder without files", null, "train", "--data", dir.toString(), "--out", dir.resolve("t.nrt").toString());
        cli("train exam-cifar --data without batches", null, "train", "--model", "exam-cifar", "--data", dir.toString(), "--out", dir.resolve("t.nrt").toString());
    }

    private void pathsAndSpecialFiles(Path small) throws IOException {
        Path fifo = dir.resolve("m.fifo");
        boolean haveFifo = mkfifo(fifo);
        for (String cmd : new String[] {"evaluate", "summary", "receptive-field"}) {
            if (haveFifo) cli(cmd + " FIFO", null, cmd, fifo.toString());
            cli(cmd + " directory", null, cmd, dir.toString());
            cli(cmd + " missing", null, cmd, dir.resolve("missing.nrt").toString());
            cli(cmd + " /dev/zero", null, cmd, "/dev/zero");
            cli(cmd + " empty file", null, cmd, write("empty" + tried, new byte[0]).toString());
            cli(cmd + " random bytes", null, cmd, write("rand" + tried, randomBytes(4096, tried)).toString());
            cli(cmd + " NRTMODEL + garbage", null, cmd, write("nrtg" + tried, concat("NRTMODEL".getBytes(StandardCharsets.US_ASCII), randomBytes(100, tried))).toString());
            cli(cmd + " name with escape codes", null, cmd, dir.resolve("\u001b[31mred.nrt").toString());
        }
        Path loop = dir.resolve("loop.nrt");
        try {
            Files.createSymbolicLink(loop, loop.getFileName());
            cli("summary symlink loop", null, "summary", loop.toString());
        } catch (IOException | UnsupportedOperationException ignored) {
            // no symlinks here
        }
    }

    private void options() {
        String out = dir.resolve("opt.nrt").toString();
        String[][] cases = {
            {"train", "--batch-size", "2147483647"}, {"train", "--batch-size", "-1"}, {"train", "--batch-size", "9999999999999999999999"},
            {"train", "--epochs", "0"}, {"train", "--epochs", "2147483648"}, {"train", "--lr", "NaN"}, {"train", "--lr", "0"},
            {"train", "--lr", "-Infinity"}, {"train", "--lr", "1e99"}, {"train", "--validation-split", "-0.5"},
            {"train", "--validation-split", "1.5"}, {"train", "--validation-split", "NaN"}, {"train", "--threads", "-4"},
            {"train", "--threads", "2147483647"}, {"train", "--seed", "x"}, {"train", "--seed", "99999999999999999999"},
            {"train", "--model", "\u001b[31mnope"}, {"train", "--nope", "1"}, {"train", "--epochs"}, {"train", "stray"},
            {"example", "lenet5", "--epochs", "-1"}, {"example", "lenet5", "--samples", "2147483648"}, {"example", "nope"},
            {"example", "lenet5", "--threads", "0"}, {"example", "lenet5", "--seed", "1.5"},
            {"bench", "--threads", "0"}, {"bench", "--seconds", "NaN"}, {"bench", "--seconds", "-1"}, {"bench", "--warmup", "Infinity"},
            {"bench", "no-such-workload"}, {"trace", out, "--input", "1"}, {"trace", out}, {"evaluate"}, {"evaluate", "a", "b"},
            {"summary", "--formulas"}, {"\u001b[2Jcmd"}, {"receptive-field"},
        };
        for (String[] c : cases) {
            List<String> argv = new ArrayList<>(Arrays.asList(c));
            if (c[0].equals("train")) argv.addAll(List.of("--out", out));
            cli("options " + String.join(" ", c), null, argv.toArray(String[]::new));
        }
    }

    private void outputs(Path small) throws IOException {
        Path existing = dir.resolve("keep.nrt");
        Files.copy(small, existing);
        Path aFile = Files.writeString(dir.resolve("a-file"), "x");
        String[][] cases = {
            {"train", "--out", "/proc/x.nrt"},
            {"train", "--out", "/dev/full"},
            {"train", "--out", dir.toString()},
            {"train", "--out", aFile.resolve("m.nrt").toString()},
            {"train", "--out", existing.toString(), "--health", "/proc/h.html"},
            {"train", "--out", existing.toString(), "--health", aFile.resolve("h.html").toString()},
            {"train", "--out", existing.toString(), "--health", dir.toString()},
            {"example", "lenet5", "--out", aFile.toString()},
            {"example", "lenet5", "--out", "/proc/examples"},
            {"trace", small.toString(), "--input", "1", "--target", "0", "--dot", "/proc/g.dot"},
        };
        for (String[] c : cases) cli("outputs " + String.join(" ", c), existing, c);

        // kill -9 leftovers of earlier saves (a PID above pid_max is never running): removed by the next save
        Path dot = dir.resolve("graph.dot");
        write(".graph.dot.4194999999.42.tmp", new byte[1 << 20]);
        write(".graph.dot.1.tmp", new byte[1 << 20]);
        Files.setLastModifiedTime(dir.resolve(".graph.dot.1.tmp"), java.nio.file.attribute.FileTime.fromMillis(0));
        Path json = write("tiny.json", ("{\"class_name\":\"Sequential\",\"config\":{\"name\":\"s\",\"layers\":[{\"class_name\":\"InputLayer\","
                + "\"config\":{\"batch_input_shape\":[null,2],\"name\":\"in\"}},{\"class_name\":\"Dense\",\"config\":{\"name\":\"d\",\"units\":1}}]}}")
                .getBytes(StandardCharsets.UTF_8));
        cli("trace --dot over kill -9 leftovers", null, "trace", json.toString(), "--input", "1,2", "--target", "0", "--dot", dot.toString());
        if (Files.exists(dir.resolve(".graph.dot.1.tmp"))) {
            losses++;
            findings.add("DATA LOSS: an old-style kill -9 leftover was not removed");
        }
        // saving through a symbolic link updates its target and keeps the link
        Path real = write("real.dot", new byte[0]);
        Path link = dir.resolve("link.dot");
        Files.createSymbolicLink(link, real.getFileName());
        cli("trace --dot through a symlink", null, "trace", json.toString(), "--input", "1,2", "--target", "0", "--dot", link.toString());
        if (!Files.isSymbolicLink(link) || Files.size(real) == 0) {
            losses++;
            findings.add("DATA LOSS: saving through a symbolic link replaced the link");
        }
    }

    private void kerasFiles(Random r) throws IOException {
        Path src = Path.of("..", "neurite-io-keras", "src", "test", "resources", "keras");
        for (String name : new String[] {"cnn.keras", "cnn_legacy.h5", "rnn.weights.h5"}) {
            Path file = src.resolve(name);
            if (!Files.isRegularFile(file)) {
                findings.add("sweep setup: missing " + file);
                continue;
            }
            byte[] b = Files.readAllBytes(file);
            for (int i = 0; i < 25; i++) {
                byte[] c = i < 12 ? Arrays.copyOf(b, r.nextInt(b.length)) : b.clone();
                if (i >= 12) for (int k = 0; k < 1 + i % 4; k++) c[r.nextInt(c.length)] ^= (byte) (1 << r.nextInt(8));
                Path f = write(name + "." + i, c);
                api("KerasModelFile.load " + name + (i < 12 ? " truncated" : " bit flips") + " #" + i, f, () -> KerasModelFile.load(f));
                api("KerasWeights.load " + name + " #" + i, f, () -> KerasWeights.load(new Sequential(Input.of("x", 2), new Dense(3)), f));
            }
        }
    }

    private void otherReaders(Random r) throws IOException {
        Path ck = dir.resolve("c.ckpt");
        Path st = dir.resolve("w.safetensors");
        Path sfSrc = Path.of("..", "neurite-core", "src", "test", "resources", "org", "neurite", "fuzz", "SafetensorsFuzzTestInputs", "safetensors", "two.safetensors");
        Path ckSrc = Path.of("..", "neurite-core", "src", "test", "resources", "org", "neurite", "fuzz", "CheckpointFuzzTestInputs", "checkpoint", "adam.ckpt");
        for (Path[] p : new Path[][] {{ckSrc, ck}, {sfSrc, st}}) {
            if (!Files.isRegularFile(p[0])) {
                findings.add("sweep setup: missing " + p[0]);
                continue;
            }
            byte[] b = Files.readAllBytes(p[0]);
            for (int i = 0; i < 20; i++) {
                byte[] c = i < 10 ? Arrays.copyOf(b, r.nextInt(b.length)) : b.clone();
                if (i >= 10) c[r.nextInt(c.length)] ^= (byte) (1 << r.nextInt(8));
                Path f = write(p[1].getFileName() + "." + i, c);
                if (p[1] == ck) api("CheckpointFile.read #" + i, f, () -> CheckpointFile.read(f));
                else api("Safetensors.read #" + i, f, () -> Safetensors.read(f));
            }
        }
        for (int i = 0; i < 20; i++) {
            byte[] c = randomBytes(r.nextInt(10_000), 100 + i);
            if (i % 2 == 0) c = gzip(c);
            if (i % 3 == 0) c[c.length - 1 - r.nextInt(Math.min(8, c.length))] ^= 1;
            Path f = write("rand" + i + ".bin", c);
            api("IdxReader.read random #" + i, f, () -> IdxReader.read(f));
            api("Cifar10.readBatch random #" + i, f, () -> Cifar10.readBatch(f, Integer.MAX_VALUE));
        }
        Path idx = dir.resolve("w.idx.gz");
        IdxWriter.write(idx, new int[] {3, 2}, new byte[6], true);
        Path link = dir.resolve("link.idx.gz");
        Files.createSymbolicLink(link, idx.getFileName());
        api("IdxWriter.write through a symlink", null, () -> {
            IdxWriter.write(link, new int[] {2}, new byte[] {1, 2}, true);
            if (!Files.isSymbolicLink(link)) throw new IllegalStateException("DATA LOSS: the link was replaced");
        });
    }

    private void divergenceAndOverflow() throws IOException {
        Path good = dir.resolve("good.nrt");
        Files.copy(dir.resolve("small.nrt"), good);
        cli("train --lr 1e30 over an existing model", good, "train", "--lr", "1e30", "--epochs", "1", "--validation-split", "0", "--out", good.toString());
        cli("train --lr 1e30 --batch-size 1048576", good, "train", "--lr", "1e30", "--epochs", "1", "--batch-size", "1048576", "--validation-split", "0", "--out", good.toString());
    }

    // ---------------------------------------------------------------- running and classifying

    /** Runs the command line in process; {@code guarded}: an existing file that a failed run must not change. */
    private void cli(String what, Path guarded, String... argv) {
        tried++;
        byte[] before = read(guarded);
        Future<Cli.Result> f = pool.submit(() -> Cli.run(argv));
        Cli.Result r;
        try {
            r = f.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            f.cancel(true);
            hangs++;
            findings.add("HANG: " + what);
            return;
        } catch (Exception e) {
            traces++;
            findings.add("CRASH (" + e.getCause() + "): " + what);
            return;
        }
        String err = r.err();
        transcript.append(what.length() > 120 ? what.substring(0, 120) + "..." : what).append("\n    exit ").append(r.code()).append(": ")
                .append(err.isBlank() ? "(no error output)" : abbreviate(err.lines().findFirst().orElse(""))).append('\n');
        boolean trace = err.contains("\tat ") || err.contains("Exception in thread") || err.contains("NEURITE_DEBUG")
                || err.matches("(?s).*\\b(java|javax|io|org)\\.[a-z]+\\.[A-Za-z.]*(Exception|Error)\\b.*") || err.contains("\u001b")
                || err.length() > 20_000;
        boolean lost = guarded != null && r.code() != 0 && !Arrays.equals(before, read(guarded));
        boolean leftovers = leftoverTemporaries();
        if (trace) {
            traces++;
            findings.add("STACK TRACE / RAW EXCEPTION: " + what + " -> " + abbreviate(err));
        } else if (lost || leftovers) {
            losses++;
            findings.add("DATA LOSS: " + what + (leftovers ? " (temporary files left)" : " (existing output changed)"));
        } else if (r.code() == 0) {
            accepted++;
        } else if (err.isBlank()) {
            traces++;
            findings.add("SILENT FAILURE (exit " + r.code() + "): " + what);
        } else {
            clear++;
        }
    }

    /** Calls the API; a clear error is an IOException or IllegalArgumentException whose message names the file. */
    private void api(String what, Path file, ApiCall call) {
        tried++;
        Future<?> f = pool.submit(() -> {
            call.run();
            return null;
        });
        try {
            f.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            accepted++;
        } catch (TimeoutException e) {
            f.cancel(true);
            hangs++;
            findings.add("HANG: " + what);
        } catch (java.util.concurrent.ExecutionException e) {
            Throwable c = e.getCause();
            String m = String.valueOf(c.getMessage());
            transcript.append(what).append("\n    ").append(c.getClass().getSimpleName()).append(": ").append(abbreviate(m)).append('\n');
            boolean documented = c instanceof IOException || c instanceof IllegalArgumentException;
            boolean named = file == null || m.contains(file.getFileName().toString());
            if (m.contains("DATA LOSS")) {
                losses++;
                findings.add(m + ": " + what);
            } else if (documented && named && m.length() < 20_000 && !m.contains("\u001b")) {
                clear++;
            } else {
                traces++;
                findings.add("UNCHECKED / UNNAMED: " + what + " -> " + c.getClass().getName() + ": " + abbreviate(m));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private boolean leftoverTemporaries() {
        try (Stream<Path> s = Files.walk(dir, 3)) {
            return s.anyMatch(p -> p.getFileName().toString().matches("\\..+\\.\\d+\\.\\d+\\.tmp"));
        } catch (IOException | java.io.UncheckedIOException e) {
            return false;
        }
    }

    // ---------------------------------------------------------------- helpers

    private Path write(String name, byte[] bytes) throws IOException {
        Path p = dir.resolve(name);
        Files.write(p, bytes);
        return p;
    }

    private static byte[] read(Path p) {
        try {
            return p == null || !Files.isRegularFile(p) ? null : Files.readAllBytes(p);
        } catch (IOException e) {
            return null;
        }
    }

    private static byte[] withHeader(byte[] file, long oldLength, String header) {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer out = ByteBuffer.allocate(file.length - (int) oldLength + h.length).order(ByteOrder.LITTLE_ENDIAN);
        out.put(file, 0, 12).putLong(h.length).put(h).put(file, 20 + (int) oldLength, file.length - 20 - (int) oldLength);
        return out.array();
    }

    private static byte[] idx(int magic, int[] dims, byte[] payload) {
        ByteBuffer b = ByteBuffer.allocate(4 + 4 * dims.length + payload.length);
        b.putInt(magic);
        for (int d : dims) b.putInt(d);
        return b.put(payload).array();
    }

    private static byte[] gzip(byte[] b) throws IOException {
        java.io.ByteArrayOutputStream bos = new java.io.ByteArrayOutputStream();
        try (GZIPOutputStream g = new GZIPOutputStream(bos)) {
            g.write(b);
        }
        return bos.toByteArray();
    }

    /** A valid gzipped IDX image file of n black 28x28 images, streamed (about 1 KB per MB of zeros). */
    private static byte[] zeroImagesGzip(int n) throws IOException {
        java.io.ByteArrayOutputStream bos = new java.io.ByteArrayOutputStream();
        try (GZIPOutputStream g = new GZIPOutputStream(bos, 1 << 16)) {
            g.write(idx(0x803, new int[] {n, 28, 28}, new byte[0]));
            byte[] zeros = new byte[28 * 28 * 1000];
            for (int i = 0; i < n / 1000; i++) g.write(zeros);
        }
        return bos.toByteArray();
    }

    private static byte[] randomBytes(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    private static boolean mkfifo(Path p) {
        try {
            return new ProcessBuilder("mkfifo", p.toString()).start().waitFor() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    private static String abbreviate(String s) {
        String one = s.replace("\n", " | ");
        return one.length() > 160 ? one.substring(0, 160) + "..." : one;
    }
}
