package org.neurite.nn.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.neurite.nn.layers.PyTorchReference.assertClose;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurite.autograd.GradCheck;
import org.neurite.nn.Input;
import org.neurite.nn.LayerNames;
import org.neurite.nn.Model;
import org.neurite.nn.Sequential;
import org.neurite.nn.losses.SparseCategoricalCrossentropy;
import org.neurite.nn.metrics.Accuracy;
import org.neurite.nn.optimizers.Adam;
import org.neurite.nn.training.FitConfig;
import org.neurite.tensor.Shape;
import org.neurite.tensor.Tensor;

class TransformerEncoderTest {
    @TempDir
    Path dir;

    @BeforeEach
    void reset() {
        LayerNames.reset();
    }

    /** Loads PyTorch nn.TransformerEncoderLayer parameters (Linear weights are (out, in): transposed). */
    private static void loadPyTorch(TransformerEncoder enc, PyTorchReference r) {
        MultiHeadAttentionTest.loadPyTorchWeights(enc.attention(), r.tensor("self_attn.in_proj_weight"), r.tensor("self_attn.in_proj_bias"),
                r.tensor("self_attn.out_proj.weight"), r.tensor("self_attn.out_proj.bias"));
        enc.intermediateDense().kernel().assign(r.tensor("linear1.weight").t().copy().data());
        enc.intermediateDense().bias().assign(r.tensor("linear1.bias").data());
        enc.outputDense().kernel().assign(r.tensor("linear2.weight").t().copy().data());
        enc.outputDense().bias().assign(r.tensor("linear2.bias").data());
        enc.attentionNorm().gamma().assign(r.tensor("norm1.weight").data());
        enc.attentionNorm().beta().assign(r.tensor("norm1.bias").data());
        enc.feedforwardNorm().gamma().assign(r.tensor("norm2.weight").data());
        enc.feedforwardNorm().beta().assign(r.tensor("norm2.bias").data());
    }

    @Test
    void matchesPyTorchPostAndPreNorm() {
        PyTorchReference ref = PyTorchReference.load("transformer_encoder");
        for (String variant : List.of("post_norm", "pre_norm")) {
            PyTorchReference r = ref.section(variant);
            TransformerEncoder enc = new TransformerEncoder(16, 2).preNorm(variant.equals("pre_norm"));
            enc.build(Shape.of(5, 8));
            // PyTorch: 4 (E^2 + E) + 2 (8*16) + 16 + 8 + 4*8 = 288 + 256 + 24 + 32
            assertEquals(600, enc.countParams());
            loadPyTorch(enc, r);
            for (String c : List.of("plain", "masked")) {
                Tensor x = ref.tensor("x").requiresGrad(true);
                enc.intermediateDense().kernel().value().zeroGrad();
                Tensor y = enc.encode(x, c.equals("masked") ? ref.tensor("real") : null, true); // dropout 0: training = inference
                assertClose(variant + " " + c + " output", r.section(c).tensor("y"), y, 2e-5);
                y.mul(ref.tensor("proj")).sum().backward();
                assertClose(variant + " " + c + " grad x", r.section(c).tensor("grad_x"), x.grad(), 2e-5);
                assertClose(variant + " " + c + " grad linear1", r.section(c).tensor("grad_linear1_weight"),
                        enc.intermediateDense().kernel().value().grad().t(), 2e-5);
            }
        }
    }

    @Test
    void gradientsThroughBlock() {
        for (boolean pre : new boolean[] {false, true}) {
            // smooth activation: relu's kink inside +-eps would spoil central differences
            TransformerEncoder enc = new TransformerEncoder(6, 2).activation("gelu").preNorm(pre).seed(3);
            Tensor x = GradCheck.randomInput(1, 2, 3, 4);
            enc.build(Shape.of(3, 4));
            GradCheck.assertGradients("encoder input", in -> enc.forward(in.get(0), false), List.of(x), 1e-3, 1e-2);
            WeightGradients.check(enc, () -> enc.forward(x, false), 1e-3, 1e-2);
        }
    }

    @Test
    void weightsNamesFreezingAndErrors() {
        TransformerEncoder enc = new TransformerEncoder(32, 4);
        enc.build(Shape.of(10, 16));
        assertEquals(16, enc.weights().size());
        assertEquals("transformer_encoder_self_attention_layer/query/kernel", enc.weights().get(0).fullName());
        assertEquals(4 * (16 * 16 + 16) + 2 * 32 + (16 * 32 + 32) + (32 * 16 + 16), enc.countParams());
        enc.trainable(false);
        assertEquals(0, enc.trainableParams());
        assertTrue(enc.variables().stream().noneMatch(v -> v.trainable()));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new TransformerEncoder(8, 3).build(Shape.of(4, 16)));
        assertTrue(e.getMessage().endsWith("the feature size 16 must be divisible by numHeads 3"), e.getMessage());
    }

    /** Sequences of 8 tokens with one A (1) and one B (2) among fillers 3..6; label 1 when A comes before B. */
    private static Tensor[] aBeforeB(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int t = 8;
        float[] x = new float[n * t], y = new float[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < t; j++) x[i * t + j] = 3 + r.nextInt(4);
            int a = r.nextInt(t), b;
            do b = r.nextInt(t); while (b == a);
            x[i * t + a] = 1;
            x[i * t + b] = 2;
            y[i] = a < b ? 1 : 0;
        }
        return new Tensor[] {Tensor.of(x, n, t), Tensor.of(y, n)};
    }

    private static Sequential classifier(boolean positions) {
        Sequential s = new Sequential(Input.of(8));
        s.add(new Embedding(7, 16).seed(1));
        if (positions) s.add(new PositionEmbedding(8).seed(2));
        s.add(new TransformerEncoder(32, 2).seed(3));
        s.add(new GlobalAveragePooling1D());
        s.add(new Dense(2, "softmax").seed(4));
        return s;
    }

    @Test
    void withoutPositionsTheTaskIsImpossible() {
        // attention + average pooling is permutation invariant: without positions it stays at chance
        Tensor[] train = aBeforeB(1024, 1), test = aBeforeB(512, 2);
        Sequential model = classifier(false);
        model.compile(new Adam(3e-3f), new SparseCategoricalCrossentropy(), new Accuracy());
        model.fit(train[0], train[1], new FitConfig().epochs(4).batchSize(32).seed(1).verbose(0));
        float acc = model.evaluate(test[0], test[1]).get("accuracy");
        System.out.printf("A-before-B without position embedding: test accuracy %.3f%n", acc);
        assertTrue(acc < 0.62f, "accuracy " + acc);
    }

    @Test
    void tinyTransformerLearnsOrderTask() throws Exception {
        Tensor[] train = aBeforeB(1024, 1), test = aBeforeB(512, 2);
        Sequential model = classifier(true);
        model.compile(new Adam(3e-3f), new SparseCategoricalCrossentropy(), new Accuracy());
        float before = model.evaluate(test[0], test[1]).get("accuracy");
        long start = System.nanoTime();
        model.fit(train[0], train[1], new FitConfig().epochs(12).batchSize(32).seed(1).verbose(0));
        Map<String, Float> after = model.evaluate(test[0], test[1]);
        System.out.printf("A-before-B transformer: test accuracy %.3f untrained -> %.3f trained (%.1f s)%n",
                before, after.get("accuracy"), (System.nanoTime() - start) / 1e9);
        System.out.print(model.summary());
        // a model blind to order (or untrained) is at chance, 0.5
        assertTrue(after.get("accuracy") > 0.9f, "accuracy " + after.get("accuracy"));
        Path f = dir.resolve("transformer.nrt");
        model.save(f);
        Model loaded = Model.load(f);
        assertArrayEquals(model.predict(test[0]).data(), loaded.predict(test[0]).data(), 0f);
        assertEquals(model.summary(), loaded.summary());
    }
}
