package org.neurite.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.neurite.nn.Model;
import org.neurite.tensor.Shape;
import org.neurite.tensor.Tensor;

/** The README's Keras-calls snippet runs: fresh names, Keras weight layouts, a shared-weight extractor, weighted loss. */
class ReadmeKerasCallsTest {
    @Test
    void snippetRuns() {
        SplittableRandom r = new SplittableRandom(3);
        int n = 40;
        float[] px = new float[n * 28 * 28];
        for (int i = 0; i < px.length; i++) px[i] = (float) r.nextDouble();
        float[] labels = new float[n];
        for (int i = 0; i < n; i++) labels[i] = i % 10;
        float[] w = new float[n];
        for (int i = 0; i < n; i++) w[i] = i < n / 2 ? 1f : 0f;
        Tensor images = Tensor.of(px, n, 28, 28, 1);
        ReadmeSnippets.KerasCalls out = ReadmeSnippets.kerasCalls(images, Tensor.of(labels, n), Tensor.of(w, n));

        assertEquals("conv2d", out.model().layers().get(0).name());
        assertEquals("dense", out.model().layers().get(3).name());
        assertEquals(List.of(Shape.of(3, 3, 1, 8), Shape.of(8), Shape.of(1352, 10), Shape.of(10)), out.weights().stream().map(Tensor::shape).toList());
        assertEquals(Shape.of(n, 26, 26, 8), out.maps().shape());
        for (float v : out.maps().toArray()) assertTrue(v >= 0f, "relu feature maps");
        assertTrue(out.scores().get("loss") > 0f);
        // setWeights restored the weights from before fit
        List<Tensor> now = out.model().getWeights();
        for (int i = 0; i < now.size(); i++) assertArrayEquals(out.weights().get(i).toArray(), now.get(i).toArray(), 0f);
        // the maps were computed with the trained conv2d: the restored (untrained) one gives other maps
        Model again = new Model(out.model().inputs(), out.model().getLayer("conv2d").output());
        float[] restored = again.predict(images).toArray(), trained = out.maps().toArray();
        double diff = 0;
        for (int i = 0; i < trained.length; i++) diff += Math.abs(trained[i] - restored[i]);
        assertTrue(diff > 1e-3, "fit changed the shared conv2d weights");
    }
}
