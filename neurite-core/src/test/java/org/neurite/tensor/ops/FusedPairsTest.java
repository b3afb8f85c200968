package org.neurite.tensor.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.neurite.autograd.Autograd;
import org.neurite.tensor.Shape;
import org.neurite.tensor.Tensor;

/**
 * Every fused op against its reference, found by reflection (each op class in tensor/ops declares
 * its {@link FusedPair}s in static fields): equal values, equal first-order gradients (the fast
 * kernel backward against the reference differentiated by the tape), and equal second-order
 * gradients (the fused op's recorded backward against the reference's).
 */
class FusedPairsTest {
    private static final Path OPS = Path.of("src/main/java/org/neurite/tensor/ops");

    static List<FusedPair> pairs() throws IOException, ReflectiveOperationException {
        List<FusedPair> pairs = new ArrayList<>();
        try (Stream<Path> files = Files.list(OPS)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
                String name = file.getFileName().toString().replace(".java", "");
                if (name.equals("package-info")) continue;
                for (Field f : Class.forName("org.neurite.tensor.ops." + name).getDeclaredFields()) {
                    if (!Modifier.isStatic(f.getModifiers())) continue;
                    f.setAccessible(true);
                    Object v = f.get(null);
                    if (v instanceof FusedPair p) pairs.add(p);
                    if (v instanceof List<?> list) for (Object o : list) if (o instanceof FusedPair p) pairs.add(p);
                }
            }
        }
        return pairs;
    }

    @org.junit.jupiter.api.Test
    void everyFusedOpDeclaresItsReference() throws Exception {
        List<String> names = pairs().stream().map(FusedPair::name).toList();
        // the fused ops of tensor/ops: each must be found here (a new one adds its own pairs)
        for (String op : List.of("bias_relu", "linear_tanh", "conv2d_bias_sigmoid", "batch_norm", "layer_norm",
                "softmax_cross_entropy", "lstm", "gru", "simple_rnn")) {
            assertTrue(names.contains(op), op + " has no declared fast/reference pair; found " + names);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("pairs")
    void fastEqualsReference(FusedPair pair) {
        SplittableRandom random = new SplittableRandom(pair.name().hashCode());
        Tensor[] in = new Tensor[pair.inputs().size()];
        for (int i = 0; i < in.length; i++) in[i] = random(pair.inputs().get(i), random).requiresGrad(true);
        Tensor fast = pair.fast().apply(in);
        Tensor ref = pair.reference().apply(in);
        assertEquals(ref.shape(), fast.shape(), pair.name() + ": shapes");
        assertClose(pair.name() + " values", ref, fast, 2e-5);

        Tensor weights = random(fast.shape(), random); // a random linear functional of the output
        List<Tensor> inputs = List.of(in);
        List<Tensor> fastGrads = Autograd.grad(fast.mul(weights).sum(), inputs, false);
        List<Tensor> refGrads = Autograd.grad(ref.mul(weights).sum(), inputs, false);
        for (int i = 0; i < in.length; i++) assertClose(pair.name() + " first-order gradient of input " + i, refGrads.get(i), fastGrads.get(i), 5e-5);

        // second order: d/d inputs of sum(grad_i * v_i) for random v, through the recorded backward
        Tensor fastOut = pair.fast().apply(in), refOut = pair.reference().apply(in);
        List<Tensor> fg = Autograd.grad(fastOut.mul(weights).sum(), inputs, true);
        List<Tensor> rg = Autograd.grad(refOut.mul(weights).sum(), inputs, true);
        Tensor fs = Tensor.scalar(0f), rs = Tensor.scalar(0f);
        for (int i = 0; i < in.length; i++) {
            Tensor v = random(in[i].shape(), random);
            fs = fs.add(fg.get(i).mul(v).sum());
            rs = rs.add(rg.get(i).mul(v).sum());
        }
        assertEquals(rs.requiresGrad(), fs.requiresGrad(), pair.name() + ": first-order gradients depend on the inputs in one and not the other");
        if (!rs.requiresGrad()) return; // an op linear in every input: the second order is zero in both
        List<Tensor> fast2 = Autograd.grad(fs, inputs, false);
        List<Tensor> ref2 = Autograd.grad(rs, inputs, false);
        for (int i = 0; i < in.length; i++) {
            if (ref2.get(i) == null) continue; // the gradients do not depend on this input
            assertNotNull(fast2.get(i), pair.name() + ": no second-order gradient for input " + i);
            assertClose(pair.name() + " second-order gradient of input " + i, ref2.get(i), fast2.get(i), 5e-5);
        }
    }

    private static Tensor random(Shape shape, SplittableRandom random) {
        float[] d = new float[shape.size()];
        for (int i = 0; i < d.length; i++) d[i] = (float) (random.nextDouble() * 2 - 1);
        return Tensor.of(d, shape);
    }

    private static void assertClose(String what, Tensor expected, Tensor actual, double tol) {
        assertNotNull(actual, what + ": missing");
        float[] e = expected.data(), a = actual.data();
        assertEquals(e.length, a.length, what + ": sizes");
        double scale = 1;
        for (float v : e) scale = Math.max(scale, Math.abs(v));
        for (int i = 0; i < e.length; i++) {
            assertTrue(Math.abs(e[i] - a[i]) <= tol * scale, what + " at " + i + ": expected " + e[i] + ", got " + a[i]);
        }
    }
}
