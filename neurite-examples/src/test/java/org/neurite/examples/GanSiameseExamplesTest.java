package org.neurite.examples;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurite.nn.LayerNames;
import org.neurite.nn.Model;
import org.neurite.tensor.Tensor;

/** The GAN's two models train in turn (the generator moves toward the data); the siamese net separates pairs. */
class GanSiameseExamplesTest {
    @TempDir
    Path dir;

    @BeforeEach
    void resetNames() {
        LayerNames.reset();
    }

    @Test
    void ganTrainsBothModelsAndSavesSamples() throws Exception {
        Example.Result r = new Dcgan().run(ExampleTesting.options(dir).withEpochs(1).withSamples(3200));
        assertTrue(Float.isFinite(r.metric("discriminator_loss")) && Float.isFinite(r.metric("generator_loss")), r.metrics().toString());
        // untrained, the sigmoid output is ~0.5 everywhere; digits are mostly black (~0.13): the generator must move there
        float before = Math.abs(r.metric("fake_mean_intensity_untrained") - r.metric("real_mean_intensity"));
        float after = Math.abs(r.metric("fake_mean_intensity") - r.metric("real_mean_intensity"));
        assertTrue(after < 0.5f * before, r.metrics().toString());
        AutoencoderExamplesTest.assertPng(r.files().get(0), 8 * 56);
    }

    /** The frozen discriminator inside the combined model: a generator step leaves its weights alone. */
    @Test
    void generatorStepDoesNotTouchTheDiscriminator() {
        Dcgan.Models m = Dcgan.build(1);
        Tensor noise = Tensor.normal(2, 0f, 1f, 8, Dcgan.LATENT);
        m.gan().predict(noise);
        float[] d = firstKernel(m.discriminator()), g = firstKernel(m.generator());
        m.gan().trainOnBatch(noise, Tensor.ones(8, 1));
        float[] d2 = firstKernel(m.discriminator()), g2 = firstKernel(m.generator());
        assertTrue(java.util.Arrays.equals(d, d2), "discriminator changed in a generator step");
        assertTrue(!java.util.Arrays.equals(g, g2), "generator did not change");
    }

    private static float[] firstKernel(Model m) {
        return m.layers().stream().filter(l -> !l.weights().isEmpty()).findFirst().orElseThrow().weights().get(0).value().toArray();
    }

    @Test
    void siameseSeparatesSameAndDifferentDigits() throws Exception {
        Example.Result r = new Siamese().run(ExampleTesting.options(dir).withEpochs(1).withSamples(2000));
        assertTrue(r.metric("test_pair_accuracy") > 0.8f, r.metrics().toString());
        assertTrue(r.metric("test_pair_accuracy") > r.metric("test_pair_accuracy_untrained") + 0.1f, r.metrics().toString());
    }

    @Test
    void siameseTowerIsShared() {
        Model m = Siamese.build();
        long towers = m.layers().stream().filter(l -> l instanceof org.neurite.nn.layers.Dense).count();
        assertTrue(towers == 1, "one Dense layer, applied to both inputs: " + m.layers());
        assertTrue(m.predict(List.of(Tensor.zeros(3, 28, 28, 1), Tensor.zeros(3, 28, 28, 1))).get(0).data()[0] < 1e-3f, "equal inputs, distance ~0");
    }
}
