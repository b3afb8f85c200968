package org.neurite.nn.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.neurite.nn.Input;
import org.neurite.nn.callbacks.History;
import org.neurite.nn.Model;
import org.neurite.nn.Sequential;
import org.neurite.nn.layers.Dense;
import org.neurite.nn.losses.MeanSquaredError;
import org.neurite.nn.losses.Reduction;
import org.neurite.nn.losses.SparseCategoricalCrossentropy;
import org.neurite.nn.optimizers.SGD;
import org.neurite.tensor.Tensor;

/**
 * Loss reductions and Keras' {@code sample_weight} / {@code class_weight}, against hand
 * computations of Keras 3's rule: per-sample losses times their weights, then summed and (for
 * {@code sum_over_batch_size}) divided by the number of values, not by the sum of the weights.
 */
class SampleWeightsTest {
    // 3 samples, 2 outputs each; per-sample MSE = mean over the 2 outputs
    private static final float[] Y = {1f, 0f, 2f, -1f, 0.5f, 0.5f};
    private static final float[] P = {0.5f, 0.5f, 1f, 1f, 0f, 2f};
    private static final float[] W = {0.5f, 2f, 0f}; // sum 2.5, not the batch size 3

    private static double[] perSampleMse() {
        double[] l = new double[3];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 2; j++) l[i] += Math.pow(P[i * 2 + j] - Y[i * 2 + j], 2) / 2;
        }
        return l; // 0.25, 2.5, 1.25
    }

    @Test
    void reductionsScaleEachSampleThenDivideByTheCount() {
        double[] l = perSampleMse();
        double weightedSum = W[0] * l[0] + W[1] * l[1] + W[2] * l[2];
        Tensor y = Tensor.of(Y, 3, 2);
        assertEquals((l[0] + l[1] + l[2]) / 3, new MeanSquaredError().compute(y, Tensor.of(P, 3, 2)).item(), 1e-6);
        assertEquals(weightedSum / 3, new MeanSquaredError().compute(y, Tensor.of(P, 3, 2), Tensor.of(W, 3)).item(), 1e-6);
        assertEquals(weightedSum, new MeanSquaredError().reduction(Reduction.SUM).compute(y, Tensor.of(P, 3, 2), Tensor.of(W, 3)).item(), 1e-6);
        Tensor none = new MeanSquaredError().reduction(Reduction.NONE).compute(y, Tensor.of(P, 3, 2), Tensor.of(W, 3, 1));
        assertArrayEquals(new float[] {(float) (W[0] * l[0]), (float) (W[1] * l[1]), 0f}, none.toArray(), 1e-6f);

        // gradient: d/dp_ij = w_i * 2 (p_ij - y_ij) / 2 / 3
        Tensor p = Tensor.of(P, 3, 2).requiresGrad(true);
        new MeanSquaredError().compute(y, p, Tensor.of(W, 3)).backward();
        float[] expected = new float[6];
        for (int i = 0; i < 6; i++) expected[i] = (float) (W[i / 2] * 2 * (P[i] - Y[i]) / 2 / 3);
        assertArrayEquals(expected, p.grad().toArray(), 1e-6f);
    }

    @Test
    void sequenceOutputsDivideBySamplesTimesSteps() {
        // (N=2, T=2, C=1): per-step losses (p - y)^2; weight per sample broadcast over the steps
        Tensor y = Tensor.of(new float[] {0f, 0f, 0f, 0f}, 2, 2, 1);
        Tensor p = Tensor.of(new float[] {1f, 2f, 3f, 4f}, 2, 2, 1);
        double expected = (1 * (1 + 4) + 3 * (9 + 16)) / 4.0;
        assertEquals(expected, new MeanSquaredError().compute(y, p, Tensor.of(new float[] {1f, 3f}, 2)).item(), 1e-6);
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> new MeanSquaredError().compute(y, p, Tensor.of(new float[] {1f, 2f, 3f}, 3)));
        assertTrue(bad.getMessage().contains("sample weights of shape (3,) do not fit 2 samples"), bad.getMessage());
    }

    /** Dense(1, linear) without bias on x (4, 2); one full-batch SGD step by hand. */
    @Test
    void fitWithSampleWeightsTakesTheHandComputedStep() {
        float[] x = {1f, 2f, -1f, 0.5f, 0f, 1f, 2f, -2f};
        float[] y = {1f, 0f, -1f, 3f};
        float[] w = {1f, 0.5f, 2f, 0f};
        float[] k = {0.3f, -0.2f};
        double lr = 0.1;
        double loss = 0;
        double[] grad = new double[2];
        for (int i = 0; i < 4; i++) {
            double p = x[i * 2] * k[0] + x[i * 2 + 1] * k[1];
            loss += w[i] * (p - y[i]) * (p - y[i]) / 4;
            for (int j = 0; j < 2; j++) grad[j] += w[i] * 2 * (p - y[i]) * x[i * 2 + j] / 4;
        }
        Dense d = new Dense(1).useBias(false);
        Model m = new Sequential(Input.of(2), d);
        d.setWeights(List.of(Tensor.of(k, 2, 1)));
        m.compile(new SGD((float) lr), new MeanSquaredError());
        History h = m.fit(Tensor.of(x, 4, 2), Tensor.of(y, 4, 1),
                new FitConfig().epochs(1).batchSize(4).shuffle(false).verbose(0).sampleWeight(Tensor.of(w, 4)));
        assertEquals(loss, h.history().get("loss").get(0), 1e-6);
        assertArrayEquals(new float[] {(float) (k[0] - lr * grad[0]), (float) (k[1] - lr * grad[1])}, d.getWeights().get(0).toArray(), 1e-6f);

        // evaluate with the same weights, by hand on the new kernel
        float[] k2 = d.getWeights().get(0).toArray();
        double eval = 0;
        for (int i = 0; i < 4; i++) {
            double p = x[i * 2] * k2[0] + x[i * 2 + 1] * k2[1];
            eval += w[i] * (p - y[i]) * (p - y[i]) / 4;
        }
        assertEquals(eval, m.evaluate(Tensor.of(x, 4, 2), Tensor.of(y, 4, 1), 4, Tensor.of(w, 4)).get("loss"), 1e-6);
    }

    @Test
    void classWeightsFollowTheTargetsClass() {
        Map<Integer, Float> cw = Map.of(1, 3f, 2, 0.5f);
        assertArrayEquals(new float[] {1f, 3f, 3f, 0.5f}, SampleWeights.fromClasses(Tensor.of(new float[] {0, 1, 1, 2}, 4), cw).toArray());
        assertArrayEquals(new float[] {1f, 3f, 0.5f}, SampleWeights.fromClasses(Tensor.of(new float[] {1, 0, 0, 0, 1, 0.9f, 0.1f, 0.2f, 0.3f}, 3, 3), cw).toArray());
        assertArrayEquals(new float[] {3f, 1f}, SampleWeights.fromClasses(Tensor.of(new float[] {1, 0}, 2, 1), cw).toArray());

        // fit with class weights = fit with the equivalent sample weights, bit for bit
        Tensor x = Tensor.of(new float[] {1f, 0f, 0f, 1f, 1f, 1f, -1f, 0.5f}, 4, 2);
        Tensor labels = Tensor.of(new float[] {0, 1, 1, 2}, 4);
        float[][] results = new float[2][];
        for (int run = 0; run < 2; run++) {
            Model m = new Sequential(Input.of(2), new Dense(3, "softmax")).seed(5);
            m.compile(new SGD(0.5f), new SparseCategoricalCrossentropy(false));
            FitConfig cfg = new FitConfig().epochs(2).batchSize(2).seed(1).verbose(0);
            m.fit(x, labels, run == 0 ? cfg.classWeight(cw) : cfg.sampleWeight(Tensor.of(new float[] {1f, 3f, 3f, 0.5f}, 4)));
            results[run] = m.getWeights().get(0).toArray();
        }
        assertArrayEquals(results[1], results[0], 0f);
    }

    @Test
    void validationSplitKeepsTheHeldOutWeights() {
        Tensor x = Tensor.of(new float[] {1f, 2f, 3f, 4f, 5f}, 5, 1);
        Tensor y = Tensor.of(new float[] {0f, 0f, 0f, 1f, 2f}, 5, 1);
        Tensor w = Tensor.of(new float[] {1f, 1f, 1f, 0.5f, 4f}, 5);
        Model m = new Sequential(Input.of(1), new Dense(1)).seed(2);
        m.compile(new SGD(0.01f), new MeanSquaredError());
        History h = m.fit(x, y, new FitConfig().epochs(1).batchSize(5).verbose(0).validationSplit(0.4f).sampleWeight(w));
        float expected = m.evaluate(Batches.rows(x, 3, 5), Batches.rows(y, 3, 5), 5, Batches.rows(w, 3, 5)).get("loss");
        assertEquals(expected, h.history().get("val_loss").get(0), 1e-7);
    }

    @Test
    void badWeightsFailClearly() {
        Model m = new Sequential(Input.of(1), new Dense(1));
        m.compile(new SGD(0.1f), new MeanSquaredError());
        Tensor x = Tensor.of(new float[] {1f, 2f}, 2, 1);
        IllegalArgumentException both = assertThrows(IllegalArgumentException.class, () -> m.fit(x, x,
                new FitConfig().verbose(0).sampleWeight(Tensor.of(new float[] {1f, 1f}, 2)).classWeight(Map.of(0, 1f))));
        assertEquals("fit: give sampleWeight or classWeight, not both (as Keras)", both.getMessage());
        IllegalArgumentException shape = assertThrows(IllegalArgumentException.class, () -> m.evaluate(x, x, 2, Tensor.of(new float[] {1f, 1f, 1f}, 3)));
        assertEquals("evaluate: sampleWeight must have one value per sample, shape (2,), got (3,)", shape.getMessage());
        m.compile(new SGD(0.1f), new MeanSquaredError().reduction(Reduction.NONE));
        IllegalStateException none = assertThrows(IllegalStateException.class, () -> m.trainOnBatch(x, x));
        assertTrue(none.getMessage().endsWith("(its reduction is none; training needs sum_over_batch_size or sum)"), none.getMessage());
    }
}
