package org.neurite.tensor.ops;

import org.neurite.autograd.GradMode;
import org.neurite.kernel.Buffers;
import org.neurite.kernel.Conv2dKernel;
import org.neurite.kernel.ConvGeometry;
import java.util.List;
import org.neurite.tensor.Shape;
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

    /**
     * input (N, H, W, C), kernel (KH, KW, C, F), bias (F) or null; output (N, OH, OW, F).
     *
     * <p>When the input is a nearest upsampling whose values nobody has computed yet
     * ({@link NearestUpsampling}), the convolution reads the small map through the factors, and its
     * input gradient is a deferred tensor that the upsampling's backward sums straight into the
     * small map's gradient: the upsampled map is neither written nor read back. The tape is the same
     * (this op's input is still the upsampled tensor), and so are the bits.
     */
    public static Tensor apply(ConvGeometry g, Tensor input, Tensor kernel, Tensor bias, PointwiseActivation act) {
        if (bias != null && (bias.rank() != 1 || bias.dim(0) != g.outC())) {
            throw new IllegalArgumentException("conv2d_bias_activation: bias " + bias.shape() + " does not match the " + g.outC() + " filters");
        }
        NearestUpsampling up = NearestUpsampling.of(input);
        boolean fromSmall = up != null && Conv2dKernel.readsUpsampled(g, up.factorH(), up.factorW());
        float[] y = Buffers.uninitialized(g.outputSize());
        float[] padded = Convolution.paddedPlanesToKeep(g, kernel);
        Conv2dKernel.Epilogue epilogue = act == PointwiseActivation.LINEAR ? null : act.kernel::applyInPlace;
        float[] b = bias == null ? null : bias.data();
        if (fromSmall) Conv2dKernel.forwardUpsampled(g, up.source().data(), up.factorH(), up.factorW(), kernel.data(), b, y, padded, epilogue);
        else Conv2dKernel.forward(g, input.data(), kernel.data(), b, y, padded, epilogue);
        Tensor out = Tensor.of(y, g.batch(), g.outH(), g.outW(), g.outC());
        Tensor[] inputs = bias == null ? new Tensor[] {input, kernel} : new Tensor[] {input, kernel, bias};
        return Tensor.record(out, "conv2d_bias_" + act.name().toLowerCase(), inputs, grad -> {
            if (GradMode.isEnabled()) return FusedPair.gradientsByReference(inputs, grad, in -> reference(g, in[0], in[1], in.length > 2 ? in[2] : null, act));
            boolean wantZ = input.requiresGrad() || kernel.requiresGrad();
            Tensor[] d = BiasActivation.gradients(act, grad, out, wantZ, bias != null && bias.requiresGrad(), bias != null);
            Tensor dz = d[0];
            boolean small = fromSmall;
            Tensor dInput = null, dKernel = null;
            if (input.requiresGrad()) dInput = small ? UpsampledInputGradient.of(g, dz, kernel, up) : Convolution.inputGrad(g, dz, kernel);
            if (kernel.requiresGrad()) dKernel = small ? kernelGradFromSmall(g, up, dz, padded) : Convolution.kernelGrad(g, input, dz, padded);
            return bias == null ? new Tensor[] {dInput, dKernel} : new Tensor[] {dInput, dKernel, d[1]};
        });
    }

    /** act(conv2d(input, kernel) + bias) from primitive ops: the reference of {@link #apply}. */
    public static Tensor reference(ConvGeometry g, Tensor input, Tensor kernel, Tensor bias, PointwiseActivation act) {
        Tensor z = Convolution.forward(g, input, kernel);
        return act.apply(bias == null ? z : z.add(bias));
    }

    /** The fused convolution and its reference on a (2, 5, 5, 3) input, 3x3 kernel, same padding, every activation. */
    static final List<FusedPair> PAIRS = java.util.Arrays.stream(PointwiseActivation.values())
            .map(act -> FusedPair.of("conv2d_bias_" + act.name().toLowerCase(),
                    in -> apply(exampleGeometry(in[0], in[1]), in[0], in[1], in[2], act),
                    in -> reference(exampleGeometry(in[0], in[1]), in[0], in[1], in[2], act),
                    Shape.of(2, 5, 5, 3), Shape.of(3, 3, 3, 4), Shape.of(4)))
            .toList();

    private static ConvGeometry exampleGeometry(Tensor input, Tensor kernel) {
        return Convolution.geometry("conv2d", input, kernel, new int[] {1, 1}, org.neurite.tensor.Padding.same(), new int[] {1, 1});
    }

    /** The kernel gradient with the input read through the upsampling (padded: the planes the forward kept, or null). */
    private static Tensor kernelGradFromSmall(ConvGeometry g, NearestUpsampling up, Tensor dz, float[] padded) {
        float[] dk = Buffers.uninitialized(g.kernelSize());
        Conv2dKernel.backwardKernelUpsampled(g, up.source().data(), up.factorH(), up.factorW(), dz.data(), dk, padded);
        return Tensor.of(dk, g.kH(), g.kW(), g.inC(), g.outC());
    }
}
