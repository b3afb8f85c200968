package org.neurite.tensor.ops;

import org.neurite.kernel.Resample;
import org.neurite.tensor.Shape;
import org.neurite.tensor.Tensor;

/**
 * Nearest-neighbour upsampling of (N, H, W, C) maps by integer factors, as a deferred tensor
 * ({@link Tensor.Deferred}): a convolution that consumes it ({@link ConvBiasActivation}) reads the
 * small map through the factors, and hands back a deferred input gradient
 * ({@link UpsampledInputGradient}) that this op's backward sums straight into the small map, so a
 * decoder's upsampled maps are neither written nor read back. The values are computed, with the
 * same bits as {@link Resampling#resample}, only when something reads them; any other gradient
 * takes the adjoint of that resampling.
 */
public final class NearestUpsampling implements Tensor.Deferred {
    private final Tensor source;
    private final int factorH, factorW;

    private NearestUpsampling(Tensor source, int factorH, int factorW) {
        this.source = source;
        this.factorH = factorH;
        this.factorW = factorW;
    }

    /** x (N, H, W, C) upsampled to (N, H*factorH, W*factorW, C), each cell repeated over a factorH x factorW block. */
    public static Tensor apply(Tensor x, int factorH, int factorW) {
        if (x.rank() != 4) throw new IllegalArgumentException("upsample_nearest: expected input (batch, height, width, channels), got " + x.shape());
        if (factorH < 1 || factorW < 1) {
            throw new IllegalArgumentException("upsample_nearest: factors must be positive, got " + factorH + "x" + factorW);
        }
        NearestUpsampling up = new NearestUpsampling(x, factorH, factorW);
        Tensor out = Tensor.deferred(Shape.of(x.dim(0), x.dim(1) * factorH, x.dim(2) * factorW, x.dim(3)), up);
        return Tensor.record(out, "resample", new Tensor[] {x}, g -> new Tensor[] {up.sourceGradient(g)});
    }

    /**
     * The upsampling whose deferred result x is, while its values have not been computed (once they
     * have, someone may have written to them, and x is read as it is); else null.
     */
    public static NearestUpsampling of(Tensor x) {
        return x.recipe() instanceof NearestUpsampling up && !x.isComputed() ? up : null;
    }

    /** The gradient with respect to the source, from g with respect to the upsampled map. */
    private Tensor sourceGradient(Tensor g) {
        UpsampledInputGradient conv = UpsampledInputGradient.of(g, this);
        return conv != null ? conv.summed() : Resampling.resampleAdjoint(g, rows(), cols());
    }

    /** The map that is upsampled. */
    public Tensor source() {
        return source;
    }

    public int factorH() {
        return factorH;
    }

    public int factorW() {
        return factorW;
    }

    @Override
    public float[] compute() {
        return Resampling.values(source, rows(), cols());
    }

    Resample.Taps rows() {
        return Resampling.nearest(source.dim(1), factorH);
    }

    Resample.Taps cols() {
        return Resampling.nearest(source.dim(2), factorW);
    }
}
