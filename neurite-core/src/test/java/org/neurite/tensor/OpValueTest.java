package org.neurite.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Forward values of the ops against numbers worked out by hand. */
class OpValueTest {
    @Test
    void broadcastingArithmetic() {
        Tensor a = Tensor.matrix(new float[][] {{1, 2, 3}, {4, 5, 6}});
        assertArrayEquals(new float[] {11, 22, 33, 14, 25, 36}, a.add(Tensor.vector(10, 20, 30)).data());
        assertArrayEquals(new float[] {0, 1, 2, 2, 3, 4}, a.sub(Tensor.matrix(new float[][] {{1}, {2}})).data());
        assertArrayEquals(new float[] {2, 4, 6, 8, 10, 12}, a.mul(Tensor.scalar(2)).data());
        assertEquals(Shape.of(2, 3), a.div(Tensor.vector(1, 2, 3)).shape());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> a.add(Tensor.vector(1, 2)));
        assertTrue(e.getMessage().contains("(2, 3)") && e.getMessage().contains("(2,)"), e.getMessage());
    }

    @Test
    void reductionsAndArgmax() {
        Tensor a = Tensor.matrix(new float[][] {{1, 5, 3}, {4, 2, 6}});
        assertArrayEquals(new float[] {5, 7, 9}, a.sum(0, false).data());
        assertArrayEquals(new float[] {3, 4}, a.mean(1, false).data());
        assertEquals(Shape.of(2, 1), a.mean(1, true).shape());
        assertArrayEquals(new float[] {5, 6}, a.max(1, false).data());
        assertArrayEquals(new float[] {1, 2}, a.argmax(1).data());
        assertEquals(21f, a.sum().item());
    }

    @Test
    void softmaxIsStableForHugeLogits() {
        Tensor s = Tensor.vector(1000f, 1001f, 1002f).softmax(0);
        assertEquals(0.09003057f, s.data()[0], 1e-6);
        assertEquals(0.66524096f, s.data()[2], 1e-6);
        Tensor ls = Tensor.vector(1000f, 0f).logSoftmax(0);
        assertEquals(0f, ls.data()[0], 1e-6);
        assertEquals(-1000f, ls.data()[1], 1e-3);
        assertEquals(0f, Tensor.vector(-1000f).sigmoid().item(), 1e-30);
    }

    @Test
    void shapeOpsMoveValuesCorrectly() {
        Tensor a = Tensor.of(new float[] {0, 1, 2, 3, 4, 5}, 2, 3);
        assertArrayEquals(new float[] {0, 3, 1, 4, 2, 5}, a.t().data());
        assertArrayEquals(new float[] {1, 2, 4, 5}, a.slice(1, 1, 3).data());
        Tensor c = Tensor.concat(List.of(a, Tensor.full(9, 2, 1)), 1);
        assertArrayEquals(new float[] {0, 1, 2, 9, 3, 4, 5, 9}, c.data());
        List<Tensor> parts = a.split(new int[] {1, 2}, 1);
        assertArrayEquals(new float[] {0, 3}, parts.get(0).data());
        assertArrayEquals(new float[] {1, 2, 4, 5}, parts.get(1).data());
        Tensor p = Tensor.vector(1, 2).pad(new int[] {1, 2}, -1f);
        assertArrayEquals(new float[] {-1, 1, 2, -1, -1}, p.data());
        Tensor x = Tensor.arange(24).reshape(2, 3, 4).permute(2, 0, 1);
        assertEquals(Shape.of(4, 2, 3), x.shape());
        assertEquals(13f, x.get(1, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> a.reshape(4, -1));
        assertThrows(IllegalArgumentException.class, () -> a.split(2, 1));
    }

    @Test
    void matmulMatchesHandComputation() {
        Tensor a = Tensor.matrix(new float[][] {{1, 2}, {3, 4}});
        Tensor b = Tensor.matrix(new float[][] {{5, 6}, {7, 8}});
        assertArrayEquals(new float[] {19, 22, 43, 50}, a.matmul(b).data());
        assertArrayEquals(new float[] {17, 39}, a.matmul(Tensor.vector(5, 6)).data());
        Tensor batch = Tensor.of(new float[] {1, 2, 3, 4, 2, 0, 0, 2}, 2, 2, 2);
        assertArrayEquals(new float[] {19, 22, 43, 50, 10, 12, 14, 16}, batch.matmul(b).data());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> a.matmul(Tensor.zeros(3, 2)));
        assertTrue(e.getMessage().contains("inner dimensions"), e.getMessage());
    }

    @Test
    void dropoutScalesKeptValuesAndKeepsTheExpectedFraction() {
        Tensor x = Tensor.ones(10000);
        Tensor y = x.dropout(0.25f, new SplittableRandom(1));
        int kept = 0;
        for (float v : y.data()) {
            assertTrue(v == 0f || Math.abs(v - 4f / 3f) < 1e-6);
            if (v != 0f) kept++;
        }
        assertEquals(7500, kept, 150);
    }

    @Test
    void biasGradientOfManyRowsIsTheColumnSum() {
        int rows = 16 * 64 * 2 + 37, c = 6;
        Tensor z = Tensor.uniform(3, -1f, 1f, rows, c);
        Tensor bias = Tensor.zeros(c).requiresGrad(true);
        Tensor g = Tensor.uniform(4, -1f, 1f, rows, c);
        org.neurite.tensor.ops.BiasActivation.apply(z, bias, org.neurite.tensor.ops.PointwiseActivation.LINEAR).backward(g);
        for (int j = 0; j < c; j++) {
            double expected = 0;
            for (int r = 0; r < rows; r++) expected += g.data()[r * c + j];
            assertEquals(expected, bias.grad().data()[j], 1e-4);
        }
    }
}
