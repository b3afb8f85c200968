package org.neurite.nn.layers;

import org.neurite.tensor.Tensor;
import org.neurite.tensor.ops.RecurrentCells;
import org.neurite.tensor.ops.RecurrentSequences;

/**
 * Fully connected recurrence, as Keras' {@code SimpleRNN}: {@code h' = act(x_t W + h U + b)}
 * (act tanh by default; = PyTorch nn.RNN with nonlinearity tanh).
 *
 * <p>Input {@code (N, T, in)}; output {@code (N, u)} or {@code (N, T, u)}, plus state h
 * {@code (N, u)} with {@code returnState}. Weights: kernel {@code (in, u)}, recurrent_kernel
 * {@code (u, u)}, bias {@code (u)}. Parameters: {@code u (in + u) + u}.
 */
public final class SimpleRNN extends RecurrentLayer {
    /**
     * A fully connected RNN, {@code h_t = tanh(x_t W + h_{t-1} U + b)}, last step only.
     *
     * @param units the hidden state size; &gt; 0
     * @throws IllegalArgumentException if it is not positive
     */
    public SimpleRNN(int units) {
        super(units);
    }

    /**
     * A fully connected RNN with another activation.
     *
     * @param units the hidden state size; &gt; 0
     * @param activation applied to each new state, e.g. {@code relu}; null means linear
     * @throws IllegalArgumentException if units is not positive or the activation unknown
     */
    public SimpleRNN(int units, String activation) {
        super(units);
        activation(activation);
    }

    @Override
    protected int gates() {
        return 1;
    }

    @Override
    public int stateCount() {
        return 1;
    }

    @Override
    protected boolean fused() {
        return activation().equals("tanh");
    }

    @Override
    protected Tensor[] run(Tensor xProj, Tensor[] states, boolean needSequence) {
        Tensor seq = fused()
                ? RecurrentSequences.rnn(xProj, recurrentKernel.value(), states[0], goBackwards())
                : RecurrentCells.rnnSequence(xProj, recurrentKernel.value(), states[0], goBackwards(), act());
        return new Tensor[] {seq, timeStep(seq, seq.dim(1) - 1)};
    }

    @Override
    protected Tensor[] step(Tensor zx, Tensor[] states) {
        return new Tensor[] {RecurrentCells.rnnStep(zx, states[0], recurrentKernel.value(), act())};
    }

    /**
     * Loads a PyTorch {@code nn.RNN} layer: {@code kernel = weight_ih_l0^T} ({@code (u, in)} to
     * {@code (in, u)}), {@code recurrent_kernel = weight_hh_l0^T}, {@code bias = bias_ih_l0 + bias_hh_l0}. The layer must be built.
     *
     * @param weightIh {@code weight_ih_l0}, {@code (u, in)} row-major
     * @param weightHh {@code weight_hh_l0}, {@code (u, u)} row-major
     * @param biasIh {@code bias_ih_l0}, {@code (u)}, or null
     * @param biasHh {@code bias_hh_l0}, {@code (u)}, or null
     * @return this layer
     * @throws IllegalArgumentException if the layer is not built
     */
    public SimpleRNN loadPyTorchWeights(float[] weightIh, float[] weightHh, float[] biasIh, float[] biasHh) {
        requireBuiltFor("loading PyTorch weights");
        assignPyTorchKernels(weightIh, weightHh, new int[] {0});
        if (bias != null) bias.assign(summedBias(biasIh, biasHh, units));
        return this;
    }

    @Override
    public SimpleRNN activation(String name) {
        super.activation(name);
        return this;
    }

    @Override
    public SimpleRNN returnSequences(boolean value) {
        super.returnSequences(value);
        return this;
    }

    @Override
    public SimpleRNN returnState(boolean value) {
        super.returnState(value);
        return this;
    }

    @Override
    public SimpleRNN goBackwards(boolean value) {
        super.goBackwards(value);
        return this;
    }

    @Override
    public SimpleRNN name(String newName) {
        super.name(newName);
        return this;
    }

    @Override
    public SimpleRNN inputShape(int... dims) {
        super.inputShape(dims);
        return this;
    }

    @Override
    public SimpleRNN seed(long value) {
        super.seed(value);
        return this;
    }

    static SimpleRNN fromConfig(LayerConfig c) {
        return configure(new SimpleRNN(c.getInt("units")), c);
    }
}
