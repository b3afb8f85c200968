package org.neurite.io.keras;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.neurite.nn.LayerNames;
import org.neurite.nn.Model;

/**
 * The real Keras files of {@code ../shared/conformance/keras-real} that need the layers of issue 11
 * (nested models, TimeDistributed, Masking, SeparableConv2D): they load and give the totals of
 * {@code expected.txt} (computed there independently of Neurite). Initializers are not what these
 * tests are about, so harmless fields are skipped. Skips when the folder is absent.
 */
class KerasRealLayersTest {
    @BeforeEach
    void reset() {
        LayerNames.reset();
    }

    private static Path folder() {
        for (Path p : List.of(Paths.get("..", "..", "shared", "conformance", "keras-real"), Paths.get("..", "shared", "conformance", "keras-real"))) {
            if (Files.isDirectory(p)) return p;
        }
        Assumptions.abort("../shared/conformance/keras-real not found: skipping the real Keras files");
        return null;
    }

    private static String text(String file) throws IOException {
        return Files.readString(folder().resolve(file), StandardCharsets.UTF_8);
    }

    private static Model read(String json) {
        return KerasJson.read(json, new KerasJson.Options().ignoreHarmless(true));
    }

    private static void assertTotals(Model m, long total, long trainable) {
        assertEquals(total, m.countParams(), "total params");
        assertEquals(trainable, m.trainableParams(), "trainable params");
        String s = m.summary();
        assertTrue(s.contains(String.format(java.util.Locale.ROOT, "Total params: %,d%n", total).replace(System.lineSeparator(), "\n")), s);
    }

    @Test
    void kerasTwoNestedEncoderAndDecoderModels() throws IOException {
        // total 4,533,123 trainable 4,532,227 non-trainable 896; output (None, 32, 32, 3)
        Model m = read(text("k225_denoising_autoencoder_nested.json"));
        assertTotals(m, 4_533_123, 4_532_227);
        assertEquals("[32, 32, 3]", java.util.Arrays.toString(m.outputs().get(0).shape().dims()));
        String s = m.summary();
        assertTrue(s.contains(" encoder (Functional)"), s);
        assertTrue(s.contains(" decoder (Functional)"), s);
    }

    @Test
    void gruSeq2SeqWithTimeDistributedDense() throws IOException {
        // total 3,554,152; output (None, 6, 4200)
        Model m = read(text("k231_gru_seq2seq_repeatvector.json"));
        assertTotals(m, 3_554_152, 3_554_152);
        assertEquals("[6, 4200]", java.util.Arrays.toString(m.outputs().get(0).shape().dims()));
    }
}
