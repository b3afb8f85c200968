package org.neurite.nn.losses;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.neurite.autograd.GradCheck;
import org.neurite.nn.Regularizer;
import org.neurite.tensor.Tensor;

class LossesTest {
    // C002-01: 3-class softmax cross-entropy (NLL) on chosen logits and labels
    private static final float[][] LOGITS = {{2.0f, 1.0f, 0.1f}, {0.5f, 2.5f, -1.0f}, {0.0f, 0.0f, 3.0f}};
    private static final float[] LABELS = {0, 2, 2};
    private static final double[] NLL = {0.41703001627783354, 3.6531782071222882, 0.09492295642096091};
    private static final double NLL_MEAN = 1.3883770599403606;
    private static final double[][] DL_DLOGITS_PER_SAMPLE = {
            {-0.3409988611140321, 0.24243297070471392, 0.09856589040931818},
            {0.11611453467414115, 0.8579768106084571, -0.9740913452825984},
            {0.04527850074362907, 0.04527850074362907, -0.0905570014872581}};

    private static Tensor oneHotLabels() {
        return Tensor.matrix(new float[][] {{1, 0, 0}, {0, 0, 1}, {0, 0, 1}});
    }

    @Test
    void c002_01_sparseFromLogitsPerSampleAndMeanAndGradient() {
        Tensor logits = Tensor.matrix(LOGITS).requiresGrad(true);
        SparseCategoricalCrossentropy loss = new SparseCategoricalCrossentropy(true);
        float[] per = loss.perSample(Tensor.vector(LABELS), logits).data();
        for (int i = 0; i < 3; i++) assertEquals(NLL[i], per[i], 1e-6);
        Tensor mean = loss.compute(Tensor.vector(LABELS), logits);
        assertEquals(NLL_MEAN, mean.item(), 1e-6);
        mean.backward();
        float[] g = logits.grad().data();
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) assertEquals(DL_DLOGITS_PER_SAMPLE[i][j] / 3, g[i * 3 + j], 1e-6);
        }
    }

    @Test
    void c002_01_allFourCrossEntropyFormsAgree() {
        Tensor logits = Tensor.matrix(LOGITS);
        Tensor probs = logits.softmax(-1);
        Tensor labels = Tensor.vector(LABELS);
        Tensor labelsColumn = labels.reshape(3, 1);
        assertEquals(NLL_MEAN, new CategoricalCrossentropy(true).compute(oneHotLabels(), logits).item(), 1e-6);
        assertEquals(NLL_MEAN, new CategoricalCrossentropy(false).compute(oneHotLabels(), probs).item(), 1e-6);
        assertEquals(NLL_MEAN, new SparseCategoricalCrossentropy(false).compute(labels, probs).item(), 1e-6);
        assertEquals(NLL_MEAN, new SparseCategoricalCrossentropy(true).compute(labelsColumn, logits).item(), 1e-6);
    }

    @Test
    void c004_21_halfSquaredErrorOfASigmoidNeuronAndItsGradient() {
        Tensor x = Tensor.matrix(new float[][] {{0.65f, 0.75f}});
        Tensor w = Tensor.matrix(new float[][] {{0.3f}, {0.5f}}).requiresGrad(true);
        Tensor b = Tensor.vector(1.75f).requiresGrad(true);
        Tensor yhat = x.matmul(w).add(b).sigmoid();
        assertEquals(0.9105199406664386, yhat.item(), 1e-6);
        Tensor mse = new MeanSquaredError().compute(Tensor.vector(2.5f), yhat);
        assertEquals(2 * 1.2632234295095108, mse.item(), 1e-5);
        mse.mul(0.5f).backward();
        assertEquals(-0.08417520162908189, w.grad().data()[0], 1e-6);
        assertEquals(-0.09712523264894063, w.grad().data()[1], 1e-6);
        assertEquals(-0.12950031019858751, b.grad().item(), 1e-6);
    }

    @Test
    void c004_26_squaredErrorOfA121SigmoidNetPlusL2() {
        float x = 0.75f;
        Tensor w1 = Tensor.scalar(0.5f), w2 = Tensor.scalar(-0.6f), w3 = Tensor.scalar(0.7f), w4 = Tensor.scalar(-0.8f);
        Tensor in = Tensor.scalar(x);
        Tensor h1 = in.mul(w1).add(0.1f).sigmoid();
        Tensor h2 = in.mul(w2).add(-0.2f).sigmoid();
        Tensor yhat = h1.mul(w3).add(h2.mul(w4)).add(0.3f).sigmoid();
        assertEquals(0.6165665045213193, h1.item(), 1e-6);
        assertEquals(0.3429895373265012, h2.item(), 1e-6);
        assertEquals(0.6123508971681262, yhat.item(), 1e-6);
        Tensor se = new MeanSquaredError().compute(Tensor.scalar(1.25f), yhat);
        assertEquals(0.40659637834229356, se.item(), 1e-6);
        Regularizer l2 = Regularizer.l2(0.01f);
        Tensor penalty = l2.penalty(w1).add(l2.penalty(w2)).add(l2.penalty(w3)).add(l2.penalty(w4));
        assertEquals(0.01 * 1.74, penalty.item(), 1e-7);
        assertEquals(0.22069818917114678, se.mul(0.5f).add(penalty).item(), 1e-6);
    }

    @Test
    void c004_20a_bceOfASigmoidNeuronAndItsGradient() {
        Tensor w = Tensor.scalar(-2f).requiresGrad(true);
        Tensor b = Tensor.scalar(-2f).requiresGrad(true);
        Tensor yhat = Tensor.scalar(3.5f).mul(w).add(b).sigmoid();
        assertEquals(0.00012339457598623172, yhat.item(), 1e-9);
        Tensor loss = new BinaryCrossentropy(false).compute(Tensor.scalar(0.5f), yhat);
        assertEquals(4.500123402189724, loss.item(), 1e-5);
        loss.backward();
        assertEquals(-1.7495681189840482, w.grad().item(), 1e-5);
        assertEquals(-0.49987660542401374, b.grad().item(), 1e-5);
    }

    @Test
    void bceFromLogitsAgreesWithBceFromProbabilities() {
        Tensor logits = Tensor.uniform(3, -4f, 4f, 6, 2);
        Tensor targets = Tensor.uniform(4, 0f, 1f, 6, 2);
        float fromLogits = new BinaryCrossentropy(true).compute(targets, logits).item();
        float fromProbs = new BinaryCrossentropy(false).compute(targets, logits.sigmoid()).item();
        assertEquals(fromProbs, fromLogits, 1e-5);
        // by hand: one logit 0 with target 1: log 2
        assertEquals(Math.log(2), new BinaryCrossentropy(true).compute(Tensor.vector(1f), Tensor.vector(0f)).item(), 1e-7);
    }

    @Test
    void bceFromLogitsIsStableForHugeLogitsAndHasTheRightGradientAtZero() {
        Tensor logits = Tensor.vector(1000f, -1000f, 0f, 0f).requiresGrad(true);
        Tensor targets = Tensor.vector(0f, 0f, 1f, 0f);
        Tensor loss = new BinaryCrossentropy(true).compute(targets, logits);
        // (1000 + 0 + log 2 + log 2) / 4
        assertEquals((1000 + 2 * Math.log(2)) / 4, loss.item(), 1e-3);
        loss.backward();
        float[] g = logits.grad().data();
        // d/dx = (sigmoid(x) - z) / N
        assertEquals(1.0 / 4, g[0], 1e-7);
        assertEquals(0.0, g[1], 1e-7);
        assertEquals(-0.5 / 4, g[2], 1e-7);
        assertEquals(0.5 / 4, g[3], 1e-7);
    }

    @Test
    void bceFromProbabilitiesClipsLikeKeras() {
        float[] per = new BinaryCrossentropy(false).perSample(Tensor.vector(1f, 0f), Tensor.vector(0f, 1f)).data();
        assertEquals(-Math.log(1e-7), per[0], 1e-4); // p clipped up to eps
        // p clipped down to 1 - eps, which float32 rounds to 1 - 1.19e-7
        assertEquals(-Math.log(1 - (double) (1f - 1e-7f)), per[1], 1e-4);
    }

    @Test
    void categoricalFromLogitsAgreesWithFromProbabilities() {
        Tensor logits = Tensor.uniform(5, -3f, 3f, 4, 5);
        Tensor soft = Tensor.uniform(6, 0f, 1f, 4, 5);
        soft = soft.div(soft.sum(-1, true));
        assertEquals(new CategoricalCrossentropy(false).compute(soft, logits.softmax(-1)).item(),
                new CategoricalCrossentropy(true).compute(soft, logits).item(), 1e-5);
    }

    @Test
    void mseAndMaeByHandWithAlignedShapes() {
        Tensor pred = Tensor.matrix(new float[][] {{1f}, {2f}, {4f}});
        Tensor target = Tensor.vector(1f, 0f, 1f); // (3,) against (3, 1): aligned, not broadcast to (3, 3)
        assertEquals((0 + 4 + 9) / 3.0, new MeanSquaredError().compute(target, pred).item(), 1e-6);
        assertEquals((0 + 2 + 3) / 3.0, new MeanAbsoluteError().compute(target, pred).item(), 1e-6);
        Tensor p2 = Tensor.matrix(new float[][] {{1f, 3f}, {0f, 0f}});
        Tensor t2 = Tensor.matrix(new float[][] {{0f, 1f}, {0f, 2f}});
        // per sample: (1 + 4)/2 = 2.5 and (0 + 4)/2 = 2; mean 2.25
        assertEquals(2.25, new MeanSquaredError().compute(t2, p2).item(), 1e-6);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new MeanSquaredError().compute(Tensor.zeros(3, 2), Tensor.zeros(3, 3)));
        assertTrue(e.getMessage().contains("mean_squared_error") && e.getMessage().contains("(3, 2)"), e.getMessage());
    }

    @Test
    void sparseLabelsAreValidatedWithAClearMessage() {
        Tensor probs = Tensor.full(1f / 3, 2, 3);
        IllegalArgumentException range = assertThrows(IllegalArgumentException.class,
                () -> new SparseCategoricalCrossentropy().compute(Tensor.vector(0f, 3f), probs));
        assertTrue(range.getMessage().contains("label 3.0 at index 1") && range.getMessage().contains("[0, 3)"), range.getMessage());
        IllegalArgumentException frac = assertThrows(IllegalArgumentException.class,
                () -> new SparseCategoricalCrossentropy().compute(Tensor.vector(0.5f, 1f), probs));
        assertTrue(frac.getMessage().contains("not an integer"), frac.getMessage());
        IllegalArgumentException shape = assertThrows(IllegalArgumentException.class,
                () -> new SparseCategoricalCrossentropy().compute(Tensor.vector(0f, 1f, 2f), probs));
        assertTrue(shape.getMessage().contains("(2,)") && shape.getMessage().contains("(3,)"), shape.getMessage());
        IllegalArgumentException cat = assertThrows(IllegalArgumentException.class,
                () -> new CategoricalCrossentropy().compute(Tensor.vector(0f, 1f), probs));
        assertTrue(cat.getMessage().contains("sparse_categorical_crossentropy"), cat.getMessage());
    }

    @Test
    void lossesByName() {
        assertInstanceOf(MeanSquaredError.class, Losses.get("mse"));
        assertInstanceOf(MeanSquaredError.class, Losses.get("mean_squared_error"));
        assertInstanceOf(BinaryCrossentropy.class, Losses.get("binary_crossentropy"));
        assertInstanceOf(CategoricalCrossentropy.class, Losses.get("categorical_crossentropy"));
        assertInstanceOf(SparseCategoricalCrossentropy.class, Losses.get("sparse_categorical_crossentropy"));
        assertEquals("binary_crossentropy", Losses.get("binary_crossentropy").name());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Losses.get("categorical"));
        assertTrue(e.getMessage().contains("'categorical'") && e.getMessage().contains("sparse_categorical_crossentropy"), e.getMessage());
    }

    // ------------------------------------------------------------ gradient checks

    private static void check(String name, Loss loss, Tensor yTrue, Tensor yPred) {
        Function<List<Tensor>, Tensor> f = in -> loss.compute(yTrue, in.get(0));
        GradCheck.assertGradients(name, f, List.of(yPred), 1e-3, 1e-2);
    }

    private static Tensor probabilities(long seed, int... dims) {
        return Tensor.uniform(seed, 0.1f, 0.9f, dims);
    }

    @Test
    void gradientChecks() {
        Tensor targets01 = Tensor.uniform(7, 0f, 1f, 4, 3);
        check("mse", new MeanSquaredError(), GradCheck.randomInput(1, 4, 3), GradCheck.randomInput(2, 4, 3));
        check("mae", new MeanAbsoluteError(), Tensor.full(2f, 4, 3), GradCheck.randomInput(2, 4, 3));
        check("bce", new BinaryCrossentropy(false), targets01, probabilities(3, 4, 3));
        check("bce logits", new BinaryCrossentropy(true), targets01, GradCheck.randomInput(4, 4, 3).mul(3f));
        check("cce", new CategoricalCrossentropy(false), oneHotLabels(), probabilities(5, 3, 3));
        check("cce logits", new CategoricalCrossentropy(true), oneHotLabels(), GradCheck.randomInput(6, 3, 3).mul(3f));
        check("sparse cce", new SparseCategoricalCrossentropy(false), Tensor.vector(LABELS), probabilities(8, 3, 3));
        check("sparse cce logits", new SparseCategoricalCrossentropy(true), Tensor.vector(LABELS), GradCheck.randomInput(9, 3, 3).mul(3f));
        // sequence output (batch, time, classes)
        check("sparse cce logits 3d", new SparseCategoricalCrossentropy(true), Tensor.of(new float[] {0, 1, 2, 1}, 2, 2),
                GradCheck.randomInput(10, 2, 2, 3));
    }
}
