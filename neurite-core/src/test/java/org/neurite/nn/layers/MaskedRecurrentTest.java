package org.neurite.nn.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurite.autograd.GradCheck;
import org.neurite.nn.Input;
import org.neurite.nn.LayerNames;
import org.neurite.nn.Model;
import org.neurite.nn.Sequential;
import org.neurite.nn.SymbolicTensor;
import org.neurite.tensor.Shape;
import org.neurite.tensor.Tensor;

/**
 * Keras' masking through recurrent layers, pooling and merges, against PyTorch run on each
 * sample's real steps only ({@code resources/pytorch/masked_recurrent.py}) and hand computations.
 */
class MaskedRecurrentTest {
    private static final double TOL = 2e-5;
    private static final PyTorchReference REF = PyTorchReference.load("masked_recurrent");

    @TempDir
    Path dir;

    @BeforeEach
    void reset() {
        LayerNames.reset();
    }

    private static float[] flat(PyTorchReference r, String key) {
        return r.tensor(key).data();
    }

    private static <L extends RecurrentLayer> L loaded(String kind, L layer) {
        PyTorchReference r = REF.section(kind);
        layer.build(Shape.of(6, 4));
        float[] wih = flat(r, "weight_ih_l0"), whh = flat(r, "weight_hh_l0"), bih = flat(r, "bias_ih_l0"), bhh = flat(r, "bias_hh_l0");
        if (layer instanceof LSTM l) l.loadPyTorchWeights(wih, whh, bih, bhh);
        else if (layer instanceof GRU g) g.loadPyTorchWeights(wih, whh, bih, bhh);
        else ((SimpleRNN) layer).loadPyTorchWeights(wih, whh, bih, bhh);
        return layer;
    }

    private static List<Supplier<RecurrentLayer>> kinds() {
        return List.of(() -> new SimpleRNN(5), () -> new LSTM(5), () -> new GRU(5));
    }

    private static String kind(RecurrentLayer l) {
        return l instanceof LSTM ? "lstm" : l instanceof GRU ? "gru" : "rnn";
    }

    @Test
    void maskedStepsCarryTheStateOverAsKerasDoes() {
        for (Supplier<RecurrentLayer> make : kinds()) {
            String kind = kind(make.get());
            PyTorchReference r = REF.section(kind);
            Tensor x = r.tensor("x"), mask = r.tensor("mask");
            RecurrentLayer seq = loaded(kind, make.get().returnSequences(true));
            PyTorchReference.assertClose(kind + " masked sequence", r.tensor("out"), seq.forwardAll(List.of(x), List.of(mask), false).get(0), TOL);
            RecurrentLayer last = loaded(kind, make.get());
            PyTorchReference.assertClose(kind + " masked last output", r.tensor("last"), last.forwardAll(List.of(x), List.of(mask), false).get(0), TOL);
            RecurrentLayer back = loaded(kind, make.get().returnSequences(true).goBackwards(true));
            PyTorchReference.assertClose(kind + " masked go_backwards", r.tensor("out_backwards"), back.forwardAll(List.of(x), List.of(mask), false).get(0), TOL);
        }
    }

    /** Rows 0 and 1 of the reference are padded at the end only: the fast path (fused op, then the last real output repeated). */
    @Test
    void paddingAtTheEndTakesTheFusedPathWithTheSameNumbers() {
        for (Supplier<RecurrentLayer> make : kinds()) {
            String kind = kind(make.get());
            PyTorchReference r = REF.section(kind);
            Tensor x = r.tensor("x").slice(0, 0, 2), mask = r.tensor("mask").slice(0, 0, 2);
            RecurrentLayer seq = loaded(kind, make.get().returnSequences(true));
            PyTorchReference.assertClose(kind + " end-padded sequence", r.tensor("out").slice(0, 0, 2), seq.forwardAll(List.of(x), List.of(mask), false).get(0), TOL);
            RecurrentLayer last = loaded(kind, make.get().returnState(true));
            List<Tensor> outs = last.forwardAll(List.of(x), List.of(mask), false);
            PyTorchReference.assertClose(kind + " end-padded last output", r.tensor("last").slice(0, 0, 2), outs.get(0), TOL);
            PyTorchReference.assertClose(kind + " end-padded final h", r.tensor("last").slice(0, 0, 2), outs.get(1), TOL);
            Tensor xg = GradCheck.randomInput(8, 2, 6, 4);
            RecurrentLayer g = loaded(kind, make.get().returnSequences(true));
            GradCheck.assertGradients(kind + " end-padded", in -> g.forwardAll(List.of(in.get(0)), List.of(mask), false).get(0), List.of(xg), 1e-2, 2e-2);
        }
    }

    @Test
    void maskingLayerFeedsTheMaskThroughAModel() {
        PyTorchReference r = REF.section("gru");
        GRU gru = loaded("gru", new GRU(5).returnSequences(true));
        Sequential m = new Sequential(Input.of(6, 4), new Masking(0.0), gru, new Dropout(0.3));
        PyTorchReference.assertClose("Masking -> GRU", r.tensor("out"), m.apply(r.tensor("x")), TOL);
        // the final state of an LSTM after Masking is the state after the last real step
        PyTorchReference l = REF.section("lstm");
        Sequential m2 = new Sequential(Input.of(6, 4), new Masking(), loaded("lstm", new LSTM(5)));
        PyTorchReference.assertClose("Masking -> LSTM", l.tensor("last"), m2.apply(l.tensor("x")), TOL);
    }

    @Test
    void bidirectionalHalvesBothSkipTheMaskedSteps() {
        PyTorchReference r = REF.section("gru");
        Bidirectional bi = new Bidirectional(new GRU(5).returnSequences(true));
        bi.build(Shape.of(6, 4));
        for (RecurrentLayer half : List.of(bi.forwardLayer(), bi.backwardLayer())) {
            ((GRU) half).loadPyTorchWeights(flat(r, "weight_ih_l0"), flat(r, "weight_hh_l0"), flat(r, "bias_ih_l0"), flat(r, "bias_hh_l0"));
        }
        Tensor y = bi.forwardAll(List.of(r.tensor("x")), List.of(r.tensor("mask")), false).get(0);
        PyTorchReference.assertClose("forward half", r.tensor("out"), y.slice(2, 0, 5), TOL);
        // the backward half, put back in input time order
        PyTorchReference.assertClose("backward half", org.neurite.tensor.ops.RecurrentSequences.reverseTime(r.tensor("out_backwards")), y.slice(2, 5, 10), TOL);
    }

    @Test
    void maskedRecurrenceGradientCheck() {
        Tensor mask = REF.section("gru").tensor("mask");
        for (Supplier<RecurrentLayer> make : kinds()) {
            RecurrentLayer l = make.get().returnSequences(true);
            l.seed(4);
            l.build(Shape.of(6, 3));
            Tensor x = GradCheck.randomInput(5, 3, 6, 3);
            GradCheck.assertGradients(kind(l) + " masked", in -> l.forwardAll(List.of(in.get(0)), List.of(mask), false).get(0), List.of(x), 1e-2, 2e-2);
        }
    }

    @Test
    void embeddingMaskZeroSkipsPaddingLikeTruncatedSequences() {
        Embedding emb = new Embedding(10, 3).maskZero(true).seed(2);
        LSTM lstm = new LSTM(4);
        lstm.seed(3);
        Model m = new Sequential(Input.of(5), emb, lstm);
        Tensor ids = Tensor.of(new float[] {4, 2, 7, 0, 0, /* */ 1, 9, 3, 5, 8}, 2, 5);
        Tensor y = m.apply(ids);
        // row 0 has 3 real tokens: the same as the unmasked LSTM on those 3
        Tensor row0 = lstm.apply(emb.apply(Tensor.of(new float[] {4, 2, 7}, 1, 3)));
        LayerChecks.assertValues(row0.data(), y.slice(0, 0, 1), 1e-6);
        Tensor row1 = lstm.apply(emb.apply(ids.slice(0, 1, 2)));
        LayerChecks.assertValues(row1.data(), y.slice(0, 1, 2), 1e-6);
    }

    @Test
    void globalAveragePoolingAveragesTheRealStepsOnly() {
        // x (1, 4, 2), steps 1 and 3 masked by Masking(0): mean of steps 0 and 2
        Tensor x = Tensor.of(new float[] {1, 2, 0, 0, 3, 6, 0, 0}, 1, 4, 2);
        Model m = new Sequential(Input.of(4, 2), new Masking(), new GlobalAveragePooling1D());
        LayerChecks.assertValues(new float[] {2, 4}, m.apply(x), 1e-6);
        Model keep = new Sequential(Input.of(4, 2), new Masking(), new GlobalAveragePooling1D().keepDims(true));
        assertEquals(Shape.of(1, 1, 2), keep.apply(x).shape());
        // without a mask, all 4 steps
        LayerChecks.assertValues(new float[] {1, 2}, new GlobalAveragePooling1D().apply(x), 1e-6);
    }

    @Test
    void mergesAndTimeDistributedKeepTheMask() {
        // Keras k211 shape: two Masking inputs, Concatenate, GRU(return_sequences), TimeDistributed(Dense)
        Input a = Input.of(3, 2);
        Input b = Input.of(3, 1);
        SymbolicTensor joined = new Concatenate().apply(new Masking().apply(a), new Masking().apply(b));
        GRU gru = new GRU(2).returnSequences(true);
        TimeDistributed td = new TimeDistributed(new Dense(1));
        SymbolicTensor y = td.apply(gru.apply(joined));
        Model m = new Model(List.of(a, b), List.of(new GlobalAveragePooling1D().apply(y)));
        // step 1 is all zeros in a, but b is not zero there: real in b's mask only, so masked (AND)
        Tensor xa = Tensor.of(new float[] {1, 1, 0, 0, 2, 2}, 1, 3, 2);
        Tensor xb = Tensor.of(new float[] {1, 5, 2}, 1, 3, 1);
        Tensor masked = m.forward(List.of(xa, xb), false).get(0);
        // the same layers, unmasked, on the 2 real steps only
        Tensor real = Tensor.of(new float[] {1, 1, 1, 2, 2, 2}, 1, 2, 3);
        LayerChecks.assertValues(td.apply(gru.apply(real)).mean(1, false).data(), masked, 1e-6);
        assertNull(new RepeatVector(2).outputMask(List.of(xa), List.of(Tensor.ones(1, 3))), "layers that change the time axis drop the mask");
    }

    @Test
    void maskingLayerKerasConfigGradientAndRoundTrip() {
        Masking mk = new Masking(-1.0);
        assertEquals(Shape.of(3, 2), mk.build(Shape.of(3, 2)));
        assertEquals(0, mk.countParams());
        LayerChecks.assertValues(new float[] {0, 0, 1, 2, 0, -1}, mk.apply(Tensor.of(new float[] {-1, -1, 1, 2, 0, -1}, 1, 3, 2)), 0);
        PyTorchReference.checkInputGradient(new Masking(5.0), GradCheck.randomInput(1, 2, 3, 2), 1e-2, 1e-2);
        PyTorchReference.assertRoundTrip(dir, new Masking(0.5), GradCheck.randomInput(2, 2, 3, 2));
        String summary = new Sequential(Input.of(387, 17), new Masking().name("MT")).summary();
        String row = String.format("%-29s%-26s%-10s%n", " MT (Masking)", "(None, 387, 17)", "0").replace(System.lineSeparator(), "\n");
        org.junit.jupiter.api.Assertions.assertTrue(summary.contains(row), summary);
    }
}
