package org.neurite.nn.losses;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;
import org.neurite.autograd.GradCheck;
import org.neurite.tensor.Tensor;

/** KL divergence, Huber, hinge, squared hinge, cosine similarity, contrastive, custom: hand-computed values and gradient checks. */
class MoreLossesTest {
    private static void assertPerSample(double[] expected, Tensor actual, double tol) {
        assertEquals(expected.length, actual.size());
        for (int i = 0; i < expected.length; i++) assertEquals(expected[i], actual.data()[i], tol, "sample " + i);
    }

    private static void gradCheck(String name, BiFunction<Tensor, Tensor, Tensor> loss, Tensor yTrue, Tensor yPred) {
        GradCheck.assertGradients(name, in -> loss.apply(yTrue, in.get(0)), List.of(yPred), 1e-3, 1e-2);
    }

    @Test
    void klDivergenceIsSumOfYLogYOverP() {
        Tensor y = Tensor.matrix(new float[][] {{0.2f, 0.8f}, {0.5f, 0.5f}});
        Tensor p = Tensor.matrix(new float[][] {{0.4f, 0.6f}, {0.9f, 0.1f}}).requiresGrad(true);
        KLDivergence kl = new KLDivergence();
        // 0.2 ln(0.2/0.4) + 0.8 ln(0.8/0.6) = 0.0915162; 0.5 ln(0.5/0.9) + 0.5 ln(0.5/0.1) = 0.5108256
        assertPerSample(new double[] {0.09151622184943578, 0.5108256237659907}, kl.perSample(y, p), 1e-6);
        Tensor l = kl.compute(y, p);
        assertEquals(0.30117092280771324, l.item(), 1e-6);
        l.backward();
        // d/dp_j = -y_j / p_j / N
        float[] g = p.grad().data();
        assertEquals(-0.2 / 0.4 / 2, g[0], 1e-6);
        assertEquals(-0.8 / 0.6 / 2, g[1], 1e-6);
        assertEquals(-0.5 / 0.1 / 2, g[3], 1e-5);
        gradCheck("kl_divergence", kl::compute, y, p);
        // zero targets are clipped to eps: 0 log 0 counts as 0, not NaN
        assertEquals(0.0, kl.compute(Tensor.matrix(new float[][] {{0f, 1f}}), Tensor.matrix(new float[][] {{0.5f, 1f}})).item(), 1e-5);
    }

    @Test
    void huberIsQuadraticInsideDeltaAndLinearOutside() {
        Tensor y = Tensor.matrix(new float[][] {{0f, 0f}, {1f, -1f}});
        Tensor p = Tensor.matrix(new float[][] {{0.5f, 2f}, {1.2f, -4f}}).requiresGrad(true);
        // delta 1: e = 0.5 -> 0.125; e = 2 -> 1.5; e = 0.2 -> 0.02; e = -3 -> 2.5
        assertPerSample(new double[] {0.8125, 1.26}, new Huber().perSample(y, p), 1e-6);
        assertEquals(1.03625, new Huber().compute(y, p).item(), 1e-6);
        // delta 1.5: e = 2 -> 1.5 (2 - 0.75) = 1.875; e = -3 -> 1.5 (3 - 0.75) = 3.375
        assertEquals(1.34875, new Huber(1.5f).compute(y, p).item(), 1e-6);
        Tensor l = new Huber().compute(y, p);
        l.backward();
        // gradient: e / (N * D) inside, delta * sign(e) / (N * D) outside; N * D = 4
        float[] g = p.grad().data();
        assertEquals(0.5 / 4, g[0], 1e-7);
        assertEquals(1.0 / 4, g[1], 1e-7);
        assertEquals(0.2 / 4, g[2], 1e-6);
        assertEquals(-1.0 / 4, g[3], 1e-7);
        gradCheck("huber", new Huber(0.7f)::compute, y, p);
        assertThrows(IllegalArgumentException.class, () -> new Huber(0f));
    }

    @Test
    void hingeConvertsZeroOneLabelsAndSquaredHingeSquaresTheMargin() {
        Tensor y01 = Tensor.matrix(new float[][] {{1f, 0f}, {0f, 1f}});
        Tensor ypm = Tensor.matrix(new float[][] {{1f, -1f}, {-1f, 1f}});
        Tensor p = Tensor.matrix(new float[][] {{0.3f, 0.4f}, {-2f, 2.5f}}).requiresGrad(true);
        // max(0, 1 - 0.3) = 0.7, max(0, 1 + 0.4) = 1.4 -> 1.05; second row beyond the margin -> 0
        assertPerSample(new double[] {1.05, 0.0}, new Hinge().perSample(y01, p), 1e-6);
        assertPerSample(new double[] {1.05, 0.0}, new Hinge().perSample(ypm, p), 1e-6);
        assertEquals(0.525, new Hinge().compute(y01, p).item(), 1e-6);
        // 0.49 and 1.96 -> 1.225
        assertEquals(0.6125, Hinge.squared().compute(y01, p).item(), 1e-6);
        Tensor l = new Hinge().compute(ypm, p);
        l.backward();
        float[] g = p.grad().data();
        assertEquals(-1.0 / 4, g[0], 1e-7); // -y / (N * D) where the margin is violated
        assertEquals(1.0 / 4, g[1], 1e-7);
        assertEquals(0.0, g[2], 1e-7);
        Tensor pSmooth = Tensor.matrix(new float[][] {{0.3f, 0.4f}, {-0.2f, 0.5f}});
        gradCheck("hinge", new Hinge()::compute, ypm, pSmooth);
        gradCheck("squared_hinge", Hinge.squared()::compute, y01, pSmooth);
    }

    @Test
    void cosineSimilarityIsTheNegativeCosine() {
        Tensor y = Tensor.matrix(new float[][] {{1f, 0f, 0f}, {1f, 2f, 2f}});
        Tensor p = Tensor.matrix(new float[][] {{1f, 1f, 0f}, {-2f, -4f, -4f}}).requiresGrad(true);
        // -cos 45 degrees; opposite directions -> +1
        assertPerSample(new double[] {-Math.sqrt(0.5), 1.0}, new CosineSimilarity().perSample(y, p), 1e-6);
        Tensor l = new CosineSimilarity().compute(y, p);
        assertEquals((1 - Math.sqrt(0.5)) / 2, l.item(), 1e-6);
        l.backward();
        // d(-cos)/dp = -(ŷ - cos p̂) / |p| / N; row 0: ŷ = (1,0,0), p̂ = (1,1,0)/√2, cos = 1/√2, |p| = √2
        float[] g = p.grad().data();
        assertEquals(-(1 - 0.5) / Math.sqrt(2) / 2, g[0], 1e-6);
        assertEquals(-(0 - 0.5) / Math.sqrt(2) / 2, g[1], 1e-6);
        gradCheck("cosine_similarity", new CosineSimilarity()::compute, y, Tensor.matrix(new float[][] {{0.3f, -0.7f, 0.5f}, {0.9f, 0.2f, -0.4f}}));
    }

    // C001-06: siamese contrastive loss on chosen 4-d embeddings, label 1 = same
    private static final float[][] A = {{1f, 2f, 0f, -1f}, {0f, 1f, 0f, 0f}};
    private static final float[][] B = {{0.5f, 2f, 0.3f, -1f}, {0.3f, 0.6f, 0f, 0f}};
    private static final Tensor SAME = Tensor.vector(1f, 0f);

    @Test
    void c001_06_seedVariantLinearContrastiveLoss() {
        Tensor a = Tensor.matrix(A).requiresGrad(true), b = Tensor.matrix(B);
        Tensor d = ContrastiveLoss.euclideanDistance(a, b);
        assertEquals(List.of(2, 1), List.of(d.dim(0), d.dim(1)));
        assertPerSample(new double[] {0.58309518948453, 0.5}, d, 1e-6);
        ContrastiveLoss seed = new ContrastiveLoss(1f, ContrastiveLoss.Form.LINEAR);
        assertPerSample(new double[] {0.58309518948453, 0.5}, seed.perPair(SAME, d), 1e-6);
        Tensor mean = seed.compute(SAME, d);
        assertEquals(0.541547594742265, mean.item(), 1e-6);
        assertEquals(1.08309518948453, seed.perPair(SAME, d).sum().item(), 1e-6);
        // the reference the case gives for Hadsell's form (with the paper's ½)
        ContrastiveLoss hadsell = new ContrastiveLoss(1f, ContrastiveLoss.Form.HALF_SQUARED);
        assertPerSample(new double[] {0.17, 0.125}, hadsell.perPair(SAME, d), 1e-6);
        // default (TF Addons) form: d^2 = 0.34 for the similar pair, max(0, 1 - 0.5)^2 = 0.25 for the other
        assertPerSample(new double[] {0.34, 0.25}, new ContrastiveLoss(1f).perPair(SAME, d), 1e-6);
        // through the distance: the similar pair pulls a toward b: dL/da = (a - b) / d / N for pair 0
        mean.backward();
        float[] g = a.grad().data();
        double d0 = 0.58309518948453;
        assertEquals(0.5 / d0 / 2, g[0], 1e-6);
        assertEquals(-0.3 / d0 / 2, g[2], 1e-6);
        // the dissimilar pair (d < margin) pushes apart: dL/da = -(a - b) / d / N
        assertEquals(0.3 / 0.5 / 2, g[4], 1e-6);
    }

    @Test
    void contrastiveLossGradientsAndMargin() {
        Tensor labels = Tensor.vector(1f, 0f, 0f, 1f);
        for (ContrastiveLoss.Form form : ContrastiveLoss.Form.values()) {
            ContrastiveLoss loss = new ContrastiveLoss(1.5f, form);
            GradCheck.assertGradients("contrastive " + form, in -> loss.compute(labels, ContrastiveLoss.euclideanDistance(in.get(0), in.get(1))),
                    List.of(GradCheck.randomInput(3, 4, 3), GradCheck.randomInput(4, 4, 3)), 1e-3, 1e-2);
        }
        // dissimilar pairs beyond the margin cost nothing
        assertEquals(0.0, new ContrastiveLoss(1f).compute(Tensor.vector(0f), Tensor.vector(2f)).item(), 0);
        assertThrows(IllegalArgumentException.class, () -> new ContrastiveLoss(1f).compute(Tensor.vector(1f, 0f, 1f), Tensor.vector(1f, 2f)));
        assertThrows(IllegalArgumentException.class, () -> new ContrastiveLoss(1f).compute(Tensor.vector(2f), Tensor.vector(1f)));
        // equal embeddings: finite gradient thanks to the epsilon under the root
        Tensor a = Tensor.matrix(new float[][] {{1f, 1f}}).requiresGrad(true);
        new ContrastiveLoss().compute(Tensor.vector(1f), ContrastiveLoss.euclideanDistance(a, Tensor.matrix(new float[][] {{1f, 1f}}))).backward();
        for (float v : a.grad().data()) assertTrue(Float.isFinite(v));
    }

    @Test
    void customLossFromALambda() {
        Loss mse = Loss.of("my_mse", (y, p) -> p.sub(y).square().mean());
        assertEquals("my_mse", mse.name());
        Tensor y = Tensor.vector(1f, 2f), p = Tensor.vector(2f, 4f).requiresGrad(true);
        Tensor l = mse.compute(y, p);
        assertEquals(2.5, l.item(), 1e-6); // (1 + 4) / 2
        l.backward();
        assertEquals(1.0, p.grad().data()[0], 1e-6); // 2 (p - y) / N
        assertEquals(2.0, p.grad().data()[1], 1e-6);
        Loss notScalar = Loss.of("bad", (yy, pp) -> pp.sub(yy));
        assertThrows(IllegalStateException.class, () -> notScalar.compute(y, p));
        assertThrows(IllegalArgumentException.class, () -> Loss.of(" ", (yy, pp) -> pp));
    }

    @Test
    void newLossesAreKnownByKerasNames() {
        assertInstanceOf(KLDivergence.class, Losses.get("kl_divergence"));
        assertInstanceOf(KLDivergence.class, Losses.get("kld"));
        assertInstanceOf(Huber.class, Losses.get("huber"));
        assertEquals("hinge", Losses.get("hinge").name());
        assertEquals("squared_hinge", Losses.get("squared_hinge").name());
        assertInstanceOf(CosineSimilarity.class, Losses.get("cosine_similarity"));
        assertInstanceOf(ContrastiveLoss.class, Losses.get("contrastive_loss"));
        for (String n : Losses.NAMES) assertEquals(n.equals("kld") || n.equals("kullback_leibler_divergence") ? "kl_divergence" : Losses.get(n).name(), Losses.get(n).name());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Losses.get("nope"));
        assertTrue(e.getMessage().contains("huber"));
    }
}
