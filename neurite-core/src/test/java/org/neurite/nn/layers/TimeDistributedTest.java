package org.neurite.nn.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurite.autograd.GradCheck;
import org.neurite.nn.Input;
import org.neurite.nn.LayerNames;
import org.neurite.nn.Sequential;
import org.neurite.tensor.Shape;
import org.neurite.tensor.Tensor;

class TimeDistributedTest {
    @TempDir
    Path dir;

    @BeforeEach
    void reset() {
        LayerNames.reset();
    }

    @Test
    void kerasParamCountAndSummaryRow() {
        // Keras: TimeDistributed(Dense(4200)) on (None, 6, 1024) = 1024*4200 + 4200 = 4,305,000 params
        Sequential m = new Sequential(Input.of(6, 1024), new TimeDistributed(new Dense(4200, "sigmoid")));
        assertEquals(1024L * 4200 + 4200, m.countParams());
        String s = m.summary();
        assertTrue(s.contains(" time_distributed (TimeDistr  (None, 6, 4200)          4305000   \n ibuted)"), s);
    }

    @Test
    void denseOnEveryStepByHand() {
        TimeDistributed td = new TimeDistributed(new Dense(2).useBias(true));
        td.build(Shape.of(3, 2));
        Dense d = (Dense) td.layer();
        d.kernel().assign(new float[] {1, 2, 3, 4}); // rows: input features
        d.bias().assign(new float[] {0.5f, -1});
        Tensor x = Tensor.of(new float[] {1, 0, 0, 1, 2, 3, /* batch 2 */ -1, -1, 1, 1, 0, 2}, 2, 3, 2);
        // y_t = x_t @ [[1, 2], [3, 4]] + [0.5, -1]
        LayerChecks.assertValues(new float[] {1.5f, 1, 3.5f, 3, 11.5f, 15, -3.5f, -7, 4.5f, 5, 6.5f, 7}, td.apply(x), 1e-6);
        assertEquals(Shape.of(3, 2), td.outputShape());
    }

    @Test
    void convolutionPerFrameEqualsTheLayerOnEachFrame() {
        TimeDistributed td = new TimeDistributed(new Conv2D(3, 2).padding("same").activation("relu")).seed(4);
        Tensor video = Tensor.uniform(2, -1, 1, 2, 3, 4, 4, 2); // (N, T, H, W, C)
        Tensor y = td.apply(video);
        assertEquals(Shape.of(2, 3, 4, 4, 3), y.shape());
        Conv2D conv = (Conv2D) td.layer();
        for (int t = 0; t < 3; t++) {
            Tensor frame = video.slice(1, t, t + 1).reshape(2, 4, 4, 2);
            LayerChecks.assertValues(conv.apply(frame).data(), y.slice(1, t, t + 1).reshape(2, 4, 4, 3), 1e-6);
        }
        // other sequence lengths work with the same weights
        assertEquals(Shape.of(1, 5, 4, 4, 3), td.apply(Tensor.uniform(3, -1, 1, 1, 5, 4, 4, 2)).shape());
    }

    @Test
    void gradientCheck() {
        TimeDistributed td = new TimeDistributed(new Dense(3, "tanh")).seed(7);
        LayerChecks.checkGradients(td, GradCheck.randomInput(1, 2, 4, 5), 1e-2, 2e-2);
    }

    @Test
    void saveLoadRoundTrip() {
        PyTorchReference.assertRoundTrip(dir, new TimeDistributed(new Dense(3, "relu")).seed(1), GradCheck.randomInput(1, 2, 4, 5));
        PyTorchReference.assertRoundTrip(dir, new TimeDistributed(new Conv2D(2, 3)).seed(2), GradCheck.randomInput(1, 2, 3, 5, 5, 2));
    }

    @Test
    void badInputNamesTheLayer() {
        TimeDistributed td = new TimeDistributed(new Dense(2)).name("per_step");
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> td.build(List.of(Shape.of(4))));
        assertEquals("per_step: expected input (None, timesteps, ...), got (None, 4)", e.getMessage());
    }
}
