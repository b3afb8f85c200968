package org.neurite.fuzz;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.neurite.data.IdxWriter;
import org.neurite.io.checkpoint.CheckpointFile;
import org.neurite.io.keras.KerasJson;
import org.neurite.io.safetensors.Safetensors;
import org.neurite.nn.Input;
import org.neurite.nn.Sequential;
import org.neurite.nn.layers.Conv2D;
import org.neurite.nn.layers.Dense;
import org.neurite.nn.layers.Dropout;
import org.neurite.nn.layers.Flatten;
import org.neurite.tensor.Tensor;

/**
 * Writes the seed inputs of the fuzz targets (valid small files of each format) into
 * src/test/resources; run once with {@code -Dfuzz.writeCorpus=<module dir>}. The committed
 * corpus is then replayed by every {@code mvn test}.
 */
@EnabledIfSystemProperty(named = "fuzz.writeCorpus", matches = ".+")
class FuzzCorpusWriter {
    private static Path dir(String cls, String method) throws IOException {
        Path d = Path.of(System.getProperty("fuzz.writeCorpus"), "src/test/resources/org/neurite/fuzz", cls + "Inputs", method);
        Files.createDirectories(d);
        return d;
    }

    private static Sequential model() {
        Sequential m = new Sequential(Input.of(4, 4, 1), new Conv2D(2, 3), new Flatten(), new Dropout(0.1), new Dense(2, "softmax"));
        m.seed(1);
        return m;
    }

    @Test
    void write() throws Exception {
        Sequential m = model();
        Path models = dir("ModelFileFuzzTest", "modelFile");
        m.save(models.resolve("small.nrt"));
        byte[] b = Files.readAllBytes(models.resolve("small.nrt"));
        Files.write(models.resolve("truncated.nrt"), java.util.Arrays.copyOf(b, b.length / 2));

        Path json = dir("JsonFuzzTest", "json");
        Files.writeString(json.resolve("object.json"), "{\"a\": [1, -2.5e3, true, null, \"x\\u00e9\\n\"], \"b\": {\"c\": []}}");
        Files.writeString(json.resolve("numbers.json"), "[0, -0, 9223372036854775807, 9223372036854775808, 1e400, 0.1]");
        Files.writeString(json.resolve("nested.json"), "[".repeat(50) + "]".repeat(50));

        Path idx = dir("IdxReaderFuzzTest", "idx");
        Path images = idx.resolve("images.idx");
        IdxWriter.write(images, new int[] {2, 3, 3}, new byte[18], false);
        Path labels = idx.resolve("labels.idx");
        IdxWriter.write(labels, new int[] {2}, new byte[] {1, 7}, false);
        IdxWriter.write(idx.resolve("labels.idx.gz"), new int[] {2}, new byte[] {1, 7}, true);

        Path cifar = dir("Cifar10FuzzTest", "cifar10");
        byte[] records = new byte[2 * 3073];
        records[0] = 3;
        records[3073] = 9;
        for (int i = 1; i < 3073; i++) records[i] = (byte) i;
        Files.write(cifar.resolve("two_records.bin"), records);

        Path ckpt = dir("CheckpointFuzzTest", "checkpoint");
        m.compile("adam", "mse");
        m.trainOnBatch(Tensor.normal(1, 0, 1, 2, 4, 4, 1), Tensor.uniform(2, 0, 1, 2, 2));
        CheckpointFile.save(ckpt.resolve("adam.ckpt"), m.trainer(), 1, 7);

        Path st = dir("SafetensorsFuzzTest", "safetensors");
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        tensors.put("dense/kernel", Tensor.normal(3, 0, 1, 3, 2));
        tensors.put("dense/bias", Tensor.zeros(2));
        Safetensors.write(st.resolve("two.safetensors"), tensors, Map.of("format", "pt"));

        Path keras = dir("KerasJsonFuzzTest", "kerasJson");
        Files.writeString(keras.resolve("sequential.json"), KerasJson.write(model()), StandardCharsets.UTF_8);
    }
}
