package org.neurite.nn.layers;

import java.util.Map;
import org.neurite.nn.Initializer;
import org.neurite.tensor.Shape;
import org.neurite.tensor.Tensor;
import org.neurite.tensor.ops.RecurrentCells;
import org.neurite.tensor.ops.RecurrentSequences;

/**
 * Long short-term memory, as Keras' {@code LSTM}. Per step, with {@code z = x_t W + h U + b} split
 * into the Keras gate blocks {@code [i | f | c | o]}:
 * {@code i = σ(z_i), f = σ(z_f), g = tanh(z_c), o = σ(z_o), c' = f c + i g, h' = o tanh(c')}.
 *
 * <p>Input {@code (N, T, in)}; output {@code (N, u)} or {@code (N, T, u)}, plus states h, c
 * {@code (N, u)} with {@code returnState} (see {@link RecurrentLayer} for the multi-output and
 * initial-state protocol). Weights: kernel {@code (in, 4u)}, recurrent_kernel {@code (u, 4u)},
 * ONE bias {@code (4u)} (Keras; {@code unitForgetBias} starts the forget block at 1).
 * Parameters: {@code 4 (u (in + u) + u)} — PyTorch's nn.LSTM has {@code 4u} more (two biases).
 */
public final class LSTM extends RecurrentLayer {
    private boolean unitForgetBias = true;

    /**
     * An LSTM with Keras' defaults: tanh and sigmoid, unit forget bias, last step only.
     *
     * @param units the hidden and cell state size; &gt; 0
     * @throws IllegalArgumentException if it is not positive
     */
    public LSTM(int units) {
        super(units);
    }

    @Override
    protected int gates() {
        return 4;
    }

    @Override
    public int stateCount() {
        return 2;
    }

    /**
     * Keras' {@code unit_forget_bias}: start the forget gate's bias at 1, so the cell keeps its
     * state early in training.
     *
     * @param value true (default) to add 1 to the forget block of the initial bias
     * @return this layer
     * @throws IllegalStateException if the layer is already built
     */
    public LSTM unitForgetBias(boolean value) {
        checkMutable("unitForgetBias");
        this.unitForgetBias = value;
        return this;
    }

    /**
     * Whether the forget gate's bias starts at 1.
     *
     * @return true with unit forget bias
     */
    public boolean unitForgetBias() {
        return unitForgetBias;
    }

    @Override
    public LSTM recurrentActivation(String name) {
        super.recurrentActivation(name);
        return this;
    }

    @Override
    protected Initializer effectiveBiasInitializer() {
        Initializer base = super.effectiveBiasInitializer();
        if (!unitForgetBias) return base;
        return (shape, random) -> { // Keras: concat(init(u), ones(u), init(2u))
            float[] d = new float[4 * units];
            System.arraycopy(base.sample(Shape.of(units), random), 0, d, 0, units);
            java.util.Arrays.fill(d, units, 2 * units, 1f);
            System.arraycopy(base.sample(Shape.of(2 * units), random), 0, d, 2 * units, 2 * units);
            return d;
        };
    }

    @Override
    protected Tensor[] run(Tensor xProj, Tensor[] states, boolean needSequence) {
        int steps = xProj.dim(1);
        Tensor packed = fused()
                ? RecurrentSequences.lstm(xProj, recurrentKernel.value(), states[0], states[1], goBackwards())
                : RecurrentCells.lstmSequence(xProj, recurrentKernel.value(), states[0], states[1], goBackwards(), act(), recurrentAct());
        return new Tensor[] {needSequence ? packed.slice(1, 0, steps) : null, timeStep(packed, steps - 1), timeStep(packed, steps)};
    }

    @Override
    protected Tensor[] step(Tensor zx, Tensor[] states) {
        return RecurrentCells.lstmStep(zx, states[0], states[1], recurrentKernel.value(), act(), recurrentAct());
    }

    /**
     * Loads the weights of a PyTorch {@code nn.LSTM} layer (one direction, one layer). PyTorch's
     * gate order i, f, g, o is Keras' i, f, c, o, so: {@code kernel = weight_ih_l0^T} ({@code (4u, in)}
     * to {@code (in, 4u)}), {@code recurrent_kernel = weight_hh_l0^T}, {@code bias = bias_ih_l0 + bias_hh_l0}
     * (Keras has one bias; the biases may be null for {@code bias=False}). The layer must be built.
     *
     * @param weightIh {@code weight_ih_l0}, {@code (4u, in)} row-major
     * @param weightHh {@code weight_hh_l0}, {@code (4u, u)} row-major
     * @param biasIh {@code bias_ih_l0}, {@code (4u)}, or null
     * @param biasHh {@code bias_hh_l0}, {@code (4u)}, or null
     * @return this layer
     * @throws IllegalArgumentException if the layer is not built
     */
    public LSTM loadPyTorchWeights(float[] weightIh, float[] weightHh, float[] biasIh, float[] biasHh) {
        requireBuiltFor("loading PyTorch weights");
        assignPyTorchKernels(weightIh, weightHh, new int[] {0, 1, 2, 3});
        if (bias != null) bias.assign(summedBias(biasIh, biasHh, 4 * units));
        return this;
    }

    @Override
    public LSTM activation(String name) {
        super.activation(name);
        return this;
    }

    // covariant options, so that chains keep the type
    @Override
    public LSTM returnSequences(boolean value) {
        super.returnSequences(value);
        return this;
    }

    @Override
    public LSTM returnState(boolean value) {
        super.returnState(value);
        return this;
    }

    @Override
    public LSTM goBackwards(boolean value) {
        super.goBackwards(value);
        return this;
    }

    @Override
    public LSTM name(String newName) {
        super.name(newName);
        return this;
    }

    @Override
    public LSTM inputShape(int... dims) {
        super.inputShape(dims);
        return this;
    }

    @Override
    public LSTM seed(long value) {
        super.seed(value);
        return this;
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = super.config();
        c.put("recurrent_activation", recurrentActivation());
        c.put("unit_forget_bias", unitForgetBias);
        return c;
    }

    static LSTM fromConfig(LayerConfig c) {
        return configure(new LSTM(c.getInt("units")), c).unitForgetBias(c.getBool("unit_forget_bias", true));
    }
}
