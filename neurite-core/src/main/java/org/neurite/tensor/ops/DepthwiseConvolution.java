package org.neurite.tensor.ops;

import org.neurite.kernel.Buffers;
import org.neurite.kernel.ConvGeometry;
import org.neurite.kernel.DepthwiseConvKernel;
import org.neurite.tensor.Padding;
import org.neurite.tensor.Tensor;

/**
 * Depthwise 2-d convolution, channels-last: every input channel is convolved with its own
 * {@code M} filters (the depth multiplier), nothing is summed across channels.
 *
 * <p>Shapes: input (N, H, W, C), kernel (KH, KW, C, M) as Keras stores it, output
 * (N, OH, OW, C*M) where output channel {@code c*M + m} is input channel c with filter m
 * (TensorFlow's order); OH, OW as for {@link Convolution} (the geometry is the same with F = M):
 * <pre>
 *   out[n, y, x, c*M+m] = sum_{i,j} in[n, y*sH - padTop + i*dH, x*sW - padLeft + j*dW, c] * K[i, j, c, m]
 * </pre>
 * As for the dense convolution, forward, inputGrad and kernelGrad are bilinear and adjoint, so each
 * backward is one of the other two, recorded as an op (gradients of gradients work).
 */
public final class DepthwiseConvolution {
    private DepthwiseConvolution() {}

    public static Tensor depthwiseConv2d(Tensor input, Tensor kernel, int[] stride, Padding padding, int[] dilation) {
        ConvGeometry g = Convolution.geometry("depthwise_conv2d", input, kernel, stride, padding, dilation);
        return forward(g, input, kernel);
    }

    /** (N, OH, OW, C*M). */
    public static Tensor forward(ConvGeometry g, Tensor input, Tensor kernel) {
        float[] out = Buffers.floats(g.batch() * g.outH() * g.outW() * g.inC() * g.outC());
        DepthwiseConvKernel.forward(g, input.data(), kernel.data(), out);
        Tensor result = Tensor.of(out, g.batch(), g.outH(), g.outW(), g.inC() * g.outC());
        return Tensor.record(result, "depthwise_conv2d", new Tensor[] {input, kernel}, grad -> new Tensor[] {
            input.requiresGrad() ? inputGrad(g, grad, kernel) : null,
            kernel.requiresGrad() ? kernelGrad(g, input, grad) : null,
        });
    }

    /** Gradient w.r.t. the input: gradOut (N, OH, OW, C*M) and kernel give (N, H, W, C). */
    public static Tensor inputGrad(ConvGeometry g, Tensor gradOut, Tensor kernel) {
        float[] out = Buffers.floats(g.inputSize());
        DepthwiseConvKernel.inputGrad(g, gradOut.data(), kernel.data(), out);
        Tensor result = Tensor.of(out, g.batch(), g.inH(), g.inW(), g.inC());
        return Tensor.record(result, "depthwise_conv2d_input_grad", new Tensor[] {gradOut, kernel}, gg -> new Tensor[] {
            gradOut.requiresGrad() ? forward(g, gg, kernel) : null,
            kernel.requiresGrad() ? kernelGrad(g, gg, gradOut) : null,
        });
    }

    /** Gradient w.r.t. the kernel: input (N, H, W, C) and gradOut give (KH, KW, C, M). */
    public static Tensor kernelGrad(ConvGeometry g, Tensor input, Tensor gradOut) {
        float[] out = Buffers.floats(g.kernelSize());
        DepthwiseConvKernel.kernelGrad(g, input.data(), gradOut.data(), out);
        Tensor result = Tensor.of(out, g.kH(), g.kW(), g.inC(), g.outC());
        return Tensor.record(result, "depthwise_conv2d_kernel_grad", new Tensor[] {input, gradOut}, gg -> new Tensor[] {
            input.requiresGrad() ? inputGrad(g, gradOut, gg) : null,
            gradOut.requiresGrad() ? forward(g, input, gg) : null,
        });
    }
}
