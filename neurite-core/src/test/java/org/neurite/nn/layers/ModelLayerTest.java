package org.neurite.nn.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurite.autograd.GradCheck;
import org.neurite.io.keras.KerasJson;
import org.neurite.nn.Input;
import org.neurite.nn.Layer;
import org.neurite.nn.LayerNames;
import org.neurite.nn.Model;
import org.neurite.nn.Sequential;
import org.neurite.nn.SymbolicTensor;
import org.neurite.tensor.Tensor;

class ModelLayerTest {
    @TempDir
    Path dir;

    @BeforeEach
    void reset() {
        LayerNames.reset();
    }

    /** base: Sequential(8 -> 4 relu -> 3); outer: base, then Dense(2). */
    private static Model transferShape(Sequential base) {
        Input in = Input.of(8);
        SymbolicTensor features = base.asLayer().apply(in);
        return new Model(in, new Dense(2).name("head").apply(features)).name("classifier");
    }

    private static Sequential base() {
        return (Sequential) new Sequential(Input.of(8), new Dense(4, "relu"), new Dense(3)).name("base").seed(3);
    }

    @Test
    void oneSummaryRowWithTheNestedTotals() {
        Model m = transferShape(base());
        assertEquals((8 * 4 + 4) + (4 * 3 + 3) + (3 * 2 + 2), m.countParams());
        String s = m.summary();
        assertTrue(s.contains(" base (Sequential)           (None, 3)                 51        \n"), s);
        assertTrue(s.contains(" head (Dense)                (None, 2)                 8         \n"), s);
        assertTrue(s.contains("Total params: 59\n"), s);
        assertEquals(3, m.layers().size(), "input, base, head: the nested layers are not listed one by one");
    }

    /** The forward pass, computed with loops from the weight values. */
    @Test
    void forwardEqualsTheCompositionByHand() {
        Sequential base = base();
        Model m = transferShape(base);
        Tensor x = Tensor.uniform(5, -1, 1, 3, 8);
        float[] h = x.data();
        int width = 8;
        for (Layer l : List.of(base.layers().get(0), base.layers().get(1), m.layer("head"))) {
            Dense d = (Dense) l;
            float[] k = d.kernel().value().data(), b = d.bias().value().data();
            int units = d.units();
            float[] next = new float[3 * units];
            for (int n = 0; n < 3; n++) {
                for (int u = 0; u < units; u++) {
                    double v = b[u];
                    for (int i = 0; i < width; i++) v += h[n * width + i] * k[i * units + u];
                    next[n * units + u] = (float) (d.activation().equals("relu") ? Math.max(0, v) : v);
                }
            }
            h = next;
            width = units;
        }
        LayerChecks.assertValues(h, m.apply(x), 1e-5);
    }

    @Test
    void weightsAreSharedAndFreezingFreezesTheInnerLayers() {
        Sequential base = base();
        Model m = transferShape(base);
        float[] before = base.layers().get(0).weights().get(0).value().data().clone();
        m.compile("sgd", "mse");
        m.trainOnBatch(Tensor.uniform(1, -1, 1, 4, 8), Tensor.uniform(2, -1, 1, 4, 2));
        assertNotEquals(before[0], base.layers().get(0).weights().get(0).value().data()[0], "training the outer model trains the nested weights");

        ModelLayer nested = (ModelLayer) m.layer("base");
        nested.trainable(false);
        assertEquals(8, m.trainableParams());
        assertTrue(m.summary().contains("Trainable params: 8\nNon-trainable params: 51\n"), m.summary());
        float[] frozen = base.layers().get(0).weights().get(0).value().data().clone();
        m.compile("sgd", "mse");
        m.trainOnBatch(Tensor.uniform(3, -1, 1, 4, 8), Tensor.uniform(4, -1, 1, 4, 2));
        assertArrayEquals(frozen, base.layers().get(0).weights().get(0).value().data(), 0f);
    }

    @Test
    void gradientCheckThroughTheNestedModel() {
        LayerChecks.checkGradients(new Sequential(Input.of(3), new Dense(4, "tanh"), new Dense(2)).seed(9).asLayer(), GradCheck.randomInput(2, 2, 3), 1e-2, 2e-2);
    }

    @Test
    void saveLoadAndKerasJsonRoundTrips() throws Exception {
        Model m = transferShape(base());
        Tensor x = Tensor.uniform(6, -1, 1, 2, 8);
        Path file = dir.resolve("nested.nrt");
        m.save(file);
        Model loaded = Model.load(file);
        assertEquals(m.summary(), loaded.summary());
        assertArrayEquals(m.apply(x).data(), loaded.apply(x).data(), 0f);

        String json = KerasJson.write(m);
        assertTrue(json.contains("\"class_name\":\"Sequential\""), json);
        assertTrue(json.contains("[\"base\",1,0,{}]"), "Keras numbers a nested model's first call 1: " + json);
        assertEquals(m.summary(), KerasJson.read(json).summary());
        ((ModelLayer) m.layer("base")).trainable(false);
        assertEquals(8, KerasJson.read(KerasJson.write(m)).trainableParams(), "a frozen nested model stays frozen");
    }

    @Test
    void functionalInsideSequentialAndWrongInput() {
        Input in = Input.of(6);
        Model encoder = new Model(in, new Dense(2).apply(new Dense(4, "relu").apply(in))).name("encoder");
        Sequential outer = new Sequential(Input.of(6), encoder.asLayer(), new Dense(6, "sigmoid"));
        assertTrue(outer.summary().contains(" encoder (Functional)        (None, 2)                 38        \n"), outer.summary());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> encoder.asLayer().name("enc2").apply(Input.of(5)));
        assertEquals("enc2: expected input (None, 6), got (None, 5)", e.getMessage());
    }
}
