package org.neurite.nn.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.neurite.Neurite;
import org.neurite.io.Json;
import org.neurite.nn.Input;
import org.neurite.nn.Layer;
import org.neurite.nn.Model;
import org.neurite.nn.Sequential;
import org.neurite.nn.SymbolicTensor;
import org.neurite.nn.optimizers.SGD;
import org.neurite.nn.losses.MeanSquaredError;
import org.neurite.tensor.Shape;
import org.neurite.tensor.Tensor;

/**
 * Keras' {@code get_weights / set_weights} layouts, {@code get_layer} and {@code layer.output}
 * feature extractors, and {@code clear_session}. The layouts are checked against facts computed
 * independently: hand-computed Dense and Conv2D outputs, and PyTorch's LSTM and GRU (from
 * {@code pytorch/recurrent.json}) with its weights converted to Keras' layout by hand here.
 */
class KerasWeightsApiTest {

    @Test
    void denseKernelIsInputsByUnits() {
        Dense d = new Dense(3);
        d.build(Shape.of(2));
        d.setWeights(List.of(Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3), Tensor.of(new float[] {0.5f, 0, -1}, 3)));
        // [1, 2] @ [[1, 2, 3], [4, 5, 6]] + [0.5, 0, -1] = [9.5, 12, 14]
        assertArrayEquals(new float[] {9.5f, 12f, 14f}, d.apply(Tensor.of(new float[] {1, 2}, 1, 2)).toArray(), 1e-6f);
        List<Tensor> w = d.getWeights();
        assertEquals(Shape.of(2, 3), w.get(0).shape());
        assertEquals(Shape.of(3), w.get(1).shape());
        assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, w.get(0).toArray());
        w.get(0).data()[0] = 100f; // a copy: the layer is unchanged
        assertEquals(1f, d.getWeights().get(0).toArray()[0]);
    }

    @Test
    void conv2dKernelIsHeightWidthInOut() {
        Conv2D c = new Conv2D(2, 2);
        c.build(Shape.of(2, 2, 1));
        // kernel (kh, kw, in, out) row-major: K[i][j][0][o] = values[(i*2 + j)*2 + o]
        float[] k = {1, 10, 2, 20, 3, 30, 4, 40};
        c.setWeights(List.of(Tensor.of(k, 2, 2, 1, 2), Tensor.of(new float[] {0.5f, -0.5f}, 2)));
        Tensor x = Tensor.of(new float[] {1, 2, 3, 4}, 1, 2, 2, 1); // x[0][0]=1, x[0][1]=2, x[1][0]=3, x[1][1]=4
        // out[o] = sum_ij x[i][j] K[i][j][0][o] + b[o]: 1+4+9+16+0.5 = 30.5, 10+40+90+160-0.5 = 299.5
        assertArrayEquals(new float[] {30.5f, 299.5f}, c.apply(x).toArray(), 1e-5f);
    }

    // ---------------------------------------------------------------- LSTM and GRU from PyTorch, converted by hand

    @SuppressWarnings("unchecked")
    private static Map<String, Object> torch(String section) {
        try (InputStream in = KerasWeightsApiTest.class.getResourceAsStream("/pytorch/recurrent.json")) {
            Map<String, Object> root = (Map<String, Object>) Json.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            return (Map<String, Object>) root.get(section);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Tensor t(Map<String, Object> m, String... path) {
        Map<String, Object> cur = m;
        for (int i = 0; i < path.length - 1; i++) cur = (Map<String, Object>) cur.get(path[i]);
        Map<String, Object> e = (Map<String, Object>) cur.get(path[path.length - 1]);
        List<Object> data = (List<Object>) e.get("data");
        float[] d = new float[data.size()];
        for (int i = 0; i < d.length; i++) d[i] = ((Number) data.get(i)).floatValue();
        return Tensor.of(d, ((List<Object>) e.get("shape")).stream().mapToInt(o -> ((Number) o).intValue()).toArray());
    }

    /** PyTorch weight (k*u, cols) with gate blocks in torch order -> Keras (cols, k*u) with blocks kerasFromTorch. */
    private static Tensor kernel(Tensor torchWeight, int u, int[] kerasFromTorch) {
        int rows = torchWeight.dim(0), cols = torchWeight.dim(1);
        float[] out = new float[cols * rows];
        for (int blk = 0; blk < kerasFromTorch.length; blk++) {
            for (int j = 0; j < u; j++) {
                for (int c = 0; c < cols; c++) out[c * rows + blk * u + j] = torchWeight.get(kerasFromTorch[blk] * u + j, c);
            }
        }
        return Tensor.of(out, cols, rows);
    }

    private static float[] bias(Tensor torchBias, int u, int[] kerasFromTorch) {
        float[] out = new float[torchBias.size()];
        for (int blk = 0; blk < kerasFromTorch.length; blk++) {
            for (int j = 0; j < u; j++) out[blk * u + j] = torchBias.get(kerasFromTorch[blk] * u + j);
        }
        return out;
    }

    private static Tensor state(Tensor s) {
        return s.reshape(s.dim(1), s.dim(2));
    }

    @Test
    void lstmWeightsAreGatesIFCOWithOneSummedBias() {
        Map<String, Object> ref = torch("lstm");
        int u = 6;
        int[] ifco = {0, 1, 2, 3}; // PyTorch's i, f, g, o is Keras' i, f, c, o
        Tensor b = Tensor.of(bias(t(ref, "weights", "bias_ih_l0"), u, ifco), 4 * u).add(Tensor.of(bias(t(ref, "weights", "bias_hh_l0"), u, ifco), 4 * u));
        LSTM lstm = new LSTM(u);
        lstm.returnSequences(true);
        lstm.build(List.of(Shape.of(5, 4), Shape.of(u), Shape.of(u)));
        lstm.setWeights(List.of(kernel(t(ref, "weights", "weight_ih_l0"), u, ifco), kernel(t(ref, "weights", "weight_hh_l0"), u, ifco), b));
        assertEquals(List.of(Shape.of(4, 4 * u), Shape.of(u, 4 * u), Shape.of(4 * u)), lstm.getWeights().stream().map(Tensor::shape).toList());
        Tensor out = lstm.forward(List.of(t(ref, "x"), state(t(ref, "h0")), state(t(ref, "c0"))), false);
        assertArrayEquals(t(ref, "out").toArray(), out.toArray(), 2e-5f);
    }

    @Test
    void gruResetAfterHasGatesZRHAndABiasRowPerSide() {
        Map<String, Object> ref = torch("gru");
        int u = 6;
        int[] zrh = {1, 0, 2}; // Keras z, r, h = PyTorch blocks 1 (z), 0 (r), 2 (n)
        float[] bi = bias(t(ref, "weights", "bias_ih_l0"), u, zrh), bh = bias(t(ref, "weights", "bias_hh_l0"), u, zrh);
        float[] b = new float[6 * u];
        System.arraycopy(bi, 0, b, 0, 3 * u);
        System.arraycopy(bh, 0, b, 3 * u, 3 * u);
        GRU gru = new GRU(u);
        gru.returnSequences(true);
        gru.build(List.of(Shape.of(5, 4), Shape.of(u)));
        gru.setWeights(List.of(kernel(t(ref, "weights", "weight_ih_l0"), u, zrh), kernel(t(ref, "weights", "weight_hh_l0"), u, zrh), Tensor.of(b, 2, 3 * u)));
        Tensor out = gru.forward(List.of(t(ref, "x"), state(t(ref, "h0"))), false);
        assertArrayEquals(t(ref, "out").toArray(), out.toArray(), 2e-5f);
    }

    // ---------------------------------------------------------------- model weights

    @Test
    void modelWeightsRoundTripIntoAnotherModel() {
        Model a = new Sequential(Input.of(5, 3), new LSTM(4), new BatchNormalization(), new Dense(2)).seed(1);
        Model b = new Sequential(Input.of(5, 3), new LSTM(4), new BatchNormalization(), new Dense(2)).seed(2);
        List<Tensor> wa = a.getWeights();
        assertEquals(List.of(Shape.of(3, 16), Shape.of(4, 16), Shape.of(16), Shape.of(4), Shape.of(4), Shape.of(4), Shape.of(4), Shape.of(4, 2), Shape.of(2)),
                wa.stream().map(Tensor::shape).toList());
        Tensor x = Tensor.of(new float[] {0.1f, -0.2f, 0.3f, 0.4f, 0.5f, -0.6f, 0.7f, 0.8f, -0.9f, 1, 1.1f, 1.2f, -1.3f, 1.4f, 1.5f}, 1, 5, 3);
        assertTrue(Math.abs(a.predict(x).toArray()[0] - b.predict(x).toArray()[0]) > 1e-4, "differently seeded models differ");
        b.setWeights(wa);
        assertArrayEquals(a.predict(x).toArray(), b.predict(x).toArray(), 0f);
        List<Tensor> wb = b.getWeights();
        for (int i = 0; i < wa.size(); i++) assertArrayEquals(wa.get(i).toArray(), wb.get(i).toArray(), 0f);
    }

    @Test
    void wrongWeightsFailNamingTheLayerAndWeight() {
        Dense d = new Dense(3).name("head");
        IllegalArgumentException unbuilt = assertThrows(IllegalArgumentException.class, d::getWeights);
        assertTrue(unbuilt.getMessage().startsWith("head: is not built yet"), unbuilt.getMessage());
        d.build(Shape.of(2));
        IllegalArgumentException count = assertThrows(IllegalArgumentException.class, () -> d.setWeights(List.of(Tensor.zeros(2, 3))));
        assertEquals("head: setWeights expects 2 array(s) [kernel (2, 3), bias (3,)], got 1", count.getMessage());
        IllegalArgumentException shape = assertThrows(IllegalArgumentException.class, () -> d.setWeights(List.of(Tensor.zeros(3, 2), Tensor.zeros(3))));
        assertEquals("head: setWeights: weight 'kernel' has shape (2, 3), got an array of shape (3, 2)", shape.getMessage());

        Model m = new Sequential(Input.of(2), new Dense(3).name("first"), new Dense(1).name("second"));
        List<Tensor> w = new ArrayList<>(m.getWeights());
        w.set(3, Tensor.zeros(2));
        float before = m.getWeights().get(0).toArray()[0];
        w.set(0, Tensor.ones(2, 3));
        IllegalArgumentException inModel = assertThrows(IllegalArgumentException.class, () -> m.setWeights(w));
        assertEquals("second: setWeights: weight 'bias' has shape (1,), got an array of shape (2,)", inModel.getMessage());
        assertEquals(before, m.getWeights().get(0).toArray()[0], "nothing is changed when one array does not fit");
        IllegalArgumentException total = assertThrows(IllegalArgumentException.class, () -> m.setWeights(w.subList(0, 3)));
        assertTrue(total.getMessage().endsWith("setWeights expects 4 arrays (see getWeights()), got 3"), total.getMessage());
    }

    // ---------------------------------------------------------------- getLayer and feature extractors

    /** relu(x W + b) computed by hand from the layer's Keras weights. */
    private static float[] denseRelu(Layer dense, float[] x) {
        List<Tensor> w = dense.getWeights();
        Tensor k = w.get(0);
        int in = k.dim(0), units = k.dim(1);
        float[] out = new float[units];
        for (int j = 0; j < units; j++) {
            double z = w.get(1).get(j);
            for (int i = 0; i < in; i++) z += x[i] * k.get(i, j);
            out[j] = (float) Math.max(0, z);
        }
        return out;
    }

    private static void checkSharedExtractor(Model model, Layer hidden, Tensor x, Tensor y) {
        Model extractor = new Model(model.inputs(), hidden.output());
        assertArrayEquals(denseRelu(hidden, x.toArray()), extractor.predict(x).toArray(), 1e-6f);
        float[] before = extractor.predict(x).toArray();
        model.compile(new SGD(0.5f), new MeanSquaredError());
        for (int i = 0; i < 3; i++) model.trainOnBatch(x, y);
        float[] after = extractor.predict(x).toArray();
        assertTrue(Math.abs(after[0] - before[0]) + Math.abs(after[1] - before[1]) + Math.abs(after[2] - before[2]) > 1e-3, "training the model moves the extractor");
        assertArrayEquals(denseRelu(hidden, x.toArray()), after, 1e-6f);
        assertEquals(hidden.countParams(), extractor.countParams());
    }

    @Test
    void functionalFeatureExtractorSharesWeights() {
        Input in = Input.of(2);
        SymbolicTensor h = new Dense(3, "relu").name("hidden").kernelInitializer(org.neurite.nn.Initializers.constant(0.5f)).apply(in);
        Model model = new Model(in, new Dense(1).name("out").apply(h)).seed(3);
        assertSame(model.layers().get(0), model.getLayer(0)); // the input layer, as in Keras
        assertSame(in, model.getLayer(0).output());
        assertSame(model.getLayer("hidden"), model.getLayer(1));
        checkSharedExtractor(model, model.getLayer("hidden"), Tensor.of(new float[] {1f, 2f}, 1, 2), Tensor.of(new float[] {10f}, 1, 1));
    }

    @Test
    void sequentialFeatureExtractorSharesWeights() {
        // built layer by layer from the first layer's input shape: the graph is rebuilt at every add
        Sequential model = new Sequential(new Dense(3, "relu").name("hidden").kernelInitializer(org.neurite.nn.Initializers.constant(0.5f)).inputShape(2), new Dense(2), new Dense(1));
        model.seed(4);
        assertSame(model.getLayer("hidden"), model.getLayer(0)); // a Sequential does not count its input
        checkSharedExtractor(model, model.getLayer("hidden"), Tensor.of(new float[] {1f, 2f}, 1, 2), Tensor.of(new float[] {10f}, 1, 1));
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> model.getLayer(3));
        assertTrue(bad.getMessage().endsWith("asked for layer 3 but the model has 3 layers (indices 0 to 2)"), bad.getMessage());
        IllegalStateException never = assertThrows(IllegalStateException.class, () -> new Dense(2).name("loose").output());
        assertTrue(never.getMessage().startsWith("loose: has no output yet"), never.getMessage());
    }

    @Test
    void clearSessionRestartsTheAutomaticNames() {
        new Sequential(Input.of(2), new Dense(3), new Dense(1));
        Neurite.clearSession();
        Sequential again = new Sequential(Input.of(4), new Dense(2), new Dense(1));
        assertEquals("dense", again.layers().get(0).name());
        assertEquals("dense_1", again.layers().get(1).name());
        assertEquals("sequential", again.name());
    }
}
