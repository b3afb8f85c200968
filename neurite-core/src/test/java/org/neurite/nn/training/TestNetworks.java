package org.neurite.nn.training;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.neurite.nn.Network;
import org.neurite.nn.Regularizer;
import org.neurite.nn.Variable;
import org.neurite.tensor.Tensor;

/** Tiny networks built directly from Variables and tensor ops, for testing the loop without layers. */
public final class TestNetworks {
    private TestNetworks() {}

    /** Base: keeps the variables, records what it saw, saves weights as text (temp file + rename). */
    public abstract static class Base implements Network {
        protected final List<Variable> vars = new ArrayList<>();
        public final List<Tensor> trainingInputs = new ArrayList<>();
        public final List<Tensor> inferenceInputs = new ArrayList<>();
        public int saves;

        protected Variable add(String name, Tensor value, Regularizer reg) {
            Variable v = new Variable(name, value, true, reg);
            vars.add(v);
            return v;
        }

        @Override
        public final Tensor forward(Tensor input, boolean training) {
            (training ? trainingInputs : inferenceInputs).add(input);
            return compute(input);
        }

        protected abstract Tensor compute(Tensor input);

        @Override
        public List<Variable> variables() {
            return vars;
        }

        @Override
        public void save(Path file) throws IOException {
            StringBuilder sb = new StringBuilder();
            for (Variable v : vars) sb.append(v.name()).append(' ').append(Arrays.toString(v.value().data())).append('\n');
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(tmp, sb.toString(), StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            saves++;
        }

        public float[] flatWeights() {
            int n = 0;
            for (Variable v : vars) n += v.value().size();
            float[] all = new float[n];
            int off = 0;
            for (Variable v : vars) {
                System.arraycopy(v.value().data(), 0, all, off, v.value().size());
                off += v.value().size();
            }
            return all;
        }
    }

    /** sigmoid(x W + b): x (N, in) -> (N, 1). */
    public static final class LogisticRegression extends Base {
        private final Variable w, b;
        private final boolean logits;

        public LogisticRegression(int in, long seed, boolean logits, Regularizer reg) {
            w = add("dense/kernel", Tensor.uniform(seed, -0.5f, 0.5f, in, 1), reg);
            b = add("dense/bias", Tensor.zeros(1), null);
            this.logits = logits;
        }

        @Override
        protected Tensor compute(Tensor x) {
            Tensor z = x.matmul(w.value()).add(b.value());
            return logits ? z : z.sigmoid();
        }
    }

    /** sigmoid(tanh(x W1 + b1) W2 + b2): a 2-layer MLP, (N, in) -> (N, 1). */
    public static final class Mlp extends Base {
        private final Variable w1, b1, w2, b2;

        public Mlp(int in, int hidden, long seed) {
            float s1 = (float) Math.sqrt(6.0 / (in + hidden)), s2 = (float) Math.sqrt(6.0 / (hidden + 1));
            w1 = add("dense/kernel", Tensor.uniform(seed, -s1, s1, in, hidden), null);
            b1 = add("dense/bias", Tensor.zeros(hidden), null);
            w2 = add("dense_1/kernel", Tensor.uniform(seed + 1, -s2, s2, hidden, 1), null);
            b2 = add("dense_1/bias", Tensor.zeros(1), null);
        }

        @Override
        protected Tensor compute(Tensor x) {
            Tensor h = x.matmul(w1.value()).add(b1.value()).tanh();
            return h.matmul(w2.value()).add(b2.value()).sigmoid();
        }
    }

    /** XOR: 4 points, targets (4, 1). */
    public static Tensor xorX() {
        return Tensor.matrix(new float[][] {{0, 0}, {0, 1}, {1, 0}, {1, 1}});
    }

    public static Tensor xorY() {
        return Tensor.matrix(new float[][] {{0}, {1}, {1}, {0}});
    }

    /** n points in 2-d, label 1 when x0 + x1 > 0 (linearly separable with a margin), reproducible from the seed. */
    public static Tensor[] separable(int n, long seed) {
        Tensor raw = Tensor.uniform(seed, -1f, 1f, n, 2);
        float[] x = raw.data();
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            float s = x[2 * i] + x[2 * i + 1];
            if (Math.abs(s) < 0.2f) { // push points away from the boundary
                x[2 * i] += s >= 0 ? 0.2f : -0.2f;
                x[2 * i + 1] += s >= 0 ? 0.2f : -0.2f;
            }
            y[i] = x[2 * i] + x[2 * i + 1] > 0 ? 1f : 0f;
        }
        return new Tensor[] {raw, Tensor.of(y, n, 1)};
    }
}
