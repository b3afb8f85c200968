package org.neurite.nn.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurite.autograd.GradCheck;
import org.neurite.nn.Input;
import org.neurite.nn.LayerNames;
import org.neurite.nn.Model;
import org.neurite.nn.SymbolicTensor;
import org.neurite.tensor.Shape;
import org.neurite.tensor.Tensor;

/** Attention (dot, concat, causal) and AdditiveAttention against Keras' formulas run in PyTorch ({@code resources/pytorch/attention.py}). */
class ScoredAttentionTest {
    private static final PyTorchReference REF = PyTorchReference.load("attention");
    private static final double TOL = 2e-5;

    @TempDir
    Path dir;

    @BeforeEach
    void reset() {
        LayerNames.reset();
    }

    private static void check(String name, BaseAttention layer) {
        PyTorchReference r = REF.section(name);
        Tensor q = r.tensor("q").requiresGrad(true), v = r.tensor("v").requiresGrad(true), k = r.tensor("k").requiresGrad(true);
        layer.build(List.of(Shape.of(3, 5), Shape.of(4, 3), Shape.of(4, 5)));
        Tensor scale = layer instanceof Attention a ? a.scale().value() : ((AdditiveAttention) layer).scale().value();
        layer.weights().get(0).assign(r.tensor("scale").data());
        if (layer.weights().size() > 1) layer.weights().get(1).assign(new float[] {1.5f});
        List<Tensor> masks = new ArrayList<>(List.of(REF.tensor("qmask"), REF.tensor("vmask")));
        masks.add(null);
        Tensor out = layer.forwardAll(List.of(q, v, k), masks, false).get(0);
        PyTorchReference.assertClose(name + " output", r.tensor("out"), out, TOL);
        out.mul(r.tensor("proj")).sum().backward();
        PyTorchReference.assertClose(name + " dq", r.tensor("grad_q"), q.grad(), TOL);
        PyTorchReference.assertClose(name + " dv", r.tensor("grad_v"), v.grad(), TOL);
        PyTorchReference.assertClose(name + " dk", r.tensor("grad_k"), k.grad(), TOL);
        scale = layer.weights().get(0).value();
        PyTorchReference.assertClose(name + " dscale", r.tensor("grad_scale").reshape(scale.shape().dims()), scale.grad(), 1e-4);
        if (layer.weights().size() > 1) {
            PyTorchReference.assertClose(name + " dconcat", r.tensor("grad_concat").reshape(), layer.weights().get(1).value().grad(), 1e-4);
        }
    }

    @Test
    void dotProductAttentionMatchesKerasFormula() {
        check("dot", new Attention().useScale(true));
        check("dot_causal", new Attention().useScale(true).causal(true));
        check("concat", new Attention().useScale(true).scoreMode("concat"));
    }

    @Test
    void additiveAttentionMatchesKerasFormula() {
        check("additive", new AdditiveAttention());
    }

    @Test
    void withoutMasksByHand() {
        // one query [1, 0], keys = values = [[1, 0], [0, 1]]: scores [1, 0], weights [e/(e+1), 1/(e+1)]
        Tensor q = Tensor.of(new float[] {1, 0}, 1, 1, 2);
        Tensor kv = Tensor.of(new float[] {1, 0, 0, 1}, 1, 2, 2);
        double w0 = Math.E / (Math.E + 1);
        LayerChecks.assertValues(new float[] {(float) w0, (float) (1 - w0)}, new Attention().forward(List.of(q, kv), false), 1e-6);
    }

    @Test
    void kerasParamCountsSummaryAndMasksFromAModel() {
        Input ids = Input.of(4);
        Input queryIn = Input.of(3, 6);
        SymbolicTensor values = new Embedding(10, 6).maskZero(true).apply(ids);
        Attention att = new Attention().useScale(true);
        AdditiveAttention add = new AdditiveAttention();
        SymbolicTensor a = att.apply(queryIn, values);
        SymbolicTensor b = add.apply(queryIn, values, values);
        Model m = new Model(List.of(queryIn, ids), List.of(new Concatenate().apply(a, b)));
        assertEquals(1, att.countParams());
        assertEquals(6, add.countParams());
        String s = m.summary();
        assertTrue(s.contains(" attention (Attention)          (None, 3, 6)         1           ['input_2[0][0]',"), s);
        assertTrue(s.contains(" additive_attention (AdditiveAt  (None, 3, 6)        6           ['input_2[0][0]',"), s);
        // the embedding's padding mask reaches the attention: the same as passing it by hand
        Tensor x = Tensor.uniform(3, -1, 1, 2, 3, 6);
        Tensor tok = Tensor.of(new float[] {3, 5, 0, 0, 1, 2, 3, 0}, 2, 4);
        Tensor emb = m.layers().stream().filter(l -> l instanceof Embedding).findFirst().orElseThrow().apply(tok);
        Tensor mask = Tensor.of(new float[] {1, 1, 0, 0, 1, 1, 1, 0}, 2, 4);
        Tensor expected = att.forwardAll(List.of(x, emb), java.util.Arrays.asList(null, mask), false).get(0);
        assertArrayEquals(expected.data(), m.forward(List.of(x, tok), false).get(0).slice(2, 0, 6).toArray(), 0f);
    }

    @Test
    void gradientChecksAndRoundTrips() {
        for (BaseAttention l : List.of(new Attention().useScale(true).scoreMode("concat"), new AdditiveAttention())) {
            l.seed(3);
            l.build(List.of(Shape.of(2, 3), Shape.of(3, 2), Shape.of(3, 3)));
            GradCheck.assertGradients(l.className(), in -> l.forward(in, false),
                    List.of(GradCheck.randomInput(1, 2, 2, 3), GradCheck.randomInput(2, 2, 3, 2), GradCheck.randomInput(3, 2, 3, 3)), 1e-2, 2e-2);
        }
        Input q = Input.of(2, 3);
        Input v = Input.of(4, 3);
        Model m = new Model(List.of(q, v), List.of(new Attention(0.1).useScale(true).causal(true).apply(q, v)));
        Model n = new Model(List.of(q, v), List.of(new AdditiveAttention().apply(q, v)));
        for (Model model : List.of(m, n)) {
            try {
                model.save(dir.resolve("att.nrt"));
                Model loaded = Model.load(dir.resolve("att.nrt"));
                List<Tensor> xs = List.of(Tensor.uniform(1, -1, 1, 2, 2, 3), Tensor.uniform(2, -1, 1, 2, 4, 3));
                assertEquals(model.summary(), loaded.summary());
                assertArrayEquals(model.forward(xs, false).get(0).data(), loaded.forward(xs, false).get(0).data(), 0f);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }

    @Test
    void badInputsNameTheLayer() {
        Attention a = new Attention();
        a.name("att");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> a.build(List.of(Shape.of(3, 4), Shape.of(5, 2), Shape.of(5, 3))));
        assertEquals("att: query and key must have the same features, got query (None, 3, 4) and key (None, 5, 3)", e.getMessage());
    }
}
