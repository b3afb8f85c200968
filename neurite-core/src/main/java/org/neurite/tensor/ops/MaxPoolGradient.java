package org.neurite.tensor.ops;

import org.neurite.kernel.Buffers;
import org.neurite.kernel.BiasKernels;
import org.neurite.kernel.Pool2dKernel;
import org.neurite.kernel.PoolGeometry;
import org.neurite.tensor.Tensor;

/**
 * The gradient that max pooling sends back to its input (the output gradient placed at each
 * window's maximum, zeros elsewhere), as a deferred tensor ({@link Tensor.Deferred}). The usual
 * consumer is the backward of the activation that produced the pooled map (conv, bias, ReLU, then
 * pooling): {@link #throughActivation} applies the activation's derivative to the pooled cells only,
 * reading the pooled map (equal to the activation's output at the maxima) instead of the
 * four-times-larger activation output, and sums the bias gradient over the pooled cells; then one
 * scatter (image by image, in cache) gives the pre-activation gradient. Unfused, the large map
 * was scattered, then read with the activation output, then written again.
 */
final class MaxPoolGradient implements Tensor.Deferred {
    private final PoolGeometry g;
    private final Tensor input, pooled, gradOut;
    private final int[] argmax;

    private MaxPoolGradient(PoolGeometry g, Tensor input, Tensor pooled, Tensor gradOut, int[] argmax) {
        this.g = g;
        this.input = input;
        this.pooled = pooled;
        this.gradOut = gradOut;
        this.argmax = argmax;
    }

    /** The input-shaped gradient of max pooling input -> pooled, from gradOut; computed when read. */
    static Tensor of(PoolGeometry g, Tensor input, Tensor pooled, Tensor gradOut, int[] argmax) {
        return Tensor.deferred(input.shape(), new MaxPoolGradient(g, input, pooled, gradOut, argmax));
    }

    /**
     * The recipe behind gradient {@code grad} when it is the max-pooling gradient of exactly the
     * tensor {@code y} with windows that do not overlap (so each cell receives at most one output's
     * gradient), and still uncomputed; else null.
     */
    static MaxPoolGradient of(Tensor grad, Tensor y) {
        if (!(grad.recipe() instanceof MaxPoolGradient m) || m.input != y || grad.isComputed()) return null;
        return m.g.strideH() >= m.g.poolH() && m.g.strideW() >= m.g.poolW() ? m : null;
    }

    @Override
    public float[] compute() {
        float[] out = Buffers.uninitialized(g.inputSize());
        Pool2dKernel.maxBackward(g, gradOut.data(), argmax, out);
        return out;
    }

    /**
     * {dz, d bias} of y = act(z + bias) when y's gradient is this one, as
     * {@link BiasActivation#gradients} gives them (d bias only with {@code hasBias}; either null
     * when not wanted): dz is zero but at the maxima, where it is act'(y) times the output
     * gradient, and act'(y) there is act' of the pooled value.
     */
    Tensor[] throughActivation(PointwiseActivation act, boolean wantZ, boolean wantBias, boolean hasBias) {
        float[] g1 = gradOut.data(), p = pooled.data();
        float[] small = Buffers.uninitialized(p.length);
        BiasKernels.pooledDerivative(act.kernel, g1, p, argmax, small);
        Tensor dz = null;
        if (wantZ) {
            float[] full = Buffers.uninitialized(g.inputSize());
            Pool2dKernel.maxBackward(g, small, argmax, full);
            dz = Tensor.of(full, input.shape());
        }
        if (!hasBias) return new Tensor[] {dz};
        return new Tensor[] {dz, wantBias ? BiasActivation.columnSums(Tensor.of(small, pooled.shape()), g.channels()) : null};
    }
}
