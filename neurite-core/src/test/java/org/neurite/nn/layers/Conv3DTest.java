package org.neurite.nn.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurite.autograd.GradCheck;
import org.neurite.nn.Input;
import org.neurite.nn.LayerNames;
import org.neurite.nn.Sequential;
import org.neurite.tensor.Shape;
import org.neurite.tensor.Tensor;

/** Conv3D and MaxPooling3D against direct loops over their definitions. */
class Conv3DTest {
    @TempDir
    Path dir;

    @BeforeEach
    void reset() {
        LayerNames.reset();
    }

    @Test
    void kerasShapesParamsAndSummary() {
        Sequential m = new Sequential(Input.of(16, 16, 16, 1), new Conv3D(8, 3).activation("relu"), new MaxPooling3D(2), new Conv3D(4, 3).padding("same").strides(2));
        assertEquals((3 * 3 * 3 * 1 + 1) * 8 + (3 * 3 * 3 * 8 + 1) * 4, m.countParams());
        String s = m.summary();
        assertTrue(s.contains(" conv3d (Conv3D)             (None, 14, 14, 14, 8)     224       \n"), s);
        assertTrue(s.contains(" max_pooling3d (MaxPooling3D  (None, 7, 7, 7, 8)       0         \n )"), s);
        assertTrue(s.contains(" conv3d_1 (Conv3D)           (None, 4, 4, 4, 4)        868       \n"), s);
    }

    /** Receptive field by hand: 3x3x3 conv (r 3, j 1), 2x2x2 pool (r 3 + 1 = 4, j 2), 3x1x3 conv with stride 2 in depth (r 4 + 2*2 = 8 in depth, 4 in height). */
    @Test
    void receptiveFieldPerAxis() {
        Sequential m = new Sequential(Input.of(12, 12, 12, 1), new Conv3D(2, 3), new MaxPooling3D(2), new Conv3D(2, 3, 1, 3).strides(2, 1, 1));
        var rows = org.neurite.analysis.receptivefield.ReceptiveField.analyze(m);
        var last = rows.get(rows.size() - 1).axes();
        assertEquals(8, last.get(0).size());
        assertEquals(4, last.get(1).size());
        assertEquals(8, last.get(2).size());
        assertEquals(4, last.get(0).jump());
        assertEquals(2, last.get(1).jump());
    }

    /** out[n, d, h, w, f] = b[f] + sum K[a, b, c, ch, f] x[n, d*s + a - pad, ...], zero outside. */
    @Test
    void convolutionMatchesDirectLoops() {
        int[][] cases = {{1, 1, 1, 0}, {2, 1, 2, 1}}; // strides d, h, w; same padding?
        for (int[] cs : cases) {
            boolean same = cs[3] == 1;
            Conv3D c = new Conv3D(2, 3, 2, 3).strides(cs[0], cs[1], cs[2]).padding(same ? "same" : "valid");
            c.seed(5);
            int d = 5, h = 4, w = 6, ch = 2;
            Shape out = c.build(Shape.of(d, h, w, ch));
            c.bias().assign(new float[] {0.25f, -0.5f});
            Tensor x = Tensor.uniform(1, -1, 1, 2, d, h, w, ch);
            float[] xs = x.data(), ks = c.kernel().value().data();
            int[] k = {3, 2, 3}, s = {cs[0], cs[1], cs[2]}, in = {d, h, w}, o = {out.dim(0), out.dim(1), out.dim(2)};
            int[] pad = new int[3];
            for (int a = 0; a < 3; a++) pad[a] = same ? Math.max((o[a] - 1) * s[a] + k[a] - in[a], 0) / 2 : 0;
            float[] expected = new float[2 * o[0] * o[1] * o[2] * 2];
            int at = 0;
            for (int n = 0; n < 2; n++) for (int od = 0; od < o[0]; od++) for (int oh = 0; oh < o[1]; oh++) for (int ow = 0; ow < o[2]; ow++) for (int f = 0; f < 2; f++) {
                double v = f == 0 ? 0.25 : -0.5;
                for (int a = 0; a < 3; a++) for (int b = 0; b < 2; b++) for (int e = 0; e < 3; e++) for (int q = 0; q < ch; q++) {
                    int zd = od * s[0] + a - pad[0], zh = oh * s[1] + b - pad[1], zw = ow * s[2] + e - pad[2];
                    if (zd < 0 || zd >= d || zh < 0 || zh >= h || zw < 0 || zw >= w) continue;
                    v += xs[(((n * d + zd) * h + zh) * w + zw) * ch + q] * ks[(((a * 2 + b) * 3 + e) * ch + q) * 2 + f];
                }
                expected[at++] = (float) v;
            }
            LayerChecks.assertValues(expected, c.apply(x), 1e-5);
        }
    }

    @Test
    void maxPoolingMatchesDirectLoops() {
        for (String padding : new String[] {"valid", "same"}) {
            MaxPooling3D p = new MaxPooling3D(2, 3, 2).strides(2, 2, 1).padding(padding);
            int d = 5, h = 5, w = 3, ch = 2;
            Shape out = p.build(Shape.of(d, h, w, ch));
            Tensor x = Tensor.uniform(2, -1, 1, 1, d, h, w, ch);
            int[] k = {2, 3, 2}, s = {2, 2, 1}, in = {d, h, w}, o = {out.dim(0), out.dim(1), out.dim(2)};
            int[] pad = new int[3];
            for (int a = 0; a < 3; a++) pad[a] = padding.equals("same") ? Math.max((o[a] - 1) * s[a] + k[a] - in[a], 0) / 2 : 0;
            float[] xs = x.data();
            float[] expected = new float[o[0] * o[1] * o[2] * ch];
            int at = 0;
            for (int od = 0; od < o[0]; od++) for (int oh = 0; oh < o[1]; oh++) for (int ow = 0; ow < o[2]; ow++) for (int q = 0; q < ch; q++) {
                float m = Float.NEGATIVE_INFINITY;
                for (int a = 0; a < 2; a++) for (int b = 0; b < 3; b++) for (int e = 0; e < 2; e++) {
                    int zd = od * s[0] + a - pad[0], zh = oh * s[1] + b - pad[1], zw = ow * s[2] + e - pad[2];
                    if (zd < 0 || zd >= d || zh < 0 || zh >= h || zw < 0 || zw >= w) continue;
                    m = Math.max(m, xs[((zd * h + zh) * w + zw) * ch + q]);
                }
                expected[at++] = m;
            }
            LayerChecks.assertValues(expected, p.apply(x), 0);
        }
    }

    @Test
    void gradientChecksAndRoundTrips() {
        Conv3D c = new Conv3D(2, 2).strides(2, 1, 1).padding("same").activation("tanh").seed(3);
        LayerChecks.checkGradients(c, GradCheck.randomInput(4, 1, 3, 3, 3, 2), 1e-2, 2e-2);
        PyTorchReference.checkInputGradient(new MaxPooling3D(2).padding("same"), GradCheck.randomInput(5, 1, 3, 4, 3, 2), 1e-3, 1e-2);
        PyTorchReference.assertRoundTrip(dir, new Conv3D(3, 2, 3, 1).strides(1, 2, 1).padding("same").seed(1), GradCheck.randomInput(1, 2, 4, 5, 3, 2));
        PyTorchReference.assertRoundTrip(dir, new MaxPooling3D(2, 2, 1).padding("same"), GradCheck.randomInput(2, 2, 3, 4, 3, 2));
    }
}
