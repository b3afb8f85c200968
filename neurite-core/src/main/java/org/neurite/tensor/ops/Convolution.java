package org.neurite.tensor.ops;

import java.util.Arrays;
import org.neurite.autograd.GradMode;
import org.neurite.kernel.Buffers;
import org.neurite.kernel.Conv2dKernel;
import org.neurite.kernel.ConvGeometry;
import org.neurite.tensor.Padding;
import org.neurite.tensor.Tensor;

/**
 * 2-d convolution (cross-correlation), channels-last, with its backward rules.
 *
 * <p>Shapes: input (N, H, W, C), kernel (KH, KW, C, F) as Keras stores it, output (N, OH, OW, F)
 * with OH = floor((H + padTop + padBottom - dilationH*(KH-1) - 1) / strideH) + 1 (likewise OW).
 *
 * <p>The three maps are bilinear and adjoint to one another, so each backward is one of the others:
 * <pre>
 *   out         = conv(x, K)
 *   d x         = inputGrad(g, K)      (gradOut x K^T, scattered back: a transposed convolution)
 *   d K         = kernelGrad(x, g)     (patches(x)^T x gradOut)
 * </pre>
 * and the backward of inputGrad / kernelGrad are again conv / inputGrad / kernelGrad, recorded
 * as ops, so gradients of gradients work.
 */
public final class Convolution {
    private Convolution() {}

    /**
     * conv2d of input (N, H, W, C) with kernel (KH, KW, C, F); stride and dilation are
     * {height, width} (a single value applies to both; null means 1).
     */
    public static Tensor conv2d(Tensor input, Tensor kernel, int[] stride, Padding padding, int[] dilation) {
        ConvGeometry g = geometry("conv2d", input, kernel, stride, padding, dilation);
        return forward(g, input, kernel);
    }

    /**
     * The geometry conv2d would use for these arguments, validated, with messages naming the op,
     * what was expected and what came.
     */
    public static ConvGeometry geometry(String op, Tensor input, Tensor kernel, int[] stride, Padding padding, int[] dilation) {
        if (input.rank() != 4) {
            throw new IllegalArgumentException(op + ": expected input (batch, height, width, channels), got " + input.shape());
        }
        if (kernel.rank() != 4) {
            throw new IllegalArgumentException(op + ": expected kernel (kernel_height, kernel_width, in_channels, filters), got " + kernel.shape());
        }
        int[] s = pair(op, "stride", stride);
        int[] d = pair(op, "dilation", dilation);
        if (padding == null) throw new IllegalArgumentException(op + ": padding is null (use Padding.valid() or Padding.same())");
        int n = input.dim(0), h = input.dim(1), w = input.dim(2), c = input.dim(3);
        int kh = kernel.dim(0), kw = kernel.dim(1), kc = kernel.dim(2), f = kernel.dim(3);
        if (kc != c) {
            throw new IllegalArgumentException(op + ": kernel " + kernel.shape() + " expects " + kc + " input channels, input " + input.shape() + " has " + c);
        }
        if (kh == 0 || kw == 0 || f == 0 || h == 0 || w == 0 || c == 0) {
            throw new IllegalArgumentException(op + ": empty input " + input.shape() + " or kernel " + kernel.shape());
        }
        long dilatedH = (long) d[0] * (kh - 1) + 1, dilatedW = (long) d[1] * (kw - 1) + 1;
        if (Math.max(dilatedH, dilatedW) > Padding.MAX_EXTENT) {
            throw new IllegalArgumentException(op + ": kernel " + kernel.shape() + " with dilation " + Arrays.toString(d) + " spans "
                    + dilatedH + "x" + dilatedW + ", more than the " + Padding.MAX_EXTENT + " per axis this library accepts");
        }
        int effH = (int) dilatedH, effW = (int) dilatedW;
        int[] pads = padding.resolve(h, w, effH, effW, s[0], s[1]);
        if ((long) h + pads[0] + pads[1] > Padding.MAX_EXTENT || (long) w + pads[2] + pads[3] > Padding.MAX_EXTENT) {
            throw new IllegalArgumentException(op + ": padding " + Arrays.toString(pads) + " makes input " + input.shape()
                    + " larger than the " + Padding.MAX_EXTENT + " per axis this library accepts");
        }
        try {
            return ConvGeometry.of(n, h, w, c, kh, kw, f, s[0], s[1], pads[0], pads[1], pads[2], pads[3], d[0], d[1]);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(op + ": kernel " + kernel.shape() + " (dilation " + Arrays.toString(d) + ") does not fit input "
                    + input.shape() + " with padding " + padding + " and stride " + Arrays.toString(s) + " (" + e.getMessage() + ")", e);
        }
    }

    /** out (N, OH, OW, F) = conv(input, kernel) for a known geometry. */
    public static Tensor forward(ConvGeometry g, Tensor input, Tensor kernel) {
        float[] out = Buffers.uninitialized(g.outputSize());
        float[] padded = paddedPlanesToKeep(g, kernel);
        Conv2dKernel.forward(g, input.data(), kernel.data(), null, out, padded, null);
        Tensor result = Tensor.of(out, g.batch(), g.outH(), g.outW(), g.outC());
        return Tensor.record(result, "conv2d", new Tensor[] {input, kernel}, grad -> new Tensor[] {
            input.requiresGrad() ? inputGrad(g, grad, kernel) : null,
            kernel.requiresGrad() ? kernelGrad(g, input, grad, padded) : null,
        });
    }

    /**
     * Where a forward pass leaves its padded input planes for the kernel gradient of the direct path
     * to reuse (null when no kernel gradient will be taken or the path keeps none).
     */
    static float[] paddedPlanesToKeep(ConvGeometry g, Tensor kernel) {
        int keep = kernel.requiresGrad() && GradMode.isEnabled() ? Conv2dKernel.paddedInputSize(g) : 0;
        return keep > 0 ? Buffers.uninitialized(keep) : null;
    }

    /**
     * The gradient of conv2d with respect to its input: gradOut (N, OH, OW, F) and kernel give an
     * (N, H, W, C) tensor. This is also the forward pass of a transposed convolution.
     */
    public static Tensor inputGrad(ConvGeometry g, Tensor gradOut, Tensor kernel) {
        float[] out = Buffers.uninitialized(g.inputSize()); // every path writes every element
        Conv2dKernel.backwardInput(g, gradOut.data(), kernel.data(), out);
        Tensor result = Tensor.of(out, g.batch(), g.inH(), g.inW(), g.inC());
        return Tensor.record(result, "conv2d_input_grad", new Tensor[] {gradOut, kernel}, gg -> new Tensor[] {
            gradOut.requiresGrad() ? forward(g, gg, kernel) : null,
            kernel.requiresGrad() ? kernelGrad(g, gg, gradOut) : null,
        });
    }

    /** The gradient of conv2d with respect to its kernel: input and gradOut give a (KH, KW, C, F) tensor. */
    public static Tensor kernelGrad(ConvGeometry g, Tensor input, Tensor gradOut) {
        return kernelGrad(g, input, gradOut, null);
    }

    /** kernelGrad with the padded input planes a forward pass of this geometry and input left (nullable). */
    static Tensor kernelGrad(ConvGeometry g, Tensor input, Tensor gradOut, float[] padded) {
        float[] out = Buffers.floats(g.kernelSize());
        Conv2dKernel.backwardKernel(g, input.data(), gradOut.data(), out, padded);
        Tensor result = Tensor.of(out, g.kH(), g.kW(), g.inC(), g.outC());
        return Tensor.record(result, "conv2d_kernel_grad", new Tensor[] {input, gradOut}, gg -> new Tensor[] {
            input.requiresGrad() ? inputGrad(g, gradOut, gg) : null,
            gradOut.requiresGrad() ? forward(g, input, gg) : null,
        });
    }

    /** {h, w} from null (1, 1), one value (v, v) or two values; all positive. */
    static int[] pair(String op, String what, int[] v) {
        if (v == null) return new int[] {1, 1};
        int[] p = switch (v.length) {
            case 1 -> new int[] {v[0], v[0]};
            case 2 -> new int[] {v[0], v[1]};
            default -> throw new IllegalArgumentException(op + ": " + what + " must have 1 or 2 values (height, width), got " + Arrays.toString(v));
        };
        if (p[0] <= 0 || p[1] <= 0) {
            throw new IllegalArgumentException(op + ": " + what + " must be positive, got " + Arrays.toString(v));
        }
        return p;
    }
}
