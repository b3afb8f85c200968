package org.neurite.tensor.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.neurite.autograd.GradMode;
import org.neurite.kernel.Parallel;
import org.neurite.tensor.Tensor;

/** The nearest-neighbour loops against a direct reading of their definition, bit for bit, on 1 and 2 threads. */
class NearestResamplingTest {
    @Test
    void upsamplingAndItsAdjointMatchTheDefinition() {
        int threads = Parallel.threads();
        try {
            for (int t : new int[] {1, 2}) {
                Parallel.setThreads(t);
                check(2, 5, 7, 3, 2, 3);     // small, odd sizes, factors 2 x 3
                check(16, 14, 14, 8, 2, 2);  // large enough to be split between threads
            }
        } finally {
            Parallel.setThreads(threads);
        }
    }

    private static void check(int n, int h, int w, int c, int fh, int fw) {
        Tensor x = Tensor.normal(1, 0, 1, n, h, w, c);
        org.neurite.kernel.Resample.Taps rows = Resampling.nearest(h, fh), cols = Resampling.nearest(w, fw);
        int oh = h * fh, ow = w * fw;
        float[] y;
        try (GradMode.Scope s = GradMode.noGrad()) {
            y = Resampling.resample(x, rows, cols).data();
        }
        for (int b = 0; b < n; b++) {
            for (int i = 0; i < oh; i++) {
                for (int j = 0; j < ow; j++) {
                    for (int ch = 0; ch < c; ch++) {
                        float expected = 0f + x.data()[((b * h + i / fh) * w + j / fw) * c + ch];
                        assertEquals(Float.floatToIntBits(expected), Float.floatToIntBits(y[((b * oh + i) * ow + j) * c + ch]));
                    }
                }
            }
        }
        Tensor g = Tensor.normal(2, 0, 1, n, oh, ow, c);
        float[] gx;
        try (GradMode.Scope s = GradMode.noGrad()) {
            gx = Resampling.resampleAdjoint(g, rows, cols).data();
        }
        for (int b = 0; b < n; b++) {
            for (int r = 0; r < h; r++) {
                for (int q = 0; q < w; q++) {
                    for (int ch = 0; ch < c; ch++) {
                        float acc = 0f; // the adjoint adds its output cells in (row, column) order
                        for (int i = r * fh; i < (r + 1) * fh; i++) {
                            for (int j = q * fw; j < (q + 1) * fw; j++) acc += g.data()[((b * oh + i) * ow + j) * c + ch];
                        }
                        assertEquals(Float.floatToIntBits(acc), Float.floatToIntBits(gx[((b * h + r) * w + q) * c + ch]));
                    }
                }
            }
        }
    }
}
