package org.neurite.nn.optimizers;

/**
 * RMSprop as PyTorch's {@code torch.optim.RMSprop} (rho is PyTorch's alpha):
 * <pre>
 * g_t = g_t + lambda * p_{t-1}                         (if weightDecay != 0)
 * v_t = rho * v_{t-1} + (1 - rho) * g_t^2
 * gavg_t = rho * gavg_{t-1} + (1 - rho) * g_t,  v~_t = v_t - gavg_t^2   (if centered; else v~_t = v_t)
 * b_t = mu * b_{t-1} + g_t / (sqrt(v~_t) + eps),  p_t = p_{t-1} - lr * b_t   (if momentum mu > 0)
 * p_t = p_{t-1} - lr * g_t / (sqrt(v~_t) + eps)                              (otherwise)
 * </pre>
 * Keras puts epsilon inside the root, {@code g / sqrt(v~ + eps)}; with eps 1e-7 the two agree
 * unless v~ is tiny. {@code Optimizers.get("rmsprop")} uses Keras' defaults: lr 0.001, rho 0.9,
 * eps 1e-7 (PyTorch's: lr 0.01, alpha 0.99, eps 1e-8).
 */
public final class RMSprop extends Optimizer {
    private final float rho;
    private final float epsilon;
    private final float momentum;
    private final boolean centered;
    private final float weightDecay;

    /** Keras' defaults: lr 0.001, rho 0.9, eps 1e-7, no momentum, not centered. */
    public RMSprop() {
        this(1e-3f, 0.9f, 1e-7f, 0f, false, 0f);
    }

    /**
     * @param learningRate the step size, finite and {@code >= 0}
     * @param rho decay of the square average, in [0, 1)
     * @param epsilon added to the root, {@code > 0}
     * @param momentum mu, in [0, 1)
     * @param centered true to divide by the variance estimate instead of the square average
     * @param weightDecay L2 penalty added to the gradient, {@code >= 0}
     */
    public RMSprop(float learningRate, float rho, float epsilon, float momentum, boolean centered, float weightDecay) {
        super(learningRate);
        requireRange("rmsprop", "rho", rho, 0f, 1f);
        requireRange("rmsprop", "momentum", momentum, 0f, 1f);
        if (!(epsilon >= 0)) throw new IllegalArgumentException("rmsprop: epsilon must be >= 0, got " + epsilon);
        if (!(weightDecay >= 0)) throw new IllegalArgumentException("rmsprop: weightDecay must be >= 0, got " + weightDecay);
        this.rho = rho;
        this.epsilon = epsilon;
        this.momentum = momentum;
        this.centered = centered;
        this.weightDecay = weightDecay;
    }

    @Override
    public String name() {
        return "rmsprop";
    }

    /** @return the square average's decay */
    public float rho() {
        return rho;
    }

    /** @return the epsilon of the denominator */
    public float epsilon() {
        return epsilon;
    }

    /** @return the momentum mu */
    public float momentum() {
        return momentum;
    }

    /** @return whether it is centered */
    public boolean centered() {
        return centered;
    }

    @Override
    public java.util.List<String> slotNames() {
        return java.util.List.of("v", "momentum", "g_avg");
    }

    /** Slot 0: square average v; slot 1: momentum buffer b; slot 2: gradient average (centered). */
    @Override
    protected int slots() {
        return 3;
    }

    @Override
    protected void update(float[] p, float[] grad, State s) {
        double lr = lr(), r = exact(rho), eps = exact(epsilon), mu = exact(momentum), wd = exact(weightDecay);
        float[] v = s.slot(0), b = s.slot(1), gavg = s.slot(2);
        for (int i = 0; i < p.length; i++) {
            double g = grad[i] + wd * p[i];
            double vi = r * v[i] + (1 - r) * g * g;
            v[i] = (float) vi;
            if (centered) {
                double ga = r * gavg[i] + (1 - r) * g;
                gavg[i] = (float) ga;
                vi = Math.max(0, vi - ga * ga);
            }
            double step = g / (Math.sqrt(vi) + eps);
            if (momentum > 0) {
                step = mu * b[i] + step;
                b[i] = (float) step;
            }
            p[i] = (float) (p[i] - lr * step);
        }
    }
}
