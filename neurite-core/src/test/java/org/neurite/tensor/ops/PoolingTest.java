package org.neurite.tensor.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.neurite.autograd.Autograd;
import org.neurite.autograd.GradCheck;
import org.neurite.autograd.GradMode;
import org.neurite.tensor.Padding;
import org.neurite.tensor.Tensor;

class PoolingTest {
    private static final double EPS = 1e-2, TOL = 2e-2;

    /**
     * Distinct values 0.1 apart in shuffled order, none within 0.05 of zero, so a nudge of eps never
     * changes which is the max (nor ties with a zero pad value).
     */
    private static Tensor distinct(long seed, int... dims) {
        Tensor t = Tensor.zeros(dims);
        float[] d = t.data();
        for (int i = 0; i < d.length; i++) d[i] = 0.1f * i - 0.05f * d.length + (d.length % 2 == 0 ? 0.05f : 0f);
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = d.length - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            float tmp = d[i]; d[i] = d[j]; d[j] = tmp;
        }
        return t;
    }

    private static final float[] IMG = {
        1, 3, 2, 1, 0,
        4, 6, 5, 0, 2,
        7, 2, 9, 8, 1,
        3, 1, 4, 2, 6,
        5, 0, 1, 3, 2,
    };

    @Test
    void maxPoolValidAndSame() {
        Tensor x = Tensor.of(IMG.clone(), 1, 5, 5, 1);
        Tensor valid = x.maxPool2d(new int[] {2, 2}, null, Padding.valid());
        assertArrayEquals(new int[] {1, 2, 2, 1}, valid.shape().dims());
        assertArrayEquals(new float[] {6, 5, 7, 9}, valid.data());
        // same: ceil(5/2) = 3, the extra padded row/column at the bottom/right
        Tensor same = x.maxPool2d(new int[] {2, 2}, new int[] {2, 2}, Padding.same());
        assertArrayEquals(new float[] {6, 5, 2, 7, 9, 6, 5, 3, 2}, same.data());
        // 2x2 window stride 1 valid: overlapping windows
        assertArrayEquals(new float[] {6, 6, 5, 2, 7, 9, 9, 8, 7, 9, 9, 8, 5, 4, 4, 6},
                x.maxPool2d(new int[] {2, 2}, new int[] {1, 1}, Padding.valid()).data());
    }

    @Test
    void maxPoolPadValueZeroVersusMinusInfinity() {
        Tensor x = Tensor.of(new float[] {-1, -2, -3, -4}, 1, 2, 2, 1);
        assertArrayEquals(new float[] {-1, -2, -3, -4}, x.maxPool2d(new int[] {2, 2}, new int[] {1, 1}, Padding.same()).data());
        assertArrayEquals(new float[] {-1, 0, 0, 0},
                x.maxPool2d(new int[] {2, 2}, new int[] {1, 1}, Padding.same().withPadValue(0f)).data());
    }

    @Test
    void maxPoolGradientGoesToTheMaximum() {
        Tensor x = Tensor.of(IMG.clone(), 1, 5, 5, 1).requiresGrad(true);
        x.maxPool2d(new int[] {2, 2}, null, Padding.valid()).sum().backward();
        float[] expected = new float[25];
        expected[6] = 1; expected[7] = 1; expected[10] = 1; expected[12] = 1;
        assertArrayEquals(expected, x.grad().data());
    }

    @Test
    void avgPoolSameExcludesPaddingExplicitIncludesIt() {
        Tensor x = Tensor.of(IMG.clone(), 1, 5, 5, 1);
        Tensor same = x.avgPool2d(new int[] {2, 2}, null, Padding.same());
        assertArrayEquals(new int[] {1, 3, 3, 1}, same.shape().dims());
        assertEquals((1 + 3 + 4 + 6) / 4f, same.data()[0], 1e-6);
        assertEquals((0 + 2) / 2f, same.data()[2], 1e-6);   // right column: 2 real cells
        assertEquals(2f, same.data()[8], 1e-6);             // corner: 1 real cell
        Tensor explicit = x.avgPool2d(new int[] {2, 2}, new int[] {2, 2}, Padding.of(0, 1, 0, 1));
        assertEquals((0 + 2) / 4f, explicit.data()[2], 1e-6);
        assertEquals(2f / 4f, explicit.data()[8], 1e-6);
        Tensor chosen = Pooling.avgPool2d(x, new int[] {2, 2}, null, Padding.same(), true);
        assertEquals(2f / 4f, chosen.data()[8], 1e-6);
        assertArrayEquals(new float[] {3.5f, 2f, 3.25f, 5.75f},
                x.avgPool2d(new int[] {2, 2}, null, Padding.valid()).data());
    }

    @Test
    void gradientChecks() {
        GradCheck.assertGradients("max_pool2d valid", in -> in.get(0).maxPool2d(new int[] {2, 2}, null, Padding.valid()),
                List.of(distinct(1, 2, 4, 5, 3)), EPS, TOL);
        GradCheck.assertGradients("max_pool2d same overlapping", in -> in.get(0).maxPool2d(new int[] {3, 3}, new int[] {2, 1}, Padding.same()),
                List.of(distinct(2, 2, 5, 4, 2)), EPS, TOL);
        GradCheck.assertGradients("max_pool2d pad value 0", in -> in.get(0).maxPool2d(new int[] {2, 2}, new int[] {1, 1}, Padding.of(1, 1).withPadValue(0f)),
                List.of(distinct(3, 1, 3, 3, 2)), EPS, TOL);
        GradCheck.assertGradients("avg_pool2d same", in -> in.get(0).avgPool2d(new int[] {3, 2}, new int[] {2, 2}, Padding.same()),
                List.of(GradCheck.randomInput(4, 2, 5, 5, 2)), EPS, TOL);
        GradCheck.assertGradients("avg_pool2d explicit", in -> in.get(0).avgPool2d(new int[] {2, 3}, new int[] {1, 2}, Padding.of(1, 0, 1, 1)),
                List.of(GradCheck.randomInput(5, 1, 4, 5, 3)), EPS, TOL);
    }

    @Test
    void secondOrderGradients() {
        Tensor r = Tensor.uniform(9, -1, 1, 1, 2, 2, 2);
        GradCheck.assertGradients("max_pool2d gradient of gradient", in -> {
            try (GradMode.Scope s = GradMode.enableGrad()) {
                Tensor y = in.get(0).maxPool2d(new int[] {2, 2}, null, Padding.valid());
                Tensor g = Autograd.grad(y.mul(y).mul(r).sum(), List.of(in.get(0)), true).get(0);
                return g;
            }
        }, List.of(distinct(6, 1, 4, 4, 2)), EPS, TOL);
        GradCheck.assertGradients("avg_pool2d gradient of gradient", in -> {
            try (GradMode.Scope s = GradMode.enableGrad()) {
                Tensor y = in.get(0).avgPool2d(new int[] {2, 2}, null, Padding.valid());
                return Autograd.grad(y.mul(y).mul(r).sum(), List.of(in.get(0)), true).get(0);
            }
        }, List.of(GradCheck.randomInput(7, 1, 4, 4, 2)), EPS, TOL);
    }

    @Test
    void badInputsFailFast() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Tensor.zeros(4, 4).maxPool2d(new int[] {2, 2}, null, Padding.valid()));
        assertTrue(e.getMessage().startsWith("max_pool2d: expected input (batch, height, width, channels), got (4, 4)"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Tensor.zeros(1, 2, 2, 1).avgPool2d(new int[] {3, 3}, null, Padding.valid()));
        assertTrue(e.getMessage().contains("avg_pool2d: pool [3, 3] does not fit input (1, 2, 2, 1)"), e.getMessage());
    }
}
