package org.neurite.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurite.nn.LayerNames;

/** Autoencoders beat the trivial answers; the VAE's loss falls; images are valid PNGs. */
class AutoencoderExamplesTest {
    @TempDir
    Path dir;

    @BeforeEach
    void resetNames() {
        LayerNames.reset();
    }

    static void assertPng(Path file, int minWidth) throws Exception {
        assertTrue(Files.isRegularFile(file), file + " missing");
        var img = ImageIO.read(file.toFile());
        assertTrue(img != null && img.getWidth() >= minWidth, file + " is not a PNG of width >= " + minWidth);
    }

    @Test
    @SuppressWarnings("unchecked")
    void convAutoencoderSummaryIsCaseC000_04() throws Exception {
        Map<String, Object> c = ExampleTesting.conformanceCase("C000-04");
        Map<String, Object> expected = (Map<String, Object>) c.get("expected");
        ExampleTesting.assertSummary((Map<String, Object>) expected.get("summary"), ConvAutoencoder.build(), true);
    }

    @Test
    void convAutoencoderBeatsTheMeanImage() throws Exception {
        Example.Result r = new ConvAutoencoder().run(ExampleTesting.options(dir).withEpochs(2).withSamples(4000));
        assertTrue(r.metric("test_reconstruction_mse") < 0.8f * r.metric("mean_image_baseline_mse"), r.metrics().toString());
        assertEquals(4385, r.metric("params"));
        assertPng(r.files().get(0), 16 * 56);
    }

    @Test
    void denoisingAutoencoderRemovesNoise() throws Exception {
        Example.Result r = new DenoisingAutoencoder().run(ExampleTesting.options(dir).withEpochs(1).withSamples(3000));
        // doing nothing leaves the noise (MSE ~0.11); an untrained net outputs ~0.5 everywhere (MSE ~0.2)
        assertTrue(r.metric("denoised_mse") < 0.7f * r.metric("noisy_input_mse"), r.metrics().toString());
        assertPng(r.files().get(0), 12 * 56);
    }

    @Test
    void vaeLossDecreasesAndSamplesAreSaved() throws Exception {
        Example.Result r = new Vae().run(ExampleTesting.options(dir).withEpochs(2).withSamples(3000));
        assertTrue(r.metric("train_loss_last_epoch") < r.metric("train_loss_first_epoch"), r.metrics().toString());
        assertTrue(r.metric("test_loss") < 0.5f * r.metric("test_loss_untrained"), r.metrics().toString());
        assertTrue(r.metric("test_loss") < 220f, "reconstruction + KL per digit, nats: " + r.metrics());
        assertPng(r.files().get(0), 12 * 28);
    }
}
