package org.neurite.nn.layers;

import java.util.Map;
import org.neurite.tensor.Shape;
import org.neurite.tensor.Tensor;
import org.neurite.tensor.ops.RecurrentCells;
import org.neurite.tensor.ops.RecurrentSequences;

/**
 * Gated recurrent unit, as Keras' {@code GRU}; Keras' gate blocks are {@code [z | r | h]}. With
 * {@code resetAfter} (Keras 2 default, = PyTorch nn.GRU): {@code x_t W + b_in} and
 * {@code h U + b_rec} are computed apart, {@code z = σ(.z), r = σ(.r), hh = tanh(x_h + r (hU_h + b_rec,h))},
 * {@code h' = z h + (1 - z) hh}. Without it (the original GRU) the reset gate multiplies h before
 * its product: {@code hh = tanh(x_h + (r h) U_h + b_h)}.
 *
 * <p>Input {@code (N, T, in)}; output {@code (N, u)} or {@code (N, T, u)}, plus state h
 * {@code (N, u)} with {@code returnState}. Weights: kernel {@code (in, 3u)}, recurrent_kernel
 * {@code (u, 3u)}, bias {@code (2, 3u)} with resetAfter (input row, recurrent row) else {@code (3u)}.
 * Parameters: {@code 3 (u (in + u) + 2u)} with resetAfter (PyTorch's count), else {@code 3 (u (in + u) + u)}.
 */
public final class GRU extends RecurrentLayer {
    private boolean resetAfter = true;

    /**
     * A GRU with Keras' defaults: tanh and sigmoid, reset_after, last step only.
     *
     * @param units the hidden state size; &gt; 0
     * @throws IllegalArgumentException if it is not positive
     */
    public GRU(int units) {
        super(units);
    }

    @Override
    protected int gates() {
        return 3;
    }

    @Override
    public int stateCount() {
        return 1;
    }

    /**
     * Keras' {@code reset_after}: apply the reset gate after the recurrent matrix product
     * (Keras 2+ and PyTorch; two bias rows) or before it (the original GRU; one bias row).
     *
     * @param value true (default) for after, false for before
     * @return this layer
     * @throws IllegalStateException if the layer is already built
     */
    public GRU resetAfter(boolean value) {
        checkMutable("resetAfter");
        this.resetAfter = value;
        return this;
    }

    /**
     * Whether the reset gate applies after the recurrent product.
     *
     * @return true for the reset_after form
     */
    public boolean resetAfter() {
        return resetAfter;
    }

    @Override
    public GRU recurrentActivation(String name) {
        super.recurrentActivation(name);
        return this;
    }

    @Override
    protected Shape biasShape() {
        return resetAfter ? Shape.of(2, 3 * units) : Shape.of(3 * units);
    }

    @Override
    protected Tensor inputBias() {
        if (bias == null || !resetAfter) return super.inputBias();
        return bias.value().slice(0, 0, 1).reshape(3 * units);
    }

    private Tensor recurrentBias() {
        return bias == null || !resetAfter ? null : bias.value().slice(0, 1, 2).reshape(3 * units);
    }

    @Override
    protected Tensor[] run(Tensor xProj, Tensor[] states, boolean needSequence) {
        Tensor seq;
        if (!resetAfter) {
            seq = RecurrentCells.gruSequenceResetBefore(xProj, recurrentKernel.value(), states[0], goBackwards(), act(), recurrentAct());
        } else if (fused()) {
            seq = RecurrentSequences.gru(xProj, recurrentKernel.value(), recurrentBias(), states[0], goBackwards());
        } else {
            seq = RecurrentCells.gruSequence(xProj, recurrentKernel.value(), recurrentBias(), states[0], goBackwards(), act(), recurrentAct());
        }
        return new Tensor[] {seq, timeStep(seq, seq.dim(1) - 1)};
    }

    @Override
    protected Tensor[] step(Tensor zx, Tensor[] states) {
        Tensor h = resetAfter ? RecurrentCells.gruStep(zx, states[0], recurrentKernel.value(), recurrentBias(), act(), recurrentAct())
                : RecurrentCells.gruStepResetBefore(zx, states[0], recurrentKernel.value(), act(), recurrentAct());
        return new Tensor[] {h};
    }

    /**
     * Loads the weights of a PyTorch {@code nn.GRU} layer (one direction, one layer); needs
     * {@code resetAfter} (PyTorch's formula). PyTorch orders the gate blocks r, z, n, Keras z, r, h,
     * so blocks are reordered (Keras [z, r, h] = PyTorch blocks [1, 0, 2]) while transposing:
     * {@code kernel = weight_ih_l0^T}, {@code recurrent_kernel = weight_hh_l0^T}, bias row 0 =
     * {@code bias_ih_l0}, row 1 = {@code bias_hh_l0}. The layer must be built.
     *
     * @param weightIh {@code weight_ih_l0}, {@code (3u, in)} row-major
     * @param weightHh {@code weight_hh_l0}, {@code (3u, u)} row-major
     * @param biasIh {@code bias_ih_l0}, {@code (3u)}, or null for {@code bias=False}
     * @param biasHh {@code bias_hh_l0}, {@code (3u)}, or null
     * @return this layer
     * @throws IllegalArgumentException if the layer is not built or resetAfter is off
     */
    public GRU loadPyTorchWeights(float[] weightIh, float[] weightHh, float[] biasIh, float[] biasHh) {
        requireBuiltFor("loading PyTorch weights");
        if (!resetAfter) throw error("PyTorch's GRU is the reset_after form; this layer has resetAfter(false)");
        int[] order = {1, 0, 2};
        assignPyTorchKernels(weightIh, weightHh, order);
        if (bias != null) {
            float[] b = new float[6 * units];
            if (biasIh != null) System.arraycopy(kerasBias(biasIh, order), 0, b, 0, 3 * units);
            if (biasHh != null) System.arraycopy(kerasBias(biasHh, order), 0, b, 3 * units, 3 * units);
            bias.assign(b);
        }
        return this;
    }

    @Override
    public GRU activation(String name) {
        super.activation(name);
        return this;
    }

    @Override
    public GRU returnSequences(boolean value) {
        super.returnSequences(value);
        return this;
    }

    @Override
    public GRU returnState(boolean value) {
        super.returnState(value);
        return this;
    }

    @Override
    public GRU goBackwards(boolean value) {
        super.goBackwards(value);
        return this;
    }

    @Override
    public GRU name(String newName) {
        super.name(newName);
        return this;
    }

    @Override
    public GRU inputShape(int... dims) {
        super.inputShape(dims);
        return this;
    }

    @Override
    public GRU seed(long value) {
        super.seed(value);
        return this;
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = super.config();
        c.put("recurrent_activation", recurrentActivation());
        c.put("reset_after", resetAfter);
        return c;
    }

    static GRU fromConfig(LayerConfig c) {
        return configure(new GRU(c.getInt("units")), c).resetAfter(c.getBool("reset_after", true));
    }
}
