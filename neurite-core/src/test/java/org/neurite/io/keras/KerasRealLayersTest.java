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

    @Test
    void twoMaskedInputsIntoGruAndTimeDistributedOutputs() throws IOException {
        // total 200,133; outputs [(None, 387, 17), (None, 387, 52)]
        Model m = read(text("k211_two_input_masking_gru.json"));
        assertTotals(m, 200_133, 200_133);
        assertEquals(2, m.outputs().size());
        assertEquals("[387, 52]", java.util.Arrays.toString(m.outputs().get(1).shape().dims()));
        // a padding step (all features 0 in both inputs) is skipped: the GRUs carry their state over,
        // so its outputs repeat the previous step's (without masks they would not)
        org.neurite.tensor.Tensor xt = org.neurite.tensor.Tensor.uniform(1, 0, 1, 1, 387, 17);
        org.neurite.tensor.Tensor xp = org.neurite.tensor.Tensor.uniform(2, 0, 1, 1, 387, 52);
        java.util.Arrays.fill(xt.data(), 5 * 17, 6 * 17, 0f);
        java.util.Arrays.fill(xp.data(), 5 * 52, 6 * 52, 0f);
        for (org.neurite.tensor.Tensor y : m.forward(List.of(xt, xp), false)) {
            org.junit.jupiter.api.Assertions.assertArrayEquals(y.slice(1, 4, 5).toArray(), y.slice(1, 5, 6).toArray(), 1e-6f);
            org.junit.jupiter.api.Assertions.assertFalse(java.util.Arrays.equals(y.slice(1, 5, 6).toArray(), y.slice(1, 6, 7).toArray()));
        }
    }

    @Test
    void xceptionWithSeparableConvolutions() throws IOException {
        // total 20,869,676 trainable 20,815,148 non-trainable 54,528; output (None, 4). The file's
        // input is (None, None, None, 3), read as it is: counts do not depend on the image size.
        Model m = read(text("k214_xception_separable.json"));
        assertTotals(m, 20_869_676, 20_815_148);
        assertEquals("[4]", java.util.Arrays.toString(m.outputs().get(0).shape().dims()));
        assertTrue(m.summary().contains(" block2_sepconv1 (SeparableConv  (None, None, None,   8768       ['block1_conv2_act[0][0]']"), m.summary());
        // at a fixed size the rows are Keras' (299x299 input: block2_sepconv1 is 147x147x128)
        Model fixed = read(text("k214_xception_separable.json").replace("\"batch_input_shape\": [null, null, null, 3]", "\"batch_input_shape\": [null, 299, 299, 3]"));
        assertTrue(fixed.summary().contains(" block2_sepconv1 (SeparableConv  (None, 147, 147, 12  8768       ['block1_conv2_act[0][0]']"), fixed.summary());
    }
}
