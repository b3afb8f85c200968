package org.neurite.nn.losses;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurite.autograd.GradCheck;
import org.neurite.nn.Input;
import org.neurite.nn.Model;
import org.neurite.nn.SymbolicTensor;
import org.neurite.nn.callbacks.History;
import org.neurite.nn.layers.Dense;
import org.neurite.nn.layers.Sampling;
import org.neurite.nn.optimizers.Adam;
import org.neurite.nn.training.FitConfig;
import org.neurite.tensor.Tensor;

/** The VAE pieces: the KL term, the Sampling layer (reparameterization), and add_loss through training. */
class VaeTest {
    private static final Tensor MU = Tensor.matrix(new float[][] {{0.5f, -1f}, {0f, 0f}});
    private static final Tensor LOGVAR = Tensor.matrix(new float[][] {{0.2f, -0.4f}, {0f, 0f}});

    @Test
    void klTermByHand() {
        // sample 0: -½ [(1 + 0.2 - 0.25 - e^0.2) + (1 - 0.4 - 1 - e^-0.4)] = 0.6708614; sample 1 (the prior itself): 0
        assertEquals(0.6708614020979047, VaeLoss.klPerSample(MU, LOGVAR).data()[0], 1e-6);
        assertEquals(0.0, VaeLoss.klPerSample(MU, LOGVAR).data()[1], 1e-7);
        Tensor mu = MU.copy().requiresGrad(true), lv = LOGVAR.copy().requiresGrad(true);
        Tensor kl = VaeLoss.kl(mu, lv);
        assertEquals(0.33543070104895234, kl.item(), 1e-6);
        kl.backward();
        // dKL/dmu = mu / N, dKL/dlogVar = -½ (1 - e^logVar) / N
        assertEquals(0.25, mu.grad().data()[0], 1e-6);
        assertEquals(-0.5, mu.grad().data()[1], 1e-6);
        assertEquals(0.055350689540042464, lv.grad().data()[0], 1e-6);
        assertEquals(-0.08241998849109017, lv.grad().data()[1], 1e-6);
        GradCheck.assertGradients("vae kl", in -> VaeLoss.kl(in.get(0), in.get(1)), List.of(GradCheck.randomInput(1, 3, 4), GradCheck.randomInput(2, 3, 4)), 1e-3, 1e-2);
        assertThrows(IllegalArgumentException.class, () -> VaeLoss.kl(MU, Tensor.zeros(2, 3)));
    }

    @Test
    void samplingIsMuPlusSigmaTimesSeededNoise() {
        Tensor zeros = Tensor.zeros(2, 2);
        Tensor eps = new Sampling().seed(42).forward(List.of(zeros, zeros), true); // mu 0, sigma 1: z = eps
        Tensor z = new Sampling().seed(42).forward(List.of(MU, LOGVAR), true);
        float[] e = eps.data(), m = MU.data(), lv = LOGVAR.data();
        for (int i = 0; i < 4; i++) assertEquals(m[i] + Math.exp(0.5 * lv[i]) * e[i], z.data()[i], 1e-6);
        // same seed, same noise; the next call draws new noise; another seed differs
        assertEquals(z.data()[0], new Sampling().seed(42).forward(List.of(MU, LOGVAR), false).data()[0]);
        Sampling s = new Sampling().seed(42);
        float first = s.forward(List.of(MU, LOGVAR), true).data()[0];
        assertNotEquals(first, s.forward(List.of(MU, LOGVAR), true).data()[0]);
        assertNotEquals(first, new Sampling().seed(43).forward(List.of(MU, LOGVAR), true).data()[0]);
        // noise is standard normal: mean ~0, variance ~1 over many draws
        Tensor many = new Sampling().seed(5).forward(List.of(Tensor.zeros(4000, 2), Tensor.zeros(4000, 2)), true);
        double mean = many.mean().item(), var = many.square().mean().item() - mean * mean;
        assertEquals(0.0, mean, 0.05);
        assertEquals(1.0, var, 0.08);
    }

    @Test
    void c002_07_reparameterizationGradients() {
        // z = mu + sigma eps with sigma = exp(½ logVar); L = (z - 2)^2; dL/dmu = dL/dz, dL/dlogVar = dL/dz · ½ sigma eps
        Tensor zeros = Tensor.zeros(1, 1);
        float eps = new Sampling().seed(9).forward(List.of(zeros, zeros), true).item();
        Tensor mu = Tensor.matrix(new float[][] {{0.5f}}).requiresGrad(true);
        double sigma = 0.8;
        Tensor logVar = Tensor.matrix(new float[][] {{(float) Math.log(sigma * sigma)}}).requiresGrad(true);
        Tensor z = new Sampling().seed(9).forward(List.of(mu, logVar), true);
        double zv = 0.5 + sigma * eps;
        assertEquals(zv, z.item(), 1e-6);
        z.sub(2f).square().sum().backward();
        double dLdz = 2 * (zv - 2);
        assertEquals(dLdz, mu.grad().item(), 1e-5);
        assertEquals(dLdz * 0.5 * sigma * eps, logVar.grad().item(), 1e-5);
        // and through the layer for random inputs, with the noise fixed by re-seeding at every evaluation
        Sampling layer = new Sampling();
        GradCheck.assertGradients("sampling", in -> layer.seed(3).forward(List.of(in.get(0), in.get(1)), true),
                List.of(GradCheck.randomInput(1, 3, 2), GradCheck.randomInput(2, 3, 2)), 1e-3, 1e-2);
    }

    @Test
    void samplingChecksItsInputsAndAddsTheKlTermAsALayerLoss() {
        Sampling s = new Sampling().klWeight(2f);
        s.forward(List.of(MU, LOGVAR), true);
        assertEquals(1, s.losses().size());
        assertEquals(2 * 0.33543070104895234, s.losses().get(0).item(), 1e-6);
        s.forward(List.of(MU, LOGVAR), true); // a new call replaces the previous terms
        assertEquals(1, s.losses().size());
        assertEquals(0, new Sampling().losses().size());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Sampling().apply(Input.of(2), Input.of(3)));
        assertTrue(e.getMessage().contains("same shape"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Sampling().apply(Input.of(2)));
    }

    /** Encoder 4 -> 8 -> (mu, logVar) in 2-d -> Sampling -> decoder 2 -> 8 -> 4; and the encoder alone (same layers). */
    private static Model[] vae(Sampling sampling) {
        Input in = Input.of(4);
        SymbolicTensor h = new Dense(8, "tanh").apply(in);
        SymbolicTensor mu = new Dense(2).apply(h);
        SymbolicTensor logVar = new Dense(2).apply(h);
        SymbolicTensor z = sampling.apply(mu, logVar);
        SymbolicTensor out = new Dense(4).apply(new Dense(8, "tanh").apply(z));
        Model vae = new Model(in, out).seed(11);
        return new Model[] {vae, new Model(List.of(in), List.of(mu, logVar))};
    }

    /** 4-d points on a 2-d plane, reproducible. */
    private static Tensor data(int n) {
        Tensor codes = Tensor.normal(17, 0f, 1f, n, 2);
        Tensor mix = Tensor.matrix(new float[][] {{1f, 0.5f, -0.5f, 0f}, {0f, 0.5f, 1f, -1f}});
        return codes.matmul(mix).mul(0.5f);
    }

    @Test
    void functionalVaeTrainsOnReconstructionPlusKl(@TempDir Path dir) throws Exception {
        Sampling sampling = new Sampling().klWeight(0.1f);
        Model[] models = vae(sampling);
        Model vae = models[0], encoder = models[1];
        assertTrue(vae.summary().contains("(Sampling)"), vae.summary());
        vae.compile(new Adam(0.01f), new MeanSquaredError());
        Tensor x = data(256);

        // the reported loss is reconstruction + KL term, recomputed here from the encoder's outputs
        sampling.seed(5);
        float reported = vae.evaluate(x, x, 256).get("loss");
        sampling.seed(5);
        Tensor recon = vae.forward(x, false);
        List<Tensor> stats = encoder.forward(List.of(x), false);
        double expected = new MeanSquaredError().compute(x, recon).item() + 0.1 * VaeLoss.kl(stats.get(0), stats.get(1)).item();
        assertEquals(expected, reported, 1e-5);
        assertEquals(1, vae.addedLosses().size());

        History h = vae.fit(x, x, new FitConfig().epochs(25).batchSize(32).verbose(0));
        List<Float> loss = h.get("loss");
        double lastFive = loss.subList(20, 25).stream().mapToDouble(Float::doubleValue).average().orElseThrow();
        assertTrue(lastFive < 0.7 * loss.get(0), "VAE loss should fall: " + loss);
        // the reconstruction beats the best constant guess (the data mean), whose error is the data variance
        double variance = x.sub(x.mean(0, true)).square().mean().item();
        double reconstruction = new MeanSquaredError().compute(x, vae.forward(x, false)).item();
        assertTrue(reconstruction < 0.8 * variance, "reconstruction " + reconstruction + " vs variance " + variance);

        // save -> load keeps the Sampling layer and its KL weight
        vae.save(dir.resolve("vae.nrt"));
        Model loaded = Model.load(dir.resolve("vae.nrt"));
        Sampling s2 = (Sampling) loaded.layer(sampling.name());
        assertEquals(0.1f, s2.klWeight());
        Map<String, Object> config = s2.config();
        assertEquals(0.1f, ((Number) config.get("kl_weight")).floatValue());
        assertEquals(0, s2.countParams());
    }
}
