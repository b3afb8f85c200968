package org.neurite.nn.layers;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.neurite.nn.Activations;
import org.neurite.nn.Initializer;
import org.neurite.nn.Initializers;
import org.neurite.nn.Constraint;
import org.neurite.nn.Layer;
import org.neurite.nn.Regularizer;
import org.neurite.nn.Summary;
import org.neurite.nn.Weight;
import org.neurite.tensor.Shape;
import org.neurite.tensor.Tensor;
import org.neurite.tensor.ops.Linear;
import org.neurite.tensor.ops.PointwiseActivation;

/**
 * What {@link SimpleRNN}, {@link LSTM} and {@link GRU} share: Keras' options, shapes, weights and
 * the multi-output protocol.
 *
 * <p>Input {@code (N, T, features)} (T may differ between calls). Output {@code (N, units)} = the
 * last hidden state, or {@code (N, T, units)} with {@code returnSequences}. With
 * {@code returnState} the layer has further outputs, the final states ({@code h}, and {@code c} for
 * an LSTM), each {@code (N, units)}: eagerly {@code forwardAll(List.of(x), training)} returns
 * {@code [out, h(, c)]}, in a functional model {@code layer.applyAll(x)} gives one
 * {@code SymbolicTensor} per output; a {@code Sequential} passes only the main output on. Initial
 * states: call the layer on {@code [x, h0(, c0)]} (functional {@code apply(x, h0, c0)}, eager
 * {@code forward(List.of(x, h0, c0), training)}); by default they are zeros. With
 * {@code goBackwards} the sequence is read from the last step to the first and the returned
 * sequence is in that processing order (as Keras).
 *
 * <p>Weights (Keras layout, k = gates: 1 SimpleRNN, 3 GRU, 4 LSTM): kernel {@code (features, k*units)}
 * (glorot_uniform), recurrent_kernel {@code (units, k*units)} (orthogonal), bias (zeros). With the
 * default activations (tanh, sigmoid) a fused whole-sequence op runs (see
 * {@code tensor.ops.RecurrentSequences}); other activations use the composite cell of
 * {@code tensor.ops.RecurrentCells}.
 */
public abstract class RecurrentLayer extends Layer {
    /** The number of hidden units u: the size of the hidden state and of each output step. */
    protected final int units;
    private boolean returnSequences;
    private boolean returnState;
    private boolean goBackwards;
    private String activation = "tanh";
    private String recurrentActivation = "sigmoid";
    private boolean useBias = true;
    private Initializer kernelInitializer = Initializers.glorotUniform();
    private Initializer recurrentInitializer = Initializers.orthogonal();
    private Initializer biasInitializer = Initializers.zeros();
    private Regularizer kernelRegularizer;
    private Regularizer recurrentRegularizer;
    private Regularizer biasRegularizer;
    /** Input kernel {@code (features, k*units)}; null before build. */
    protected Weight kernel;
    /** Recurrent kernel {@code (units, k*units)}; null before build. */
    protected Weight recurrentKernel;
    /** Bias, {@link #biasShape()}; null before build or without bias. */
    protected Weight bias;

    /**
     * A recurrent layer with Keras' defaults (last step only, no states returned, tanh and
     * sigmoid, with bias).
     *
     * @param units the hidden state size u; &gt; 0
     * @throws IllegalArgumentException if units is not positive
     */
    protected RecurrentLayer(int units) {
        if (units <= 0) throw new IllegalArgumentException(getClass().getSimpleName() + ": units must be positive, got " + units);
        this.units = units;
    }

    /**
     * The gate count k, which sizes the kernels.
     *
     * @return 1 (SimpleRNN), 3 (GRU) or 4 (LSTM)
     */
    protected abstract int gates();

    /**
     * How many state tensors the cell carries (and returns with {@code returnState}).
     *
     * @return 1 (h) or 2 (h and c, for an LSTM)
     */
    public abstract int stateCount();

    /**
     * The shape of the bias weight.
     *
     * @return {@code (k*units)}; {@code (2, k*units)} for a GRU with reset_after
     */
    protected Shape biasShape() {
        return Shape.of(gates() * units);
    }

    /**
     * The bias initializer actually used.
     *
     * @return the configured one; an LSTM with unit forget bias wraps it to set the forget gate's block to 1
     */
    protected Initializer effectiveBiasInitializer() {
        return biasInitializer;
    }

    /**
     * The part of the bias added to the input projection {@code x W}.
     *
     * @return shape {@code (k*units)}, or null without bias
     */
    protected Tensor inputBias() {
        return bias == null ? null : bias.value();
    }

    /**
     * Runs the recurrence on the input projection {@code xProj (N, T, k*units)} (bias included)
     * from the given states.
     *
     * @param xProj the input projection, {@code (N, T, k*units)}, input bias included
     * @param states the initial states, each {@code (N, units)} (h first, then c for an LSTM)
     * @param needSequence whether the whole output sequence is needed
     * @return {@code [sequence (N, T, u) or null when not needed, final states...]}
     */
    protected abstract Tensor[] run(Tensor xProj, Tensor[] states, boolean needSequence);

    // ---------------------------------------------------------------- options

    /**
     * Keras' {@code return_sequences}: output every step instead of the last.
     *
     * @param value true: output {@code (N, T, units)}; false (default): {@code (N, units)}
     * @return this layer
     * @throws IllegalStateException if the layer is already built
     */
    public RecurrentLayer returnSequences(boolean value) {
        checkMutable("returnSequences");
        this.returnSequences = value;
        return this;
    }

    /**
     * Keras' {@code return_state}: the final states become further outputs.
     *
     * @param value true: outputs {@code [out, h(, c)]}, each state {@code (N, units)}; false (default): out only
     * @return this layer
     * @throws IllegalStateException if the layer is already built
     */
    public RecurrentLayer returnState(boolean value) {
        checkMutable("returnState");
        this.returnState = value;
        return this;
    }

    /**
     * Keras' {@code go_backwards}: read the sequence from its last step to its first.
     *
     * @param value true: reversed, and a returned sequence is in processing order; false (default): forward
     * @return this layer
     * @throws IllegalStateException if the layer is already built
     */
    public RecurrentLayer goBackwards(boolean value) {
        checkMutable("goBackwards");
        this.goBackwards = value;
        return this;
    }

    /**
     * Keras' {@code activation}: applied to the candidate state (and to the output of an LSTM's cell).
     *
     * @param name an activation name (default {@code tanh}; null or empty: linear); others than
     *     tanh take the slower composite cell
     * @return this layer
     * @throws IllegalArgumentException if the name is unknown
     * @throws IllegalStateException if the layer is already built
     */
    public RecurrentLayer activation(String name) {
        checkMutable("activation");
        this.activation = Activations.normalize(name);
        return this;
    }

    /**
     * Keras' {@code recurrent_activation}, applied to the gates (LSTM and GRU only).
     *
     * @param name an activation name (default {@code sigmoid})
     * @return this layer
     * @throws IllegalArgumentException if the name is unknown
     * @throws IllegalStateException if the layer is already built
     */
    protected RecurrentLayer recurrentActivation(String name) {
        checkMutable("recurrentActivation");
        this.recurrentActivation = Activations.normalize(name);
        return this;
    }

    /**
     * Keras' {@code use_bias}.
     *
     * @param value whether the layer has a bias weight (default true)
     * @return this layer
     * @throws IllegalStateException if the layer is already built
     */
    public RecurrentLayer useBias(boolean value) {
        checkMutable("useBias");
        this.useBias = value;
        return this;
    }

    /**
     * Keras' {@code kernel_initializer}.
     *
     * @param init fills the input kernel at build (default glorot_uniform)
     * @return this layer
     * @throws IllegalStateException if the layer is already built
     */
    public RecurrentLayer kernelInitializer(Initializer init) {
        checkMutable("kernelInitializer");
        this.kernelInitializer = init;
        return this;
    }

    /**
     * Keras' {@code recurrent_initializer}.
     *
     * @param init fills the recurrent kernel at build (default orthogonal)
     * @return this layer
     * @throws IllegalStateException if the layer is already built
     */
    public RecurrentLayer recurrentInitializer(Initializer init) {
        checkMutable("recurrentInitializer");
        this.recurrentInitializer = init;
        return this;
    }

    /**
     * Keras' {@code bias_initializer}.
     *
     * @param init fills the bias at build (default zeros)
     * @return this layer
     * @throws IllegalStateException if the layer is already built
     */
    public RecurrentLayer biasInitializer(Initializer init) {
        checkMutable("biasInitializer");
        this.biasInitializer = init;
        return this;
    }

    /**
     * Keras' {@code kernel_regularizer}.
     *
     * @param r a penalty on the input kernel added to the loss, or null for none (default)
     * @return this layer
     * @throws IllegalStateException if the layer is already built
     */
    public RecurrentLayer kernelRegularizer(Regularizer r) {
        checkMutable("kernelRegularizer");
        this.kernelRegularizer = r;
        return this;
    }

    /**
     * Keras' {@code recurrent_regularizer}.
     *
     * @param r a penalty on the recurrent kernel added to the loss, or null for none (default)
     * @return this layer
     * @throws IllegalStateException if the layer is already built
     */
    public RecurrentLayer recurrentRegularizer(Regularizer r) {
        checkMutable("recurrentRegularizer");
        this.recurrentRegularizer = r;
        return this;
    }

    /**
     * Keras' {@code bias_regularizer}.
     *
     * @param r a penalty on the bias added to the loss, or null for none (default)
     * @return this layer
     * @throws IllegalStateException if the layer is already built
     */
    public RecurrentLayer biasRegularizer(Regularizer r) {
        checkMutable("biasRegularizer");
        this.biasRegularizer = r;
        return this;
    }

    /**
     * Keras' {@code kernel_constraint}, applied after each optimizer step (see {@link org.neurite.nn.Constraints}).
     *
     * @param c the constraint on the input kernel, or null for none
     * @return this layer
     */
    public RecurrentLayer kernelConstraint(Constraint c) {
        constraint("kernel", c);
        return this;
    }

    /**
     * Keras' {@code recurrent_constraint}, applied after each optimizer step.
     *
     * @param c the constraint on the recurrent kernel, or null for none
     * @return this layer
     */
    public RecurrentLayer recurrentConstraint(Constraint c) {
        constraint("recurrent_kernel", c);
        return this;
    }

    /**
     * Keras' {@code bias_constraint}, applied after each optimizer step.
     *
     * @param c the constraint on the bias, or null for none
     * @return this layer
     */
    public RecurrentLayer biasConstraint(Constraint c) {
        constraint("bias", c);
        return this;
    }

    @Override
    public RecurrentLayer activityRegularizer(Regularizer r) {
        super.activityRegularizer(r);
        return this;
    }

    @Override
    protected Map<String, String> constraintKeys() {
        return constraintKeys("kernel_constraint", "kernel", "recurrent_constraint", "recurrent_kernel", "bias_constraint", "bias");
    }

    /**
     * The hidden state size.
     *
     * @return u, the size of each output step and state
     */
    public int units() {
        return units;
    }

    /**
     * Whether every step is output.
     *
     * @return true for {@code (N, T, units)} outputs, false for {@code (N, units)}
     */
    public boolean returnSequences() {
        return returnSequences;
    }

    /**
     * Whether the final states are further outputs.
     *
     * @return true if the layer outputs {@code [out, h(, c)]}
     */
    public boolean returnState() {
        return returnState;
    }

    /**
     * Whether the sequence is read backwards.
     *
     * @return true if the last step is read first
     */
    public boolean goBackwards() {
        return goBackwards;
    }

    /**
     * The candidate state's activation.
     *
     * @return its normalized name, e.g. {@code tanh}
     */
    public String activation() {
        return activation;
    }

    /**
     * The gates' activation (unused by SimpleRNN).
     *
     * @return its normalized name, e.g. {@code sigmoid}
     */
    public String recurrentActivation() {
        return recurrentActivation;
    }

    /**
     * Whether the layer has a bias.
     *
     * @return true if it adds a bias weight
     */
    public boolean useBias() {
        return useBias;
    }

    /**
     * The input kernel.
     *
     * @return shape {@code (features, k*units)}, gate blocks in Keras' order; null before build
     */
    public Weight kernel() {
        return kernel;
    }

    /**
     * The recurrent kernel.
     *
     * @return shape {@code (units, k*units)}; null before build
     */
    public Weight recurrentKernel() {
        return recurrentKernel;
    }

    /**
     * The bias.
     *
     * @return shape {@link #biasShape()}; null before build or without bias
     */
    public Weight bias() {
        return bias;
    }

    /**
     * Whether the fused whole-sequence op applies.
     *
     * @return true with the default activations (tanh, sigmoid)
     */
    protected boolean fused() {
        return activation.equals("tanh") && recurrentActivation.equals("sigmoid");
    }

    /**
     * The candidate state's activation as a function.
     *
     * @return the function named by {@link #activation()}
     */
    protected UnaryOperator<Tensor> act() {
        return Activations.get(activation);
    }

    /**
     * The gates' activation as a function.
     *
     * @return the function named by {@link #recurrentActivation()}
     */
    protected UnaryOperator<Tensor> recurrentAct() {
        return Activations.get(recurrentActivation);
    }

    // ---------------------------------------------------------------- shapes and weights

    @Override
    protected List<Shape> computeOutputShapes(List<Shape> in) {
        Shape x = in.get(0);
        if (x.rank() != 2 || x.dim(0) < 1) {
            throw error("expected input (None, timesteps, features), got " + Summary.shapeString(x));
        }
        if (in.size() != 1 && in.size() != 1 + stateCount()) {
            throw error("expected the input alone or the input and " + stateCount() + " initial state(s), got " + in.size() + " tensors");
        }
        for (int i = 1; i < in.size(); i++) {
            if (!in.get(i).equals(Shape.of(units))) {
                throw error("expected initial state " + (i - 1) + " of shape " + Summary.shapeString(Shape.of(units)) + ", got " + Summary.shapeString(in.get(i)));
            }
        }
        List<Shape> out = new ArrayList<>();
        out.add(returnSequences ? Shape.of(x.dim(0), units) : Shape.of(units));
        if (returnState) for (int i = 0; i < stateCount(); i++) out.add(Shape.of(units));
        return out;
    }

    @Override
    protected Shape computeOutputShape(List<Shape> inputShapes) {
        return computeOutputShapes(inputShapes).get(0);
    }

    /** For wrappers in this package (Bidirectional). */
    List<Shape> outputShapesFor(List<Shape> inputShapes) {
        return computeOutputShapes(inputShapes);
    }

    @Override
    protected void createWeights(List<Shape> in) {
        int features = in.get(0).dim(1);
        kernel = addWeight("kernel", Shape.of(features, gates() * units), kernelInitializer, kernelRegularizer, true);
        recurrentKernel = addWeight("recurrent_kernel", Shape.of(units, gates() * units), recurrentInitializer, recurrentRegularizer, true);
        if (useBias) bias = addWeight("bias", biasShape(), effectiveBiasInitializer(), biasRegularizer, true);
    }

    /** Other sequence lengths are fine; features and state shapes must match. */
    @Override
    protected boolean acceptsInput(Shape built, Shape got) {
        if (built.rank() == 2) return got.rank() == 2 && got.dim(0) >= 1 && got.dim(1) == built.dim(1);
        return built.equals(got);
    }

    // ---------------------------------------------------------------- running

    @Override
    protected List<Tensor> callAll(List<Tensor> inputs, boolean training) {
        Tensor[] r = run(projection(inputs.get(0)), initialStates(inputs), returnSequences);
        return outputs(returnSequences ? r[0] : r[1], r);
    }

    /**
     * With a mask {@code (N, T)} on the input (Keras' masking): a masked step leaves the states as
     * they were, and its output repeats the previous step's (zeros before the first real step),
     * as Keras' RNN with {@code zero_output_for_mask=False}; the last output is that of the last
     * real step.
     */
    @Override
    protected List<Tensor> callAll(List<Tensor> inputs, List<Tensor> masks, boolean training) {
        Tensor x = inputs.get(0);
        Tensor mask = masks.get(0);
        if (mask == null) return callAll(inputs, training);
        if (mask.rank() != 2 || mask.dim(0) != x.dim(0) || mask.dim(1) != x.dim(1)) {
            throw error("expected a mask (" + x.dim(0) + ", " + x.dim(1) + ") for input " + x.shape() + ", got " + mask.shape());
        }
        int[] lengths = prefixLengths(mask);
        if (lengths != null && !goBackwards && (stateCount() == 1 || !returnState)) return paddedAtTheEnd(inputs, mask, lengths);
        Tensor xProj = projection(x);
        Tensor[] states = initialStates(inputs);
        int steps = x.dim(1);
        List<Tensor> seq = new ArrayList<>(steps);
        Tensor out = Tensor.zeros(x.dim(0), units);
        for (int s = 0; s < steps; s++) {
            int t = goBackwards ? steps - 1 - s : s;
            Tensor real = Masks.step(mask, t);
            Tensor padding = real.rsub(1f);
            Tensor[] next = step(timeStep(xProj, t), states);
            for (int i = 0; i < states.length; i++) states[i] = next[i].mul(real).add(states[i].mul(padding));
            out = next[0].mul(real).add(out.mul(padding));
            if (returnSequences) seq.add(out.unsqueeze(1));
        }
        Tensor[] r = new Tensor[1 + states.length];
        System.arraycopy(states, 0, r, 1, states.length);
        return outputs(returnSequences ? Tensor.concat(seq, 1) : out, r);
    }

    /**
     * The common case of padding at the end only (every row: real steps, then padding; at least one
     * real step): the fused whole-sequence op runs unmasked, since later steps never change earlier
     * ones, and every padding step then repeats the output of the row's last real step, which is
     * also the final state (h; an LSTM's c at that step is not kept, so an LSTM returning its states
     * takes the step-by-step path).
     */
    private List<Tensor> paddedAtTheEnd(List<Tensor> inputs, Tensor mask, int[] lengths) {
        Tensor x = inputs.get(0);
        int n = x.dim(0), steps = x.dim(1);
        Tensor seq = run(projection(x), initialStates(inputs), true)[0];
        float[] lastStep = new float[n * steps];
        for (int i = 0; i < n; i++) lastStep[i * steps + lengths[i] - 1] = 1f;
        Tensor last = seq.mul(Tensor.of(lastStep, n, steps, 1)).sum(1, false); // (N, u)
        Tensor out = last;
        if (returnSequences) {
            Tensor real = Masks.broadcastable(mask, 3);
            out = seq.mul(real).add(last.unsqueeze(1).mul(real.rsub(1f)));
        }
        return outputs(out, new Tensor[] {null, last});
    }

    /** Real steps per row if the mask is ones then zeros in every row with at least one real step, else null. */
    private static int[] prefixLengths(Tensor mask) {
        int n = mask.dim(0), steps = mask.dim(1);
        float[] m = mask.data();
        int[] lengths = new int[n];
        for (int i = 0; i < n; i++) {
            int len = 0;
            while (len < steps && m[i * steps + len] != 0f) len++;
            for (int t = len; t < steps; t++) if (m[i * steps + t] != 0f) return null;
            if (len == 0) return null;
            lengths[i] = len;
        }
        return lengths;
    }

    /** The sequence keeps the mask (Keras); the last state alone has no time axis to mask. */
    @Override
    protected Tensor computeMask(List<Tensor> inputs, List<Tensor> masks) {
        return returnSequences ? masks.get(0) : null;
    }

    /**
     * One step of the cell: the states after reading {@code zx (N, k*units)} (the step's input
     * projection, input bias included) from {@code states} (h first, then c for an LSTM).
     *
     * @param zx the step's input projection, {@code (N, k*units)}
     * @param states the states before the step, each {@code (N, units)}
     * @return the states after the step, in the same order
     */
    protected abstract Tensor[] step(Tensor zx, Tensor[] states);

    /** The input projection of every time step at once, bias fused into the same op: (N, T, k*units). */
    private Tensor projection(Tensor x) {
        return Linear.apply(x.reshape(-1, x.dim(2)), kernel.value(), inputBias(), PointwiseActivation.LINEAR)
                .reshape(x.dim(0), x.dim(1), kernel.value().dim(1));
    }

    /** The initial states given after the input, or zeros. */
    private Tensor[] initialStates(List<Tensor> inputs) {
        int n = inputs.get(0).dim(0);
        Tensor[] states = new Tensor[stateCount()];
        for (int i = 0; i < states.length; i++) {
            if (inputs.size() > 1) {
                states[i] = inputs.get(1 + i);
                if (states[i].dim(0) != n) throw error("initial state " + i + " has batch " + states[i].dim(0) + ", the input has " + n);
            } else {
                states[i] = Tensor.zeros(n, units);
            }
        }
        return states;
    }

    /** The main output, then with returnState the final states {@code r[1..]}. */
    private List<Tensor> outputs(Tensor main, Tensor[] r) {
        List<Tensor> out = new ArrayList<>(1 + stateCount());
        out.add(main);
        if (returnState) for (int i = 0; i < stateCount(); i++) out.add(r[1 + i]);
        return out;
    }

    @Override
    protected Tensor call(Tensor input, boolean training) {
        return callAll(List.of(input), training).get(0);
    }

    @Override
    protected Tensor call(List<Tensor> inputs, boolean training) {
        return callAll(inputs, training).get(0);
    }

    /**
     * One time step of a sequence.
     *
     * @param seq a sequence {@code (N, T, u)}
     * @param s the step, 0-based
     * @return step s, shape {@code (N, u)}
     */
    protected static Tensor timeStep(Tensor seq, int s) {
        return seq.slice(1, s, s + 1).reshape(seq.dim(0), seq.dim(2));
    }

    // ---------------------------------------------------------------- PyTorch weights

    /**
     * PyTorch {@code weight (k*u, in)} with gate blocks in PyTorch order to a Keras kernel
     * {@code (in, k*u)}: Keras block b = PyTorch block {@code order[b]}, transposed.
     */
    static float[] kerasKernel(float[] torch, int rows, int cols, int[] order) {
        int u = rows / order.length;
        float[] out = new float[rows * cols];
        for (int b = 0; b < order.length; b++) {
            for (int j = 0; j < u; j++) {
                int src = (order[b] * u + j) * cols;
                for (int i = 0; i < cols; i++) out[i * rows + b * u + j] = torch[src + i];
            }
        }
        return out;
    }

    /** A PyTorch bias (k*u) with Keras block b = PyTorch block order[b]. */
    static float[] kerasBias(float[] torch, int[] order) {
        int u = torch.length / order.length;
        float[] out = new float[torch.length];
        for (int b = 0; b < order.length; b++) System.arraycopy(torch, order[b] * u, out, b * u, u);
        return out;
    }

    /**
     * Assigns PyTorch's {@code weight_ih_l0} and {@code weight_hh_l0} (gate blocks in PyTorch order)
     * to the kernel and recurrent kernel, transposed, Keras block b = PyTorch block {@code order[b]}.
     */
    void assignPyTorchKernels(float[] weightIh, float[] weightHh, int[] order) {
        int in = kernel.shape().dim(0);
        kernel.assign(kerasKernel(weightIh, gates() * units, in, order));
        recurrentKernel.assign(kerasKernel(weightHh, gates() * units, units, order));
    }

    /** Keras' one bias of size n from PyTorch's two: {@code bias_ih + bias_hh}, either null for none. */
    static float[] summedBias(float[] biasIh, float[] biasHh, int n) {
        float[] b = new float[n];
        for (int i = 0; i < n; i++) b[i] = (biasIh == null ? 0 : biasIh[i]) + (biasHh == null ? 0 : biasHh[i]);
        return b;
    }

    /** Checks sizes and builds nothing: the layer must be built (call it or add it to a model first). */
    void requireBuiltFor(String what) {
        if (kernel == null) throw error("build the layer before " + what + " (call it on an input or add it to a model with an input shape)");
    }

    // ---------------------------------------------------------------- config

    /** Keys shared by all recurrent layers; subclasses add theirs. */
    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = super.config();
        c.put("units", units);
        c.put("activation", activation);
        c.put("use_bias", useBias);
        c.put("kernel_initializer", Initializers.toConfig(kernelInitializer));
        c.put("recurrent_initializer", Initializers.toConfig(recurrentInitializer));
        c.put("bias_initializer", Initializers.toConfig(biasInitializer));
        c.put("kernel_regularizer", LayerConfig.regularizer(name(), "kernel_regularizer", kernelRegularizer));
        c.put("recurrent_regularizer", LayerConfig.regularizer(name(), "recurrent_regularizer", recurrentRegularizer));
        c.put("bias_regularizer", LayerConfig.regularizer(name(), "bias_regularizer", biasRegularizer));
        c.put("return_sequences", returnSequences);
        c.put("return_state", returnState);
        c.put("go_backwards", goBackwards);
        return c;
    }

    /** Applies the shared keys of a config to a new layer. */
    static <L extends RecurrentLayer> L configure(L layer, LayerConfig c) {
        layer.activation(c.getString("activation", "tanh"))
                .useBias(c.getBool("use_bias", true))
                .kernelInitializer(c.getInitializer("kernel_initializer", Initializers.glorotUniform()))
                .recurrentInitializer(c.getInitializer("recurrent_initializer", Initializers.orthogonal()))
                .biasInitializer(c.getInitializer("bias_initializer", Initializers.zeros()))
                .kernelRegularizer(c.getRegularizer("kernel_regularizer"))
                .recurrentRegularizer(c.getRegularizer("recurrent_regularizer"))
                .biasRegularizer(c.getRegularizer("bias_regularizer"))
                .returnSequences(c.getBool("return_sequences", false))
                .returnState(c.getBool("return_state", false))
                .goBackwards(c.getBool("go_backwards", false));
        if (c.has("recurrent_activation")) layer.recurrentActivation(c.getString("recurrent_activation", "sigmoid"));
        return layer;
    }
}
