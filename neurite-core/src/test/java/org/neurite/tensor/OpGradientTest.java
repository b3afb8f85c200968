package org.neurite.tensor;

import static org.neurite.autograd.GradCheck.randomInput;

import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.neurite.autograd.GradCheck;

/** Finite-difference gradient check of every elementwise, reduction, shape and matmul op. */
class OpGradientTest {
    private static final double EPS = 1e-2;
    private static final double TOL = 1e-2;

    private static void check(String op, Function<List<Tensor>, Tensor> f, Tensor... inputs) {
        GradCheck.assertGradients(op, f, List.of(inputs), EPS, TOL);
    }

    /** Values in [0.5, 1.5]: safe for log, sqrt, div. */
    private static Tensor positive(long seed, int... dims) {
        return Tensor.uniform(seed, 0.5f, 1.5f, dims);
    }

    @Test
    void binaryOpsWithBroadcasting() {
        Tensor a = randomInput(1, 3, 4);
        Tensor row = randomInput(2, 4);
        Tensor col = randomInput(3, 3, 1);
        check("add", in -> in.get(0).add(in.get(1)), a, row);
        check("add col", in -> in.get(0).add(in.get(1)), a, col);
        check("sub", in -> in.get(0).sub(in.get(1)), a, col);
        check("mul", in -> in.get(0).mul(in.get(1)), a, row);
        check("div", in -> in.get(0).div(in.get(1)), a, positive(4, 4));
        check("mul 3d broadcast", in -> in.get(0).mul(in.get(1)), randomInput(5, 2, 1, 3), randomInput(6, 4, 1));
        check("scalar ops", in -> in.get(0).add(2f).mul(3f).sub(1f).div(2f).rsub(1f), a);
    }

    @Test
    void unaryOps() {
        check("neg", in -> in.get(0).neg(), randomInput(7, 5));
        check("exp", in -> in.get(0).exp(), randomInput(8, 2, 3));
        check("log", in -> in.get(0).log(), positive(9, 2, 3));
        check("sqrt", in -> in.get(0).sqrt(), positive(10, 2, 3));
        check("pow", in -> in.get(0).pow(3f), randomInput(11, 2, 3));
        check("pow fractional", in -> in.get(0).pow(1.5f), positive(12, 4));
        check("abs", in -> in.get(0).abs(), Tensor.vector(-0.7f, 0.3f, 0.9f, -0.2f));
        check("square", in -> in.get(0).square(), randomInput(13, 3));
        check("clamp", in -> in.get(0).clamp(-0.5f, 0.5f), Tensor.vector(-0.9f, -0.3f, 0.2f, 0.8f));
    }

    @Test
    void maximumMinimumWhere() {
        Tensor a = Tensor.vector(0.1f, -0.5f, 0.9f, 0.3f);
        Tensor b = Tensor.vector(0.4f, -0.9f, 0.2f, 0.6f);
        check("maximum", in -> in.get(0).maximum(in.get(1)), a, b);
        check("minimum", in -> in.get(0).minimum(in.get(1)), a, b);
        Tensor cond = Tensor.vector(1, 0, 0, 1);
        check("where", in -> Tensor.where(cond, in.get(0), in.get(1)), a, randomInput(14, 1));
    }

    @Test
    void activations() {
        Tensor x = Tensor.vector(-1.3f, -0.4f, 0.2f, 0.7f, 1.9f, -2.2f);
        check("relu", in -> in.get(0).relu(), x);
        check("leaky_relu", in -> in.get(0).leakyRelu(0.2f), x);
        check("sigmoid", in -> in.get(0).sigmoid(), x);
        check("tanh", in -> in.get(0).tanh(), x);
        check("softmax", in -> in.get(0).softmax(-1), randomInput(15, 3, 5));
        check("softmax axis 0", in -> in.get(0).softmax(0), randomInput(16, 3, 5));
        check("log_softmax", in -> in.get(0).logSoftmax(1), randomInput(17, 2, 4, 3));
    }

    @Test
    void reductions() {
        Tensor x = randomInput(18, 2, 3, 4);
        check("sum all", in -> in.get(0).sum(), x);
        check("sum axis", in -> in.get(0).sum(1, false), x);
        check("sum axes keep", in -> in.get(0).sum(new int[] {0, 2}, true), x);
        check("mean", in -> in.get(0).mean(-1, false), x);
        check("mean all", in -> in.get(0).mean(), x);
        check("max axis", in -> in.get(0).max(2, false), x);
        check("max all", in -> in.get(0).max(), x);
        check("sumTo", in -> in.get(0).sumTo(Shape.of(3, 1)), x);
    }

    @Test
    void shapeOps() {
        Tensor x = randomInput(19, 2, 3, 4);
        check("reshape", in -> in.get(0).reshape(4, -1).mul(in.get(0).reshape(4, 6)), x);
        check("permute", in -> in.get(0).permute(2, 0, 1), x);
        check("transpose", in -> in.get(0).transpose(0, 2), x);
        check("slice", in -> in.get(0).slice(1, 1, 3), x);
        check("slice negative", in -> in.get(0).slice(-1, -3, -1), x);
        check("concat", in -> Tensor.concat(List.of(in.get(0), in.get(1)), 1), x, randomInput(20, 2, 2, 4));
        check("split equal", in -> in.get(0).split(2, 2).get(1), x);
        check("split sizes", in -> {
            List<Tensor> parts = in.get(0).split(new int[] {1, 2}, 1);
            return parts.get(0).mul(parts.get(1).sum(1, true));
        }, x);
        check("pad", in -> in.get(0).pad(new int[] {0, 1, 2, 0, 1, 1}, 0.5f), x);
        check("broadcastTo", in -> in.get(0).broadcastTo(Shape.of(3, 2, 4)), randomInput(21, 2, 1));
        check("unsqueeze/squeeze", in -> in.get(0).unsqueeze(1).squeeze(1), x);
    }

    @Test
    void matmul() {
        check("matmul 2d", in -> in.get(0).matmul(in.get(1)), randomInput(22, 3, 4), randomInput(23, 4, 5));
        check("matmul batched", in -> in.get(0).matmul(in.get(1)), randomInput(24, 2, 3, 4), randomInput(25, 2, 4, 2));
        check("matmul broadcast batch", in -> in.get(0).matmul(in.get(1)), randomInput(26, 2, 1, 3, 4), randomInput(27, 3, 4, 2));
        check("matmul 3d @ 2d", in -> in.get(0).matmul(in.get(1)), randomInput(28, 2, 3, 4), randomInput(29, 4, 2));
        check("matvec", in -> in.get(0).matmul(in.get(1)), randomInput(30, 3, 4), randomInput(31, 4));
        check("vecmat", in -> in.get(0).matmul(in.get(1)), randomInput(32, 4), randomInput(33, 4, 3));
    }

    @Test
    void dropoutUsesOneMaskForForwardAndBackward() {
        Tensor x = randomInput(34, 50);
        check("dropout", in -> in.get(0).dropout(0.3f, new SplittableRandom(5)), x);
    }

    @Test
    void fusedLinearAndBiasActivation() {
        for (org.neurite.tensor.ops.PointwiseActivation act : org.neurite.tensor.ops.PointwiseActivation.values()) {
            check("linear " + act, in -> org.neurite.tensor.ops.Linear.apply(in.get(0), in.get(1), in.get(2), act),
                    randomInput(40, 3, 4), randomInput(41, 4, 5), randomInput(42, 5));
            check("linear no bias " + act, in -> org.neurite.tensor.ops.Linear.apply(in.get(0), in.get(1), null, act),
                    randomInput(43, 3, 4), randomInput(44, 4, 2));
            check("bias_act " + act, in -> org.neurite.tensor.ops.BiasActivation.apply(in.get(0), in.get(1), act),
                    randomInput(45, 2, 3, 4), randomInput(46, 4));
        }
    }

    @Test
    void fusedOpsEqualTheirComposition() {
        Tensor x = randomInput(47, 6, 7), w = randomInput(48, 7, 3), b = randomInput(49, 3);
        float[] fused = org.neurite.tensor.ops.Linear.apply(x, w, b, org.neurite.tensor.ops.PointwiseActivation.TANH).data();
        float[] composed = x.matmul(w).add(b).tanh().data();
        for (int i = 0; i < fused.length; i++) org.junit.jupiter.api.Assertions.assertEquals(composed[i], fused[i], 1e-6);
    }

    @Test
    void fusedSoftmaxCrossEntropy() {
        Tensor targets = Tensor.matrix(new float[][] {{0, 1, 0}, {0.2f, 0.3f, 0.5f}});
        check("softmax_cross_entropy", in -> org.neurite.tensor.ops.CrossEntropy.softmaxWithTargets(in.get(0), targets),
                randomInput(50, 2, 3));
        Tensor logits = randomInput(51, 2, 3).mul(4f);
        float[] fused = org.neurite.tensor.ops.CrossEntropy.softmaxWithTargets(logits, targets).data();
        float[] composed = logits.logSoftmax(-1).mul(targets).sum(-1, false).neg().data();
        for (int i = 0; i < fused.length; i++) org.junit.jupiter.api.Assertions.assertEquals(composed[i], fused[i], 1e-5);
        Tensor probs = logits.softmax(-1);
        org.junit.jupiter.api.Assertions.assertSame(logits, org.neurite.tensor.ops.CrossEntropy.logitsOfSoftmax(probs.requiresGrad() ? probs : logits.requiresGrad(true).softmax(-1)));
    }
}
