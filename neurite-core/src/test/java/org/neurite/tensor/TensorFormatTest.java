package org.neurite.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Tensor.toString() against what PyTorch 1.13 prints for the same values (repr of torch.tensor). */
class TensorFormatTest {
    private static Tensor range(int n, float scale, int... dims) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = i / scale;
        return Tensor.of(v, dims);
    }

    @Test
    void smallTensorsExactly() {
        assertEquals("tensor([[1., 2., 3.],\n        [4., 5., 6.]])", Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3).toString());
        assertEquals("tensor(3.5000)", Tensor.of(new float[] {3.5f}).toString());
        assertEquals("tensor([ 0.1000, -2.2500,  3.0000])", Tensor.vector(0.1f, -2.25f, 3f).toString());
        assertEquals("tensor([1.0000e-05, 1.0000e+00, 2.5000e+02])", Tensor.vector(1e-5f, 1f, 250f).toString());
        assertEquals("tensor([[-1.5000,  2.0000],\n        [ 3.2500, -4.0000]])", Tensor.of(new float[] {-1.5f, 2f, 3.25f, -4f}, 2, 2).toString());
        assertEquals("tensor([[[ 0.,  1.,  2.],\n         [ 3.,  4.,  5.]],\n\n        [[ 6.,  7.,  8.],\n         [ 9., 10., 11.]]])",
                range(12, 1, 2, 2, 3).toString());
        assertEquals("tensor([1., 2.], requires_grad=True)", Tensor.vector(1f, 2f).requiresGrad(true).toString());
    }

    @Test
    void longRowsWrapAt80Columns() {
        assertEquals("tensor([0.0000, 0.1429, 0.2857, 0.4286, 0.5714, 0.7143, 0.8571, 1.0000, 1.1429,\n"
                + "        1.2857, 1.4286, 1.5714, 1.7143, 1.8571, 2.0000, 2.1429, 2.2857, 2.4286,\n"
                + "        2.5714, 2.7143, 2.8571, 3.0000, 3.1429, 3.2857, 3.4286, 3.5714, 3.7143,\n"
                + "        3.8571, 4.0000, 4.1429])", range(30, 7, 30).toString());
    }

    @Test
    void largeTensorsAreElided() {
        assertEquals("tensor([[0.0000e+00, 1.0000e+00, 2.0000e+00,  ..., 4.7000e+01, 4.8000e+01,\n"
                + "         4.9000e+01],\n"
                + "        [5.0000e+01, 5.1000e+01, 5.2000e+01,  ..., 9.7000e+01, 9.8000e+01,\n"
                + "         9.9000e+01],\n"
                + "        [1.0000e+02, 1.0100e+02, 1.0200e+02,  ..., 1.4700e+02, 1.4800e+02,\n"
                + "         1.4900e+02],\n"
                + "        ...,\n"
                + "        [1.8500e+03, 1.8510e+03, 1.8520e+03,  ..., 1.8970e+03, 1.8980e+03,\n"
                + "         1.8990e+03],\n"
                + "        [1.9000e+03, 1.9010e+03, 1.9020e+03,  ..., 1.9470e+03, 1.9480e+03,\n"
                + "         1.9490e+03],\n"
                + "        [1.9500e+03, 1.9510e+03, 1.9520e+03,  ..., 1.9970e+03, 1.9980e+03,\n"
                + "         1.9990e+03]])", range(2000, 1, 40, 50).toString());
        assertEquals("tensor([[[0.0000e+00, 1.0000e-01, 2.0000e-01,  ..., 1.9700e+01,\n"
                + "          1.9800e+01, 1.9900e+01],\n"
                + "         [2.0000e+01, 2.0100e+01, 2.0200e+01,  ..., 3.9700e+01,\n"
                + "          3.9800e+01, 3.9900e+01],\n"
                + "         [4.0000e+01, 4.0100e+01, 4.0200e+01,  ..., 5.9700e+01,\n"
                + "          5.9800e+01, 5.9900e+01]],\n\n"
                + "        [[6.0000e+01, 6.0100e+01, 6.0200e+01,  ..., 7.9700e+01,\n"
                + "          7.9800e+01, 7.9900e+01],\n"
                + "         [8.0000e+01, 8.0100e+01, 8.0200e+01,  ..., 9.9700e+01,\n"
                + "          9.9800e+01, 9.9900e+01],\n"
                + "         [1.0000e+02, 1.0010e+02, 1.0020e+02,  ..., 1.1970e+02,\n"
                + "          1.1980e+02, 1.1990e+02]]])", range(1200, 10, 2, 3, 200).toString());
        // a million elements print in a few lines
        assertEquals(true, range(1_000_000, 1, 1000, 1000).toString().lines().count() < 20);
    }

    @Test
    void valueLastSettersForKotlin() {
        Tensor t = Tensor.of(new float[24], 2, 3, 4);
        t.set(1, 2, 3, 7f);
        assertEquals(7f, t.get(1, 2, 3));
        assertEquals(7f, t.data()[23]);
        Tensor m = Tensor.of(new float[6], 2, 3);
        m.set(1, 0, -2f);
        assertEquals(-2f, m.data()[3]);
        Tensor v = Tensor.of(new float[3], 3);
        v.set(2, 5f);
        assertEquals(5f, v.data()[2]);
        Tensor q = Tensor.of(new float[16], 2, 2, 2, 2);
        q.set(1, 1, 1, 0, 4f);
        assertEquals(4f, q.data()[14]);
        assertEquals("tensor([ 4., -4.])", Tensor.vector(2f, -2f).plus(Tensor.vector(2f, -2f)).toString());
        assertEquals("tensor([-2.,  2.])", Tensor.vector(2f, -2f).unaryMinus().toString());
        assertEquals("tensor([6., 6.])", Tensor.vector(2f, 3f).times(Tensor.vector(3f, 2f)).toString());
        assertEquals("tensor([1., 2.])", Tensor.vector(3f, 4f).minus(2f).toString());
    }
}
