package org.neurite.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.neurite.autograd.Autograd;
import org.neurite.conformance.ConformanceCases.Case;
import org.neurite.nn.Variable;
import org.neurite.nn.losses.BinaryCrossentropy;
import org.neurite.nn.optimizers.SGD;
import org.neurite.tensor.Padding;
import org.neurite.tensor.Tensor;

/**
 * Conformance cases of kind {@code backprop} and {@code loss}: small networks written with tensor
 * ops, differentiated by Neurite's autograd ({@link Tensor#backward()}, {@link Tensor#retainGrad()}
 * for the deltas of intermediates, {@link Autograd#grad}), and updated by its optimizers. Inputs
 * come from the case's {@code spec}, expected values from its {@code expected}; float32 tolerances
 * as described in {@link ConformanceCases}.
 */
class BackpropConformanceTest {

    // ------------------------------------------------------------------ C000-05

    @Test
    @DisplayName("C000-05 Forward activations and deltas (sigmoid), then ReLU forward and error comparison")
    void C000_05() {
        Case c = ConformanceCases.require("C000-05");
        assertTrue(c.string("spec.weight_layout").startsWith("W[l][j][i] = weight from neuron i of layer l-1 to neuron j"),
                "C000-05: the weight layout changed, update this test");
        double sigmoidError = twoTwoTwoOne(c, "expected.sigmoid", Tensor::sigmoid);
        double reluError = twoTwoTwoOne(c, "expected.relu", Tensor::relu);
        // "with these weights the ReLU net has the larger error"
        assertTrue(c.string("expected.comparison").contains("ReLU net has the larger error"), "C000-05: the comparison changed");
        assertTrue(reluError > sigmoidError, "C000-05: ReLU error " + reluError + " should exceed sigmoid error " + sigmoidError);

        // the BCE variant: with a sigmoid output and binary cross-entropy, delta_out = a - y
        Tensor x = c.tensor("spec.x", 1, 2);
        Tensor a2 = x.matmul(c.tensor("spec.W1").t()).sigmoid().matmul(c.tensor("spec.W2").t()).sigmoid();
        Tensor z3 = a2.matmul(c.tensor("spec.W3").t()).detach().requiresGrad(true);
        Tensor bce = new BinaryCrossentropy(true).compute(Tensor.full(c.f("spec.y"), 1, 1), z3);
        c.assertClose("expected.sigmoid.delta_output_if_BCE", Autograd.grad(bce, List.of(z3), false).get(0).item());
    }

    /**
     * The 2-2-2-1 net without biases, z_l = a_{l-1} W_l^T, a_l = act(z_l), E = 1/2 (a_3 - y)^2: checks
     * every forward value, the deltas dE/dz_l and dE/dW_l under {@code at}; returns E.
     */
    private static double twoTwoTwoOne(Case c, String at, UnaryOperator<Tensor> act) {
        Tensor x = c.tensor("spec.x", 1, 2);
        Tensor w1 = c.tensor("spec.W1").requiresGrad(true);
        Tensor w2 = c.tensor("spec.W2").requiresGrad(true);
        Tensor w3 = c.tensor("spec.W3").requiresGrad(true);
        Tensor z1 = x.matmul(w1.t()).retainGrad();
        Tensor a1 = act.apply(z1);
        Tensor z2 = a1.matmul(w2.t()).retainGrad();
        Tensor a2 = act.apply(z2);
        Tensor z3 = a2.matmul(w3.t()).retainGrad();
        Tensor out = act.apply(z3);
        Tensor e = out.sub(c.f("spec.y")).square().sum().mul(0.5f);
        e.backward();

        c.assertClose(at + ".z1", z1);
        c.assertClose(at + ".a1", a1);
        c.assertClose(at + ".z2", z2);
        c.assertClose(at + ".a2", a2);
        c.assertClose(at + ".z3", z3);
        c.assertClose(at + ".output", out);
        c.assertClose(at + ".error_half_squared", e.item());
        c.assertClose(at + ".delta_output", z3.grad());
        c.assertClose(at + ".delta_hidden2", z2.grad());
        c.assertClose(at + ".delta_hidden1", z1.grad());
        c.assertClose(at + ".dE_dW1", w1.grad());
        c.assertClose(at + ".dE_dW2", w2.grad());
        c.assertClose(at + ".dE_dW3", w3.grad());
        return e.item();
    }

    // ------------------------------------------------------------------ C001-02

    /**
     * The network of C001-01 (not itself in cases.json): inputs x1, x2 and a constant x3 = 1; hidden
     * neurons n1, n2 and output neurons n3, n4, each o_j = w(j) . (1, in_1, in_2), i.e. the first
     * weight of w(j) multiplies the constant input (this reading reproduces the case's expected o,
     * which the test checks). s_j = PReLU(o_j) = max(0, o_j) + alpha_j min(0, o_j); J = 1/2 sum (s - y)^2.
     */
    @Test
    @DisplayName("C001-02 PReLU: gradient and SGD update of the trainable alpha at n1 and n3")
    void C001_02() {
        Case c = ConformanceCases.require("C001-02");
        assertEquals(1.0, c.number("spec.x3"), "C001-02: the constant input x3 changed");
        float[] xs = c.floats("spec.x1_x2");
        Tensor in = Tensor.of(new float[] {c.f("spec.x3"), xs[0], xs[1]}, 1, 3);
        Tensor w12 = Tensor.of(concat(c.floats("spec.weights.w(1)"), c.floats("spec.weights.w(2)")), 2, 3);
        Tensor w34 = Tensor.of(concat(c.floats("spec.weights.w(3)"), c.floats("spec.weights.w(4)")), 2, 3);
        Variable alpha12 = new Variable("alpha12", Tensor.vector(c.f("spec.alpha_init.1"), c.f("spec.alpha_init.2")), true, null);
        Variable alpha34 = new Variable("alpha34", Tensor.vector(c.f("spec.alpha_init.3"), c.f("spec.alpha_init.4")), true, null);

        Tensor o12 = in.matmul(w12.t());
        Tensor s12 = prelu(o12, alpha12.value());
        Tensor hidden = Tensor.concat(List.of(Tensor.full(c.f("spec.x3"), 1, 1), s12), 1);
        Tensor o34 = hidden.matmul(w34.t());
        Tensor s34 = prelu(o34, alpha34.value());
        Tensor j = s34.sub(c.tensor("spec.y1_y2", 1, 2)).square().sum().mul(0.5f);
        j.backward();

        c.assertClose("expected.o", concat(o12.toArray(), o34.toArray()));
        c.assertClose("expected.s", concat(s12.toArray(), s34.toArray()));
        c.assertClose("expected.J", j.item());
        float[] g12 = alpha12.value().grad().toArray();
        float[] g34 = alpha34.value().grad().toArray();
        c.assertClose("expected.dJ_dalpha1", g12[0]);
        c.assertClose("expected.dJ_dalpha2", g12[1]);
        c.assertClose("expected.dJ_dalpha3", g34[0]);
        c.assertClose("expected.dJ_dalpha4", g34[1]);

        new SGD(c.f("spec.lr")).step(List.of(alpha12, alpha34));
        c.assertClose("expected.alpha1_new", alpha12.value().get(0));
        c.assertClose("expected.alpha3_new", alpha34.value().get(0));
    }

    /** PReLU as tensor ops: max(0, o) + alpha * min(0, o). */
    private static Tensor prelu(Tensor o, Tensor alpha) {
        return o.relu().add(alpha.mul(o.minimum(Tensor.scalar(0f))));
    }

    private static float[] concat(float[] a, float[] b) {
        float[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    // ------------------------------------------------------------------ C001-06

    @Test
    @DisplayName("C001-06 Siamese contrastive loss (seed's variant: similar -> d, dissimilar -> hinge max(0,1-d))")
    void C001_06() {
        Case c = ConformanceCases.require("C001-06");
        assertTrue(c.string("spec.loss").startsWith("L = (1-l) * max(0, 1 - d) + l * d"), "C001-06: the loss variant changed");
        Tensor a = c.tensor("spec.embeddings_a");
        Tensor b = c.tensor("spec.embeddings_b");
        Tensor l = c.tensor("spec.label_same");
        float margin = c.f("spec.margin");

        Tensor sq = a.sub(b).square();
        Tensor d = sq.sum(1, false).sqrt();
        Tensor hinge = d.rsub(margin).relu(); // max(0, margin - d)
        Tensor perPair = l.rsub(1f).mul(hinge).add(l.mul(d));
        c.assertClose("expected.pair_distances", d);
        c.assertClose("expected.per_pair_loss", perPair);
        c.assertClose("expected.mean_loss", perPair.mean().item());
        c.assertClose("expected.sum_loss", perPair.sum().item());

        // Hadsell et al.'s contrastive loss for reference: l/2 d^2 + (1-l)/2 max(0, m - d)^2
        Tensor hadsell = l.mul(d.square()).add(l.rsub(1f).mul(hinge.square())).mul(0.5f);
        c.assertClose("expected.hadsell_contrastive_reference_per_pair", hadsell);
        // the seed's code taken literally: one distance over the whole batch
        Tensor dAll = sq.sum().sqrt();
        c.assertClose("expected.seed_code_literal_distance_scalar", dAll.item());
        Tensor literal = l.rsub(1f).mul(dAll.rsub(margin).relu()).add(l.mul(dAll));
        c.assertClose("expected.seed_code_literal_per_pair_loss", literal);
    }

    // ------------------------------------------------------------------ C002-04

    @Test
    @DisplayName("C002-04 Gradient of a2*sigmoid(a1.x+b1)+b2 w.r.t. a1, b1, a2, b2 (+ loss backprop)")
    void C002_04() {
        Case c = ConformanceCases.require("C002-04");
        assertEquals("a2 * sigmoid(a1 . x + b1) + b2", c.string("spec.f"), "C002-04: f changed");
        assertEquals("L = 1/2 (f - y)^2", c.string("spec.loss_for_q3"), "C002-04: the loss changed");
        Tensor x = c.tensor("spec.x");
        Tensor a1 = c.tensor("spec.a1").requiresGrad(true);
        Tensor b1 = Tensor.scalar(c.f("spec.b1")).requiresGrad(true);
        Tensor a2 = Tensor.scalar(c.f("spec.a2")).requiresGrad(true);
        Tensor b2 = Tensor.scalar(c.f("spec.b2")).requiresGrad(true);

        Tensor z = a1.mul(x).sum().add(b1);
        Tensor s = z.sigmoid();
        Tensor f = a2.mul(s).add(b2);
        c.assertClose("expected.z", z.item());
        c.assertClose("expected.sigma_z", s.item());
        c.assertClose("expected.f", f.item());

        List<Tensor> df = Autograd.grad(f, List.of(a1, b1, a2, b2), false);
        c.assertClose("expected.gradient_of_f.df_da1", df.get(0));
        c.assertClose("expected.gradient_of_f.df_db1", df.get(1).item());
        c.assertClose("expected.gradient_of_f.df_da2", df.get(2).item());
        c.assertClose("expected.gradient_of_f.df_db2", df.get(3).item());

        Tensor loss = f.sub(c.f("spec.y")).square().mul(0.5f);
        c.assertClose("expected.loss", loss.item());
        List<Tensor> dl = Autograd.grad(loss, List.of(f, a1, b1, a2, b2), false);
        c.assertClose("expected.gradient_of_loss.dL_df", dl.get(0).item());
        c.assertClose("expected.gradient_of_loss.dL_da1", dl.get(1));
        c.assertClose("expected.gradient_of_loss.dL_db1", dl.get(2).item());
        c.assertClose("expected.gradient_of_loss.dL_da2", dl.get(3).item());
        c.assertClose("expected.gradient_of_loss.dL_db2", dl.get(4).item());
    }

    // ------------------------------------------------------------------ C002-07

    @Test
    @DisplayName("C002-07 Reparameterization trick gradient w.r.t. mu and sigma")
    void C002_07() {
        Case c = ConformanceCases.require("C002-07");
        Matcher m = Pattern.compile("\\(z - ([0-9.]+)\\)\\^2").matcher(c.string("spec.L"));
        assertTrue(m.matches(), "C002-07: cannot read L from '" + c.string("spec.L") + "'");
        float target = Float.parseFloat(m.group(1));
        Tensor mu = Tensor.scalar(c.f("spec.mu")).requiresGrad(true);
        Tensor sigma = Tensor.scalar(c.f("spec.sigma")).requiresGrad(true);
        Tensor eps = Tensor.scalar(c.f("spec.eps")); // the sample, held fixed

        Tensor z = mu.add(sigma.mul(eps)).retainGrad();
        Tensor loss = z.sub(target).square();
        loss.backward();
        c.assertClose("expected.z", z.item());
        c.assertClose("expected.dL_dz", z.grad().item());
        c.assertClose("expected.dL_dmu", mu.grad().item());
        c.assertClose("expected.dL_dsigma", sigma.grad().item());
    }

    // ------------------------------------------------------------------ C004-05

    @Test
    @DisplayName("C004-05 Residual block derivative dH/dx = 1 + r")
    void C004_05() {
        Case c = ConformanceCases.require("C004-05");
        // scalar: u = a1 x + c1, v = a2 u + c2 (R = l2(l1(x))), H = x + R
        float[] l1 = affine(c.string("spec.scalar.l1"), "u", "x");
        float[] l2 = affine(c.string("spec.scalar.l2"), "v", "u");
        Tensor x = Tensor.scalar(c.f("spec.scalar.x")).requiresGrad(true);
        Tensor r = x.mul(l1[0]).add(l1[1]).mul(l2[0]).add(l2[1]);
        Tensor h = x.add(r);
        c.assertClose("expected.scalar_r", Autograd.grad(r, List.of(x), false).get(0).item());
        c.assertClose("expected.scalar_dH_dx", Autograd.grad(h, List.of(x), false).get(0).item());

        // vector: R(x) = L2 L1 x (no biases), H = x + R; Jacobians row by row through autograd
        assertEquals(0L, c.integer("spec.vector.biases"), "C004-05: biases changed");
        Tensor w1 = c.tensor("spec.vector.l1");
        Tensor w2 = c.tensor("spec.vector.l2");
        Tensor xv = c.tensor("spec.vector.x", 2, 1).requiresGrad(true);
        Tensor rv = w2.matmul(w1.matmul(xv));
        Tensor hv = xv.add(rv);
        c.assertClose("expected.vector_dR_dx", jacobian(rv, xv));
        c.assertClose("expected.vector_dH_dx", jacobian(hv, xv));
    }

    /** "u = 0.5 x + 0.3" -> {0.5, 0.3}. */
    private static float[] affine(String text, String out, String in) {
        Matcher m = Pattern.compile(out + " = (-?[0-9.]+) " + in + " ([+-]) ([0-9.]+)").matcher(text);
        assertTrue(m.matches(), "cannot read an affine map from '" + text + "'");
        float b = Float.parseFloat(m.group(3));
        return new float[] {Float.parseFloat(m.group(1)), m.group(2).equals("-") ? -b : b};
    }

    /** d y / d x for a column y (n, 1) and column x (m, 1): an (n, m) tensor, row i from autograd of y_i. */
    private static Tensor jacobian(Tensor y, Tensor x) {
        int n = y.dim(0), m = x.size();
        float[] jac = new float[n * m];
        for (int i = 0; i < n; i++) {
            float[] row = Autograd.grad(y.slice(0, i, i + 1).sum(), List.of(x), false).get(0).toArray();
            System.arraycopy(row, 0, jac, i * m, m);
        }
        return Tensor.of(jac, n, m);
    }

    // ------------------------------------------------------------------ C004-07

    @Test
    @DisplayName("C004-07 Skip connections: dz/dw0 = (w3 w2 + 1) w1 x vs w3 w2 w1 x")
    void C004_07() {
        Case c = ConformanceCases.require("C004-07");
        assertTrue(c.string("spec.net").startsWith("y = ReLU(w1 ReLU(w0 x) + x); z = ReLU(ReLU(w2 y) w3 + y)"), "C004-07: the net changed");
        for (boolean skip : new boolean[] {true, false}) {
            String at = skip ? "expected.with_skip" : "expected.without_skip";
            Tensor x = Tensor.scalar(c.f("spec.values.x"));
            Tensor w0 = Tensor.scalar(c.f("spec.values.w0")).requiresGrad(true);
            Tensor w1 = Tensor.scalar(c.f("spec.values.w1"));
            Tensor w2 = Tensor.scalar(c.f("spec.values.w2"));
            Tensor w3 = Tensor.scalar(c.f("spec.values.w3"));
            Tensor pre1 = w1.mul(w0.mul(x).relu());
            Tensor y = (skip ? pre1.add(x) : pre1).relu();
            Tensor pre2 = w2.mul(y).relu().mul(w3);
            Tensor z = (skip ? pre2.add(y) : pre2).relu();
            z.backward();
            c.assertClose(at + ".z", z.item());
            c.assertClose(at + ".dz_dw0", w0.grad().item());
        }
    }

    // ------------------------------------------------------------------ C004-09

    /**
     * 1x1 convolution (no bias) of a 3-channel 2x2 image, 2x2/2 max pooling with one cell of
     * zero-valued padding, BCE summed over the 4 pooled cells, one SGD step. The top-left window
     * is a tie between three padded zeros and conv(0,0) = 0: Neurite's rule (first maximal element
     * in row-major window order, padding included) picks the padding, so no gradient reaches
     * conv(0,0). The BCE is written as exact tensor ops, -[t log(t p + 1 - t) + (1 - t) log(1 - (1 - t) p)]
     * (equal to the usual BCE for 0/1 targets, finite at p = 0), because Keras' clipped BCE would
     * zero the gradient at p = 0 and hide a wrong tie rule; the library's BinaryCrossentropy is
     * checked on the loss value.
     */
    @Test
    @DisplayName("C004-09 1x1 conv (w=1,1,1) + zero-padded 2x2/s2 max-pool + BCE + SGD lr 1 -> w = (4, 0, 1)")
    void C004_09() {
        Case c = ConformanceCases.require("C004-09");
        int[] chw = c.dims("spec.input_CHW");
        Tensor x = c.tensor("spec.input_CHW").permute(1, 2, 0).reshape(1, chw[1], chw[2], chw[0]);
        int[] kernel = c.ints("spec.conv.kernel");
        assertEquals(Boolean.FALSE, c.get("spec.conv.bias"), "C004-09: the conv has no bias");
        Variable w = new Variable("w", c.tensor("spec.conv.init_weights", kernel[0], kernel[1], chw[0], c.i("spec.conv.filters")), true, null);
        int convPad = c.i("spec.conv.padding");
        int poolPad = c.i("spec.maxpool.padding");
        assertTrue(c.string("spec.maxpool.tie_rule").startsWith("first maximal element in row-major window order"), "C004-09: tie rule changed");
        assertTrue(c.string("spec.loss").startsWith("BCE, natural log, summed over the 4 output pixels, applied directly to the pooled values"),
                "C004-09: the loss changed");
        assertEquals("SGD", c.string("spec.optimizer.type"));
        assertEquals(1L, c.integer("spec.optimizer.steps"));

        Tensor conv = x.conv2d(w.value(), new int[] {c.i("spec.conv.stride")}, Padding.of(convPad, convPad), null);
        Tensor pooled = conv.maxPool2d(c.ints("spec.maxpool.kernel"), new int[] {c.i("spec.maxpool.stride")},
                Padding.of(poolPad, poolPad).withPadValue(c.f("spec.maxpool.pad_value")));
        c.assertClose("expected.conv_output", conv);
        c.assertClose("expected.pooled_output", pooled);

        Tensor t = c.tensor("spec.target", pooled.shape().dims());
        Tensor oneMinusT = t.rsub(1f);
        Tensor bce = t.mul(t.mul(pooled).add(oneMinusT).log()).add(oneMinusT.mul(oneMinusT.mul(pooled).rsub(1f).log())).neg().sum();
        c.assertClose("expected.bce_loss", bce.item());
        c.assertClose("expected.bce_loss", new BinaryCrossentropy().perSample(t, pooled.detach()).sum().item());

        bce.backward();
        float[] grad = w.value().grad().toArray();
        if (Arrays.equals(toFloats(c.numbers("expected.alternative_tie_to_interior.grad_w")), grad)) {
            fail("C004-09: max pooling sent the tie of the top-left window (padding 0 vs conv(0,0) = 0) to the interior cell: grad_w "
                    + Arrays.toString(grad) + "; the first maximal element in row-major order is a padded cell");
        }
        c.assertClose("expected.grad_w", grad);
        new SGD(c.f("spec.optimizer.lr")).step(List.of(w));
        c.assertClose("expected.w_after_sgd_lr1", w.value().toArray());
    }

    private static float[] toFloats(double[] d) {
        float[] f = new float[d.length];
        for (int i = 0; i < d.length; i++) f[i] = (float) d[i];
        return f;
    }
}
