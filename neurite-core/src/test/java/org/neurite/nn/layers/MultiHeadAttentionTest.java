package org.neurite.nn.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.neurite.nn.layers.LayerChecks.assertValues;
import static org.neurite.nn.layers.PyTorchReference.assertClose;

import java.nio.file.Path;
import java.util.Arrays;
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

class MultiHeadAttentionTest {
    @TempDir
    Path dir;

    @BeforeEach
    void reset() {
        LayerNames.reset();
    }

    /**
     * Loads PyTorch nn.MultiheadAttention weights (in_proj_weight (3E, E) = [Wq; Wk; Wv] with rows
     * h*headDim + d, y = x W^T + b; out_proj.weight (E, E)) into Keras layouts: kernel[c, h, d] = W[h*hd + d, c],
     * output kernel[h, d, e] = Wo[e, h*hd + d].
     */
    static void loadPyTorchWeights(MultiHeadAttention m, Tensor inProjWeight, Tensor inProjBias, Tensor outWeight, Tensor outBias) {
        int e = outWeight.dim(0), h = m.numHeads(), hd = m.keyDim();
        String[] names = {"query", "key", "value"};
        for (int i = 0; i < 3; i++) {
            Tensor w = inProjWeight.slice(0, i * e, (i + 1) * e); // (E_out, E_in)
            m.weight(names[i] + "/kernel").assign(w.t().copy().data());
            m.weight(names[i] + "/bias").assign(inProjBias.slice(0, i * e, (i + 1) * e).copy().data());
        }
        m.weight("attention_output/kernel").assign(outWeight.t().copy().data());
        m.weight("attention_output/bias").assign(outBias.copy().data());
        assertEquals(Shape.of(e, h, hd), m.weight("query/kernel").shape());
    }

    /** Our kernel gradient (E, H, hd) in PyTorch's (E_out, E_in) row layout. */
    private static Tensor torchLayout(Tensor kernelGrad, int e) {
        return kernelGrad.reshape(e, -1).t();
    }

    @Test
    void matchesPyTorchWithAndWithoutMasks() {
        PyTorchReference ref = PyTorchReference.load("multi_head_attention");
        int e = ref.i("embed_dim"), heads = ref.i("num_heads");
        Tensor inW = ref.tensor("in_proj_weight"), inB = ref.tensor("in_proj_bias");
        for (String c : List.of("no_mask", "mask", "causal")) {
            PyTorchReference r = ref.section(c);
            MultiHeadAttention m = new MultiHeadAttention(heads, e / heads);
            Tensor q = ref.tensor("query").requiresGrad(true), k = ref.tensor("key").requiresGrad(true), v = ref.tensor("value").requiresGrad(true);
            m.build(Shape.of(q.dim(1), e), Shape.of(v.dim(1), e), Shape.of(k.dim(1), e));
            assertEquals(4L * (e * e + e), m.countParams(), "same parameter count as PyTorch");
            loadPyTorchWeights(m, inW, inB, ref.tensor("out_proj_weight"), ref.tensor("out_proj_bias"));
            Tensor mask = c.equals("mask") ? ref.tensor("allowed") : null; // Keras: 1 = allowed (PyTorch got the complement)
            MultiHeadAttention.Result res = m.attend(q, v, k, mask, c.equals("causal"), false);
            assertClose(c + " output", r.tensor("output"), res.output(), 1e-5);
            assertClose(c + " scores", r.tensor("scores"), res.scores(), 1e-6);
            res.output().mul(ref.tensor("proj")).sum().backward();
            assertClose(c + " grad query", r.tensor("grad_query"), q.grad(), 1e-5);
            assertClose(c + " grad key", r.tensor("grad_key"), k.grad(), 1e-5);
            assertClose(c + " grad value", r.tensor("grad_value"), v.grad(), 1e-5);
            Tensor gw = r.tensor("grad_in_proj_weight"), gb = r.tensor("grad_in_proj_bias");
            String[] names = {"query", "key", "value"};
            for (int i = 0; i < 3; i++) {
                assertClose(c + " grad " + names[i] + " kernel", gw.slice(0, i * e, (i + 1) * e),
                        torchLayout(m.weight(names[i] + "/kernel").value().grad(), e), 1e-5);
                assertClose(c + " grad " + names[i] + " bias", gb.slice(0, i * e, (i + 1) * e).reshape(heads, e / heads),
                        m.weight(names[i] + "/bias").value().grad(), 1e-5);
            }
            assertClose(c + " grad output kernel", r.tensor("grad_out_proj_weight"),
                    torchLayout(m.weight("attention_output/kernel").value().grad(), e), 1e-5);
            assertClose(c + " grad output bias", r.tensor("grad_out_proj_bias"), m.weight("attention_output/bias").value().grad(), 1e-5);
        }
    }

    @Test
    void attentionByHand() {
        // one head, keyDim 1, identity-like projections: q = query, k = key, v = value, output = context
        MultiHeadAttention m = new MultiHeadAttention(1, 1).useBias(false);
        m.build(Shape.of(1, 1), Shape.of(2, 1));
        for (String w : List.of("query/kernel", "key/kernel", "value/kernel", "attention_output/kernel")) m.weight(w).assign(new float[] {1});
        Tensor q = Tensor.of(new float[] {2}, 1, 1, 1), kv = Tensor.of(new float[] {0, 1}, 1, 2, 1);
        // scores [0, 2] -> softmax weights [1/(1+e^2), e^2/(1+e^2)]; output = weight of the value 1
        double w1 = Math.exp(2) / (1 + Math.exp(2));
        MultiHeadAttention.Result r = m.attend(q, kv, null, null, false, false);
        assertValues(new float[] {(float) (1 - w1), (float) w1}, r.scores(), 1e-6);
        assertValues(new float[] {(float) w1}, r.output(), 1e-6);
        // masking the second key leaves all weight on the first (value 0)
        assertValues(new float[] {0}, m.attend(q, kv, null, Tensor.of(new float[] {1, 0}, 1, 1, 2), false, false).output(), 1e-6);
        // a row with nothing allowed gets uniform weights, as Keras (PyTorch: NaN)
        assertValues(new float[] {0.5f, 0.5f}, m.attend(q, kv, null, Tensor.zeros(1, 2), false, false).scores(), 1e-6);
    }

    @Test
    void kerasShapesAndParamCount() {
        // keras.layers.MultiHeadAttention(num_heads=2, key_dim=2) on query (None, 8, 16), value (None, 4, 16): 284 params
        MultiHeadAttention m = new MultiHeadAttention(2, 2);
        assertEquals(Shape.of(8, 16), m.build(Shape.of(8, 16), Shape.of(4, 16)));
        assertEquals(284, m.countParams());
        assertEquals(List.of("query/kernel", "query/bias", "key/kernel", "key/bias", "value/kernel", "value/bias",
                "attention_output/kernel", "attention_output/bias"), m.weights().stream().map(w -> w.name()).toList());
        assertEquals(Shape.of(16, 2, 2), m.weight("query/kernel").shape());
        assertEquals(Shape.of(2, 2, 16), m.weight("attention_output/kernel").shape());
        assertEquals("multi_head_attention/query/kernel", m.weight("query/kernel").fullName());
        // valueDim, outputDim, no bias, a key of another width
        MultiHeadAttention n = new MultiHeadAttention(3, 4).valueDim(5).outputDim(6).useBias(false);
        assertEquals(Shape.of(7, 6), n.build(Shape.of(7, 10), Shape.of(9, 11), Shape.of(9, 12)));
        assertEquals(3 * 4 * 10 + 3 * 4 * 12 + 3 * 5 * 11 + 3 * 5 * 6, n.countParams());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new MultiHeadAttention(2, 2).build(Shape.of(8, 16)));
        assertTrue(e.getMessage().contains("expects [query, value] or [query, value, key]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> m.attend(Tensor.zeros(2, 8, 16), Tensor.zeros(2, 4, 16), null, Tensor.zeros(2, 4, 8), false, false));
        assertEquals("multi_head_attention: attention mask must be (2, 8, 4) or (8, 4), got (2, 4, 8)", e.getMessage());
    }

    @Test
    void gradientsThroughLayer() {
        MultiHeadAttention m = new MultiHeadAttention(2, 2).valueDim(3).seed(4);
        Tensor q = GradCheck.randomInput(1, 2, 3, 4), v = GradCheck.randomInput(2, 2, 2, 5), k = GradCheck.randomInput(3, 2, 2, 3);
        Tensor mask = Tensor.of(new float[] {1, 0, 1, 1, 0, 1, 1, 1, 1, 0, 0, 1}, 2, 3, 2);
        GradCheck.assertGradients("mha inputs", in -> m.attend(in.get(0), in.get(1), in.get(2), mask, false, false).output(), List.of(q, v, k), 1e-2, 5e-3);
        WeightGradients.check(m, () -> m.attend(q, v, k, mask, false, false).output(), 1e-2, 5e-3);
        MultiHeadAttention self = new MultiHeadAttention(2, 3).seed(5);
        Tensor x = GradCheck.randomInput(6, 2, 4, 4);
        GradCheck.assertGradients("mha causal self", in -> self.attend(in.get(0), in.get(0), null, null, true, false).output(), List.of(x), 1e-2, 5e-3);
    }

    @Test
    void dropoutOnlyInTraining() {
        MultiHeadAttention m = new MultiHeadAttention(2, 4).dropout(0.5).seed(1);
        Tensor x = GradCheck.randomInput(1, 2, 5, 8);
        Tensor inference = m.attend(x, x, null, null, false, false).output();
        assertArrayEquals(inference.data(), m.apply(x, x).data(), 0f);
        MultiHeadAttention.Result train = m.attend(x, x, null, null, false, true);
        assertNotEquals(Arrays.toString(inference.data()), Arrays.toString(train.output().data()));
        // the returned scores are the weights before dropout: rows sum to 1
        Tensor sums = train.scores().sum(-1, false);
        for (float s : sums.data()) assertEquals(1f, s, 1e-5);
    }

    @Test
    void functionalModelSummaryAndRoundTrip() throws Exception {
        Input query = Input.of(3, 8), value = Input.of(4, 6);
        SymbolicTensor att = new MultiHeadAttention(2, 4).seed(3).apply(query, value);
        SymbolicTensor causal = new MultiHeadAttention(2, 4).useCausalMask(true).seed(4).apply(att, att);
        Model model = new Model(List.of(query, value), List.of(causal));
        String s = model.summary();
        // query 8*2*4 + 8, key and value 6*2*4 + 8 each, output 2*4*8 + 8 = 256; then 4 * (8*8 + 8) = 288
        assertTrue(s.contains(" multi_head_attention (MultiHea  (None, 3, 8)        256         ['input_1[0][0]',"), s);
        assertTrue(s.contains(" multi_head_attention_1 (MultiH  (None, 3, 8)        288         ['multi_head_attention[0][0]',"), s);
        Tensor xq = GradCheck.randomInput(1, 2, 3, 8), xv = GradCheck.randomInput(2, 2, 4, 6);
        Path f = dir.resolve("mha.nrt");
        model.save(f);
        Model loaded = Model.load(f);
        assertArrayEquals(model.forward(List.of(xq, xv), false).get(0).data(), loaded.forward(List.of(xq, xv), false).get(0).data(), 0f);
        assertEquals(s, loaded.summary());
    }
}
