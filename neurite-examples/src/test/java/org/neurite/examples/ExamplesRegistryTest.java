package org.neurite.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The registry lists every example once, with a name and a description. */
class ExamplesRegistryTest {
    @Test
    void everyExampleIsListedOnceInCourseOrder() {
        List<String> names = Examples.all().stream().map(Example::name).toList();
        assertEquals(List.of("mlp", "lenet5", "alexnet", "vgg", "exam-cifar", "conv-autoencoder", "denoising-autoencoder", "vae", "gan",
                "siamese", "segmentation", "resnet", "inception", "lstm-forecaster", "transformer",
                "penguins", "text-reviews"), names);
        Set<String> seen = new HashSet<>();
        for (Example e : Examples.all()) {
            assertTrue(seen.add(e.name()), "duplicate " + e.name());
            assertTrue(e.name().matches("[a-z0-9-]+"), e.name());
            assertFalse(e.description().isBlank(), e.name());
        }
    }

    @Test
    void findsByNameIgnoringCase() {
        assertEquals("vae", Examples.find("VAE").orElseThrow().name());
        assertTrue(Examples.find("nope").isEmpty());
    }

    @Test
    void optionsFallBackToTheExampleDefaults() {
        ExampleOptions o = ExampleOptions.defaults();
        assertEquals(7, o.epochsOr(7));
        assertEquals(3, o.withEpochs(3).epochsOr(7));
        assertEquals(500, o.withSamples(500).samplesOr(6000));
    }
}
