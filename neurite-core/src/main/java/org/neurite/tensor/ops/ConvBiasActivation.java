package org.neurite.tensor.ops;

import org.neurite.autograd.GradMode;
import org.neurite.kernel.Buffers;
import org.neurite.kernel.Conv2dKernel;
import org.neurite.kernel.ConvGeometry;
import org.neurite.tensor.Tensor;

/**
 * act(conv2d(x, K) + bias) as one op: the bias is added where the convolution stores its output and
 * the activation runs over each image's output while it is still in cache, so the feature map is
 * written once instead of three times. Same values as {@link Convolution#forward} followed by
 * {@link BiasActivation#apply}.
 *
 * <p>Backward: dz = g * act'(y) and d bias as in {@link BiasActivation}, then the convolution's
 * input and kernel gradients of dz (recorded ops, so gradients of gradients work).
 */
public final class ConvBiasActivation {
    private ConvBiasActivation() {}

    /** input (N, H, W, C), kernel (KH, KW, C, F), bias (F) or null; output (N, OH, OW, F). */
    public static Tensor apply(ConvGeometry g, Tensor input, Tensor kernel, Tensor bias, PointwiseActivation act) {
        if (bias != null && (bias.rank() != 1 || bias.dim(0) != g.outC())) {
            throw new IllegalArgumentException("conv2d_bias_activation: bias " + bias.shape() + " does not match the " + g.outC() + " filters");
        }
        NearestUpsampling up = NearestUpsampling.of(input);
        if (up != null && Conv2dKernel.readsUpsampled(g, up.factorH(), up.factorW())) {
            return ofUpsampled(g, up, kernel, bias, act);
        }
        float[] y = Buffers.uninitialized(g.outputSize());
        float[] padded = Convolution.paddedPlanesToKeep(g, kernel);
        Conv2dKernel.Epilogue epilogue = act == PointwiseActivation.LINEAR ? null : act::applyInPlace;
        Conv2dKernel.forward(g, input.data(), kernel.data(), bias == null ? null : bias.data(), y, padded, epilogue);
        Tensor out = Tensor.of(y, g.batch(), g.outH(), g.outW(), g.outC());
        Tensor[] inputs = bias == null ? new Tensor[] {input, kernel} : new Tensor[] {input, kernel, bias};
        return Tensor.record(out, "conv2d_bias_" + act.name().toLowerCase(), inputs, grad -> {
            boolean wantZ = input.requiresGrad() || kernel.requiresGrad();
            Tensor[] d = BiasActivation.gradients(act, grad, out, wantZ, bias != null && bias.requiresGrad(), bias != null);
            Tensor dz = d[0];
            Tensor dInput = input.requiresGrad() ? Convolution.inputGrad(g, dz, kernel) : null;
            Tensor dKernel = kernel.requiresGrad() ? Convolution.kernelGrad(g, input, dz, padded) : null;
            return bias == null ? new Tensor[] {dInput, dKernel} : new Tensor[] {dInput, dKernel, d[1]};
        });
    }

    /**
     * The same op on an input that is the nearest upsampling of a smaller map: the convolution reads
     * the smaller map through the factors and its gradients go straight to it (the input gradient
     * summed over each block as the upsampling's adjoint would), so the upsampled map is never
     * materialised. Recorded with the smaller map as input, as op upsample_nearest_conv2d_bias_ACT
     * (so the tape shows both steps). Gradients of gradients take the unfused route.
     */
    private static Tensor ofUpsampled(ConvGeometry g, NearestUpsampling up, Tensor kernel, Tensor bias, PointwiseActivation act) {
        Tensor source = up.source();
        int fh = up.factorH(), fw = up.factorW();
        float[] y = Buffers.uninitialized(g.outputSize());
        float[] padded = Convolution.paddedPlanesToKeep(g, kernel);
        Conv2dKernel.Epilogue epilogue = act == PointwiseActivation.LINEAR ? null : act::applyInPlace;
        Conv2dKernel.forwardUpsampled(g, source.data(), fh, fw, kernel.data(), bias == null ? null : bias.data(), y, padded, epilogue);
        Tensor out = Tensor.of(y, g.batch(), g.outH(), g.outW(), g.outC());
        Tensor[] inputs = bias == null ? new Tensor[] {source, kernel} : new Tensor[] {source, kernel, bias};
        return Tensor.record(out, "upsample_nearest_conv2d_bias_" + act.name().toLowerCase(), inputs, grad -> {
            boolean wantZ = source.requiresGrad() || kernel.requiresGrad();
            Tensor[] d = BiasActivation.gradients(act, grad, out, wantZ, bias != null && bias.requiresGrad(), bias != null);
            Tensor dz = d[0];
            Tensor dSource = null, dKernel = null;
            if (GradMode.isEnabled()) { // recording the backward: the composed, differentiable ops
                Tensor upsampled = NearestUpsampling.apply(source, fh, fw);
                if (source.requiresGrad()) dSource = Resampling.resampleAdjoint(Convolution.inputGrad(g, dz, kernel), up.rows(), up.cols());
                if (kernel.requiresGrad()) dKernel = Convolution.kernelGrad(g, upsampled, dz);
            } else {
                if (source.requiresGrad()) {
                    float[] ds = Buffers.floats(source.size());
                    Conv2dKernel.backwardInputUpsampled(g, dz.data(), kernel.data(), ds, fh, fw);
                    dSource = Tensor.of(ds, source.shape());
                }
                if (kernel.requiresGrad()) {
                    float[] dk = Buffers.uninitialized(g.kernelSize());
                    Conv2dKernel.backwardKernelUpsampled(g, source.data(), fh, fw, dz.data(), dk, padded);
                    dKernel = Tensor.of(dk, kernel.shape());
                }
            }
            return bias == null ? new Tensor[] {dSource, dKernel} : new Tensor[] {dSource, dKernel, d[1]};
        });
    }
}
