package org.neurite.tensor.ops;

import org.neurite.kernel.GateMath;
import org.neurite.kernel.Pointwise;
import org.neurite.tensor.Tensor;

/**
 * The activations that fused ops apply in the same pass as the bias: each has a derivative that
 * can be computed from its output alone, so the backward pass needs no copy of the input.
 */
public enum PointwiseActivation {
    LINEAR, RELU, SIGMOID, TANH;

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

    /** y[i] = act(y[i]) for i in [from, to). */
    void applyInPlace(float[] y, int from, int to) {
        switch (this) {
            case LINEAR -> { }
            case RELU -> Pointwise.relu(y, y, from, to);
            case SIGMOID -> GateMath.sigmoid(y, from, to - from);
            case TANH -> GateMath.tanh(y, from, y, from, to - from);
        }
    }

    /** dz[i] = g[i] * act'(at output y[i]) for i in [from, to). */
    void backward(float[] g, float[] y, float[] dz, int from, int to) {
        switch (this) {
            case LINEAR -> System.arraycopy(g, from, dz, from, to - from);
            case RELU -> Pointwise.reluBackward(g, y, dz, from, to);
            case SIGMOID -> { for (int i = from; i < to; i++) dz[i] = g[i] * y[i] * (1f - y[i]); }
            case TANH -> { for (int i = from; i < to; i++) dz[i] = g[i] * (1f - y[i] * y[i]); }
        }
    }

    /** The same derivative with differentiable ops, for gradients of gradients. */
    Tensor backward(Tensor g, Tensor y) {
        return switch (this) {
            case LINEAR -> g;
            case RELU -> g.mul(Elementwise.unary(y, v -> v > 0f ? 1f : 0f));
            case SIGMOID -> g.mul(y.mul(y.rsub(1f)));
            case TANH -> g.mul(y.mul(y).rsub(1f));
        };
    }
}
