package org.neurite.nn.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.neurite.nn.layers.LayerChecks.assertValues;
import static org.neurite.nn.layers.PyTorchReference.assertClose;

import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurite.autograd.Autograd;
import org.neurite.autograd.GradCheck;
import org.neurite.nn.Activations;
import org.neurite.nn.Initializers;
import org.neurite.nn.Input;
import org.neurite.nn.LayerNames;
import org.neurite.nn.Sequential;
import org.neurite.tensor.Shape;
import org.neurite.tensor.Tensor;
import org.neurite.kernel.ActivationKernels;
import org.neurite.tensor.ops.Nonlinearities;

/** elu, gelu, softplus, swish, hard_sigmoid as functions; PReLU, ELU, LeakyReLU, Softmax, ReLU layers. */
class ActivationLayersTest {
    @TempDir
    Path dir;

    @BeforeEach
    void reset() {
        LayerNames.reset();
    }

    @Test
    void erfMatchesTabulatedValues() {
        // Abramowitz & Stegun table 7.1 / high-precision values
        double[][] table = {{0, 0}, {0.1, 0.1124629160182849}, {0.5, 0.5204998778130465}, {1, 0.8427007929497149},
            {1.5, 0.9661051464753108}, {2, 0.9953222650189527}, {2.9, 0.9999589021219005}, {3, 0.9999779095030014},
            {1.99, 0.995111413199617}, {3.5, 0.9999992569016276}, {4, 0.9999999845827421}, {-1, -0.8427007929497149}, {10, 1}};
        for (double[] row : table) assertEquals(row[1], ActivationKernels.erf(row[0]), 1e-15, "erf(" + row[0] + ")");
        assertTrue(Double.isNaN(ActivationKernels.erf(Double.NaN)));
    }

    @Test
    void functionsMatchPyTorch() {
        PyTorchReference ref = PyTorchReference.load("activations");
        Tensor x = ref.tensor("x"), p = ref.tensor("proj");
        List<Object[]> cases = List.of(
                new Object[] {"gelu", Activations.get("gelu")},
                new Object[] {"elu", Activations.get("elu")},
                new Object[] {"elu_half", (UnaryOperator<Tensor>) t -> t.elu(0.5f)},
                new Object[] {"softplus", Activations.get("softplus")},
                new Object[] {"silu", Activations.get("swish")},
                new Object[] {"hardsigmoid", Activations.get("hard_sigmoid")});
        for (Object[] c : cases) {
            String name = (String) c[0];
            @SuppressWarnings("unchecked")
            UnaryOperator<Tensor> f = (UnaryOperator<Tensor>) c[1];
            Tensor xi = x.copy().requiresGrad(true);
            Tensor y = f.apply(xi);
            assertClose(name, ref.tensor(name), y, 2e-6);
            y.mul(p).sum().backward();
            assertClose(name + " grad", ref.tensor(name + "_grad"), xi.grad(), 2e-6);
        }
        assertEquals("silu", Activations.normalize("SiLU"));
    }

    @Test
    void valuesByHand() {
        Tensor x = Tensor.vector(-2f, 0f, 1f);
        // elu(-2) = e^-2 - 1; gelu(1) = Phi(1) = 0.841344746; softplus(0) = ln 2; swish(1) = sigmoid(1)
        assertValues(new float[] {(float) Math.expm1(-2), 0, 1}, Activations.get("elu").apply(x), 1e-7);
        assertValues(new float[] {(float) (-2 * 0.022750131948179), 0, 0.841344746068543f}, Activations.get("gelu").apply(x), 1e-7);
        assertValues(new float[] {(float) Math.log1p(Math.exp(-2)), (float) Math.log(2), (float) Math.log1p(Math.E)}, Activations.get("softplus").apply(x), 1e-7);
        assertValues(new float[] {(float) (-2 / (1 + Math.exp(2))), 0, (float) (1 / (1 + Math.exp(-1)))}, Activations.get("swish").apply(x), 1e-7);
        assertValues(new float[] {1f / 6f, 0.5f, 4f / 6f}, Activations.get("hard_sigmoid").apply(x), 1e-7);
        // softplus of large inputs does not overflow
        assertValues(new float[] {100f, 0f}, Activations.get("softplus").apply(Tensor.vector(100f, -200f)), 1e-6);
    }

    @Test
    void gradientsAndSecondOrder() {
        Tensor x0 = Tensor.of(new float[] {-1.7f, -0.6f, -0.05f, 0.3f, 0.9f, 2.1f}, 2, 3);
        List<UnaryOperator<Tensor>> fns = List.of(t -> t.elu(0.7f), Tensor::gelu, Tensor::softplus,
                Tensor::swish, Nonlinearities::normalCdf);
        Tensor weights = Tensor.uniform(3, -1f, 1f, 2, 3);
        for (int f = 0; f < fns.size(); f++) {
            UnaryOperator<Tensor> fn = fns.get(f);
            GradCheck.assertGradients("activation " + f, in -> fn.apply(in.get(0)), List.of(x0), 1e-3, 1e-3);
            GradCheck.assertGradients("second order of activation " + f, in -> {
                Tensor y = fn.apply(in.get(0));
                return Autograd.grad(y.mul(Tensor.uniform(5, -1f, 1f, 2, 3)).sum(), List.of(in.get(0)), true).get(0).mul(weights);
            }, List.of(x0), 1e-2, 1e-2);
        }
    }

    @Test
    void preluMatchesPyTorchPerChannel(@TempDir Path tmp) {
        PyTorchReference ref = PyTorchReference.load("activations").section("prelu");
        Tensor x = ref.tensor("x").permute(0, 2, 1).copy().requiresGrad(true); // (N, C, L) -> (N, L, C)
        PReLU layer = new PReLU().sharedAxes(1);
        layer.build(Shape.of(5, 3));
        assertEquals(Shape.of(1, 3), layer.alpha().shape());
        assertEquals(3, layer.countParams());
        layer.alpha().assign(ref.tensor("alpha").data());
        Tensor y = layer.forward(x, true);
        assertClose("prelu", ref.tensor("y").permute(0, 2, 1), y, 1e-6);
        y.mul(ref.tensor("proj").permute(0, 2, 1)).sum().backward();
        assertClose("prelu grad x", ref.tensor("grad_x").permute(0, 2, 1), x.grad(), 1e-6);
        assertClose("prelu grad alpha", ref.tensor("grad_alpha").reshape(1, 3), layer.alpha().value().grad(), 1e-6);
        PyTorchReference.assertRoundTrip(tmp, layer, x.detach());
    }

    @Test
    void preluDefaultsAndShapes() {
        PReLU full = new PReLU();
        full.build(Shape.of(4, 4, 8));
        assertEquals(128, full.countParams()); // Keras: one alpha per element
        Tensor x = Tensor.vector(-2f, 3f).reshape(1, 2);
        assertValues(new float[] {0, 3}, new PReLU().apply(x), 0); // alpha starts at 0 (Keras)
        PReLU torchLike = new PReLU().sharedAxes(1).alphaInitializer(Initializers.constant(0.25f));
        assertValues(new float[] {-0.5f, 3}, torchLike.apply(Tensor.of(new float[] {-2, 3}, 1, 1, 2)), 0);
        PReLU shared = new PReLU().sharedAxes(1, 2);
        shared.build(Shape.of(6, 6, 3));
        assertEquals(Shape.of(1, 1, 3), shared.alpha().shape());
        assertEquals(Shape.of(1, 5, 5, 3), shared.apply(Tensor.zeros(1, 5, 5, 3)).shape()); // shared axes may change size
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new PReLU().sharedAxes(3).build(Shape.of(4)));
        assertTrue(e.getMessage().startsWith("p_re_lu") || e.getMessage().contains("shared axis 3"), e.getMessage());
        PReLU g = new PReLU().sharedAxes(1);
        g.build(Shape.of(3, 2));
        g.alpha().assign(new float[] {0.3f, -0.4f});
        LayerChecks.checkGradients(g, Tensor.of(new float[] {-0.9f, 0.4f, 0.7f, -0.3f, -0.6f, 0.8f}, 1, 3, 2), 1e-3, 1e-3);
    }

    @Test
    void simpleActivationLayers() {
        Tensor x = Tensor.of(new float[] {-2, -0.5f, 0, 0.5f, 7}, 1, 5);
        assertValues(new float[] {(float) Math.expm1(-2), (float) Math.expm1(-0.5), 0, 0.5f, 7}, new ELU().apply(x), 1e-7);
        assertValues(new float[] {(float) (0.5 * Math.expm1(-2)), (float) (0.5 * Math.expm1(-0.5)), 0, 0.5f, 7}, new ELU(0.5).apply(x), 1e-7);
        assertValues(new float[] {-0.6f, -0.15f, 0, 0.5f, 7}, new LeakyReLU().apply(x), 1e-7); // Keras default 0.3
        assertValues(new float[] {-0.2f, -0.05f, 0, 0.5f, 7}, new LeakyReLU(0.1).apply(x), 1e-7);
        assertValues(new float[] {0, 0, 0, 0.5f, 7}, new ReLU().apply(x), 0);
        assertValues(new float[] {0, 0, 0, 0.5f, 6}, new ReLU().maxValue(6).apply(x), 0);
        // Keras: threshold 0.5, slope 0.1: x < 0.5 -> 0.1 (x - 0.5)
        assertValues(new float[] {-0.25f, -0.1f, -0.05f, 0.5f, 7}, new ReLU().threshold(0.5).negativeSlope(0.1).apply(x), 1e-7);
        Tensor m = Tensor.of(new float[] {1, 2, 3, 4}, 1, 2, 2);
        double e = Math.exp(2);
        assertValues(new float[] {(float) (1 / (1 + e)), (float) (1 / (1 + e)), (float) (e / (1 + e)), (float) (e / (1 + e))}, new Softmax(1).apply(m), 1e-6);
        assertValues(new float[] {(float) (1 / (1 + Math.E)), (float) (Math.E / (1 + Math.E)), (float) (1 / (1 + Math.E)), (float) (Math.E / (1 + Math.E))},
                new Softmax().apply(m), 1e-6);
        assertThrows(IllegalArgumentException.class, () -> new Softmax(3).build(Shape.of(2, 2)));
        Tensor g = Tensor.of(new float[] {-0.9f, 0.4f, 0.7f, -0.3f, -0.6f, 0.8f}, 1, 3, 2);
        WeightGradients.checkInput(new ELU(0.8), g, 1e-3, 1e-3);
        WeightGradients.checkInput(new LeakyReLU(), g, 1e-3, 1e-3);
        WeightGradients.checkInput(new Softmax(1), g, 1e-3, 1e-3);
        WeightGradients.checkInput(new ReLU().maxValue(0.5).threshold(-0.2).negativeSlope(0.1), g, 1e-3, 1e-3);
        WeightGradients.checkInput(new Activation("gelu"), g, 1e-3, 1e-3);
    }

    @Test
    void saveLoadAndSummary() {
        Sequential model = new Sequential(Input.of(6),
                new Dense(4).seed(1), new PReLU(), new ELU(0.5), new LeakyReLU(0.2), new ReLU().maxValue(6), new Activation("gelu"),
                new Dense(3).seed(2), new Softmax());
        String summary = model.summary();
        assertTrue(summary.contains(" p_re_lu (PReLU)             (None, 4)                 4 "), summary);
        assertTrue(summary.contains(" elu (ELU)") && summary.contains(" leaky_re_lu (LeakyReLU)") && summary.contains(" re_lu (ReLU)")
                && summary.contains(" softmax (Softmax)"), summary);
        Tensor x = GradCheck.randomInput(4, 2, 6);
        for (var l : model.layers()) if (l instanceof PReLU p) p.alpha().assign(new float[] {0.1f, 0.2f, 0.3f, 0.4f});
        roundTrip(model, x);
    }

    private void roundTrip(Sequential model, Tensor x) {
        try {
            Path f = dir.resolve("m.nrt");
            model.save(f);
            var loaded = org.neurite.nn.Model.load(f);
            org.junit.jupiter.api.Assertions.assertArrayEquals(model.apply(x).data(), loaded.apply(x).data(), 0f);
            assertEquals(model.summary(), loaded.summary());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
