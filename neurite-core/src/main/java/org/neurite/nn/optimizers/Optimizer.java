package org.neurite.nn.optimizers;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.neurite.nn.Variable;
import org.neurite.tensor.Tensor;

/**
 * Updates weights in place from their gradients. {@link #step} reads {@code v.value().grad()} of
 * each variable, skips variables without a gradient, and writes the new values into
 * {@code v.value().data()}. Per-variable state (momentum buffers, moment estimates, step counts)
 * is kept by the optimizer, keyed by the Variable object.
 *
 * <p>Keras' gradient clipping options apply to the gradient before the update rule:
 * {@code clipValue} clips each element to [-c, c], {@code clipNorm} rescales each variable's
 * gradient to L2 norm at most c, {@code globalClipNorm} rescales all gradients together so that
 * their joint norm is at most c. The gradient tensors themselves are not modified.
 *
 * <p>A variable with a {@link org.neurite.nn.Constraint} is projected by it right after its update.
 *
 * <p>State is float32 (as PyTorch). The general update rules compute in double from the decimal
 * values of the hyper-parameters and store float32; the hot common cases (Adam without weight
 * decay or AMSGrad) run one float loop that the JIT vectorises, within a few ulps of the double
 * rule (each subclass says which path it takes).
 */
public abstract class Optimizer {
    private float learningRate;
    private float clipValue = Float.NaN;
    private float clipNorm = Float.NaN;
    private float globalClipNorm = Float.NaN;
    private long iterations;
    private final Map<Variable, State> states = new IdentityHashMap<>();
    private org.neurite.nn.optimizers.schedules.LearningRateSchedule schedule;

    /** @param learningRate the step size, finite and {@code >= 0} */
    protected Optimizer(float learningRate) {
        setLearningRate(learningRate);
    }

    /** @return Keras' name: sgd, adam, adamw, rmsprop */
    public abstract String name();

    /** @return the learning rate of the next step (from the schedule at {@link #iterations()}, if one is set) */
    public float learningRate() {
        return schedule != null ? schedule.at(iterations) : learningRate;
    }

    /**
     * Drives the learning rate by a schedule of the step count (Keras'
     * {@code learning_rate=ExponentialDecay(...)}): each step uses {@code schedule.at(iterations())}.
     * Null goes back to the fixed rate.
     *
     * @param schedule the schedule, or null
     * @return this
     */
    public Optimizer learningRateSchedule(org.neurite.nn.optimizers.schedules.LearningRateSchedule schedule) {
        this.schedule = schedule;
        return this;
    }

    /** @return the schedule, or null for a fixed learning rate */
    public org.neurite.nn.optimizers.schedules.LearningRateSchedule learningRateSchedule() {
        return schedule;
    }

    /**
     * Changes the learning rate from the next step on (learning-rate schedules use this).
     *
     * @param learningRate the step size, finite and {@code >= 0}
     * @throws IllegalStateException while a {@link #learningRateSchedule} drives the rate
     */
    public void setLearningRate(float learningRate) {
        if (schedule != null) {
            throw new IllegalStateException(name() + ": the learning rate follows the schedule " + schedule + "; remove it (learningRateSchedule(null)) before setting a fixed rate");
        }
        if (!(learningRate >= 0) || Float.isInfinite(learningRate)) {
            throw new IllegalArgumentException(name() + ": learning rate must be a finite number >= 0, got " + learningRate);
        }
        this.learningRate = learningRate;
    }

    /** @return the learning rate as the decimal it was written as (0.1f -&gt; 0.1, not 0.10000000149) */
    protected double lr() {
        return exact(learningRate);
    }

    /**
     * A float hyper-parameter as the double of its shortest decimal form, so that 0.9f means 0.9
     * and 1 - beta is 0.1 rather than 0.09999999404 (the update is computed in double).
     *
     * @param value the float as given
     * @return the double of its shortest decimal form
     */
    protected static double exact(float value) {
        // Memoised: formatting and parsing a decimal per variable per step dominated small models.
        return EXACT.computeIfAbsent(Float.floatToRawIntBits(value), bits -> Double.parseDouble(Float.toString(Float.intBitsToFloat(bits))));
    }

    private static final java.util.concurrent.ConcurrentHashMap<Integer, Double> EXACT = new java.util.concurrent.ConcurrentHashMap<>();

    /** @return the number of {@link #step} calls so far (Keras' {@code optimizer.iterations}) */
    public long iterations() {
        return iterations;
    }

    /**
     * Clips every gradient element to [-value, value]; NaN turns clipping off.
     *
     * @param value the bound, {@code > 0}, or NaN
     * @return this
     */
    public Optimizer clipValue(float value) {
        this.clipValue = positiveOrNaN("clipValue", value);
        return this;
    }

    /**
     * Rescales each variable's gradient to an L2 norm of at most {@code norm}; NaN turns it off.
     *
     * @param norm the largest norm, {@code > 0}, or NaN
     * @return this
     */
    public Optimizer clipNorm(float norm) {
        this.clipNorm = positiveOrNaN("clipNorm", norm);
        return this;
    }

    /**
     * Rescales all gradients so that their joint L2 norm is at most {@code norm}; NaN turns it off.
     *
     * @param norm the largest joint norm, {@code > 0}, or NaN
     * @return this
     */
    public Optimizer globalClipNorm(float norm) {
        this.globalClipNorm = positiveOrNaN("globalClipNorm", norm);
        return this;
    }

    /**
     * Sets the gradient of every variable to null (before the next forward pass).
     *
     * @param vars the variables
     */
    public void zeroGrad(List<Variable> vars) {
        for (Variable v : vars) v.value().zeroGrad();
    }

    /**
     * One update of every variable that has a gradient.
     *
     * @param vars the variables; those without a gradient are left alone
     */
    public void step(List<Variable> vars) {
        if (schedule != null) {
            float scheduled = schedule.at(iterations);
            if (!(scheduled >= 0) || Float.isInfinite(scheduled)) {
                throw new IllegalStateException(name() + ": schedule " + schedule + " gave learning rate " + scheduled + " at step " + iterations);
            }
            learningRate = scheduled;
        }
        double globalScale = 1.0;
        if (!Float.isNaN(globalClipNorm)) {
            double sq = 0;
            for (Variable v : vars) {
                Tensor g = v.value().grad();
                if (g != null) for (float x : clippedByValue(g.data())) sq += (double) x * x;
            }
            double norm = Math.sqrt(sq);
            if (norm > globalClipNorm) globalScale = globalClipNorm / norm;
        }
        for (Variable v : vars) {
            Tensor g = v.value().grad();
            if (g == null) continue;
            float[] grad = clippedByValue(g.data());
            double scale = globalScale;
            if (!Float.isNaN(clipNorm)) {
                double norm = 0;
                for (float x : grad) norm += (double) x * x;
                norm = Math.sqrt(norm);
                if (norm > clipNorm) scale *= clipNorm / norm;
            }
            if (scale != 1.0) {
                if (grad == g.data()) grad = grad.clone();
                for (int i = 0; i < grad.length; i++) grad[i] = (float) (grad[i] * scale);
            }
            State s = states.computeIfAbsent(v, k -> new State(k.value().size(), slots()));
            s.step++;
            update(v.value().data(), grad, s);
            v.applyConstraint(); // Keras: constraints project each variable right after its update
        }
        iterations++;
    }

    /** @return how many float buffers of the variable's size the update rule keeps */
    protected abstract int slots();

    /**
     * Updates {@code param} in place from {@code grad} (do not modify grad: it may be the
     * variable's own gradient array); {@code state.step} is already the 1-based step t.
     *
     * @param param the variable's values, updated in place
     * @param grad its (clipped) gradient, read only
     * @param state its step count and buffers
     */
    protected abstract void update(float[] param, float[] grad, State state);

    /**
     * @param v a variable
     * @return the optimizer's state for it, or null before its first update (for tests and inspection)
     */
    public State state(Variable v) {
        return states.get(v);
    }

    /**
     * The names of the buffers the update rule keeps per variable, in slot order (Adam: {@code m},
     * {@code v}, and {@code v_max} with AMSGrad; SGD with momentum: {@code momentum}; RMSprop:
     * {@code v}, {@code momentum}, {@code g_avg}; {@code slot_0}, ... unless a rule names them). Their count is
     * {@link #slotCount()}.
     *
     * @return the names, in slot order
     */
    public List<String> slotNames() {
        List<String> names = new java.util.ArrayList<>();
        for (int i = 0; i < slots(); i++) names.add("slot_" + i);
        return names;
    }

    /**
     * A copy of the named buffer of a variable, in the variable's shape (Keras'
     * {@code optimizer.get_slot} / PyTorch's {@code optimizer.state[p]}); zeros are never invented:
     * fails before the variable's first update or for an unknown name, listing the names there are.
     *
     * @param v a variable this optimizer updates
     * @param slotName one of {@link #slotNames()}
     * @return a copy of the buffer, in the variable's shape
     * @throws IllegalArgumentException if the name is not one of the slots
     * @throws IllegalStateException if the variable has not been updated yet
     */
    public Tensor slot(Variable v, String slotName) {
        int i = slotNames().indexOf(slotName);
        if (i < 0) throw new IllegalArgumentException(name() + ": no slot '" + slotName + "'; slots: " + slotNames());
        State s = states.get(v);
        if (s == null) throw new IllegalStateException(name() + ": " + v.name() + " has no state yet (it has not been updated)");
        return Tensor.of(s.slot(i).clone(), v.value().shape());
    }

    /** @return the number of buffers the update rule keeps per variable (Adam: 2, SGD with momentum: 1, ...) */
    public int slotCount() {
        return slots();
    }

    /**
     * Restores a variable's state (from a checkpoint): its step count and a copy of each buffer,
     * which must number {@link #slotCount()} and each have the variable's size.
     *
     * @param v the variable
     * @param step its step count, {@code >= 0}
     * @param slots its buffers, copied
     * @throws IllegalArgumentException naming the variable when the count or a size is wrong
     */
    public void restoreState(Variable v, int step, float[][] slots) {
        if (step < 0) throw new IllegalArgumentException(name() + ": step must be >= 0, got " + step);
        if (slots.length != slots()) throw new IllegalArgumentException(name() + ": " + v.name() + " needs " + slots() + " state buffers, got " + slots.length);
        State s = new State(v.value().size(), slots.length);
        for (int i = 0; i < slots.length; i++) {
            if (slots[i].length != v.value().size()) {
                throw new IllegalArgumentException(name() + ": state buffer " + i + " of " + v.name() + " has " + slots[i].length + " values, the variable " + v.value().size());
            }
            System.arraycopy(slots[i], 0, s.slots[i], 0, slots[i].length);
        }
        s.step = step;
        states.put(v, s);
    }

    /**
     * Restores the step count {@link #iterations()} (from a checkpoint).
     *
     * @param value the step count, {@code >= 0}
     */
    public void restoreIterations(long value) {
        if (value < 0) throw new IllegalArgumentException(name() + ": iterations must be >= 0, got " + value);
        this.iterations = value;
    }

    /** Forgets all per-variable state (step counts, moments, buffers). */
    public void reset() {
        states.clear();
        iterations = 0;
    }

    private float[] clippedByValue(float[] g) {
        if (Float.isNaN(clipValue)) return g;
        float[] c = new float[g.length];
        for (int i = 0; i < g.length; i++) c[i] = Math.max(-clipValue, Math.min(clipValue, g[i]));
        return c;
    }

    private float positiveOrNaN(String what, float value) {
        if (!Float.isNaN(value) && !(value > 0)) {
            throw new IllegalArgumentException(name() + ": " + what + " must be > 0 (or NaN for none), got " + value);
        }
        return value;
    }

    /**
     * Rejects a hyper-parameter outside [min, maxExclusive).
     *
     * @param who the optimizer's name, for the message
     * @param what the parameter's name, for the message
     * @param value the value given
     * @param min the smallest allowed value
     * @param maxExclusive the bound above the allowed values
     * @throws IllegalArgumentException naming both when out of range
     */
    protected static void requireRange(String who, String what, float value, float min, float maxExclusive) {
        if (!(value >= min && value < maxExclusive)) {
            throw new IllegalArgumentException(who + ": " + what + " must be in [" + min + ", " + maxExclusive + "), got " + value);
        }
    }

    /** Per-variable state: the 1-based step count t and the rule's buffers, each as long as the variable. */
    public static final class State {
        int step;
        private final float[][] slots;

        State(int size, int slotCount) {
            slots = new float[slotCount][size];
        }

        /** @return the number of updates this variable has received */
        public int step() {
            return step;
        }

        /**
         * @param i the buffer's index
         * @return buffer {@code i} (e.g. Adam: 0 = first moment m, 1 = second moment v), live
         */
        public float[] slot(int i) {
            return slots[i];
        }
    }
}
