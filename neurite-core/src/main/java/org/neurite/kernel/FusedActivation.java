package org.neurite.kernel;

/**
 * The activations that fused ops (bias + activation, linear, conv) apply in the same pass: each
 * has a derivative that can be computed from its output alone, so the backward pass needs no
 * copy of the input. The one place where these derivatives are written as loops.
 */
public enum FusedActivation {
    LINEAR, RELU, SIGMOID, TANH;

    /** y[i] = act(y[i]) for i in [from, to). */
    public void applyInPlace(float[] y, int from, int to) {
        switch (this) {
            case LINEAR -> { }
            case RELU -> Pointwise.relu(y, y, from, to);
            case SIGMOID -> GateMath.sigmoid(y, from, to - from);
            case TANH -> GateMath.tanh(y, from, y, from, to - from);
        }
    }

    /** y = act(y) over the whole array, split over the kernel threads. */
    public void applyInPlace(float[] y) {
        if (this != LINEAR) Parallel.forRange(y.length, Arithmetic.PARALLEL_GRAIN, (from, to) -> applyInPlace(y, from, to));
    }

    /** dz[i] = g[i] * act'(at output y[i]) for i in [from, to). */
    public void backward(float[] g, float[] y, float[] dz, int from, int to) {
        switch (this) {
            case LINEAR -> System.arraycopy(g, from, dz, from, to - from);
            case RELU -> Pointwise.reluBackward(g, y, dz, from, to);
            case SIGMOID -> { for (int i = from; i < to; i++) dz[i] = g[i] * y[i] * (1f - y[i]); }
            case TANH -> { for (int i = from; i < to; i++) dz[i] = g[i] * (1f - y[i] * y[i]); }
        }
    }

    /** dz = g * act'(y) over the whole arrays, split over the kernel threads. */
    public void backward(float[] g, float[] y, float[] dz) {
        Parallel.forRange(dz.length, Arithmetic.PARALLEL_GRAIN, (from, to) -> backward(g, y, dz, from, to));
    }
}
