package org.neurite.nn.optimizers;

/**
 * Adam with bias correction, as PyTorch's {@code torch.optim.Adam}. With beta1, beta2, eps and t
 * the 1-based step of the variable:
 * <pre>
 * g_t = g_t + lambda * p_{t-1}                       (if weightDecay != 0: L2 through the gradient; AdamW decouples it)
 * m_t = beta1 * m_{t-1} + (1 - beta1) * g_t
 * v_t = beta2 * v_{t-1} + (1 - beta2) * g_t^2
 * m^_t = m_t / (1 - beta1^t),   v^_t = v_t / (1 - beta2^t)
 * vmax_t = max(vmax_{t-1}, v_t),  v^_t = vmax_t / (1 - beta2^t)   (if amsgrad)
 * p_t = p_{t-1} - lr * m^_t / (sqrt(v^_t) + eps)
 * </pre>
 * Epsilon: Keras adds it to the uncorrected root instead,
 * {@code p -= lr * sqrt(1 - beta2^t) / (1 - beta1^t) * m_t / (sqrt(v_t) + eps)}, which is the form above
 * with {@code eps_hat = eps * sqrt(1 - beta2^t)}; the two differ only when sqrt(v^) is near eps.
 * This class uses PyTorch's form. {@code Optimizers.get("adam")} uses Keras' default eps 1e-7
 * (PyTorch's default is 1e-8).
 */
public class Adam extends Optimizer {
    private final float beta1;
    private final float beta2;
    private final float epsilon;
    private final float weightDecay;
    private final boolean amsgrad;
    private final boolean decoupled;

    /** Keras' defaults: lr 0.001, betas 0.9/0.999, eps 1e-7. */
    public Adam() {
        this(1e-3f);
    }

    /**
     * Keras' betas and epsilon with a chosen learning rate.
     *
     * @param learningRate the step size, finite and {@code >= 0}
     */
    public Adam(float learningRate) {
        this(learningRate, 0.9f, 0.999f, 1e-7f);
    }

    /**
     * @param learningRate the step size, finite and {@code >= 0}
     * @param beta1 decay of the first moment, in [0, 1)
     * @param beta2 decay of the second moment, in [0, 1)
     * @param epsilon added to the root of the second moment, {@code > 0}
     */
    public Adam(float learningRate, float beta1, float beta2, float epsilon) {
        this(learningRate, beta1, beta2, epsilon, 0f, false);
    }

    /**
     * @param learningRate the step size, finite and {@code >= 0}
     * @param beta1 decay of the first moment, in [0, 1)
     * @param beta2 decay of the second moment, in [0, 1)
     * @param epsilon added to the root of the second moment, {@code > 0}
     * @param weightDecay L2 penalty added to the gradient, {@code >= 0}
     * @param amsgrad true to use the running maximum of the second moment
     */
    public Adam(float learningRate, float beta1, float beta2, float epsilon, float weightDecay, boolean amsgrad) {
        this(learningRate, beta1, beta2, epsilon, weightDecay, amsgrad, false);
    }

    Adam(float learningRate, float beta1, float beta2, float epsilon, float weightDecay, boolean amsgrad, boolean decoupled) {
        super(learningRate);
        requireRange(decoupled ? "adamw" : "adam", "beta1", beta1, 0f, 1f);
        requireRange(decoupled ? "adamw" : "adam", "beta2", beta2, 0f, 1f);
        if (!(epsilon >= 0)) throw new IllegalArgumentException(name() + ": epsilon must be >= 0, got " + epsilon);
        if (!(weightDecay >= 0)) throw new IllegalArgumentException(name() + ": weightDecay must be >= 0, got " + weightDecay);
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.epsilon = epsilon;
        this.weightDecay = weightDecay;
        this.amsgrad = amsgrad;
        this.decoupled = decoupled;
    }

    @Override
    public String name() {
        return "adam";
    }

    /** @return the first moment's decay */
    public float beta1() {
        return beta1;
    }

    /** @return the second moment's decay */
    public float beta2() {
        return beta2;
    }

    /** @return the epsilon of the denominator */
    public float epsilon() {
        return epsilon;
    }

    /** @return the weight decay (L2 for Adam, decoupled for AdamW) */
    public float weightDecay() {
        return weightDecay;
    }

    /** @return whether AMSGrad is on */
    public boolean amsgrad() {
        return amsgrad;
    }

    @Override
    public java.util.List<String> slotNames() {
        return amsgrad ? java.util.List.of("m", "v", "v_max") : java.util.List.of("m", "v");
    }

    /**
     * The bias-corrected first moment {@code m^_t = m_t / (1 - beta1^t)} of a variable, t its step count.
     *
     * @param v a variable this optimizer has updated
     * @return a new tensor in the variable's shape
     * @throws IllegalStateException if the variable has not been updated yet
     */
    public org.neurite.tensor.Tensor biasCorrectedM(org.neurite.nn.Variable v) {
        return corrected(v, "m", beta1);
    }

    /**
     * The bias-corrected second moment {@code v^_t = v_t / (1 - beta2^t)} of a variable (with
     * AMSGrad, of the running maximum {@code v_max}, as the update uses it).
     *
     * @param v a variable this optimizer has updated
     * @return a new tensor in the variable's shape
     * @throws IllegalStateException if the variable has not been updated yet
     */
    public org.neurite.tensor.Tensor biasCorrectedV(org.neurite.nn.Variable v) {
        return corrected(v, amsgrad ? "v_max" : "v", beta2);
    }

    private org.neurite.tensor.Tensor corrected(org.neurite.nn.Variable v, String slotName, float beta) {
        org.neurite.tensor.Tensor raw = slot(v, slotName);
        double c = 1 - Math.pow(exact(beta), state(v).step());
        float[] d = raw.data();
        for (int i = 0; i < d.length; i++) d[i] = (float) (d[i] / c);
        return raw;
    }

    /** Slot 0: first moment m; slot 1: second moment v; slot 2 (amsgrad): running max of v. */
    @Override
    protected int slots() {
        return amsgrad ? 3 : 2;
    }

    @Override
    protected void update(float[] p, float[] grad, State s) {
        double lr = lr(), b1 = exact(beta1), b2 = exact(beta2), eps = exact(epsilon), wd = exact(weightDecay);
        int t = s.step();
        double c1 = 1 - Math.pow(b1, t);
        double c2 = 1 - Math.pow(b2, t);
        float[] m = s.slot(0), v = s.slot(1), vmax = amsgrad ? s.slot(2) : null;
        if (wd == 0 && vmax == null) {
            plainStep(p, grad, m, v, b1, b2, lr / c1, 1 / Math.sqrt(c2), eps);
            return;
        }
        for (int i = 0; i < p.length; i++) {
            double pi = p[i];
            double g = grad[i];
            if (decoupled) pi *= 1 - lr * wd;
            else g += wd * pi;
            double mi = b1 * m[i] + (1 - b1) * g;
            double vi = b2 * v[i] + (1 - b2) * g * g;
            m[i] = (float) mi;
            v[i] = (float) vi;
            if (vmax != null) {
                vi = Math.max(vmax[i], vi);
                vmax[i] = (float) vi;
            }
            p[i] = (float) (pi - lr * (mi / c1) / (Math.sqrt(vi / c2) + eps));
        }
    }

    /**
     * The common case (no weight decay, no AMSGrad) as one branch-free float loop the JIT
     * vectorises: p -= (lr / c1) * m / (sqrt(v) / sqrt(c2) + eps), the same update with the
     * per-step constants folded. Float rounding differs from the double loop by a few ulps.
     */
    private static void plainStep(float[] p, float[] grad, float[] m, float[] v, double b1, double b2,
                                  double stepSize, double invSqrtC2, double eps) {
        float fb1 = (float) b1, fa1 = (float) (1 - b1), fb2 = (float) b2, fa2 = (float) (1 - b2);
        float step = (float) stepSize, inv = (float) invSqrtC2, e = (float) eps;
        for (int i = 0; i < p.length; i++) {
            float g = grad[i];
            float mi = fb1 * m[i] + fa1 * g;
            float vi = fb2 * v[i] + fa2 * g * g;
            m[i] = mi;
            v[i] = vi;
            p[i] -= step * mi / ((float) Math.sqrt(vi) * inv + e);
        }
    }
}
