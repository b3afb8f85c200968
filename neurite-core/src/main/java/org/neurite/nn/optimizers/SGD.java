package org.neurite.nn.optimizers;

/**
 * Stochastic gradient descent with optional momentum, exactly as PyTorch's {@code torch.optim.SGD}
 * (dampening 0). With g_t the gradient, mu the momentum, lambda the weight decay:
 * <pre>
 * g_t = g_t + lambda * p_{t-1}                    (if weightDecay != 0; L2 penalty through the gradient)
 * b_t = g_t (t = 1),  b_t = mu * b_{t-1} + g_t      (if mu != 0)
 * g_t = g_t + mu * b_t  (nesterov)  or  g_t = b_t   (if mu != 0)
 * p_t = p_{t-1} - lr * g_t
 * </pre>
 * Momentum convention: this is PyTorch's, which for a constant learning rate gives the same
 * trajectory as the classical/Keras form {@code v = mu v - lr g; p = p + v} (conformance case
 * C002-02). It is not the EMA form {@code v = mu v + (1 - mu) g}, which takes 1/(1 - mu) times smaller steps.
 */
public class SGD extends Optimizer {
    private final float momentum;
    private final boolean nesterov;
    private final float weightDecay;
    private final boolean decoupled;

    /**
     * Plain gradient descent: {@code p = p - lr * g}.
     *
     * @param learningRate the step size, finite and {@code >= 0}
     */
    public SGD(float learningRate) {
        this(learningRate, 0f, false, 0f);
    }

    /**
     * @param learningRate the step size, finite and {@code >= 0}
     * @param momentum mu, in [0, 1)
     */
    public SGD(float learningRate, float momentum) {
        this(learningRate, momentum, false, 0f);
    }

    /**
     * @param learningRate the step size, finite and {@code >= 0}
     * @param momentum mu, in [0, 1)
     * @param nesterov true for Nesterov momentum (needs momentum {@code > 0})
     * @param weightDecay L2 penalty added to the gradient, {@code >= 0}
     */
    public SGD(float learningRate, float momentum, boolean nesterov, float weightDecay) {
        this(learningRate, momentum, nesterov, weightDecay, false);
    }

    SGD(float learningRate, float momentum, boolean nesterov, float weightDecay, boolean decoupled) {
        super(learningRate);
        String who = decoupled ? "sgdw" : "sgd";
        requireRange(who, "momentum", momentum, 0f, 1f);
        if (nesterov && momentum == 0f) throw new IllegalArgumentException(who + ": nesterov momentum needs momentum > 0");
        if (!(weightDecay >= 0)) throw new IllegalArgumentException(who + ": weightDecay must be >= 0, got " + weightDecay);
        this.momentum = momentum;
        this.nesterov = nesterov;
        this.weightDecay = weightDecay;
        this.decoupled = decoupled;
    }

    @Override
    public String name() {
        return "sgd";
    }

    /** @return the momentum mu */
    public float momentum() {
        return momentum;
    }

    /** @return whether the momentum is Nesterov's */
    public boolean nesterov() {
        return nesterov;
    }

    /** @return the L2 weight decay */
    public float weightDecay() {
        return weightDecay;
    }

    @Override
    protected int slots() {
        return momentum != 0f ? 1 : 0;
    }

    /** {@code momentum} (the buffer b) when momentum is on; none otherwise. */
    @Override
    public java.util.List<String> slotNames() {
        return momentum != 0f ? java.util.List.of("momentum") : java.util.List.of();
    }

    @Override
    protected void update(float[] p, float[] grad, State s) {
        double lr = lr(), mu = exact(momentum), wd = exact(weightDecay);
        float[] b = momentum != 0f ? s.slot(0) : null;
        if (wd == 0 && !nesterov) {
            plainStep(p, grad, b, s.step() == 1, (float) lr, (float) mu);
            return;
        }
        for (int i = 0; i < p.length; i++) {
            double pi = p[i];
            double g = grad[i];
            if (decoupled) pi *= 1 - lr * wd; // SGDW: the decay never enters the momentum
            else g += wd * pi;
            if (b != null) {
                double bt = s.step() == 1 ? g : mu * b[i] + g;
                b[i] = (float) bt;
                g = nesterov ? g + mu * bt : bt;
            }
            p[i] = (float) (pi - lr * g);
        }
    }

    /**
     * The common cases (no weight decay, no Nesterov) as branch-free float loops the JIT
     * vectorises: p -= lr * g, or with momentum b = mu * b + g (b = g on the first step), p -= lr * b.
     */
    private static void plainStep(float[] p, float[] grad, float[] b, boolean first, float lr, float mu) {
        if (b == null) {
            for (int i = 0; i < p.length; i++) p[i] -= lr * grad[i];
        } else if (first) {
            for (int i = 0; i < p.length; i++) {
                b[i] = grad[i];
                p[i] -= lr * grad[i];
            }
        } else {
            for (int i = 0; i < p.length; i++) {
                float bt = mu * b[i] + grad[i];
                b[i] = bt;
                p[i] -= lr * bt;
            }
        }
    }
}
