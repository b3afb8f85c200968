package org.neurite.nn.layers.preprocessing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurite.autograd.GradCheck;
import org.neurite.data.Dataset;
import org.neurite.io.keras.KerasJson;
import org.neurite.nn.Model;
import org.neurite.nn.Sequential;
import org.neurite.nn.layers.Conv2D;
import org.neurite.nn.layers.Flatten;
import org.neurite.nn.layers.Dense;
import org.neurite.tensor.Tensor;

/** Rescaling and Normalization against Keras' documented numbers, gradients, and saving of every preprocessing layer. */
class PreprocessingLayersTest {
    private static void assertClose(float[] expected, float[] actual, double tol) {
        assertEquals(expected.length, actual.length);
        for (int i = 0; i < expected.length; i++) assertEquals(expected[i], actual[i], tol, "element " + i);
    }

    @Test
    void rescalingMapsBytesToMinusOneOne() {
        Tensor x = Tensor.of(new float[] {0, 127.5f, 255, 51}, 2, 2);
        assertClose(new float[] {-1, 0, 1, -0.6f}, new Rescaling(1 / 127.5, -1).forward(x, true).data(), 1e-6);
        assertClose(new float[] {0, 0.5f, 1, 0.2f}, new Rescaling(1 / 255.0).forward(x, false).data(), 1e-6);
        GradCheck.assertGradients("rescaling", in -> new Rescaling(0.5, 3).forward(in.get(0), true), List.of(Tensor.uniform(2, -1, 1, 3, 4)), 1e-2, 1e-3);
    }

    @Test
    void normalizationMatchesKerasDocumentedExamples() {
        // keras.layers.Normalization(axis=None).adapt([1, 2, 3, 4, 5]); layer([1, 2, 3]) = [-1.4142135, -0.70710677, 0]
        Normalization all = new Normalization().axis().adapt(Tensor.of(new float[] {1, 2, 3, 4, 5}, 5, 1));
        assertClose(new float[] {-1.4142135f, -0.70710677f, 0}, all.apply(Tensor.of(new float[] {1, 2, 3}, 3, 1)).data(), 1e-6);
        // axis=-1 on [[0,7,4],[2,9,6],[0,7,4],[2,9,6]]: layer([[0,7,4]]) = [[-1,-1,-1]]
        Tensor data = Tensor.of(new float[] {0, 7, 4, 2, 9, 6, 0, 7, 4, 2, 9, 6}, 4, 3);
        Normalization perFeature = new Normalization().adapt(data);
        assertClose(new float[] {-1, -1, -1}, perFeature.apply(Tensor.of(new float[] {0, 7, 4}, 1, 3)).data(), 1e-6);
        assertClose(new float[] {1, 8, 5, 1, 1, 1, 4}, concat(perFeature), 1e-6); // mean, variance, count (4 samples)
        // given mean 3, variance 2: [[1],[2],[3]] -> [-1.4142135, -0.70710677, 0]
        Normalization given = new Normalization().meanVariance(new float[] {3}, new float[] {2});
        assertClose(new float[] {-1.4142135f, -0.70710677f, 0}, given.apply(Tensor.of(new float[] {1, 2, 3}, 3, 1)).data(), 1e-6);
        // invert=True after adapting: [[-1,-1,-1]] -> [[0,7,4]]
        Normalization invert = new Normalization().invert(true).adapt(data);
        assertClose(new float[] {0, 7, 4}, invert.apply(Tensor.of(new float[] {-1, -1, -1}, 1, 3)).data(), 1e-6);
    }

    private static float[] concat(Normalization n) {
        float[] m = n.weights().get(0).value().data(), v = n.weights().get(1).value().data(), c = n.weights().get(2).value().data();
        float[] out = new float[m.length + v.length + c.length];
        System.arraycopy(m, 0, out, 0, m.length);
        System.arraycopy(v, 0, out, m.length, v.length);
        System.arraycopy(c, 0, out, m.length + v.length, c.length);
        return out;
    }

    @Test
    void adaptingImagesPerChannelStreamsTheSameMomentsAsAllAtOnce() {
        // 600 images 4x4x3 (3 batches of 256 when streamed); channel k has values around 10 k
        Tensor x = Tensor.uniform(3, 0, 1, 600, 4, 4, 3).add(Tensor.of(new float[] {0, 10, 20}, 3));
        double[] mean = new double[3], m2 = new double[3];
        float[] d = x.data();
        for (int i = 0; i < d.length; i++) mean[i % 3] += d[i];
        for (int k = 0; k < 3; k++) mean[k] /= d.length / 3.0;
        for (int i = 0; i < d.length; i++) m2[i % 3] += (d[i] - mean[i % 3]) * (d[i] - mean[i % 3]);
        Normalization streamed = new Normalization().adapt(new Dataset(x, Tensor.zeros(600)));
        float[] stats = concat(streamed);
        for (int k = 0; k < 3; k++) {
            assertEquals(mean[k], stats[k], 1e-5);
            assertEquals(m2[k] / (d.length / 3.0), stats[3 + k], 1e-5);
        }
        assertEquals(600 * 16, stats[6]);
        // the (H, C) axes keep 4 x 3 statistics
        Normalization hc = new Normalization().axis(1, 3).adapt(x);
        assertArrayEquals(new int[] {4, 3}, hc.weights().get(0).shape().dims());
    }

    @Test
    void normalizationGradientAndFailures() {
        Normalization n = new Normalization().adapt(Tensor.uniform(4, -2, 5, 30, 4));
        GradCheck.assertGradients("normalization", in -> n.forward(in.get(0), true), List.of(Tensor.uniform(5, -1, 1, 3, 4)), 1e-2, 1e-3);
        Normalization inv = new Normalization().invert(true).adapt(Tensor.uniform(4, -2, 5, 30, 4));
        GradCheck.assertGradients("normalization invert", in -> inv.forward(in.get(0), true), List.of(Tensor.uniform(5, -1, 1, 3, 4)), 1e-2, 1e-3);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Normalization().apply(Tensor.zeros(2, 3)));
        assertTrue(e.getMessage().contains("not adapted"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Normalization().axis(0).apply(Tensor.zeros(2, 3)));
        assertThrows(IllegalArgumentException.class, () -> new Normalization().meanVariance(new float[] {1, 2}, new float[] {1, 1}).apply(Tensor.zeros(2, 3)));
    }

    private static Sequential everything() {
        Sequential m = new Sequential(
                new Rescaling(1 / 255.0).inputShape(8, 8, 3),
                new Normalization().adapt(Tensor.uniform(1, 0, 1, 20, 8, 8, 3)),
                new RandomFlip("horizontal"),
                new RandomTranslation(0.1, 0.2).fillMode("constant"),
                new RandomRotation(0.05),
                new RandomZoom(0.1),
                new RandomContrast(0.2).valueRange(0, 1),
                new RandomCrop(6, 6),
                new Conv2D(2, 3),
                new Flatten(),
                new Dense(2));
        m.seed(3);
        return m;
    }

    @Test
    void summaryCountsNormalizationLikeKerasAndNothingForTheOthers() {
        String s = everything().summary();
        assertTrue(row(s, "normalization").matches(".*\\(None, 8, 8, 3\\)\\s+7"), s);
        assertTrue(row(s, "random_crop (").matches(".*\\(None, 6, 6, 3\\)\\s+0"), s);
        assertTrue(row(s, "random_flip (").matches(".*\\(None, 8, 8, 3\\)\\s+0"), s);
        assertTrue(s.contains("Non-trainable params: 7"), s);
        Normalization given = new Normalization().meanVariance(new float[] {1}, new float[] {2});
        given.build(org.neurite.tensor.Shape.of(3));
        assertEquals(0, given.countParams(), "given statistics are constants, as in Keras");
    }

    private static String row(String summary, String start) {
        for (String line : summary.split("\n")) if (line.trim().startsWith(start)) return line.trim();
        throw new AssertionError("no row " + start + " in\n" + summary);
    }

    @Test
    void savedAndReloadedModelsPredictTheSameAndTrainTheSameAugmentation(@TempDir Path dir) throws Exception {
        Sequential m = everything();
        Tensor x = Tensor.uniform(9, 0, 255, 4, 8, 8, 3);
        Tensor before = m.predict(x);
        m.save(dir.resolve("m.neurite"));
        Model loaded = Model.load(dir.resolve("m.neurite"));
        assertArrayEquals(before.data(), loaded.predict(x).data());
        Model fromKeras = KerasJson.read(KerasJson.write(m));
        for (int i = 0; i < m.layers().size(); i++) {
            assertEquals(m.layers().get(i).config(), fromKeras.layers().get(i).config(), m.layers().get(i).name());
        }
    }
}
