package org.neurite.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurite.io.keras.KerasJson;
import org.neurite.nn.layers.Conv2D;
import org.neurite.nn.layers.Dense;
import org.neurite.nn.layers.Embedding;
import org.neurite.nn.layers.LSTM;
import org.neurite.nn.losses.MeanSquaredError;
import org.neurite.nn.optimizers.SGD;
import org.neurite.tensor.Shape;
import org.neurite.tensor.Tensor;

/**
 * Weight and activity regularizers added to the loss as Keras does, and weight constraints applied
 * after each optimizer step with Keras' formulas, checked against hand computations; both saved
 * with the model (.nrt and Keras JSON).
 */
class RegularizersAndConstraintsTest {
    @TempDir
    Path dir;

    // x (2 samples, 3 features), targets (2, 2), kernel (3, 2), bias (2)
    private static final float[] X = {1f, -2f, 0.5f, 0f, 1f, 3f};
    private static final float[] Y = {1f, 0f, -1f, 2f};
    private static final float[] K = {0.2f, -0.4f, 0.1f, 0.3f, -0.5f, 0.6f};
    private static final float[] B = {0.05f, -0.1f};

    /**
     * One SGD step on a Dense layer with kernel L2 (0.01), bias L1 (0.02) and activity L2 (0.03),
     * MSE loss, computed by hand: loss = mean((p - y)^2) + 0.01 sum(K^2) + 0.02 sum|b| + 0.03 sum(p^2)
     * (Keras: no 1/2 and the activity penalty of the whole batch as is, Keras 3), and
     * dK = x^T dp + 2 * 0.01 K, db = sum_rows dp + 0.02 sign(b) with dp = 2 (p - y) / 4 + 2 * 0.03 p.
     */
    @Test
    void denseRegularizersMatchAHandComputedLossAndStep() {
        double l2 = 0.01, l1 = 0.02, act = 0.03, lr = 0.1;
        double[] p = new double[4];
        for (int n = 0; n < 2; n++) {
            for (int j = 0; j < 2; j++) {
                double z = B[j];
                for (int i = 0; i < 3; i++) z += X[n * 3 + i] * K[i * 2 + j];
                p[n * 2 + j] = z;
            }
        }
        double mse = 0, sumK2 = 0, sumB = 0, sumP2 = 0;
        for (int i = 0; i < 4; i++) mse += (p[i] - Y[i]) * (p[i] - Y[i]) / 4;
        for (float k : K) sumK2 += k * k;
        for (float b : B) sumB += Math.abs(b);
        for (double v : p) sumP2 += v * v;
        double expectedLoss = mse + l2 * sumK2 + l1 * sumB + act * sumP2;
        double[] dp = new double[4];
        for (int i = 0; i < 4; i++) dp[i] = 2 * (p[i] - Y[i]) / 4 + 2 * act * p[i];
        float[] newK = new float[6];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 2; j++) {
                double g = 2 * l2 * K[i * 2 + j];
                for (int n = 0; n < 2; n++) g += X[n * 3 + i] * dp[n * 2 + j];
                newK[i * 2 + j] = (float) (K[i * 2 + j] - lr * g);
            }
        }
        float[] newB = new float[2];
        for (int j = 0; j < 2; j++) newB[j] = (float) (B[j] - lr * (dp[j] + dp[2 + j] + l1 * Math.signum(B[j])));

        Dense d = new Dense(2).kernelRegularizer(Regularizers.l2(0.01f)).biasRegularizer(Regularizers.l1(0.02f)).activityRegularizer(Regularizers.l2(0.03f));
        Sequential m = new Sequential(Input.of(3), d);
        d.setWeights(List.of(Tensor.of(K, 3, 2), Tensor.of(B, 2)));
        m.compile(new SGD((float) lr), new MeanSquaredError());
        Map<String, Float> logs = m.trainOnBatch(Tensor.of(X, 2, 3), Tensor.of(Y, 2, 2));
        assertEquals(expectedLoss, logs.get("loss"), 1e-6);
        assertArrayEquals(newK, d.getWeights().get(0).toArray(), 1e-6f);
        assertArrayEquals(newB, d.getWeights().get(1).toArray(), 1e-6f);
        assertEquals(1, d.losses().size(), "one activity term per output");
    }

    @Test
    void recurrentKernelRegularizerAddsL2TimesSumOfSquares() {
        Tensor x = Tensor.of(new float[] {0.1f, 0.2f, -0.3f, 0.4f, 0.5f, -0.6f}, 1, 3, 2);
        Tensor y = Tensor.of(new float[] {0.5f, -0.5f}, 1, 2);
        Model plain = new Sequential(Input.of(3, 2), new LSTM(2)).seed(7);
        Model reg = new Sequential(Input.of(3, 2), new LSTM(2).recurrentRegularizer(Regularizers.l2(0.5f))).seed(7);
        reg.setWeights(plain.getWeights());
        plain.compile(new SGD(0.1f), new MeanSquaredError());
        reg.compile(new SGD(0.1f), new MeanSquaredError());
        double sum = 0;
        for (float v : plain.getWeights().get(1).toArray()) sum += v * v; // recurrent_kernel (2, 8)
        double diff = reg.evaluate(x, y, 1).get("loss") - plain.evaluate(x, y, 1).get("loss");
        assertEquals(0.5 * sum, diff, 1e-5);
    }

    @Test
    void orthogonalRegularizerIsTheMeanAbsoluteCosineTimesTheFactor() {
        // rows (1, 0), (1, 1), (0, 2): cosines 1/sqrt2, 0, 1/sqrt2 -> 0.3 * 0.5 * 2 * sqrt2 / 3 pairs
        Tensor w = Tensor.of(new float[] {1f, 0f, 1f, 1f, 0f, 2f}, 3, 2);
        assertEquals(0.3 * Math.sqrt(2) / 3, Regularizers.orthogonal(0.3f, "rows").penalty(w).item(), 1e-6);
        // columns (1, 1, 0), (0, 1, 2): cosine 1/sqrt10, one pair
        assertEquals(0.3 / Math.sqrt(10), Regularizers.orthogonal(0.3f, "columns").penalty(w).item(), 1e-6);
        for (String mode : List.of("rows", "columns")) {
            org.neurite.autograd.GradCheck.assertGradients("orthogonal " + mode, in -> Regularizers.orthogonal(0.3f, mode).penalty(in.get(0)),
                    List.of(org.neurite.autograd.GradCheck.randomInput(11, 4, 3)), 1e-3, 1e-2);
        }
        IllegalArgumentException one = assertThrows(IllegalArgumentException.class, () -> Regularizers.orthogonal(0.1f, "columns").penalty(Tensor.ones(3, 1)));
        assertEquals("OrthogonalRegularizer (columns): a weight of shape (3, 1) has fewer than 2 columns", one.getMessage());

        String json = """
                {"class_name": "Sequential", "config": {"name": "s", "layers": [
                  {"class_name": "Dense", "config": {"name": "d", "units": 3, "batch_input_shape": [null, 4],
                     "kernel_regularizer": {"module": "keras.regularizers", "class_name": "OrthogonalRegularizer", "config": {"factor": 0.05, "mode": "columns"}, "registered_name": null}}}]}}""";
        Model m = KerasJson.read(json);
        Model again = KerasJson.read(KerasJson.write(m));
        assertEquals(m.getLayer("d").config(), again.getLayer("d").config());
        assertEquals(Map.of("factor", 0.05f, "mode", "columns"), m.getLayer("d").config().get("kernel_regularizer"));
    }

    @Test
    void activityLossesOfWrappedLayersReachTheModelOncePerPass() {
        // Bidirectional copies the wrapped LSTM's config, activity regularizer included, to its backward twin;
        // with the default concat merge the two penalties add up to 0.5 * sum(output^2)
        Model m = new Sequential(Input.of(3, 2),
                new org.neurite.nn.layers.Bidirectional(new LSTM(2).activityRegularizer(Regularizers.l2(0.5f)))).seed(4);
        Tensor x = Tensor.of(new float[] {0.1f, 0.2f, -0.3f, 0.4f, 0.5f, -0.6f}, 1, 3, 2);
        for (int pass = 0; pass < 3; pass++) {
            Tensor out = m.forward(x, false);
            double sum = 0;
            for (float v : out.toArray()) sum += v * v;
            assertEquals(2, m.addedLosses().size(), "one term per direction, not accumulating across passes");
            assertEquals(0.5 * sum, m.addedLosses().get(0).item() + m.addedLosses().get(1).item(), 1e-6);
        }
    }

    // ---------------------------------------------------------------- constraint formulas

    private static float[] applied(Constraint c, float[] w, int... dims) {
        float[] v = w.clone();
        c.apply(v, Shape.of(dims));
        return v;
    }

    @Test
    void constraintsFollowKerasFormulas() {
        float[] w = {3f, 0f, 4f, 1f}; // (2, 2): column norms (axis 0) 5 and 1; row norms (axis 1) 3 and sqrt(17)
        double eps = 1e-7;
        assertArrayEquals(new float[] {(float) (3 * 2 / (5 + eps)), 0f, (float) (4 * 2 / (5 + eps)), (float) (1 / (1 + eps))},
                applied(Constraints.maxNorm(2f), w, 2, 2), 1e-7f);
        double r = Math.sqrt(17);
        assertArrayEquals(new float[] {(float) (3 * 2 / (3 + eps)), 0f, (float) (4 * 2 / (r + eps)), (float) (1 * 2 / (r + eps))},
                applied(Constraints.maxNorm(2f, 1), w, 2, 2), 1e-6f);
        assertArrayEquals(new float[] {(float) (3 / (5 + eps)), 0f, (float) (4 / (5 + eps)), (float) (1 / (1 + eps))},
                applied(Constraints.unitNorm(), w, 2, 2), 1e-7f);
        // MinMaxNorm(1, 2, rate 0.5): norm 5 -> 0.5 * 2 + 0.5 * 5 = 3.5; norm 1 -> 1
        assertArrayEquals(new float[] {(float) (3 * 3.5 / (5 + eps)), 0f, (float) (4 * 3.5 / (5 + eps)), (float) (1 / (1 + eps))},
                applied(Constraints.minMaxNorm(1f, 2f, 0.5f), w, 2, 2), 1e-6f);
        assertArrayEquals(new float[] {0f, 2f, 0f, 0f}, applied(Constraints.nonNeg(), new float[] {-1f, 2f, 0f, -0.5f}, 4), 0f);
        // a conv kernel (kh, kw, in, out) = (1, 2, 1, 2) per filter over axes 0, 1, 2: filter 0 = (3, 4), filter 1 = (0, 1)
        assertArrayEquals(new float[] {(float) (3 / (5 + eps)), 0f, (float) (4 / (5 + eps)), (float) (1 / (1 + eps))},
                applied(Constraints.unitNorm(0, 1, 2), w, 1, 2, 1, 2), 1e-7f);
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> applied(Constraints.maxNorm(1f, 3), w, 2, 2));
        assertTrue(bad.getMessage().contains("constraint axis 3 is out of range for a weight of shape (2, 2)"), bad.getMessage());
    }

    @Test
    void constraintsAreAppliedAfterEachStep() {
        Dense d = new Dense(2).kernelConstraint(Constraints.nonNeg()).biasConstraint(Constraints.maxNorm(0.01f));
        Sequential m = new Sequential(Input.of(3), d);
        d.setWeights(List.of(Tensor.of(K, 3, 2), Tensor.of(B, 2)));
        m.compile(new SGD(0.5f), new MeanSquaredError());
        for (int i = 0; i < 3; i++) {
            m.trainOnBatch(Tensor.of(X, 2, 3), Tensor.of(new float[] {-5f, -5f, -5f, -5f}, 2, 2));
            for (float v : d.getWeights().get(0).toArray()) assertTrue(v >= 0, "kernel " + v);
            float[] b = d.getWeights().get(1).toArray();
            assertTrue(Math.sqrt(b[0] * b[0] + b[1] * b[1]) <= 0.01 + 1e-6, "bias norm");
        }
    }

    // ---------------------------------------------------------------- saved with the model

    @Test
    void regularizersAndConstraintsRoundTripThroughFilesAndKerasJson() throws Exception {
        Sequential m = new Sequential(Input.of(8, 8, 1),
                new Conv2D(2, 3).kernelConstraint(Constraints.maxNorm(3f, 0, 1, 2)).activityRegularizer(Regularizers.l1(0.001f)).name("c"),
                new org.neurite.nn.layers.Flatten(),
                new Dense(2).kernelConstraint(Constraints.minMaxNorm(0.5f, 2f, 0.25f)).biasConstraint(Constraints.nonNeg()).name("d"));
        Path file = dir.resolve("m.nrt");
        m.save(file);
        Model back = Model.load(file);
        Model fromKeras = KerasJson.read(KerasJson.write(m));
        for (Model loaded : List.of(back, fromKeras)) {
            assertEquals(new Constraints.MinMaxNorm(0.5f, 2f, 0.25f, 0).toString(), loaded.getLayer("d").constraint("kernel").toString());
            assertTrue(loaded.getLayer("d").constraint("bias") instanceof Constraints.NonNeg);
            assertEquals(new Constraints.MaxNorm(3f, 0, 1, 2).toString(), loaded.getLayer("c").constraint("kernel").toString());
            assertEquals(Regularizers.l1(0.001f), loaded.getLayer("c").activityRegularizer());
            assertNull(loaded.getLayer("d").activityRegularizer());
            assertEquals(m.getLayer("c").config(), loaded.getLayer("c").config());
        }
        String json = KerasJson.write(m);
        assertTrue(json.contains("\"kernel_constraint\": {\"class_name\": \"MaxNorm\", \"config\": {\"max_value\": 3.0, \"axis\": [0, 1, 2]}}")
                || json.replace(" ", "").contains("\"kernel_constraint\":{\"class_name\":\"MaxNorm\",\"config\":{\"max_value\":3.0,\"axis\":[0,1,2]}}"), json);
    }

    @Test
    void kerasThreeConstraintAndActivityRegularizerFormsLoad() {
        String json = """
                {"class_name": "Sequential", "config": {"name": "s", "layers": [
                  {"class_name": "InputLayer", "config": {"batch_shape": [null, 5], "dtype": "int32", "name": "in"}},
                  {"class_name": "Embedding", "config": {"name": "e", "input_dim": 10, "output_dim": 4,
                     "embeddings_constraint": {"module": "keras.constraints", "class_name": "UnitNorm", "config": {"axis": 1}, "registered_name": null}}},
                  {"class_name": "LSTM", "config": {"name": "l", "units": 3,
                     "recurrent_constraint": {"module": "keras.constraints", "class_name": "MaxNorm", "config": {"max_value": 2.5, "axis": 0}, "registered_name": null},
                     "activity_regularizer": {"module": "keras.regularizers", "class_name": "L2", "config": {"l2": 0.125}, "registered_name": null}}}]}}""";
        Model m = KerasJson.read(json);
        Model strings = KerasJson.read("""
                {"class_name": "Sequential", "config": {"name": "s", "layers": [
                  {"class_name": "Dense", "config": {"name": "d", "units": 3, "batch_input_shape": [null, 4],
                     "kernel_regularizer": "l2", "bias_regularizer": "l1_l2", "kernel_constraint": "non_neg"}}]}}""");
        assertEquals(Map.of("l1", 0f, "l2", 0.01f), strings.getLayer("d").config().get("kernel_regularizer"));
        assertEquals(Map.of("l1", 0.01f, "l2", 0.01f), strings.getLayer("d").config().get("bias_regularizer"));
        assertTrue(strings.getLayer("d").constraint("kernel") instanceof Constraints.NonNeg);
        assertEquals(new Constraints.UnitNorm(1).toString(), m.getLayer("e").constraint("embeddings").toString());
        assertEquals(new Constraints.MaxNorm(2.5f, 0).toString(), m.getLayer("l").constraint("recurrent_kernel").toString());
        assertEquals(Regularizers.l2(0.125f), m.getLayer("l").activityRegularizer());
        assertTrue(((Embedding) m.getLayer("e")).constraint("embeddings") != null);
        IllegalArgumentException wrong = assertThrows(IllegalArgumentException.class, () -> new Dense(2).name("d").constraint("gamma", Constraints.nonNeg()));
        assertEquals("d: has no weight 'gamma' that takes a constraint (weights: kernel, bias)", wrong.getMessage());
    }
}
