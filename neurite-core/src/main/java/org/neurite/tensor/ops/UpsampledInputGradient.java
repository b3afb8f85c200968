package org.neurite.tensor.ops;

import org.neurite.kernel.Buffers;
import org.neurite.kernel.Conv2dKernel;
import org.neurite.kernel.ConvGeometry;
import org.neurite.tensor.Shape;
import org.neurite.tensor.Tensor;

/**
 * The input gradient of a convolution whose input is a nearest upsampling ({@link ConvBiasActivation}),
 * as a deferred tensor ({@link Tensor.Deferred}): the upsampling's backward
 * ({@link NearestUpsampling}) takes it through {@link #summed}, which adds each cell's gradient into
 * its block of the small map as the convolution computes it, with the bits of the full gradient
 * followed by the upsampling's adjoint. Anything else that reads it (a leaf, retainGrad, a second
 * consumer's sum, {@code Autograd.grad}) computes the full input gradient.
 */
final class UpsampledInputGradient implements Tensor.Deferred {
    private final ConvGeometry g;
    private final Tensor gradOut, kernel;
    private final NearestUpsampling upsampling;

    private UpsampledInputGradient(ConvGeometry g, Tensor gradOut, Tensor kernel, NearestUpsampling upsampling) {
        this.g = g;
        this.gradOut = gradOut;
        this.kernel = kernel;
        this.upsampling = upsampling;
    }

    /** d(sum gradOut * conv(up, kernel)) / d up, deferred; up is the upsampled tensor of {@code upsampling}. */
    static Tensor of(ConvGeometry g, Tensor gradOut, Tensor kernel, NearestUpsampling upsampling) {
        return Tensor.deferred(Shape.of(g.batch(), g.inH(), g.inW(), g.inC()), new UpsampledInputGradient(g, gradOut, kernel, upsampling));
    }

    /** The recipe behind grad when it is such a gradient for exactly this upsampling and still uncomputed; else null. */
    static UpsampledInputGradient of(Tensor grad, NearestUpsampling upsampling) {
        return grad.recipe() instanceof UpsampledInputGradient d && d.upsampling == upsampling && !grad.isComputed() ? d : null;
    }

    @Override
    public float[] compute() {
        float[] out = Buffers.uninitialized(g.inputSize());
        Conv2dKernel.backwardInput(g, gradOut.data(), kernel.data(), out);
        return out;
    }

    /** The gradient with respect to the upsampling's source: this gradient summed over each block. */
    Tensor summed() {
        Tensor source = upsampling.source();
        int fh = upsampling.factorH(), fw = upsampling.factorW();
        if (!Conv2dKernel.sumsUpsampledGradient(g, fh, fw)) {
            return Resampling.resampleAdjoint(Tensor.of(compute(), g.batch(), g.inH(), g.inW(), g.inC()), upsampling.rows(), upsampling.cols());
        }
        float[] ds = Buffers.uninitialized(source.size());
        Conv2dKernel.backwardInputUpsampled(g, gradOut.data(), kernel.data(), ds, fh, fw);
        return Tensor.of(ds, source.shape());
    }
}
