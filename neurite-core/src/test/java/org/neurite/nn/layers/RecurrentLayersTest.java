package org.neurite.nn.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurite.autograd.Autograd;
import org.neurite.autograd.GradCheck;
import org.neurite.nn.Initializers;
import org.neurite.nn.Input;
import org.neurite.nn.Layer;
import org.neurite.nn.Model;
import org.neurite.nn.Sequential;
import org.neurite.nn.SymbolicTensor;
import org.neurite.nn.training.FitConfig;
import org.neurite.nn.optimizers.Adam;
import org.neurite.nn.losses.Losses;
import org.neurite.tensor.Shape;
import org.neurite.tensor.Tensor;
import org.neurite.tensor.ops.RecurrentCells;
import org.neurite.tensor.ops.RecurrentSequences;

/** SimpleRNN, LSTM, GRU, Bidirectional: shapes, counts, gradients, multi-output graphs, save/load, learning. */
class RecurrentLayersTest {
    @TempDir
    Path dir;

    private static Tensor x(long seed, int... dims) {
        return GradCheck.randomInput(seed, dims);
    }

    // ---------------------------------------------------------------- parameter counts and summary

    @Test
    void kerasParameterCounts() {
        assertEquals(96, built(new LSTM(3), 7, 4).countParams());            // 4 (u (in + u) + u)
        assertEquals(81, built(new GRU(3), 7, 4).countParams());             // 3 (u (in + u) + 2u), reset_after
        assertEquals(72, built(new GRU(3).resetAfter(false), 7, 4).countParams()); // 3 (u (in + u) + u)
        assertEquals(24, built(new SimpleRNN(3), 7, 4).countParams());       // u (in + u) + u
        assertEquals(192, built(new Bidirectional(new LSTM(3)), 7, 4).countParams());
        assertEquals(Shape.of(2, 9), built(new GRU(3), 7, 4).bias().shape());
    }

    private static <L extends Layer> L built(L layer, int steps, int features) {
        layer.build(Shape.of(steps, features));
        return layer;
    }

    @Test
    void w5SummaryHasKerasCounts() {
        Sequential m = new Sequential(Input.of(50, 1), new LSTM(100).returnSequences(true), new Dropout(0.2), new LSTM(50), new Dropout(0.2), new Dense(1));
        String s = m.summary();
        assertTrue(s.contains("(None, 50, 100)") && s.contains("40800") && s.contains("30200"), s);
        assertTrue(s.contains("Total params: 71,051"), s);
    }

    @Test
    void unitForgetBiasAndOrthogonalInitializer() {
        LSTM l = built(new LSTM(5).seed(3), 2, 3);
        float[] b = l.bias().value().data();
        for (int i = 0; i < 20; i++) assertEquals(i >= 5 && i < 10 ? 1f : 0f, b[i]);
        for (int[] shape : new int[][] {{4, 16}, {16, 4}, {6, 6}}) {
            float[] q = Initializers.orthogonal().sample(Shape.of(shape), new java.util.SplittableRandom(7));
            Tensor t = Tensor.of(q, shape);
            Tensor gram = shape[0] <= shape[1] ? t.matmul(t.t()) : t.t().matmul(t);
            int k = gram.dim(0);
            for (int i = 0; i < k; i++) for (int j = 0; j < k; j++) assertEquals(i == j ? 1f : 0f, gram.get(i, j), 1e-5);
        }
    }

    // ---------------------------------------------------------------- gradients

    @Test
    void gradientChecksThroughEveryLayer() {
        Tensor in = x(1, 2, 4, 3);
        LayerChecks.checkGradients(new SimpleRNN(3).returnSequences(true).seed(1), in, 1e-2, 2e-2);
        LayerChecks.checkGradients(new SimpleRNN(3, "relu").seed(2), in, 1e-2, 2e-2);            // composite path
        LayerChecks.checkGradients(new LSTM(3).returnSequences(true).seed(3), in, 1e-2, 2e-2);
        LayerChecks.checkGradients(new LSTM(3).goBackwards(true).seed(4), in, 1e-2, 2e-2);
        LayerChecks.checkGradients(new LSTM(3).recurrentActivation("relu").seed(5), in, 1e-2, 2e-2); // composite path
        LayerChecks.checkGradients(new GRU(3).returnSequences(true).seed(6), in, 1e-2, 2e-2);
        LayerChecks.checkGradients(new GRU(3).goBackwards(true).seed(7), in, 1e-2, 2e-2);
        LayerChecks.checkGradients(new GRU(3).resetAfter(false).returnSequences(true).seed(8), in, 1e-2, 2e-2);
        LayerChecks.checkGradients(new Bidirectional(new GRU(3).returnSequences(true)).seed(9), in, 1e-2, 2e-2);
        LayerChecks.checkGradients(new Bidirectional(new SimpleRNN(3), "ave").seed(10), in, 1e-2, 2e-2);
    }

    @Test
    void gradientsThroughInitialStatesAndAllOutputs() {
        for (RecurrentLayer layer : List.of(new LSTM(3).returnSequences(true).returnState(true), new GRU(3).returnState(true),
                new SimpleRNN(3).returnState(true).goBackwards(true))) {
            layer.seed(11);
            List<Tensor> inputs = new ArrayList<>(List.of(x(2, 2, 3, 2)));
            for (int i = 0; i < layer.stateCount(); i++) inputs.add(x(3 + i, 2, 3));
            GradCheck.assertGradients(layer.name() + " states", in -> {
                List<Tensor> flat = new ArrayList<>();
                for (Tensor t : layer.forwardAll(in, true)) flat.add(t.reshape(-1));
                return Tensor.concat(flat, 0);
            }, inputs, 1e-2, 2e-2);
        }
    }

    @Test
    void fusedOpsEqualTheCompositeCells() {
        Tensor xp4 = x(4, 3, 5, 8), xp3 = x(5, 3, 5, 6), xp1 = x(6, 3, 5, 2);
        Tensor u4 = x(7, 2, 8), u3 = x(8, 2, 6), u1 = x(9, 2, 2), rb = x(10, 6), h0 = x(11, 3, 2), c0 = x(12, 3, 2);
        for (boolean rev : new boolean[] {false, true}) {
            assertClose(RecurrentCells.lstmSequence(xp4, u4, h0, c0, rev, Tensor::tanh, Tensor::sigmoid), RecurrentSequences.lstm(xp4, u4, h0, c0, rev), 1e-6);
            assertClose(RecurrentCells.gruSequence(xp3, u3, rb, h0, rev, Tensor::tanh, Tensor::sigmoid), RecurrentSequences.gru(xp3, u3, rb, h0, rev), 1e-6);
            assertClose(RecurrentCells.rnnSequence(xp1, u1, h0, rev, Tensor::tanh), RecurrentSequences.rnn(xp1, u1, h0, rev), 1e-6);
        }
        GradCheck.assertGradients("lstm op", in -> RecurrentSequences.lstm(in.get(0), in.get(1), in.get(2), in.get(3), true), List.of(xp4, u4, h0, c0), 1e-2, 2e-2);
        GradCheck.assertGradients("gru op", in -> RecurrentSequences.gru(in.get(0), in.get(1), in.get(2), in.get(3), false), List.of(xp3, u3, rb, h0), 1e-2, 2e-2);
        GradCheck.assertGradients("rnn op", in -> RecurrentSequences.rnn(in.get(0), in.get(1), in.get(2), true), List.of(xp1, u1, h0), 1e-2, 2e-2);
        GradCheck.assertGradients("reverse_time", in -> RecurrentSequences.reverseTime(in.get(0)), List.of(xp1), 1e-2, 1e-3);
    }

    @Test
    void secondOrderGradientsThroughTheFusedOps() {
        Tensor xp = x(13, 2, 3, 8), u = x(14, 2, 8), h0 = x(15, 2, 2), c0 = x(16, 2, 2);
        // d/dxp of sum(dL/dxp * r) where L = sum(lstm^2): the backward is recorded, then differentiated
        GradCheck.assertGradients("lstm double backward", in -> {
            Tensor y = RecurrentSequences.lstm(in.get(0), in.get(1), h0, c0, false);
            return Autograd.grad(y.mul(y).sum(), List.of(in.get(0)), true).get(0);
        }, List.of(xp, u), 1e-2, 3e-2);
        Tensor xg = x(17, 2, 3, 6), ug = x(18, 2, 6), rb = x(19, 6);
        GradCheck.assertGradients("gru double backward", in -> {
            Tensor y = RecurrentSequences.gru(in.get(0), in.get(1), rb, h0, true);
            return Autograd.grad(y.mul(y).sum(), List.of(in.get(1)), true).get(0);
        }, List.of(xg, ug), 1e-2, 3e-2);
    }

    // ---------------------------------------------------------------- semantics

    @Test
    void goBackwardsReadsTheReversedSequence() {
        Tensor in = x(20, 2, 4, 3);
        LSTM fwd = new LSTM(3).returnSequences(true).seed(21);
        LSTM bwd = new LSTM(3).returnSequences(true).goBackwards(true).seed(21);
        Tensor a = fwd.apply(RecurrentSequences.reverseTime(in));
        Tensor b = bwd.apply(in);
        assertClose(a, b, 1e-6);
        // a hand-computed step: SimpleRNN(1), kernel 0.5, recurrent 0.25, bias 0.1, x = [1, 2]
        SimpleRNN r = built(new SimpleRNN(1).returnSequences(true), 2, 1);
        r.kernel().assign(new float[] {0.5f});
        r.recurrentKernel().assign(new float[] {0.25f});
        r.bias().assign(new float[] {0.1f});
        float h1 = (float) Math.tanh(0.5 + 0.1), h2 = (float) Math.tanh(1.0 + 0.25 * h1 + 0.1);
        assertArrayEquals(new float[] {h1, h2}, r.apply(Tensor.of(new float[] {1, 2}, 1, 2, 1)).data(), 1e-6f);
    }

    @Test
    void multiOutputLayerInAFunctionalModelSavesAndLoads() throws Exception {
        Input in = Input.of(5, 4);
        LSTM lstm = new LSTM(6).returnSequences(true).returnState(true).seed(22);
        List<SymbolicTensor> outs = lstm.applyAll(in);
        assertEquals(3, outs.size());
        assertEquals(Shape.of(5, 6), outs.get(0).shape());
        assertEquals(1, outs.get(1).outputIndex());
        SymbolicTensor y = new Dense(1).seed(23).apply(outs.get(2)); // uses the cell state only
        Model model = new Model(List.of(in), List.of(outs.get(0), outs.get(1), y));
        Tensor x = x(24, 2, 5, 4);
        List<Tensor> got = model.forward(List.of(x), false);
        List<Tensor> eager = lstm.forwardAll(List.of(x), false);
        assertClose(eager.get(0), got.get(0), 0);
        assertClose(eager.get(1), got.get(1), 0);
        assertEquals(1, model.nodes().stream().filter(n -> n.layer() == lstm).count(), "the LSTM runs once");
        String summary = model.summary();
        // Keras 2 prints the list of output shapes, wrapped after each "),"
        assertTrue(summary.contains("[(None, 5, 6),") && summary.contains(" (None, 6)]") && summary.contains("'" + lstm.name() + "[0][2]'"), summary);
        Path file = dir.resolve("multi.nrt");
        model.save(file);
        Model loaded = Model.load(file);
        List<Tensor> again = loaded.forward(List.of(x), false);
        for (int i = 0; i < 3; i++) assertClose(got.get(i), again.get(i), 0);
        assertEquals(summary, loaded.summary());
    }

    @Test
    void encoderStatesInitializeADecoder() throws Exception {
        Input enc = Input.of(6, 3), dec = Input.of(4, 2);
        List<SymbolicTensor> e = new LSTM(5).returnState(true).seed(25).applyAll(enc);
        SymbolicTensor d = new LSTM(5).returnSequences(true).seed(26).apply(dec, e.get(1), e.get(2));
        SymbolicTensor y = new Dense(2).seed(27).apply(d);
        Model model = new Model(List.of(enc, dec), List.of(y));
        List<Tensor> xs = List.of(x(28, 3, 6, 3), x(29, 3, 4, 2));
        Tensor out = model.forward(xs, false).get(0);
        assertEquals(Shape.of(3, 4, 2), out.shape());
        // the decoder really starts from the encoder's states: zero states give something else
        LSTM decoder = (LSTM) model.layers().stream().filter(l -> l instanceof LSTM l2 && l2.returnSequences()).findFirst().orElseThrow();
        Tensor fromZero = decoder.forward(List.of(xs.get(1), Tensor.zeros(3, 5), Tensor.zeros(3, 5)), false);
        List<Tensor> states = model.layers().stream().filter(l -> l instanceof LSTM l2 && !l2.returnSequences())
                .findFirst().orElseThrow().forwardAll(List.of(xs.get(0)), false);
        Tensor fromStates = decoder.forward(List.of(xs.get(1), states.get(1), states.get(2)), false);
        assertTrue(maxDiff(fromZero, fromStates) > 1e-3, "the decoder starts from the encoder's states");
        Path file = dir.resolve("seq2seq.nrt");
        model.save(file);
        assertClose(out, Model.load(file).forward(xs, false).get(0), 0);
    }

    @Test
    void stackedInSequentialPassesOnlyTheMainOutput() {
        Sequential m = new Sequential(Input.of(7, 2), new GRU(4).returnSequences(true).returnState(true), new SimpleRNN(3), new Dense(1));
        assertEquals(Shape.of(5, 1), m.apply(x(30, 5, 7, 2)).shape());
        assertTrue(m.summary().contains("(None, 7, 4)"), m.summary());
    }

    @Test
    void bidirectionalMergeModesAndNames() {
        Tensor in = x(31, 2, 4, 3);
        Tensor concat = null;
        for (String mode : new String[] {"concat", "sum", "mul", "ave"}) {
            Bidirectional b = new Bidirectional(new LSTM(3).returnSequences(true), mode).seed(32);
            Tensor y = b.apply(in);
            Tensor f = b.forwardLayer().apply(in);
            Tensor r = RecurrentSequences.reverseTime(b.backwardLayer().apply(in));
            Tensor expected = switch (mode) {
                case "concat" -> Tensor.concat(List.of(f, r), -1);
                case "sum" -> f.add(r);
                case "mul" -> f.mul(r);
                default -> f.add(r).mul(0.5f);
            };
            assertClose(expected, y, 1e-6);
            if (concat == null) concat = y;
            assertTrue(b.forwardLayer().name().startsWith("forward_lstm") && b.backwardLayer().name().startsWith("backward_lstm"));
        }
        assertEquals(Shape.of(2, 4, 6), concat.shape());
        assertThrows(IllegalArgumentException.class, () -> new Bidirectional(new LSTM(2), "max"));
    }

    @Test
    void saveLoadRoundTrips() {
        Tensor in = x(33, 2, 4, 3);
        PyTorchReference.assertRoundTrip(dir, new LSTM(3).returnSequences(true).goBackwards(true).unitForgetBias(false), in);
        PyTorchReference.assertRoundTrip(dir, new GRU(3).resetAfter(false), in);
        PyTorchReference.assertRoundTrip(dir, new SimpleRNN(3, "relu").returnState(true), in);
        PyTorchReference.assertRoundTrip(dir, new Bidirectional(new GRU(2).returnSequences(true), "mul"), in);
        Map<String, Object> c = new LSTM(4).config();
        assertEquals(4, c.get("units"));
        assertEquals("sigmoid", c.get("recurrent_activation"));
    }

    @Test
    void badInputsNameTheLayer() {
        LSTM l = new LSTM(3).name("enc");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> l.apply(x(34, 2, 4)));
        assertTrue(e.getMessage().startsWith("enc: expected input (None, timesteps, features), got (None, 4)"), e.getMessage());
        GRU g = new GRU(3).name("dec");
        e = assertThrows(IllegalArgumentException.class, () -> g.forward(List.of(x(35, 2, 4, 2), x(36, 2, 5)), false));
        assertTrue(e.getMessage().startsWith("dec: expected initial state 0 of shape (None, 3), got (None, 5)"), e.getMessage());
        LSTM built = built(new LSTM(3).name("built"), 4, 2);
        e = assertThrows(IllegalArgumentException.class, () -> built.apply(x(37, 2, 4, 5)));
        assertTrue(e.getMessage().startsWith("built: expected input (None, 4, 2), got (None, 4, 5)"), e.getMessage());
        assertEquals(Shape.of(2, 3), built.apply(x(38, 2, 9, 2)).shape(), "other sequence lengths are accepted");
    }

    // ---------------------------------------------------------------- learning

    @Test
    void lstmLearnsTheMeanOfASequence() {
        int n = 512, steps = 10;
        Tensor xs = Tensor.uniform(40, 0f, 1f, n, steps, 1);
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            float s = 0;
            for (int t = 0; t < steps; t++) s += xs.data()[i * steps + t];
            y[i] = s / steps;
        }
        Tensor ys = Tensor.of(y, n, 1);
        double variance = 1.0 / 12 / steps; // the best constant prediction's MSE
        Sequential m = new Sequential(Input.of(steps, 1), new LSTM(16), new Dense(1));
        m.seed(41);
        m.compile(new Adam(0.01f), Losses.get("mse"));
        double before = m.evaluate(xs, ys).get("loss");
        m.fit(xs, ys, new FitConfig().epochs(25).batchSize(32).verbose(0).seed(42));
        double after = m.evaluate(xs, ys).get("loss");
        System.out.printf("LSTM mean-of-sequence: MSE %.5f before, %.6f after training (constant predictor %.5f)%n", before, after, variance);
        assertTrue(before > 0.5 * variance, "an untrained model cannot pass the threshold");
        assertTrue(after < 0.1 * variance, "MSE after training " + after);
    }

    // ---------------------------------------------------------------- helpers

    private static double maxDiff(Tensor a, Tensor b) {
        double m = 0;
        for (int i = 0; i < a.size(); i++) m = Math.max(m, Math.abs(a.data()[i] - b.data()[i]));
        return m;
    }

    private static void assertClose(Tensor expected, Tensor actual, double tol) {
        assertEquals(expected.shape(), actual.shape());
        double d = maxDiff(expected, actual);
        assertTrue(d <= tol, "max abs diff " + d + " > " + tol);
    }
}
