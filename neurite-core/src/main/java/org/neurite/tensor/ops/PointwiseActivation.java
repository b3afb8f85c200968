package org.neurite.tensor.ops;

import org.neurite.autograd.GradMode;
import org.neurite.kernel.Buffers;
import org.neurite.kernel.FusedActivation;
import org.neurite.tensor.Tensor;

/**
 * The activations that fused ops apply in the same pass as the bias: each has a derivative that
 * can be computed from its output alone, so the backward pass needs no copy of the input. The
 * loops are {@link FusedActivation}'s; the derivative as differentiable ops is written here once.
 */
public enum PointwiseActivation {
    LINEAR(FusedActivation.LINEAR), RELU(FusedActivation.RELU), SIGMOID(FusedActivation.SIGMOID), TANH(FusedActivation.TANH);

    /** The loops of this activation. */
    final FusedActivation kernel;

    PointwiseActivation(FusedActivation kernel) {
        this.kernel = kernel;
    }

    /** The fusable activation of a Keras name, or null (softmax and others run as their own op). */
    public static PointwiseActivation forName(String name) {
        return switch (name) {
            case "linear" -> LINEAR;
            case "relu" -> RELU;
            case "sigmoid" -> SIGMOID;
            case "tanh" -> TANH;
            default -> null;
        };
    }

    /** act(x) with the primitive op (the reference that the fused ops equal). */
    public Tensor apply(Tensor x) {
        return switch (this) {
            case LINEAR -> x;
            case RELU -> x.relu();
            case SIGMOID -> x.sigmoid();
            case TANH -> x.tanh();
        };
    }

    /** g * act'(y) taken at the output y, with differentiable ops (for gradients of gradients). */
    Tensor backward(Tensor g, Tensor y) {
        return switch (this) {
            case LINEAR -> g;
            case RELU -> g.mul(Elementwise.unary(y, v -> v > 0f ? 1f : 0f));
            case SIGMOID -> g.mul(y.mul(y.rsub(1f)));
            case TANH -> g.mul(y.mul(y).rsub(1f));
        };
    }

    /** g * act'(y): recorded ops while a backward pass is itself recorded, else one kernel pass. */
    Tensor derivative(Tensor g, Tensor y) {
        if (GradMode.isEnabled()) return backward(g, y);
        float[] r = Buffers.uninitialized(g.size());
        kernel.backward(g.data(), y.data(), r);
        return Tensor.of(r, y.shape());
    }
}
