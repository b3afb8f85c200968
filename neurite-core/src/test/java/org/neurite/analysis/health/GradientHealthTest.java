package org.neurite.analysis.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurite.nn.Initializers;
import org.neurite.nn.Input;
import org.neurite.nn.Model;
import org.neurite.nn.Sequential;
import org.neurite.nn.SymbolicTensor;
import org.neurite.nn.layers.Dense;
import org.neurite.nn.losses.MeanSquaredError;
import org.neurite.nn.optimizers.SGD;
import org.neurite.nn.training.FitConfig;
import org.neurite.nn.training.Trainer;
import org.neurite.tensor.Tensor;

class GradientHealthTest {

    /** The README's demonstration: only the plain sigmoid stack is flagged, and the flag names a layer near the output. */
    @Test
    void twentyLayerSigmoidVanishesReluHeAndResidualDoNot() {
        long start = System.nanoTime();
        Map<String, HealthReport> reports = VanishingGradientDemo.run(1);
        double seconds = (System.nanoTime() - start) / 1e9;

        HealthReport sigmoid = reports.get("sigmoid");
        HealthFlag flag = sigmoid.flag(HealthFlag.Kind.VANISHING_GRADIENTS);
        assertNotNull(flag, sigmoid.text());
        List<String> layers = sigmoid.weightedLayers();
        assertEquals(20, layers.size());
        double first = sigmoid.summary("dense_1").meanGradNorm(), last = sigmoid.summary("dense_20").meanGradNorm();
        assertTrue(first < 1e-6 * last, "first " + first + " last " + last);
        // the flagged layer is the one nearest the output below 1e-3 x the last layer, and the next one up is not
        int at = layers.indexOf(flag.layer());
        assertTrue(at >= 10 && at < 19, flag.toString());
        assertTrue(sigmoid.summary(layers.get(at)).ratioToLastLayer() < 1e-3);
        assertTrue(sigmoid.summary(layers.get(at + 1)).ratioToLastLayer() >= 1e-3);
        // with sigma' <= 1/4, every layer towards the input has a smaller gradient than the one after it
        for (int i = 0; i + 1 < layers.size(); i++) {
            assertTrue(sigmoid.summary(layers.get(i)).meanGradNorm() < sigmoid.summary(layers.get(i + 1)).meanGradNorm(), layers.get(i));
        }

        for (String kind : List.of("relu-he", "residual")) {
            HealthReport r = reports.get(kind);
            assertEquals(List.of(), r.flags(), kind + "\n" + r.text());
            assertTrue(r.summary("dense_1").meanGradNorm() > 1e-2 * r.summary("dense_20").meanGradNorm(), kind);
        }
        // the healthy networks learn, the vanishing one stays near chance (4 classes)
        assertTrue(last(reports.get("sigmoid"), "accuracy") < 0.4);
        assertTrue(last(reports.get("relu-he"), "accuracy") > 0.45);
        assertTrue(last(reports.get("residual"), "accuracy") > 0.45);
        assertTrue(seconds < 20, "took " + seconds + " s");
    }

    private static float last(HealthReport r, String key) {
        List<Float> v = r.history().get(key);
        return v.get(v.size() - 1);
    }

    /**
     * One linear Dense layer, MSE, plain SGD, one full batch: the gradient is known in closed form,
     * dL/dW = 2/(N*U) X^T (XW + b - Y), dL/db = 2/(N*U) sum_rows (XW + b - Y), and the update is
     * -lr * grad, so the update ratio is lr * ||grad|| / ||w||.
     */
    @Test
    void gradientWeightNormAndUpdateRatioMatchClosedForm() {
        float[] x = {1, 2, -1, 0.5f, 3, -2};           // (3, 2)
        float[] y = {1, 0, -1, 2, 0.5f, 0.5f};         // (3, 2)
        float[] w = {0.5f, -0.25f, 0.75f, 1f};         // (2, 2)
        float[] b = {0.1f, -0.2f};
        Dense dense = new Dense(2).name("lin").inputShape(2);
        Sequential model = new Sequential(dense);
        model.layers();
        dense.kernel().variable().assign(w);
        dense.bias().variable().assign(b);
        GradientHealth health = new GradientHealth().every(1).probe(Tensor.of(x, 3, 2));
        float lr = 0.1f;
        new Trainer(model, new SGD(lr), new MeanSquaredError(), List.of())
                .fit(Tensor.of(x, 3, 2), Tensor.of(y, 3, 2), new FitConfig().epochs(1).batchSize(3).shuffle(false).verbose(0).callbacks(health));

        double g2 = 0, w2 = 0, outSum = 0, outSq = 0;
        double[] gb = new double[2];
        double[][] gw = new double[2][2];
        double[] out = new double[6];
        for (int n = 0; n < 3; n++) {
            for (int u = 0; u < 2; u++) {
                double z = b[u];
                for (int i = 0; i < 2; i++) z += x[n * 2 + i] * w[i * 2 + u];
                double d = 2.0 / 6 * (z - y[n * 2 + u]);
                gb[u] += d;
                for (int i = 0; i < 2; i++) gw[i][u] += x[n * 2 + i] * d;
            }
        }
        for (int i = 0; i < 2; i++) for (int u = 0; u < 2; u++) g2 += gw[i][u] * gw[i][u];
        for (double v : gb) g2 += v * v;
        for (float v : w) w2 += v * v;
        for (float v : b) w2 += v * v;
        // probe statistics are taken after the update: recompute the output with the new weights
        for (int n = 0; n < 3; n++) {
            for (int u = 0; u < 2; u++) {
                double z = b[u] - lr * gb[u];
                for (int i = 0; i < 2; i++) z += x[n * 2 + i] * (w[i * 2 + u] - lr * gw[i][u]);
                out[n * 2 + u] = z;
                outSum += z;
            }
        }
        double mean = outSum / 6;
        for (double v : out) outSq += (v - mean) * (v - mean);

        LayerStats s = health.report().series("lin").get(0);
        assertEquals(0, s.step());
        assertEquals(Math.sqrt(g2), s.gradNorm(), 1e-5);
        assertEquals(lr * Math.sqrt(g2) / Math.sqrt(w2), s.updateRatio(), 1e-6);
        assertEquals(mean, s.activationMean(), 1e-5);
        assertEquals(Math.sqrt(outSq / 6), s.activationStd(), 1e-5);
        assertEquals("linear", s.activation());
        assertTrue(Double.isNaN(s.deadFraction()) && Double.isNaN(s.saturatedFraction()));
    }

    @Test
    void activationStatisticsCountDeadUnitsAndSaturatedValues() {
        // (2, 2, 3): units are the last axis; unit 1 is 0 everywhere, unit 0 is 0 except once
        Tensor relu = Tensor.of(new float[] {0, 0, 1, 0, 0, 2, 0, 0, 0, 5, 0, 3}, 2, 2, 3);
        ActivationStats r = ActivationStats.of(relu, "relu");
        assertEquals(1.0 / 3, r.dead(), 1e-12);
        assertEquals(11.0 / 12, r.mean(), 1e-6);
        assertTrue(Double.isNaN(r.saturated()));

        ActivationStats s = ActivationStats.of(Tensor.of(new float[] {0.005f, 0.5f, 0.995f, 0.02f}, 2, 2), "sigmoid");
        assertEquals(0.5, s.saturated(), 1e-12);
        ActivationStats t = ActivationStats.of(Tensor.of(new float[] {-0.999f, 0.98f, 0.995f, 0f}, 2, 2), "tanh");
        assertEquals(0.5, t.saturated(), 1e-12);
        ActivationStats c = ActivationStats.of(Tensor.of(new float[] {1, 3}, 2, 1), "linear");
        assertEquals(2, c.mean(), 1e-12);
        assertEquals(1, c.std(), 1e-12);

        assertEquals("relu", ActivationStats.activationOf(new org.neurite.nn.layers.ReLU()));
        assertEquals("sigmoid", ActivationStats.activationOf(new Dense(3, "sigmoid")));
        assertEquals("tanh", ActivationStats.activationOf(new org.neurite.nn.layers.Activation("tanh")));
    }

    /** A ReLU layer whose bias pushes every unit below 0 is dead: flagged, and no gradient reaches the layer below. */
    @Test
    void deadReluLayerIsFlagged() {
        Input in = Input.of(4);
        SymbolicTensor h = new Dense(8, "relu").name("alive").apply(in);
        h = new Dense(8, "relu").name("dead").biasInitializer(Initializers.constant(-100f)).apply(h);
        Model model = new Model(in, new Dense(1).name("out").apply(h));
        model.seed(3);
        Tensor x = Tensor.of(new float[] {1, 2, 3, 4, -1, 0, 1, 2, 0.5f, 0.5f, -2, 1}, 3, 4);
        Tensor y = Tensor.of(new float[] {1, 0, 2}, 3, 1);
        GradientHealth health = new GradientHealth().every(1).probe(x);
        new Trainer(model, new SGD(0.01f), new MeanSquaredError(), List.of()).fit(x, y, new FitConfig().epochs(2).batchSize(3).verbose(0).callbacks(health));
        HealthReport report = health.report();
        HealthFlag flag = report.flag(HealthFlag.Kind.DEAD_RELU);
        assertNotNull(flag, report.text());
        assertEquals("dead", flag.layer());
        assertEquals(1.0, report.summary("dead").deadFraction());
        assertEquals(0.0, report.summary("alive").meanGradNorm());
        assertEquals(List.of("alive", "dead", "out"), report.layers());
        assertEquals(List.of(0, 1), report.steps());
    }

    @Test
    void explodingNormAndGrowthAreFlaggedAtTheLayerNearestTheOutput() {
        List<LayerStats> big = new ArrayList<>();
        big.add(stats(0, 0, "a", 5e3));
        big.add(stats(0, 0, "b", 2e3));
        big.add(stats(0, 0, "c", 1));
        HealthFlag f = new HealthReport(big, Map.of(), HealthThresholds.defaults()).flag(HealthFlag.Kind.EXPLODING_GRADIENTS);
        assertNotNull(f);
        assertEquals("b", f.layer());

        List<LayerStats> growing = new ArrayList<>();
        for (int e = 0; e < 3; e++) {
            growing.add(stats(2 * e, e, "a", Math.pow(20, e)));
            growing.add(stats(2 * e, e, "b", 1));
            growing.add(stats(2 * e + 1, e, "a", Math.pow(20, e)));
            growing.add(stats(2 * e + 1, e, "b", 1));
        }
        HealthFlag g = new HealthReport(growing, Map.of(), HealthThresholds.defaults()).flag(HealthFlag.Kind.EXPLODING_GRADIENTS);
        assertNotNull(g);
        assertEquals("a", g.layer());
        assertTrue(g.message().contains("epoch 0 to epoch 1"), g.message());

        List<LayerStats> nan = List.of(stats(0, 0, "a", Double.NaN), stats(0, 0, "b", 1));
        // NaN means "no weights": build one with weights and an infinite gradient instead
        List<LayerStats> inf = List.of(stats(0, 0, "a", Double.POSITIVE_INFINITY), stats(0, 0, "b", 1));
        assertFalse(new HealthReport(nan, Map.of(), HealthThresholds.defaults()).isFlagged(HealthFlag.Kind.EXPLODING_GRADIENTS));
        assertTrue(new HealthReport(inf, Map.of(), HealthThresholds.defaults()).isFlagged(HealthFlag.Kind.EXPLODING_GRADIENTS));
    }

    @Test
    void vanishingNamesTheLayerNearestTheOutputBelowTheRatio() {
        double[] norms = {1e-9, 1e-6, 1e-4, 5e-3, 0.1, 1}; // ratios to the last: 1e-9 .. 1
        List<LayerStats> records = new ArrayList<>();
        for (int i = 0; i < norms.length; i++) records.add(stats(0, 0, "l" + i, norms[i]));
        HealthFlag f = new HealthReport(records, Map.of(), HealthThresholds.defaults()).flag(HealthFlag.Kind.VANISHING_GRADIENTS);
        assertEquals("l2", f.layer()); // 1e-4 < 1e-3 x 1, while 5e-3 is not
        // the absolute rule: all tiny, down to the output layer itself, which is where it starts
        List<LayerStats> tiny = List.of(stats(0, 0, "a", 1e-8), stats(0, 0, "b", 1e-8));
        assertEquals("b", new HealthReport(tiny, Map.of(), HealthThresholds.defaults()).flag(HealthFlag.Kind.VANISHING_GRADIENTS).layer());
        List<LayerStats> fine = List.of(stats(0, 0, "a", 0.01), stats(0, 0, "b", 1));
        assertFalse(new HealthReport(fine, Map.of(), HealthThresholds.defaults()).isFlagged(HealthFlag.Kind.VANISHING_GRADIENTS));
    }

    private static LayerStats stats(int step, int epoch, String layer, double grad) {
        double weight = Double.isNaN(grad) ? Double.NaN : 1;
        return new LayerStats(step, epoch, layer, "linear", grad, weight, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
    }

    @Test
    void reportIsWrittenAsTextCsvAndHtml(@TempDir Path dir) throws Exception {
        HealthReport r = VanishingGradientDemo.train("sigmoid", 1);
        String text = r.text();
        assertTrue(text.contains("VANISHING_GRADIENTS at dense_"), text);
        assertTrue(text.contains("Grad norm (mean)"), text);
        Path html = dir.resolve("report.html");
        r.writeHtml(html, null);
        String page = Files.readString(html);
        assertTrue(page.startsWith("<!DOCTYPE html>"));
        assertTrue(page.contains("VANISHING_GRADIENTS") && page.contains("<td>dense_20</td>"));
        List<String> csv = Files.readAllLines(dir.resolve("report.health.csv"));
        assertEquals(LayerStats.csvHeader(), csv.get(0));
        assertEquals(1 + r.records().size(), csv.size());
        assertTrue(csv.get(1).startsWith("0,0,dense_1,sigmoid,"), csv.get(1));
        List<String> history = Files.readAllLines(dir.resolve("report.history.csv"));
        assertEquals("epoch,loss,accuracy", history.get(0));
        assertEquals(1 + VanishingGradientDemo.EPOCHS, history.size());
        try (var files = Files.list(dir)) {
            assertEquals(3, files.count(), "no temporary files left");
        }
    }

    @Test
    void forwardNodesGivesEveryLayerOutputAndTheSameResultAsForward() {
        Model model = VanishingGradientDemo.build("residual");
        model.seed(7);
        Tensor x = VanishingGradientDemo.data(7)[0];
        var nodes = model.forwardNodes(List.of(x), false);
        assertEquals(model.nodes().size(), nodes.size());
        Tensor lastOut = null;
        for (Tensor t : nodes.values()) lastOut = t;
        assertEquals(List.of(x.dim(0), VanishingGradientDemo.CLASSES), List.of(lastOut.dim(0), lastOut.dim(1)));
        float[] direct = model.forward(x, false).data();
        for (int i = 0; i < direct.length; i++) assertEquals(direct[i], lastOut.data()[i], 0f);
    }
}
