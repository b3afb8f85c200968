package org.neurite.nn.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurite.autograd.GradCheck;
import org.neurite.nn.Activations;
import org.neurite.nn.Input;
import org.neurite.nn.LayerNames;
import org.neurite.nn.Model;
import org.neurite.nn.Sequential;
import org.neurite.tensor.Tensor;

/** SpatialDropout1D/2D, GaussianNoise, GaussianDropout, ActivityRegularization, CategoryEncoding, relu6. */
class NoiseAndEncodingLayersTest {
    @TempDir
    Path dir;

    @BeforeEach
    void reset() {
        LayerNames.reset();
    }

    @Test
    void noiseLayersAreTheIdentityInInference() {
        Tensor x = Tensor.uniform(1, -1, 1, 2, 3, 4);
        for (NoiseLayer l : List.of(new SpatialDropout1D(0.5), new GaussianNoise(1.0), new GaussianDropout(0.4))) {
            assertSame(x, l.forward(x, false), l.className());
            assertEquals(0, l.countParams());
        }
    }

    @Test
    void spatialDropoutDropsWholeChannelsAndScalesTheRest() {
        SpatialDropout2D d = new SpatialDropout2D(0.5);
        d.seed(7);
        Tensor x = Tensor.ones(8, 3, 3, 16);
        float[] y = d.forward(x, true).data();
        int dropped = 0;
        for (int n = 0; n < 8; n++) {
            for (int c = 0; c < 16; c++) {
                float first = y[(n * 9) * 16 + c];
                assertTrue(first == 0f || first == 2f, "kept values are scaled by 1/(1-rate) = 2, got " + first);
                for (int p = 0; p < 9; p++) assertEquals(first, y[(n * 9 + p) * 16 + c], 0f, "the whole feature map shares one draw");
                if (first == 0f) dropped++;
            }
        }
        assertTrue(dropped > 32 && dropped < 96, "about half of 128 maps dropped, got " + dropped);
        // 1-d: one draw per (sample, channel) over all steps
        float[] z = new SpatialDropout1D(0.3).seed(2).forward(Tensor.ones(4, 5, 6), true).data();
        for (int n = 0; n < 4; n++) for (int c = 0; c < 6; c++) for (int t = 1; t < 5; t++) assertEquals(z[(n * 5) * 6 + c], z[(n * 5 + t) * 6 + c], 0f);
    }

    @Test
    void gaussianLayersHaveKerasMeanAndVariance() {
        Tensor x = Tensor.full(2f, 200_000);
        Tensor noisy = new GaussianNoise(0.5).seed(3).forward(x.reshape(1000, 200), true);
        double[] mv = meanVar(noisy.data());
        assertEquals(2.0, mv[0], 0.01);
        assertEquals(0.25, mv[1], 0.01); // stddev^2
        Tensor scaled = new GaussianDropout(0.2).seed(4).forward(x.reshape(1000, 200), true);
        mv = meanVar(scaled.data());
        assertEquals(2.0, mv[0], 0.01); // x * N(1, rate/(1-rate)): mean x
        assertEquals(4 * 0.25, mv[1], 0.02); // variance x^2 * rate / (1 - rate) = 4 * 0.2/0.8
    }

    private static double[] meanVar(float[] v) {
        double s = 0, q = 0;
        for (float f : v) s += f;
        double m = s / v.length;
        for (float f : v) q += (f - m) * (f - m);
        return new double[] {m, q / v.length};
    }

    @Test
    void seededNoiseRepeatsAndResumesFromItsPosition() {
        Tensor x = Tensor.uniform(5, -1, 1, 3, 4, 2);
        for (java.util.function.Supplier<NoiseLayer> make : List.<java.util.function.Supplier<NoiseLayer>>of(
                () -> new SpatialDropout1D(0.5), () -> new GaussianNoise(0.3), () -> new GaussianDropout(0.3))) {
            NoiseLayer a = make.get(), b = make.get();
            a.seed(11);
            b.seed(11);
            a.forward(x, true);
            float[] second = a.forward(x, true).data();
            b.randomPosition(1);
            assertArrayEquals(second, b.forward(x, true).data(), 0f, a.className() + ": call 2 from position 1");
        }
    }

    @Test
    void gradientChecksWithTheNoiseHeldFixed() {
        for (NoiseLayer l : List.of(new SpatialDropout1D(0.4), new SpatialDropout2D(0.4), new GaussianNoise(0.7), new GaussianDropout(0.3))) {
            l.seed(9);
            Tensor x = l instanceof SpatialDropout2D ? GradCheck.randomInput(2, 2, 3, 3, 4) : GradCheck.randomInput(2, 2, 3, 4);
            GradCheck.assertGradients(l.className(), in -> {
                l.randomPosition(0); // the same draw at every evaluation
                return l.forward(in.get(0), true);
            }, List.of(x), 1e-2, 1e-2);
        }
    }

    @Test
    void activityRegularizationAddsItsTermToTheTrainingLoss() {
        // y = x W (Dense 2->1, no bias, W = [1, 2]); loss = mse(y, 0) + 0.1 sum|y| + 0.01 sum y^2
        Dense dense = new Dense(1).useBias(false);
        Model m = new Sequential(Input.of(2), dense, new ActivityRegularization(0.1, 0.01));
        m.layers();
        dense.kernel().assign(new float[] {1, 2});
        Tensor x = Tensor.of(new float[] {1, 1, -1, 0.5f}, 2, 2); // y = 3, 0
        Tensor target = Tensor.zeros(2, 1);
        m.compile("sgd", "mse");
        float loss = m.evaluate(x, target, 2).get("loss");
        double byHand = (9 + 0) / 2.0 + 0.1 * 3 + 0.01 * 9;
        assertEquals(byHand, loss, 1e-5);
        // the gradient of the term reaches the weights: d/dW of (mse + reg) at W = [1, 2]
        Tensor y = m.forward(x, true);
        Tensor total = y.square().mean().add(m.addedLosses().get(0));
        total.backward();
        // dL/dy = [2*3/2 + 0.1 + 0.02*3, 0 + 0.1*sign(0) + 0] = [3.16, 0]; dW = x^T dL/dy
        LayerChecks.assertValues(new float[] {3.16f, 3.16f}, dense.kernel().value().grad(), 1e-5);
        ActivityRegularization r = new ActivityRegularization(0.5, 0.25);
        PyTorchReference.checkInputGradient(r, GradCheck.randomInput(3, 2, 3), 1e-2, 1e-2);
        PyTorchReference.assertRoundTrip(dir, new ActivityRegularization(0.5, 0.25), GradCheck.randomInput(3, 2, 3));
    }

    @Test
    void categoryEncodingModesByHand() {
        Tensor ids = Tensor.of(new float[] {0, 2, 2, 3, 1, 1}, 2, 3);
        LayerChecks.assertValues(new float[] {1, 0, 1, 0, 0, 1, 0, 1}, new CategoryEncoding(4, "multi_hot").apply(ids), 0);
        LayerChecks.assertValues(new float[] {1, 0, 2, 0, 0, 2, 0, 1}, new CategoryEncoding(4, "count").apply(ids), 0);
        Tensor oneHot = new CategoryEncoding(4, "one_hot").apply(ids);
        assertEquals(org.neurite.tensor.Shape.of(2, 3, 4), oneHot.shape());
        LayerChecks.assertValues(new float[] {0, 0, 1, 0, /* sample 2, id 1 */ 0, 1, 0, 0}, oneHot.slice(1, 1, 2), 0);
        Tensor single = new CategoryEncoding(3, "one_hot").apply(Tensor.of(new float[] {2, 0}, 2, 1));
        LayerChecks.assertValues(new float[] {0, 0, 1, 1, 0, 0}, single, 0);
        CategoryEncoding bad = new CategoryEncoding(3);
        bad.name("cat");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> bad.apply(Tensor.of(new float[] {1, 3}, 1, 2)));
        assertTrue(e.getMessage().startsWith("cat: input values must be integer ids in [0, 3), got 3.0"), e.getMessage());
        PyTorchReference.assertRoundTrip(dir, new CategoryEncoding(5, "count"), Tensor.of(new float[] {4, 4, 1, 0}, 2, 2));
    }

    @Test
    void summaryRowsAndRoundTrips() {
        Sequential m = new Sequential(Input.of(10, 8), new SpatialDropout1D(0.2), new GaussianNoise(0.1), new GaussianDropout(0.1),
                new ActivityRegularization(0.0, 0.01));
        String s = m.summary();
        assertTrue(s.contains(" spatial_dropout1d (SpatialD  (None, 10, 8)            0         \n ropout1D)"), s);
        assertTrue(s.contains(" gaussian_noise (GaussianNoi  (None, 10, 8)            0         \n se)"), s);
        assertTrue(s.contains(" activity_regularization (Ac  (None, 10, 8)            0         \n tivityRegularization)"), s);
        PyTorchReference.assertRoundTrip(dir, new SpatialDropout2D(0.3), GradCheck.randomInput(1, 2, 3, 3, 2));
        PyTorchReference.assertRoundTrip(dir, new GaussianNoise(0.3), GradCheck.randomInput(1, 2, 3));
        PyTorchReference.assertRoundTrip(dir, new GaussianDropout(0.3), GradCheck.randomInput(1, 2, 3));
        PyTorchReference.assertRoundTrip(dir, new SpatialDropout1D(0.3), GradCheck.randomInput(1, 2, 3, 2));
    }

    @Test
    void relu6IsReluWithMaxValueSix() {
        Tensor x = Tensor.vector(-2f, 0f, 3f, 6f, 9f);
        float[] expected = {0, 0, 3, 6, 6};
        LayerChecks.assertValues(expected, Activations.get("relu6").apply(x), 0);
        LayerChecks.assertValues(expected, new ReLU().maxValue(6).apply(x.reshape(1, 5)), 0);
    }
}
