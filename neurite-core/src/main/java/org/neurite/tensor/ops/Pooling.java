package org.neurite.tensor.ops;

import java.util.Arrays;
import org.neurite.autograd.GradMode;
import org.neurite.kernel.Buffers;
import org.neurite.kernel.Pool2dKernel;
import org.neurite.kernel.PoolGeometry;
import org.neurite.tensor.Padding;
import org.neurite.tensor.Tensor;

/**
 * Max and average 2-d pooling over (N, H, W, C), with their backward rules.
 *
 * <p>Output (N, OH, OW, C), OH = floor((H + padTop + padBottom - poolH) / strideH) + 1 (likewise
 * OW). A null stride means the pool size (Keras' default).
 *
 * <p>Backward rules: max pooling sends each output gradient to the input element that was the
 * maximum (the first one in row-major window order on ties; nowhere if it was a padded cell);
 * average pooling spreads it evenly over the window. Both backward maps are recorded as ops whose
 * own backward is the forward gather/average, so gradients of gradients work.
 */
public final class Pooling {
    private Pooling() {}

    /**
     * Max pooling. Padded cells take {@code padding.padValue()}: -infinity by default (PyTorch,
     * Keras), or e.g. 0 via {@code Padding.same().withPadValue(0)} as some textbooks assume.
     */
    public static Tensor maxPool2d(Tensor x, int[] poolSize, int[] stride, Padding padding) {
        PoolGeometry g = geometry("max_pool2d", x, poolSize, stride, padding);
        float[] out = Buffers.uninitialized(g.outputSize());
        int[] argmax = Buffers.ints(g.outputSize());
        Pool2dKernel.maxForward(g, x.data(), padding.padValue(), out, argmax);
        Tensor result = Tensor.of(out, g.batch(), g.outH(), g.outW(), g.channels());
        // first-order backward: a deferred gradient the producer's activation backward can take in one pass
        return Tensor.record(result, "max_pool2d", new Tensor[] {x}, grad -> new Tensor[] {
            GradMode.isEnabled() ? maxScatter(g, grad, argmax) : MaxPoolGradient.of(g, x, result, grad, argmax)});
    }

    /** gradient of max pooling: output-shaped values added at the argmax positions of an input-shaped zero tensor. */
    private static Tensor maxScatter(PoolGeometry g, Tensor gradOut, int[] argmax) {
        float[] out = Buffers.uninitialized(g.inputSize()); // maxBackward zeroes it
        Pool2dKernel.maxBackward(g, gradOut.data(), argmax, out);
        Tensor result = Tensor.of(out, g.batch(), g.inH(), g.inW(), g.channels());
        return Tensor.record(result, "max_pool2d_grad", new Tensor[] {gradOut}, gg -> new Tensor[] {maxGather(g, gg, argmax)});
    }

    /** The adjoint of maxScatter: input-shaped values read at the argmax positions. */
    private static Tensor maxGather(PoolGeometry g, Tensor x, int[] argmax) {
        float[] out = Buffers.uninitialized(g.outputSize());
        Pool2dKernel.maxGather(g, x.data(), argmax, out);
        Tensor result = Tensor.of(out, g.batch(), g.outH(), g.outW(), g.channels());
        return Tensor.record(result, "max_pool2d_gather", new Tensor[] {x}, gg -> new Tensor[] {maxScatter(g, gg, argmax)});
    }

    /**
     * Average pooling with zero padding. Which cells an average divides by follows the framework
     * the padding mode comes from: with {@code Padding.same()} (Keras) padded cells are excluded
     * from the count, so a border window of 2 real cells divides by 2; with explicit padding
     * ({@code Padding.of(...)}, PyTorch) they are included (PyTorch's default
     * {@code count_include_pad=True}), so every window divides by poolH*poolW. Valid padding has
     * no padded cells. Use the overload with {@code countIncludePad} to choose explicitly.
     */
    public static Tensor avgPool2d(Tensor x, int[] poolSize, int[] stride, Padding padding) {
        return avgPool2d(x, poolSize, stride, padding, padding != null && padding.mode() == Padding.Mode.EXPLICIT);
    }

    /** Average pooling; padded cells count in each window's divisor iff {@code countIncludePad}. */
    public static Tensor avgPool2d(Tensor x, int[] poolSize, int[] stride, Padding padding, boolean countIncludePad) {
        PoolGeometry g = geometry("avg_pool2d", x, poolSize, stride, padding);
        return avgForward(g, x, countIncludePad);
    }

    private static Tensor avgForward(PoolGeometry g, Tensor x, boolean countIncludePad) {
        float[] out = Buffers.uninitialized(g.outputSize());
        Pool2dKernel.avgForward(g, x.data(), countIncludePad, out);
        Tensor result = Tensor.of(out, g.batch(), g.outH(), g.outW(), g.channels());
        return Tensor.record(result, "avg_pool2d", new Tensor[] {x}, grad -> new Tensor[] {avgBackward(g, grad, countIncludePad)});
    }

    private static Tensor avgBackward(PoolGeometry g, Tensor gradOut, boolean countIncludePad) {
        float[] out = Buffers.floats(g.inputSize());
        Pool2dKernel.avgBackward(g, gradOut.data(), countIncludePad, out);
        Tensor result = Tensor.of(out, g.batch(), g.inH(), g.inW(), g.channels());
        return Tensor.record(result, "avg_pool2d_grad", new Tensor[] {gradOut}, gg -> new Tensor[] {avgForward(g, gg, countIncludePad)});
    }

    /** The validated geometry of a pooling, with messages naming the op, what was expected and what came. */
    public static PoolGeometry geometry(String op, Tensor x, int[] poolSize, int[] stride, Padding padding) {
        if (x.rank() != 4) {
            throw new IllegalArgumentException(op + ": expected input (batch, height, width, channels), got " + x.shape());
        }
        if (poolSize == null) throw new IllegalArgumentException(op + ": pool size is null");
        if (padding == null) throw new IllegalArgumentException(op + ": padding is null (use Padding.valid() or Padding.same())");
        int[] p = Convolution.pair(op, "pool size", poolSize);
        int[] s = stride == null ? p : Convolution.pair(op, "stride", stride);
        int n = x.dim(0), h = x.dim(1), w = x.dim(2), c = x.dim(3);
        if (h == 0 || w == 0 || c == 0) throw new IllegalArgumentException(op + ": empty input " + x.shape());
        int[] pads = padding.resolve(h, w, p[0], p[1], s[0], s[1]);
        try {
            return PoolGeometry.of(n, h, w, c, p[0], p[1], s[0], s[1], pads[0], pads[1], pads[2], pads[3]);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(op + ": pool " + Arrays.toString(p) + " does not fit input " + x.shape() + " with padding "
                    + padding + " and stride " + Arrays.toString(s) + " (" + e.getMessage() + ")", e);
        }
    }
}
