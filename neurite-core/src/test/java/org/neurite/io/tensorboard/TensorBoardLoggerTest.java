package org.neurite.io.tensorboard;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurite.analysis.Histogram;
import org.neurite.io.Json;
import org.neurite.nn.Sequential;
import org.neurite.nn.Variable;
import org.neurite.nn.callbacks.History;
import org.neurite.nn.callbacks.TensorBoardLogger;
import org.neurite.nn.layers.Dense;
import org.neurite.nn.training.FitConfig;
import org.neurite.tensor.Tensor;

class TensorBoardLoggerTest {
    private static final Path PYTHON = Path.of("/usr/bin/python3");

    @Test
    void crc32cAndMaskMatchTheKnownVectors() {
        byte[] check = "123456789".getBytes(StandardCharsets.US_ASCII);
        assertEquals(0xE3069283, TfRecords.crc32c(check, 0, check.length)); // RFC 3720 B.4 check value
        assertEquals(0x8A9136AA, TfRecords.crc32c(new byte[32], 0, 32)); // RFC 3720 B.4: 32 bytes of zeros
        // mask by the formula, computed step by step: rotate right 15, add 0xa282ead8 (mod 2^32)
        long crc = 0xE3069283L;
        long rotated = ((crc >>> 15) | (crc << 17)) & 0xFFFFFFFFL;
        assertEquals((int) ((rotated + 0xa282ead8L) & 0xFFFFFFFFL), TfRecords.mask(0xE3069283));
    }

    @Test
    void aRecordIsLengthCrcDataCrc() {
        byte[] data = {1, 2, 3, 4, 5};
        byte[] rec = TfRecords.frame(data);
        assertEquals(8 + 4 + 5 + 4, rec.length);
        ByteBuffer b = ByteBuffer.wrap(rec).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(5L, b.getLong(0));
        assertEquals(TfRecords.mask(TfRecords.crc32c(rec, 0, 8)), b.getInt(8));
        assertArrayEquals(data, java.util.Arrays.copyOfRange(rec, 12, 17));
        assertEquals(TfRecords.mask(TfRecords.crc32c(data, 0, 5)), b.getInt(17));
    }

    @Test
    void histogramBucketsFollowTheirLimits() {
        Histogram h = Histogram.of(new float[] {0f, 1f, 2f, 3f, 4f, Float.NaN}, 4);
        assertArrayEquals(new double[] {1, 2, 3, 4}, h.limits());
        assertArrayEquals(new long[] {2, 1, 1, 1}, h.counts()); // 0 and 1 in (-inf, 1], then (1,2], (2,3], (3,4]
        assertEquals(5, h.num());
        assertEquals(1, h.skipped());
        assertEquals(10.0, h.sum());
        assertEquals(30.0, h.sumSquares());
        Histogram flat = Histogram.of(new float[] {2f, 2f}, 10);
        assertArrayEquals(new double[] {2}, flat.limits());
        assertArrayEquals(new long[] {2}, flat.counts());
    }

    @Test
    void theFirstRecordIsTheFileVersionAndEveryRecordIsFramed(@TempDir Path dir) throws IOException {
        Fit fit = fit(dir);
        Path trainFile = fit.logger.files().get(0);
        assertTrue(trainFile.getFileName().toString().startsWith("events.out.tfevents."), trainFile.toString());
        byte[] all = Files.readAllBytes(trainFile);
        ByteBuffer b = ByteBuffer.wrap(all).order(ByteOrder.LITTLE_ENDIAN);
        int records = 0;
        int at = 0;
        while (at < all.length) {
            long length = b.getLong(at);
            assertEquals(TfRecords.mask(TfRecords.crc32c(all, at, 8)), b.getInt(at + 8), "length CRC of record " + records);
            assertEquals(TfRecords.mask(TfRecords.crc32c(all, at + 12, (int) length)), b.getInt(at + 12 + (int) length), "data CRC of record " + records);
            if (records == 0) {
                String body = new String(all, at + 12, (int) length, StandardCharsets.ISO_8859_1);
                assertTrue(body.contains("brain.Event:2"), "the first event holds the file version");
            }
            at += 16 + (int) length;
            records++;
        }
        assertEquals(all.length, at);
        // file version, graph, then per epoch: loss, accuracy-free logs, learning rate and one histogram per weight
        int perEpoch = 1 + 1 + 4; // loss, learning rate, 4 weights (2 kernels, 2 biases)
        assertEquals(2 + 3 * perEpoch, records);
    }

    @Test
    @SuppressWarnings("unchecked")
    void anIndependentPythonReaderDecodesWhatWasLogged(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(PYTHON), "skipped: " + PYTHON + " is not installed, the independent reader cannot run");
        Fit fit = fit(dir);
        Path script = Path.of(getClass().getResource("/tensorboard/read_events.py").toURI());
        List<String> cmd = new ArrayList<>(List.of(PYTHON.toString(), script.toString()));
        for (Path p : fit.logger.files()) cmd.add(p.toString());
        Process p = new ProcessBuilder(cmd).redirectErrorStream(false).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), "reader failed: " + err);
        List<Object> files = (List<Object>) Json.parse(out);
        assertEquals(2, files.size());

        List<Map<String, Object>> train = (List<Map<String, Object>>) ((Map<String, Object>) files.get(0)).get("events");
        assertEquals("brain.Event:2", train.get(0).get("file_version"));
        List<Map<String, Object>> graph = (List<Map<String, Object>>) train.get(1).get("graph");
        assertEquals(List.of("hidden_input", "hidden", "out"), graph.stream().map(n -> n.get("name")).toList());
        assertEquals("InputLayer", graph.get(0).get("op"));
        assertEquals(List.of("hidden_input"), graph.get(1).get("inputs"));
        assertEquals("Dense", graph.get(2).get("op"));
        assertEquals(List.of("hidden"), graph.get(2).get("inputs"));
        assertEquals(List.of(List.of(-1L, 8L)), graph.get(1).get("output_shapes"));

        List<Float> loss = new ArrayList<>(), lr = new ArrayList<>(), valLoss = new ArrayList<>();
        Map<String, Object> lastKernel = null;
        for (Map<String, Object> e : train) {
            Map<String, Object> scalars = (Map<String, Object>) e.get("scalars");
            if (scalars != null && scalars.containsKey("epoch_loss")) loss.add(((Number) scalars.get("epoch_loss")).floatValue());
            if (scalars != null && scalars.containsKey("epoch_learning_rate")) lr.add(((Number) scalars.get("epoch_learning_rate")).floatValue());
            Map<String, Object> histos = (Map<String, Object>) e.get("histograms");
            if (histos != null && histos.containsKey("hidden/kernel")) {
                lastKernel = (Map<String, Object>) histos.get("hidden/kernel");
                assertEquals(((Number) e.get("step")).intValue(), loss.size() - 1, "the histogram's step is its epoch");
            }
        }
        for (Map<String, Object> e : (List<Map<String, Object>>) ((Map<String, Object>) files.get(1)).get("events")) {
            Map<String, Object> scalars = (Map<String, Object>) e.get("scalars");
            if (scalars != null) valLoss.add(((Number) scalars.get("epoch_loss")).floatValue());
        }
        assertEquals(fit.history.get("loss"), loss);
        assertEquals(fit.history.get("val_loss"), valLoss);
        assertEquals(List.of(0.05f, 0.05f, 0.05f), lr);

        // the last kernel histogram against the final weights, counted here without Histogram
        float[] w = fit.hiddenKernel.value().data();
        double min = Double.MAX_VALUE, max = -Double.MAX_VALUE, sum = 0, sq = 0;
        for (float v : w) {
            min = Math.min(min, v);
            max = Math.max(max, v);
            sum += v;
            sq += (double) v * v;
        }
        assertEquals(min, ((Number) lastKernel.get("min")).doubleValue());
        assertEquals(max, ((Number) lastKernel.get("max")).doubleValue());
        assertEquals(w.length, ((Number) lastKernel.get("num")).doubleValue());
        assertEquals(sum, ((Number) lastKernel.get("sum")).doubleValue(), 1e-9);
        assertEquals(sq, ((Number) lastKernel.get("sum_squares")).doubleValue(), 1e-9);
        List<Object> limits = (List<Object>) lastKernel.get("bucket_limit");
        List<Object> counts = (List<Object>) lastKernel.get("bucket");
        assertEquals(30, limits.size());
        assertEquals(max, ((Number) limits.get(29)).doubleValue());
        double prev = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < 30; i++) {
            double hi = ((Number) limits.get(i)).doubleValue();
            long n = 0;
            for (float v : w) if (v > prev && v <= hi) n++;
            assertEquals(n, ((Number) counts.get(i)).doubleValue(), "bucket " + i);
            prev = hi;
        }
    }

    private record Fit(TensorBoardLogger logger, History history, Variable hiddenKernel) {}

    private static Fit fit(Path dir) {
        Random r = new Random(3);
        float[] x = new float[64 * 4], y = new float[64];
        for (int i = 0; i < 64; i++) {
            for (int j = 0; j < 4; j++) x[i * 4 + j] = (float) r.nextGaussian();
            y[i] = x[i * 4] - 0.5f * x[i * 4 + 2];
        }
        Sequential model = new Sequential(new Dense(8, "tanh").name("hidden").inputShape(4), new Dense(1).name("out"));
        model.seed(7);
        model.compile(new org.neurite.nn.optimizers.SGD(0.05f), new org.neurite.nn.losses.MeanSquaredError());
        TensorBoardLogger logger = new TensorBoardLogger(dir);
        History h = model.fit(Tensor.of(x, 64, 4), Tensor.of(y, 64, 1),
                new FitConfig().epochs(3).batchSize(16).validationSplit(0.25f).verbose(0).callbacks(logger));
        Variable kernel = model.trainableVariables().stream().filter(v -> v.name().equals("hidden/kernel")).findFirst().orElseThrow();
        return new Fit(logger, h, kernel);
    }
}
