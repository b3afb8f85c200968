package org.neurite.nn.layers;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.neurite.autograd.GradMode;
import org.neurite.nn.Initializers;
import org.neurite.nn.Layer;
import org.neurite.nn.Summary;
import org.neurite.nn.Weight;
import org.neurite.tensor.Shape;
import org.neurite.tensor.Tensor;
import org.neurite.tensor.ops.Normalization;

/**
 * Batch normalisation over the channel axis (Keras defaults: axis -1, momentum 0.99, epsilon 1e-3).
 *
 * <p>Input any rank >= 1 without batch axis, e.g. {@code (N, C)}, {@code (N, L, C)},
 * {@code (N, H, W, C)}; output the same shape. Weights, each {@code (C)}: gamma (ones) and beta
 * (zeros), trainable; moving_mean (zeros) and moving_variance (ones), non-trainable. Parameters
 * {@code 4*C}, of which {@code 2*C} trainable.
 *
 * <p>Training ({@code training = true} and the layer trainable): y = gamma * (x - mean) /
 * sqrt(var + eps) + beta with the batch mean and biased variance of each channel (over every axis
 * but the channel axis), then {@code moving = moving * momentum + batch * (1 - momentum)}.
 * Keras updates the moving variance with the <em>biased</em> batch variance; PyTorch's
 * BatchNorm uses the unbiased one (M/(M-1) times larger) and {@code momentum_torch = 1 -
 * momentum_keras}. {@link #unbiasedMovingVariance(boolean)} selects PyTorch's rule. Inference (or a
 * frozen layer, as in Keras): y = gamma * (x - moving_mean) / sqrt(moving_variance + eps) + beta.
 * The training forward and its backward are one fused op ({@link Normalization#batchNorm}).
 */
public final class BatchNormalization extends Layer {
    private int axis = -1;
    private float momentum = 0.99f;
    private float epsilon = 1e-3f;
    private boolean center = true;
    private boolean scale = true;
    private boolean unbiasedMovingVariance;
    private Weight gamma;
    private Weight beta;
    private Weight movingMean;
    private Weight movingVariance;

    /** With Keras' defaults: last axis, momentum 0.99, epsilon 1e-3, center and scale, biased moving variance. */
    public BatchNormalization() {}

    /**
     * The channel axis, counted with the batch axis (Keras): -1 (default) is the last.
     *
     * @param value the axis normalized per channel: 1 for channels-first images, -1 for channels-last; not 0
     * @return this layer
     * @throws IllegalArgumentException if it is 0 (the batch axis)
     * @throws IllegalStateException if the layer is already built
     */
    public BatchNormalization axis(int value) {
        checkMutable("axis");
        if (value == 0) throw new IllegalArgumentException("BatchNormalization: axis 0 is the batch axis");
        this.axis = value;
        return this;
    }

    /**
     * Keras' {@code momentum}: {@code moving = momentum * moving + (1 - momentum) * batch}.
     *
     * @param value in [0, 1] (default 0.99; PyTorch's momentum m corresponds to 1 - m)
     * @return this layer
     * @throws IllegalArgumentException if it is outside [0, 1]
     * @throws IllegalStateException if the layer is already built
     */
    public BatchNormalization momentum(float value) {
        checkMutable("momentum");
        if (!(value >= 0 && value <= 1)) throw new IllegalArgumentException("BatchNormalization: momentum must be in [0, 1], got " + value);
        this.momentum = value;
        return this;
    }

    /**
     * Keras' {@code epsilon}, added to the variance before its square root.
     *
     * @param value &gt; 0 (default 1e-3; PyTorch uses 1e-5)
     * @return this layer
     * @throws IllegalArgumentException if it is not positive
     * @throws IllegalStateException if the layer is already built
     */
    public BatchNormalization epsilon(float value) {
        checkMutable("epsilon");
        if (!(value > 0)) throw new IllegalArgumentException("BatchNormalization: epsilon must be positive, got " + value);
        this.epsilon = value;
        return this;
    }

    /**
     * Keras' {@code center}: whether to add the learned offset beta.
     *
     * @param value true (default) to add beta; false for no beta weight
     * @return this layer
     * @throws IllegalStateException if the layer is already built
     */
    public BatchNormalization center(boolean value) {
        checkMutable("center");
        this.center = value;
        return this;
    }

    /**
     * Keras' {@code scale}: whether to multiply by the learned scale gamma.
     *
     * @param value true (default) to multiply by gamma; false for no gamma weight
     * @return this layer
     * @throws IllegalStateException if the layer is already built
     */
    public BatchNormalization scale(boolean value) {
        checkMutable("scale");
        this.scale = value;
        return this;
    }

    /**
     * Update the moving variance with the unbiased batch variance (divided by n - 1), as PyTorch.
     *
     * @param value true for PyTorch's update; false (default) for Keras' biased one
     * @return this layer
     * @throws IllegalStateException if the layer is already built
     */
    public BatchNormalization unbiasedMovingVariance(boolean value) {
        checkMutable("unbiasedMovingVariance");
        this.unbiasedMovingVariance = value;
        return this;
    }

    /**
     * The moving averages' momentum.
     *
     * @return the weight kept of the old moving value at each training step
     */
    public float momentum() {
        return momentum;
    }

    /**
     * The variance epsilon.
     *
     * @return the value added to the variance before its square root
     */
    public float epsilon() {
        return epsilon;
    }

    /**
     * The learned scale.
     *
     * @return shape {@code (channels)}; null before build or without scale
     */
    public Weight gamma() {
        return gamma;
    }

    /**
     * The learned offset.
     *
     * @return shape {@code (channels)}; null before build or without center
     */
    public Weight beta() {
        return beta;
    }

    /**
     * The moving mean used at inference (not trained by the optimizer).
     *
     * @return shape {@code (channels)}; null before build
     */
    public Weight movingMean() {
        return movingMean;
    }

    /**
     * The moving variance used at inference (not trained by the optimizer).
     *
     * @return shape {@code (channels)}; null before build
     */
    public Weight movingVariance() {
        return movingVariance;
    }

    @Override
    public BatchNormalization name(String newName) {
        super.name(newName);
        return this;
    }

    @Override
    public BatchNormalization inputShape(int... dims) {
        super.inputShape(dims);
        return this;
    }

    /** The channel axis within the shape without batch axis. */
    private int channelAxis(Shape in) {
        int a = axis < 0 ? in.rank() + axis : axis - 1;
        if (a < 0 || a >= in.rank()) throw error("axis " + axis + " is out of range for input " + Summary.shapeString(in));
        return a;
    }

    @Override
    protected Shape computeOutputShape(Shape in) {
        if (in.rank() < 1) throw error("expected input (None, ..., channels), got " + Summary.shapeString(in));
        channelAxis(in);
        return in;
    }

    @Override
    protected void createWeights(Shape in) {
        Shape c = Shape.of(in.dim(channelAxis(in)));
        if (scale) gamma = addWeight("gamma", c, Initializers.ones(), null, true);
        if (center) beta = addWeight("beta", c, Initializers.zeros(), null, true);
        movingMean = addWeight("moving_mean", c, Initializers.zeros(), null, false);
        movingVariance = addWeight("moving_variance", c, Initializers.ones(), null, false);
    }

    /** Other sizes are fine as long as the rank and the channel count match. */
    @Override
    protected boolean acceptsInput(Shape built, Shape got) {
        return got.rank() == built.rank() && got.dim(channelAxis(got)) == built.dim(channelAxis(built));
    }

    @Override
    protected Tensor call(Tensor x, boolean training) {
        int ax = channelAxis(Shape.of(Arrays.copyOfRange(x.shape().dims(), 1, x.rank()))) + 1;
        int c = x.dim(ax);
        Tensor g = gamma != null ? gamma.value() : Tensor.ones(c);
        Tensor b = beta != null ? beta.value() : Tensor.zeros(c);
        if (training && trainable()) {
            Normalization.BatchNormResult r = Normalization.batchNorm(x, g, b, ax, epsilon);
            updateMovingStats(r, x.size() / c);
            return r.output();
        }
        int[] bshape = new int[x.rank()];
        Arrays.fill(bshape, 1);
        bshape[ax] = c;
        Tensor invStd = movingVariance.value().add(epsilon).pow(-0.5f);
        Tensor k = g.mul(invStd);
        Tensor shift = b.sub(movingMean.value().mul(k));
        if (ax == x.rank() - 1 && (!GradMode.isEnabled() || !(x.requiresGrad() || g.requiresGrad() || b.requiresGrad()))) {
            return Normalization.scaleShiftLast(x, k, shift); // inference: one pass, x * k + shift per channel
        }
        return x.mul(k.reshape(bshape)).add(shift.reshape(bshape));
    }

    private void updateMovingStats(Normalization.BatchNormResult r, int count) {
        float[] mm = movingMean.value().data(), mv = movingVariance.value().data();
        float correction = unbiasedMovingVariance && count > 1 ? (float) count / (count - 1) : 1f;
        try (GradMode.Scope s = GradMode.noGrad()) {
            for (int i = 0; i < mm.length; i++) {
                mm[i] = mm[i] * momentum + r.mean()[i] * (1 - momentum);
                mv[i] = mv[i] * momentum + r.variance()[i] * correction * (1 - momentum);
            }
        }
    }

    /** Keras' constraint keys of this layer; set them with {@link #constraint(String, org.neurite.nn.Constraint)}. */
    @Override
    protected Map<String, String> constraintKeys() {
        return constraintKeys("beta_constraint", "beta", "gamma_constraint", "gamma");
    }

    /** Steps stay independent here: the input's mask passes on. */
    @Override
    protected Tensor computeMask(List<Tensor> inputs, List<Tensor> masks) {
        return masks.get(0);
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = super.config();
        c.put("axis", axis);
        c.put("momentum", momentum);
        c.put("epsilon", epsilon);
        c.put("center", center);
        c.put("scale", scale);
        c.put("unbiased_moving_variance", unbiasedMovingVariance);
        return c;
    }

    static BatchNormalization fromConfig(LayerConfig c) {
        return new BatchNormalization()
                .axis(c.getInt("axis", -1))
                .momentum(c.has("momentum") ? c.getFloat("momentum") : 0.99f)
                .epsilon(c.has("epsilon") ? c.getFloat("epsilon") : 1e-3f)
                .center(c.getBool("center", true))
                .scale(c.getBool("scale", true))
                .unbiasedMovingVariance(c.getBool("unbiased_moving_variance", false));
    }
}
