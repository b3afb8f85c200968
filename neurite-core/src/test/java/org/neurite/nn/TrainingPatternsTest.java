package org.neurite.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.neurite.nn.callbacks.History;
import org.neurite.nn.layers.Concatenate;
import org.neurite.nn.layers.Dense;
import org.neurite.nn.losses.BinaryCrossentropy;
import org.neurite.nn.losses.Loss;
import org.neurite.nn.losses.MeanSquaredError;
import org.neurite.nn.metrics.Accuracy;
import org.neurite.nn.metrics.Metric;
import org.neurite.nn.optimizers.Adam;
import org.neurite.nn.optimizers.SGD;
import org.neurite.nn.training.FitConfig;
import org.neurite.tensor.Shape;
import org.neurite.tensor.Tensor;

/**
 * The training patterns of the curriculum: several inputs and outputs, shared layers, freezing,
 * transfer learning, a GAN with two models and two optimizers, gradient clipping in fit, and
 * losses added by layers.
 */
class TrainingPatternsTest {

    private static float[] values(Layer l, int weight) {
        return l.weights().get(weight).value().toArray();
    }

    // ------------------------------------------------------------------ several inputs and outputs

    /** Inputs a (3) and b (2); a regression head "reg" (x-sum) and a classification head "cls" (sign). */
    private static Model twoHeads() {
        Input a = Input.of(3), b = Input.of(2);
        SymbolicTensor h = new Dense(16, "tanh").apply(new Concatenate().apply(a, b));
        SymbolicTensor reg = new Dense(1).name("reg").apply(h);
        SymbolicTensor cls = new Dense(1, "sigmoid").name("cls").apply(h);
        return new Model(List.of(a, b), List.of(reg, cls)).seed(1);
    }

    private static List<Tensor> twoHeadData(int n, long seed, boolean targets) {
        Tensor a = Tensor.uniform(seed, -1f, 1f, n, 3), b = Tensor.uniform(seed + 1, -1f, 1f, n, 2);
        if (!targets) return List.of(a, b);
        float[] reg = new float[n], cls = new float[n];
        for (int i = 0; i < n; i++) {
            float s = a.get(i, 0) + a.get(i, 1) - a.get(i, 2) + 2 * b.get(i, 0) - b.get(i, 1);
            reg[i] = 0.5f * s;
            cls[i] = a.get(i, 0) - b.get(i, 1) > 0 ? 1f : 0f;
        }
        return List.of(Tensor.of(reg, n, 1), Tensor.of(cls, n, 1));
    }

    @Test
    void multiInputMultiOutputFitWithLossWeightsAndPerOutputMetrics() {
        Model model = twoHeads();
        List<List<Metric>> metrics = List.of(List.of(), List.of(new Accuracy()));
        model.compile(new Adam(0.02f), List.of(new MeanSquaredError(), new BinaryCrossentropy()), List.of(1f, 0.5f), metrics);
        List<Tensor> xs = twoHeadData(200, 3, false), ys = twoHeadData(200, 3, true);
        List<Tensor> vx = twoHeadData(50, 9, false), vy = twoHeadData(50, 9, true);

        History h = model.fit(xs, ys, new FitConfig().epochs(30).batchSize(20).verbose(0).validationData(vx, vy));
        assertEquals(List.of("loss", "reg_loss", "cls_loss", "cls_accuracy", "val_loss", "val_reg_loss", "val_cls_loss", "val_cls_accuracy"),
                new ArrayList<>(h.history().keySet()));
        List<Float> reg = h.get("reg_loss");
        assertTrue(reg.get(reg.size() - 1) < 0.2f * reg.get(0), "regression loss should fall: " + reg);
        assertTrue(h.get("val_cls_accuracy").get(29) > 0.85f, "classification head should learn: " + h.get("val_cls_accuracy"));

        // the total is the weighted sum of the per-output losses, which are the plain losses of each head
        Map<String, Float> ev = model.evaluate(vx, vy, 50);
        assertEquals(ev.get("reg_loss") + 0.5f * ev.get("cls_loss"), ev.get("loss"), 1e-5);
        List<Tensor> preds = model.predict(vx);
        assertEquals(2, preds.size());
        assertEquals(Shape.of(50, 1), preds.get(0).shape());
        assertEquals(new MeanSquaredError().compute(vy.get(0), preds.get(0)).item(), ev.get("reg_loss"), 1e-5);
        assertEquals(new BinaryCrossentropy().compute(vy.get(1), preds.get(1)).item(), ev.get("cls_loss"), 1e-5);

        Map<String, Float> step = model.trainOnBatch(xs, ys);
        assertEquals(List.of("loss", "reg_loss", "cls_loss", "cls_accuracy"), new ArrayList<>(step.keySet()));
    }

    @Test
    void multiOutputCompileByNamesAndClearErrors() {
        Model model = twoHeads();
        model.compile("adam", List.of("mse", "binary_crossentropy"), null, "mae");
        List<Tensor> xs = twoHeadData(8, 5, false), ys = twoHeadData(8, 5, true);
        Map<String, Float> logs = model.evaluate(xs, ys, 8);
        assertEquals(List.of("loss", "reg_loss", "cls_loss", "reg_mae", "cls_mae"), new ArrayList<>(logs.keySet()));
        assertEquals(logs.get("reg_loss") + logs.get("cls_loss"), logs.get("loss"), 1e-5);

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> model.evaluate(xs, List.of(ys.get(0)), 8));
        assertTrue(e.getMessage().contains("2 outputs"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> model.fit(List.of(xs.get(0), xs.get(1).slice(0, 0, 4)), ys, new FitConfig().verbose(0)));
        assertTrue(e.getMessage().contains("input 1 has 4 samples"), e.getMessage());
        Model three = twoHeads();
        three.compile(new Adam(), List.of(new MeanSquaredError(), new MeanSquaredError(), new MeanSquaredError()), null, List.of());
        e = assertThrows(IllegalArgumentException.class, () -> three.evaluate(xs, ys, 8));
        assertTrue(e.getMessage().contains("3 losses"), e.getMessage());
        Model shared = twoHeads();
        shared.compile(new Adam(), new MeanSquaredError(), new Accuracy()); // one metric object cannot serve two outputs
        e = assertThrows(IllegalArgumentException.class, () -> shared.evaluate(xs, ys, 8));
        assertTrue(e.getMessage().contains("one list of metrics per output"), e.getMessage());
    }

    // ------------------------------------------------------------------ shared layers

    @Test
    void oneTowerAppliedTwiceSharesWeightsAndAddsUpGradients() {
        Dense tower = new Dense(3, "tanh");
        Dense head = new Dense(1);
        Input left = Input.of(2), right = Input.of(2);
        SymbolicTensor out = head.apply(new Concatenate().apply(tower.apply(left), tower.apply(right)));
        Model siamese = new Model(List.of(left, right), List.of(out)).seed(4);
        assertEquals(1, siamese.layers().stream().filter(l -> l == tower).count());
        assertEquals(2 * 3 + 3 + 6 + 1, siamese.countParams()); // the tower is counted once
        assertEquals(4, siamese.variables().size());

        Tensor xa = Tensor.matrix(new float[][] {{0.5f, -1f}, {0.2f, 0.3f}});
        Tensor xb = Tensor.matrix(new float[][] {{-0.4f, 0.8f}, {1f, 0.1f}});
        Tensor kernel = tower.weights().get(0).value(), bias = tower.weights().get(1).value();
        kernel.zeroGrad();
        bias.zeroGrad();
        siamese.forward(List.of(xa, xb), true).get(0).square().sum().backward();

        // the same computation with two independent copies of the tower weights
        Tensor ka = kernel.detach().copy().requiresGrad(true), kb = kernel.detach().copy().requiresGrad(true);
        Tensor ba = bias.detach().copy().requiresGrad(true), bb = bias.detach().copy().requiresGrad(true);
        Tensor w = head.weights().get(0).value().detach(), c = head.weights().get(1).value().detach();
        Tensor ha = xa.matmul(ka).add(ba).tanh(), hb = xb.matmul(kb).add(bb).tanh();
        Tensor.concat(List.of(ha, hb), 1).matmul(w).add(c).square().sum().backward();
        float[] sum = new float[6];
        for (int i = 0; i < 6; i++) sum[i] = ka.grad().data()[i] + kb.grad().data()[i];
        assertArrayEquals(sum, kernel.grad().data(), 1e-6f);
        assertEquals(ba.grad().data()[0] + bb.grad().data()[0], bias.grad().data()[0], 1e-6f);
    }

    // ------------------------------------------------------------------ freezing and transfer learning

    @Test
    void freezingAfterCompileTakesEffectOnTheNextFitAndShowsInTheSummary() {
        Dense first = new Dense(4, "tanh");
        Dense second = new Dense(1);
        Sequential model = new Sequential(Input.of(3), first, second);
        model.seed(2).compile(new SGD(0.1f), new MeanSquaredError());
        Tensor x = Tensor.uniform(1, -1f, 1f, 16, 3), y = Tensor.uniform(2, -1f, 1f, 16, 1);
        FitConfig once = new FitConfig().epochs(1).batchSize(16).verbose(0);
        model.fit(x, y, once);

        first.trainable(false);
        assertTrue(model.summary().contains("Trainable params: 5\n"), model.summary());
        assertTrue(model.summary().contains("Non-trainable params: 16\n"), model.summary());
        assertEquals(5, model.trainableParams());
        float[] frozen = values(first, 0), head = values(second, 0);
        model.fit(x, y, once);
        assertArrayEquals(frozen, values(first, 0), 0f);
        assertFalse(Arrays.equals(head, values(second, 0)));

        first.trainable(true);
        model.fit(x, y, once);
        assertFalse(Arrays.equals(frozen, values(first, 0)));
        assertTrue(model.summary().contains("Non-trainable params: 0\n"));
    }

    @Test
    void transferLearningReusesTrainedLayersAndKeepsFrozenOnesFixed() {
        Dense features = new Dense(6, "tanh");
        Sequential base = new Sequential(Input.of(3), features, new Dense(2, "softmax"));
        base.seed(3).compile("adam", "sparse_categorical_crossentropy");
        Tensor x = Tensor.uniform(7, -1f, 1f, 64, 3);
        float[] labels = new float[64];
        for (int i = 0; i < 64; i++) labels[i] = x.get(i, 0) > 0 ? 1f : 0f;
        base.fit(x, Tensor.of(labels, 64), new FitConfig().epochs(3).verbose(0));
        float[] trained = values(features, 0);

        // new task: same features, new head; the features are frozen
        Input in = Input.of(3);
        Dense newHead = new Dense(1);
        Model transfer = new Model(in, newHead.apply(features.apply(in)));
        assertSame(features, transfer.layers().get(1));
        assertSame(base.variables().get(0), transfer.variables().get(0)); // the same Variable objects, not copies
        assertArrayEquals(trained, transfer.variables().get(0).value().toArray(), 0f);
        features.trainable(false);
        transfer.compile(new Adam(0.05f), new MeanSquaredError());
        assertEquals(7, transfer.trainableParams());
        Tensor y = Tensor.uniform(8, -1f, 1f, 64, 1);
        float[] headBefore = values(newHead, 0);
        History h = transfer.fit(x, y, new FitConfig().epochs(5).verbose(0));
        assertArrayEquals(trained, values(features, 0), 0f);
        assertFalse(Arrays.equals(headBefore, values(newHead, 0)));
        assertTrue(h.get("loss").get(4) < h.get("loss").get(0));
    }

    @Test
    void aModelFrozenBeforeCompileTrainsNothing() {
        Sequential m = new Sequential(Input.of(2), new Dense(1));
        m.seed(1).trainable(false);
        m.compile(new SGD(0.5f), new MeanSquaredError());
        float[] before = m.variables().get(0).value().toArray();
        m.fit(Tensor.ones(4, 2), Tensor.zeros(4, 1), new FitConfig().verbose(0));
        assertArrayEquals(before, m.variables().get(0).value().toArray(), 0f);
    }

    // ------------------------------------------------------------------ GAN: two models, two optimizers

    @Test
    void tinyOneDimensionalGanWithFrozenDiscriminatorInsideTheCombinedModel() {
        // generator: noise (2) -> 1 number; discriminator: 1 number -> P(real); real data ~ N(3, 0.5)
        Input z = Input.of(2);
        Model generator = new Model(z, new Dense(1).apply(new Dense(8, "tanh").apply(z))).seed(21);
        Input sample = Input.of(1);
        Model discriminator = new Model(sample, new Dense(1, "sigmoid").apply(new Dense(8, "tanh").apply(sample))).seed(22);
        discriminator.compile(new Adam(0.01f), new BinaryCrossentropy());
        discriminator.trainable(false); // the Keras recipe: freeze after compiling the discriminator
        Input noise = Input.of(2);
        Model gan = new Model(noise, discriminator.apply(generator.apply(noise)));
        gan.compile(new Adam(0.01f), new BinaryCrossentropy());
        assertEquals(List.of(generator, discriminator), gan.components());
        assertEquals(generator.countParams(), gan.trainableParams());
        assertTrue(gan.summary().contains(String.format(java.util.Locale.ROOT, "Non-trainable params: %,d\n", discriminator.countParams())), gan.summary());

        int batch = 32;
        Tensor ones = Tensor.ones(batch, 1);
        Tensor labels = Tensor.concat(List.of(ones, Tensor.zeros(batch, 1)), 0);
        float startMean = generator.predict(Tensor.normal(99, 0f, 1f, 256, 2)).mean().item();
        List<Float> dLosses = new ArrayList<>(), gLosses = new ArrayList<>();
        for (int step = 0; step < 400; step++) {
            Tensor real = Tensor.normal(1000 + step, 3f, 0.5f, batch, 1);
            Tensor fake = generator.predict(Tensor.normal(5000 + step, 0f, 1f, batch, 2));
            float[] genBefore = step == 0 ? generator.variables().get(0).value().toArray() : null;
            dLosses.add(discriminator.trainOnBatch(Tensor.concat(List.of(real, fake), 0), labels).get("loss"));
            if (step == 0) assertArrayEquals(genBefore, generator.variables().get(0).value().toArray(), 0f); // D's step leaves G alone

            float[] discBefore = step == 0 ? discriminator.variables().get(0).value().toArray() : null;
            float[] genBeforeG = step == 0 ? generator.variables().get(0).value().toArray() : null;
            gLosses.add(gan.trainOnBatch(Tensor.normal(9000 + step, 0f, 1f, batch, 2), ones).get("loss"));
            if (step == 0) {
                assertArrayEquals(discBefore, discriminator.variables().get(0).value().toArray(), 0f); // D frozen inside the GAN
                assertFalse(Arrays.equals(genBeforeG, generator.variables().get(0).value().toArray())); // G trains
            }
        }
        float endMean = generator.predict(Tensor.normal(99, 0f, 1f, 256, 2)).mean().item();
        assertTrue(Math.abs(endMean - 3f) < 0.5f * Math.abs(startMean - 3f),
                "generated mean should move toward the real mean 3: from " + startMean + " to " + endMean);
        // both losses move: neither is stuck at its first value
        assertTrue(dLosses.stream().anyMatch(v -> Math.abs(v - dLosses.get(0)) > 0.05f), "discriminator loss: " + dLosses);
        assertTrue(gLosses.stream().anyMatch(v -> Math.abs(v - gLosses.get(0)) > 0.05f), "generator loss: " + gLosses);
    }

    // ------------------------------------------------------------------ gradient clipping in fit

    @Test
    void gradientClippingByValueNormAndGlobalNormInFit() {
        // inputs of size 100 give huge gradients; one step of SGD(lr 1) on a batch shows the clipped update
        Tensor x = Tensor.full(100f, 4, 2);
        Tensor y = Tensor.zeros(4, 1);
        FitConfig oneStep = new FitConfig().epochs(1).batchSize(4).shuffle(false).verbose(0);

        Sequential byValue = new Sequential(Input.of(2), new Dense(1));
        byValue.seed(1).compile(new SGD(1f).clipValue(0.01f), new MeanSquaredError());
        float[] k0 = byValue.variables().get(0).value().toArray(), b0 = byValue.variables().get(1).value().toArray();
        byValue.fit(x, y, oneStep);
        for (int i = 0; i < 2; i++) assertEquals(0.01f, Math.abs(byValue.variables().get(0).value().data()[i] - k0[i]), 1e-6f);
        assertEquals(0.01f, Math.abs(byValue.variables().get(1).value().data()[0] - b0[0]), 1e-6f);

        Sequential byNorm = new Sequential(Input.of(2), new Dense(1));
        byNorm.seed(1).compile(new SGD(1f).clipNorm(0.5f), new MeanSquaredError());
        k0 = byNorm.variables().get(0).value().toArray();
        byNorm.fit(x, y, oneStep);
        assertEquals(0.5, norm(diff(byNorm.variables().get(0).value().toArray(), k0)), 1e-5); // each variable's step has norm 0.5

        Sequential global = new Sequential(Input.of(2), new Dense(1));
        global.seed(1).compile(new SGD(1f).globalClipNorm(0.5f), new MeanSquaredError());
        k0 = global.variables().get(0).value().toArray();
        b0 = global.variables().get(1).value().toArray();
        global.fit(x, y, oneStep);
        double dk = norm(diff(global.variables().get(0).value().toArray(), k0)), db = norm(diff(global.variables().get(1).value().toArray(), b0));
        assertEquals(0.5, Math.sqrt(dk * dk + db * db), 1e-5); // all steps together have norm 0.5
        assertTrue(db > 0 && db < 0.01, "the bias gradient is 100 times smaller than the kernel's: " + db);
    }

    private static float[] diff(float[] a, float[] b) {
        float[] d = new float[a.length];
        for (int i = 0; i < a.length; i++) d[i] = a[i] - b[i];
        return d;
    }

    private static double norm(float[] v) {
        double s = 0;
        for (float f : v) s += (double) f * f;
        return Math.sqrt(s);
    }

    // ------------------------------------------------------------------ losses added by layers

    /** The identity that adds {@code rate · sum(x^2) / batch} to the loss (an activity regularizer). */
    static final class ActivityPenalty extends Layer {
        private final float rate;

        ActivityPenalty(float rate) {
            this.rate = rate;
        }

        @Override
        protected Shape computeOutputShape(Shape in) {
            return in;
        }

        @Override
        protected Tensor call(Tensor x, boolean training) {
            addLoss(x.square().sum().mul(rate / x.dim(0)));
            return x;
        }
    }

    @Test
    void layersAddLossTermsThatTheTrainerMinimizesAndReports() {
        ActivityPenalty penalty = new ActivityPenalty(0.5f);
        Dense dense = new Dense(2);
        Input a = Input.of(2), b = Input.of(2);
        // the penalty is shared: applied to both branches, both of its terms count in one pass
        SymbolicTensor out = new Dense(1).apply(new Concatenate().apply(penalty.apply(dense.apply(a)), penalty.apply(dense.apply(b))));
        Model model = new Model(List.of(a, b), List.of(out)).seed(6);
        model.compile(new SGD(0.05f), Loss.of("zero", (yy, pp) -> pp.mul(0f).sum()));
        Tensor xa = Tensor.uniform(1, -1f, 1f, 8, 2), xb = Tensor.uniform(2, -1f, 1f, 8, 2);
        List<Tensor> xs = List.of(xa, xb);
        List<Tensor> ys = List.of(Tensor.zeros(8, 1));

        float reported = model.evaluate(xs, ys, 8).get("loss");
        Tensor ha = dense.apply(xa), hb = dense.apply(xb);
        double expected = 0.5 * (ha.square().sum().item() + hb.square().sum().item()) / 8;
        assertEquals(expected, reported, 1e-5);
        assertEquals(2, model.addedLosses().size());
        model.forward(xs, false);
        assertEquals(2, model.addedLosses().size()); // a new pass replaces, not appends

        // the only objective is the penalty: training shrinks the activations
        History h = model.fit(xs, ys, new FitConfig().epochs(20).batchSize(8).verbose(0));
        assertTrue(h.get("loss").get(19) < 0.5f * h.get("loss").get(0), "penalty should shrink: " + h.get("loss"));
    }
}
