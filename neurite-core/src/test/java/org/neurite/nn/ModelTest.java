package org.neurite.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.neurite.autograd.GradCheck;
import org.neurite.nn.layers.Activation;
import org.neurite.nn.layers.Add;
import org.neurite.nn.layers.Concatenate;
import org.neurite.nn.layers.Conv2D;
import org.neurite.nn.layers.Dense;
import org.neurite.nn.layers.Dropout;
import org.neurite.nn.layers.Flatten;
import org.neurite.nn.layers.MaxPooling2D;
import org.neurite.nn.training.FitConfig;
import org.neurite.tensor.Shape;
import org.neurite.tensor.Tensor;

class ModelTest {
    @BeforeEach
    void clearSession() {
        LayerNames.reset();
    }

    @Test
    void residualBlockComputesReluOfConvPlusSkip() {
        Input in = Input.of(6, 6, 3);
        Conv2D c1 = new Conv2D(3, 3).padding("same").activation("relu");
        Conv2D c2 = new Conv2D(3, 3).padding("same");
        SymbolicTensor out = new Activation("relu").apply(new Add().apply(c2.apply(c1.apply(in)), in));
        Model model = new Model(in, out).seed(42);
        Tensor x = GradCheck.randomInput(9, 2, 6, 6, 3);
        Tensor expected = c2.apply(c1.apply(x)).add(x).relu(); // the same layers, by hand
        assertArrayEquals(expected.data(), model.apply(x).data(), 1e-6f);
        assertEquals(Shape.of(2, 6, 6, 3), model.apply(x).shape());
        assertEquals(2 * (3 * 3 * 3 * 3 + 3), model.countParams());
    }

    @Test
    void inceptionModuleShapesAndKerasLayerOrder() {
        Input in = Input.of(28, 28, 192);
        SymbolicTensor b1 = new Conv2D(64, 1).activation("relu").apply(in);
        SymbolicTensor b2 = new Conv2D(96, 1).activation("relu").apply(in);
        b2 = new Conv2D(128, 3).padding("same").activation("relu").apply(b2);
        SymbolicTensor b3 = new Conv2D(16, 1).activation("relu").apply(in);
        b3 = new Conv2D(32, 5).padding("same").activation("relu").apply(b3);
        SymbolicTensor b4 = new MaxPooling2D(3, 1).padding("same").apply(in);
        b4 = new Conv2D(32, 1).activation("relu").apply(b4);
        SymbolicTensor out = new Concatenate().apply(b1, b2, b3, b4);
        Model model = new Model(in, out);
        assertEquals(Shape.of(28, 28, 256), out.shape());
        List<String> names = model.layers().stream().map(Layer::name).toList();
        // Keras: by depth from the input, ties in depth-first order from the output
        assertEquals(List.of("input_1", "conv2d_1", "conv2d_3", "max_pooling2d", "conv2d", "conv2d_2", "conv2d_4", "conv2d_5", "concatenate"), names);
        assertEquals(12352 + 18528 + 110720 + 3088 + 12832 + 6176, model.countParams());
        assertTrue(model.summary().contains("Connected to"));
        Tensor y = model.apply(Tensor.zeros(1, 28, 28, 192));
        assertEquals(Shape.of(1, 28, 28, 256), y.shape());
    }

    @Test
    void sharedLayerAppearsOnceWithTwoConnections() {
        Input in = Input.of(4);
        Dense shared = new Dense(4, "tanh");
        SymbolicTensor out = shared.apply(shared.apply(in));
        Model model = new Model(in, out);
        assertEquals(2, model.layers().size());
        assertEquals(20, model.countParams());
        String s = model.summary();
        assertTrue(s.contains("['input_1[0][0]',"), s);
        assertTrue(s.contains("'dense[0][0]']"), s);
        Tensor x = Tensor.of(new float[] {1, 2, 3, 4}, 1, 4);
        assertArrayEquals(shared.apply(shared.apply(x)).data(), model.apply(x).data(), 1e-6f);
    }

    @Test
    void graphErrors() {
        Input a = Input.of(3);
        Input b = Input.of(3);
        SymbolicTensor sum = new Add().apply(a, b);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Model(a, sum));
        assertTrue(e.getMessage().contains("graph disconnected") && e.getMessage().contains("input_2"), e.getMessage());
        SymbolicTensor d = new Dense(2).apply(a);
        assertThrows(IllegalArgumentException.class, () -> new Model(d, d));
        Model ok = new Model(List.of(a, b), List.of(sum));
        assertEquals(2, ok.inputs().size());
        IllegalArgumentException wrong = assertThrows(IllegalArgumentException.class, () -> new Model(a, d).apply(Tensor.zeros(1, 5)));
        assertEquals("input_1: expected input (None, 3), got (None, 5)", wrong.getMessage());
    }

    @Test
    void veryDeepChainNeedsNoRecursion() {
        Input in = Input.of(2);
        SymbolicTensor x = in;
        for (int i = 0; i < 5000; i++) x = new Activation("linear").apply(x);
        Model model = new Model(in, x);
        assertEquals(5001, model.layers().size());
        assertArrayEquals(new float[] {1, 2}, model.apply(Tensor.of(new float[] {1, 2}, 1, 2)).data());
    }

    @Test
    void sameSeedSameWeights() {
        float[] first = seeded(7).variables().get(0).value().toArray();
        float[] again = seeded(7).variables().get(0).value().toArray();
        float[] other = seeded(8).variables().get(0).value().toArray();
        assertArrayEquals(first, again);
        assertFalse(java.util.Arrays.equals(first, other));
        Initializers.setGlobalSeed(5);
        float[] g1 = new Sequential(new Dense(3).inputShape(4)).variables().get(0).value().toArray();
        Initializers.setGlobalSeed(5);
        float[] g2 = new Sequential(new Dense(3).inputShape(4)).variables().get(0).value().toArray();
        assertArrayEquals(g1, g2);
    }

    private static Model seeded(long seed) {
        return new Sequential(new Conv2D(2, 3).inputShape(5, 5, 1), new Flatten(), new Dropout(0.5), new Dense(2)).seed(seed);
    }

    @Test
    void freezingRemovesVariablesFromTraining() {
        Sequential model = new Sequential(new Dense(4).inputShape(3), new Dense(2));
        assertEquals(4, model.trainableVariables().size());
        model.layers().get(0).trainable(false);
        assertEquals(2, model.trainableVariables().size());
        assertEquals(4, model.variables().size());
        assertFalse(model.variables().get(0).value().requiresGrad());
    }

    @Test
    void sequentialAddValidatesEachLayer() {
        Sequential model = new Sequential(Input.of(8, 8, 1));
        model.add(new Conv2D(2, 3));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> model.add(new Conv2D(2, 7)));
        assertTrue(e.getMessage().startsWith("conv2d_1: a 7x7 window does not fit input (None, 6, 6, 2)"), e.getMessage());
        assertEquals(1, model.layers().size());
        model.add(new Flatten()).add(new Dense(1));
        assertEquals(Shape.of(1), model.outputs().get(0).shape());
    }

    @Test
    void compileFitEvaluatePredictDelegateToTrainer() {
        // y = 2x - 1 learned by one Dense unit; the Sequential learns its input shape from the data.
        float[] xs = new float[64];
        float[] ys = new float[64];
        for (int i = 0; i < 64; i++) {
            xs[i] = (i - 32) / 32f;
            ys[i] = 2 * xs[i] - 1;
        }
        Tensor x = Tensor.of(xs, 64, 1);
        Tensor y = Tensor.of(ys, 64, 1);
        Sequential model = new Sequential(new Dense(1));
        model.seed(1).compile("sgd", "mse");
        float before = model.evaluate(x, y).get("loss");
        model.fit(x, y, new FitConfig().epochs(30).batchSize(8).verbose(0));
        float after = model.evaluate(x, y).get("loss");
        assertTrue(after < before / 10, before + " -> " + after);
        assertEquals(Shape.of(64, 1), model.predict(x).shape());
        assertThrows(IllegalStateException.class, () -> new Sequential(new Dense(1)).fit(x, y, 1, 8));
    }
}
