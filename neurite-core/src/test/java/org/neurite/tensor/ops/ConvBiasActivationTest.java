package org.neurite.tensor.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.neurite.autograd.GradCheck.randomInput;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.neurite.autograd.GradCheck;
import org.neurite.kernel.ConvGeometry;
import org.neurite.tensor.Padding;
import org.neurite.tensor.Tensor;

class ConvBiasActivationTest {
    private static final double EPS = 1e-2, TOL = 2e-2;

    private static ConvGeometry geometry(Tensor x, Tensor k, int stride, Padding padding) {
        return Convolution.geometry("conv2d", x, k, new int[] {stride}, padding, null);
    }

    @Test
    void equalsConvolutionThenBiasActivationBitForBit() {
        Tensor x = Tensor.uniform(1, -1, 1, 3, 9, 8, 3);
        Tensor b = Tensor.uniform(3, -1, 1, 5);
        // stride 1 (direct kernels), stride 2 (im2col + Gemm), 1x1 (plain Gemm)
        Object[][] cases = {{Tensor.uniform(2, -1, 1, 3, 3, 3, 5), 1, Padding.same()}, {Tensor.uniform(2, -1, 1, 3, 3, 3, 5), 2, Padding.valid()},
                {Tensor.uniform(2, -1, 1, 1, 1, 3, 5), 1, Padding.valid()}};
        for (Object[] c : cases) {
            Tensor k = (Tensor) c[0];
            int stride = (Integer) c[1];
            Padding padding = (Padding) c[2];
            for (PointwiseActivation act : PointwiseActivation.values()) {
                float[] composed = BiasActivation.apply(x.conv2d(k, new int[] {stride}, padding, null), b, act).data();
                float[] fused = ConvBiasActivation.apply(geometry(x, k, stride, padding), x, k, b, act).data();
                assertArrayEquals(composed, fused, act + " stride " + stride + " kernel " + k.shape());
            }
        }
    }

    @Test
    void gradientsOfEveryActivation() {
        for (PointwiseActivation act : PointwiseActivation.values()) {
            GradCheck.assertGradients("conv2d_bias " + act, in -> ConvBiasActivation.apply(
                            geometry(in.get(0), in.get(1), 1, Padding.same()), in.get(0), in.get(1), in.get(2), act),
                    List.of(randomInput(10, 2, 5, 4, 2), randomInput(11, 3, 3, 2, 3), randomInput(12, 3)), EPS, TOL);
            GradCheck.assertGradients("conv2d_bias stride 2 " + act, in -> ConvBiasActivation.apply(
                            geometry(in.get(0), in.get(1), 2, Padding.valid()), in.get(0), in.get(1), in.get(2), act),
                    List.of(randomInput(13, 2, 6, 5, 2), randomInput(14, 2, 2, 2, 3), randomInput(15, 3)), EPS, TOL);
        }
    }

    @Test
    void gradientsWithAVectorOfFilters() {
        // 16 filters: the kernel gradient reads the padded input the forward pass kept (one vector of filters)
        GradCheck.assertGradients("conv2d_bias 16 filters", in -> ConvBiasActivation.apply(
                        geometry(in.get(0), in.get(1), 1, Padding.same()), in.get(0), in.get(1), in.get(2), PointwiseActivation.TANH),
                List.of(randomInput(18, 2, 5, 4, 2), randomInput(19, 3, 3, 2, 16), randomInput(20, 16)), EPS, TOL);
    }

    @Test
    void gradientsWithoutBias() {
        GradCheck.assertGradients("conv2d relu no bias", in -> ConvBiasActivation.apply(
                        geometry(in.get(0), in.get(1), 1, Padding.valid()), in.get(0), in.get(1), null, PointwiseActivation.RELU),
                List.of(randomInput(16, 2, 5, 5, 2), randomInput(17, 3, 3, 2, 4)), EPS, TOL);
    }

    @Test
    void noGradientForAnInputThatNeedsNone() {
        Tensor x = Tensor.uniform(20, -1, 1, 2, 6, 6, 1);
        Tensor k = randomInput(21, 3, 3, 1, 4).requiresGrad(true);
        Tensor b = randomInput(22, 4).requiresGrad(true);
        Tensor y = ConvBiasActivation.apply(geometry(x, k, 1, Padding.same()), x, k, b, PointwiseActivation.RELU);
        y.sum().backward();
        assertNull(x.grad());
        assertArrayEquals(k.shape().dims(), k.grad().shape().dims());
    }
}
