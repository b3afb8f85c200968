package org.neurite.examples;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurite.analysis.health.HealthFlag;
import org.neurite.analysis.health.HealthReport;
import org.neurite.analysis.health.VanishingGradientDemo;
import org.neurite.nn.Model;
import org.neurite.nn.losses.SparseCategoricalCrossentropy;
import org.neurite.nn.metrics.Accuracy;
import org.neurite.nn.optimizers.SGD;
import org.neurite.tensor.Tensor;

/** The README's gradient-health snippet runs and flags the 20-layer sigmoid network. */
class ReadmeHealthSnippetTest {
    @Test
    void snippetFlagsTheSigmoidNetwork(@TempDir Path dir) throws Exception {
        Model model = VanishingGradientDemo.build("sigmoid");
        model.seed(1);
        model.compile(new SGD(0.05f), new SparseCategoricalCrossentropy(false), new Accuracy());
        Tensor[] data = VanishingGradientDemo.data(1);
        HealthReport report = ReadmeSnippets.gradientHealth(model, data[0], data[1], dir.resolve("health.html"));
        assertTrue(report.isFlagged(HealthFlag.Kind.VANISHING_GRADIENTS), report.text());
        assertTrue(Files.readString(dir.resolve("health.html")).contains("VANISHING_GRADIENTS"));
    }
}
