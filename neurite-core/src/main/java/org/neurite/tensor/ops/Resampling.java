package org.neurite.tensor.ops;

import org.neurite.kernel.Buffers;
import org.neurite.kernel.Resample;
import org.neurite.tensor.Tensor;

/**
 * Separable linear resampling of (N, H, W, C) maps (see {@link Resample} for the formula): nearest
 * and bilinear upsampling and adaptive average pooling. The backward is the adjoint (scatter of
 * the same weights), recorded as an op whose backward is again the forward, so gradients of
 * gradients work.
 */
public final class Resampling {
    private Resampling() {}

    /** Nearest-neighbour upsampling by an integer factor: output i reads input i / factor. */
    public static Resample.Taps nearest(int in, int factor) {
        return Resample.nearest(in, factor);
    }

    /** Bilinear resizing with half-pixel centres (TensorFlow's {@code tf.image.resize}; PyTorch's {@code align_corners=False}). */
    public static Resample.Taps bilinear(int in, int out) {
        return Resample.bilinear(in, out);
    }

    /** PyTorch's adaptive average pooling bins: output i averages input positions [floor(i*in/out), ceil((i+1)*in/out)). */
    public static Resample.Taps adaptiveAverage(int in, int out) {
        return Resample.adaptiveAverage(in, out);
    }

    /** Applies row taps along H and column taps along W of an (N, H, W, C) tensor. */
    public static Tensor resample(Tensor x, Resample.Taps rows, Resample.Taps cols) {
        if (x.rank() != 4) throw new IllegalArgumentException("resample: expected input (batch, height, width, channels), got " + x.shape());
        if (x.dim(1) != rows.in() || x.dim(2) != cols.in()) {
            throw new IllegalArgumentException("resample: taps for " + rows.in() + "x" + cols.in() + " do not fit input " + x.shape());
        }
        Tensor result = Tensor.of(values(x, rows, cols), x.dim(0), rows.out(), cols.out(), x.dim(3));
        return Tensor.record(result, "resample", new Tensor[] {x}, g -> new Tensor[] {resampleAdjoint(g, rows, cols)});
    }

    /** The values of {@link #resample}, unrecorded. */
    static float[] values(Tensor x, Resample.Taps rows, Resample.Taps cols) {
        int n = x.dim(0), c = x.dim(3), size = n * rows.out() * cols.out() * c;
        boolean nearest = Resample.singleUnitTaps(rows) && Resample.singleUnitTaps(cols);
        float[] out = nearest ? Buffers.uninitialized(size) : Buffers.floats(size); // nearest writes every cell
        Resample.accumulate(x.data(), out, n, c, rows, cols, false);
        return out;
    }

    /** The adjoint of {@link #resample}: (N, OH, OW, C) back to (N, H, W, C), scattering with the same weights. */
    public static Tensor resampleAdjoint(Tensor g, Resample.Taps rows, Resample.Taps cols) {
        int n = g.dim(0), c = g.dim(3);
        float[] out = Buffers.floats(n * rows.in() * cols.in() * c);
        Resample.accumulate(g.data(), out, n, c, rows, cols, true);
        Tensor result = Tensor.of(out, n, rows.in(), cols.in(), c);
        return Tensor.record(result, "resample_adjoint", new Tensor[] {g}, gg -> new Tensor[] {resample(gg, rows, cols)});
    }

}
