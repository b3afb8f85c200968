package org.neurite.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurite.nn.LayerNames;
import org.neurite.nn.Model;
import org.neurite.nn.layers.Concatenate;
import org.neurite.nn.layers.Conv2D;

/**
 * The image classifiers learn on a small budget: test accuracy well above chance (10%), which an
 * untrained network does not reach. Summaries and parameter counts where an exam or the literature
 * fixes them.
 */
class ClassifierExamplesTest {
    @TempDir
    Path dir;

    @BeforeEach
    void resetNames() {
        LayerNames.reset();
    }

    @Test
    void mlpExceeds80PercentAfterOneShortEpoch() throws Exception {
        Example.Result r = new MnistMlp().run(ExampleTesting.options(dir).withEpochs(1).withSamples(3000));
        assertTrue(r.metric("test_accuracy") > 0.8f, r.metrics().toString());
        assertEquals(784 * 256 + 256 + 256 * 128 + 128 + 128 * 10 + 10, r.metric("params"));
    }

    @Test
    void lenet5Exceeds85PercentAfterOneEpoch() throws Exception {
        Example.Result r = new LeNet5().run(ExampleTesting.options(dir).withEpochs(1).withSamples(6000));
        assertTrue(r.metric("test_accuracy") > 0.85f, r.metrics().toString());
        assertEquals(61_706, r.metric("params"));
    }

    /** AlexNet: the hand count k·k·in·out + out per convolution and in·out + out per dense layer (see the class comment). */
    @Test
    void alexNetHasTheClassicParameterCount() {
        long byHand = (11L * 11 * 3 * 96 + 96) + (5L * 5 * 96 * 256 + 256) + (3L * 3 * 256 * 384 + 384) + (3L * 3 * 384 * 384 + 384)
                + (3L * 3 * 384 * 256 + 256) + (6L * 6 * 256 * 4096 + 4096) + (4096L * 4096 + 4096) + (4096L * 1000 + 1000);
        assertEquals(62_378_344L, byHand);
        Model m = AlexNet.build();
        assertEquals(byHand, m.countParams());
        assertEquals(byHand, AlexNet.PARAMS);
        String summary = m.summary();
        assertTrue(summary.contains("(None, 55, 55, 96)") && summary.contains("(None, 6, 6, 256)") && summary.contains("(None, 9216)"), summary);
        assertTrue(summary.contains("Total params: 62,378,344"), summary);
    }

    @Test
    @SuppressWarnings("unchecked")
    void examCifarModelSummaryIsCaseC000_01() throws Exception {
        Map<String, Object> c = ExampleTesting.conformanceCase("C000-01");
        // the case's names (conv2d_2, ...) come from a Keras session that built another model first: compare all but names
        ExampleTesting.assertSummary((Map<String, Object>) c.get("expected"), ExamCifarModel.build(), false);
    }

    @Test
    void examCifarModelLearns() throws Exception {
        Example.Result r = new ExamCifarModel().run(ExampleTesting.options(dir).withEpochs(2).withSamples(4000));
        assertTrue(r.metric("test_accuracy") > 0.25f, r.metrics().toString());
        assertEquals(15_062, r.metric("params"));
    }

    @Test
    void vggLearns() throws Exception {
        Example.Result r = new VggNet().run(ExampleTesting.options(dir).withEpochs(2).withSamples(3000));
        assertTrue(r.metric("test_accuracy") > 0.25f, r.metrics().toString());
    }

    @Test
    void resNetHasIdentityAndProjectionShortcutsAndLearns() throws Exception {
        Model m = ResNet.build();
        m.countParams(); // builds the weights
        long projections = m.layers().stream().filter(l -> l instanceof Conv2D c && c.kernel() != null && c.kernel().value().dim(0) == 1).count();
        assertEquals(1, projections, "one 1x1 projection shortcut");
        assertEquals(3, m.layers().stream().filter(l -> l instanceof org.neurite.nn.layers.Add).count(), "three residual additions");
        Example.Result r = new ResNet().run(ExampleTesting.options(dir).withEpochs(2).withSamples(3000));
        assertTrue(r.metric("test_accuracy") > 0.25f, r.metrics().toString());
    }

    @Test
    void inceptionConcatenatesFourBranchesAndLearns() throws Exception {
        Model m = InceptionNet.build();
        assertEquals(2, m.layers().stream().filter(l -> l instanceof Concatenate).count());
        assertTrue(m.summary().contains("(None, 16, 16, 40)") && m.summary().contains("(None, 8, 8, 56)"), m.summary());
        Example.Result r = new InceptionNet().run(ExampleTesting.options(dir).withEpochs(3).withSamples(3000));
        assertTrue(r.metric("test_accuracy") > 0.2f, r.metrics().toString());
    }
}
