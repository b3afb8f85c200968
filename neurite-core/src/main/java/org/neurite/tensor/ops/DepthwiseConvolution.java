package org.neurite.tensor.ops;

import org.neurite.kernel.Buffers;
import org.neurite.kernel.ConvGeometry;
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

    private enum Mode { FORWARD, INPUT_GRAD, KERNEL_GRAD }

    public static Tensor depthwiseConv2d(Tensor input, Tensor kernel, int[] stride, Padding padding, int[] dilation) {
        ConvGeometry g = Convolution.geometry("depthwise_conv2d", input, kernel, stride, padding, dilation);
        return forward(g, input, kernel);
    }

    /** (N, OH, OW, C*M). */
    public static Tensor forward(ConvGeometry g, Tensor input, Tensor kernel) {
        float[] out = Buffers.floats(g.batch() * g.outH() * g.outW() * g.inC() * g.outC());
        loop(g, Mode.FORWARD, input.data(), kernel.data(), out);
        Tensor result = Tensor.of(out, g.batch(), g.outH(), g.outW(), g.inC() * g.outC());
        return Tensor.record(result, "depthwise_conv2d", new Tensor[] {input, kernel}, grad -> new Tensor[] {
            input.requiresGrad() ? inputGrad(g, grad, kernel) : null,
            kernel.requiresGrad() ? kernelGrad(g, input, grad) : null,
        });
    }

    /** Gradient w.r.t. the input: gradOut (N, OH, OW, C*M) and kernel give (N, H, W, C). */
    public static Tensor inputGrad(ConvGeometry g, Tensor gradOut, Tensor kernel) {
        float[] out = Buffers.floats(g.inputSize());
        loop(g, Mode.INPUT_GRAD, gradOut.data(), kernel.data(), out);
        Tensor result = Tensor.of(out, g.batch(), g.inH(), g.inW(), g.inC());
        return Tensor.record(result, "depthwise_conv2d_input_grad", new Tensor[] {gradOut, kernel}, gg -> new Tensor[] {
            gradOut.requiresGrad() ? forward(g, gg, kernel) : null,
            kernel.requiresGrad() ? kernelGrad(g, gg, gradOut) : null,
        });
    }

    /** Gradient w.r.t. the kernel: input (N, H, W, C) and gradOut give (KH, KW, C, M). */
    public static Tensor kernelGrad(ConvGeometry g, Tensor input, Tensor gradOut) {
        float[] out = Buffers.floats(g.kernelSize());
        loop(g, Mode.KERNEL_GRAD, input.data(), gradOut.data(), out);
        Tensor result = Tensor.of(out, g.kH(), g.kW(), g.inC(), g.outC());
        return Tensor.record(result, "depthwise_conv2d_kernel_grad", new Tensor[] {input, gradOut}, gg -> new Tensor[] {
            input.requiresGrad() ? inputGrad(g, gradOut, gg) : null,
            gradOut.requiresGrad() ? forward(g, input, gg) : null,
        });
    }

    /**
     * The one loop nest of the three maps. FORWARD: a = input, b = kernel, out = output;
     * INPUT_GRAD: a = gradOut, b = kernel, out = input-shaped; KERNEL_GRAD: a = input, b = gradOut,
     * out = kernel-shaped.
     */
    private static void loop(ConvGeometry g, Mode mode, float[] a, float[] b, float[] out) {
        int c = g.inC(), m = g.outC(), cm = c * m;
        int h = g.inH(), w = g.inW();
        for (int n = 0; n < g.batch(); n++) {
            for (int oy = 0; oy < g.outH(); oy++) {
                for (int ox = 0; ox < g.outW(); ox++) {
                    int o = ((n * g.outH() + oy) * g.outW() + ox) * cm;
                    for (int i = 0; i < g.kH(); i++) {
                        int iy = oy * g.strideH() - g.padTop() + i * g.dilationH();
                        if (iy < 0 || iy >= h) continue;
                        for (int j = 0; j < g.kW(); j++) {
                            int ix = ox * g.strideW() - g.padLeft() + j * g.dilationW();
                            if (ix < 0 || ix >= w) continue;
                            int x = ((n * h + iy) * w + ix) * c;
                            int k = (i * g.kW() + j) * cm;
                            for (int ch = 0; ch < c; ch++) {
                                for (int f = 0; f < m; f++) {
                                    int oc = o + ch * m + f, kc = k + ch * m + f;
                                    switch (mode) {
                                        case FORWARD -> out[oc] += a[x + ch] * b[kc];
                                        case INPUT_GRAD -> out[x + ch] += a[oc] * b[kc];
                                        case KERNEL_GRAD -> out[kc] += a[x + ch] * b[oc];
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}
