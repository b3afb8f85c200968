package org.neurite.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurite.nn.LayerNames;
import org.neurite.nn.Model;
import org.neurite.tensor.Tensor;

/** The exam-003 encoder–decoder: its summary is case C003-01, and it segments synthetic shapes. */
class SegmentationExampleTest {
    @TempDir
    Path dir;

    @BeforeEach
    void resetNames() {
        LayerNames.reset();
    }

    @Test
    @SuppressWarnings("unchecked")
    void summaryIsCaseC003_01() throws Exception {
        Map<String, Object> c = ExampleTesting.conformanceCase("C003-01");
        Map<String, Object> expected = (Map<String, Object>) c.get("expected");
        ExampleTesting.assertSummary((Map<String, Object>) expected.get("summary"), SegmentationNet.build(), true);
    }

    @Test
    void sameParametersAtTheTrainingSize() {
        Model small = SegmentationNet.build(32, 48);
        assertEquals(52_163, small.countParams());
        assertEquals(51_907, small.trainableParams());
        assertArrayEquals(new int[] {2, 32, 48, 3}, small.apply(Tensor.zeros(2, 32, 48, 3)).shape().dims());
    }

    @Test
    void iouByHand() {
        // 4 pixels, 1 channel: predicted {1,1,0,0}, true {1,0,1,0}: intersection 1, union 3
        Tensor p = Tensor.of(new float[] {0.9f, 0.6f, 0.1f, 0.2f}, 1, 2, 2, 1), t = Tensor.of(new float[] {1, 0, 1, 0}, 1, 2, 2, 1);
        assertEquals(1f / 3, SegmentationNet.iou(p, t)[0], 1e-6);
    }

    @Test
    void segmentsShapesWithMeanIouAboveHalf() throws Exception {
        Example.Result r = new SegmentationNet().run(ExampleTesting.options(dir).withEpochs(3).withSamples(300));
        // an untrained net answers ~0.5 everywhere: IoU of each mask ~ its area fraction (rectangles, discs: ~0.1)
        assertTrue(r.metric("mean_iou") > 0.5f, r.metrics().toString());
        assertTrue(r.metric("iou_rectangle") > 0.3f && r.metric("iou_disc") > 0.3f, r.metrics().toString());
        AutoencoderExamplesTest.assertPng(r.files().get(0), 8 * 96);
    }
}
