package org.neurite.nn.optimizers;

/**
 * SGD with decoupled weight decay (Loshchilov and Hutter's SGDW, the SGD counterpart of
 * {@link AdamW}; what Keras 3's {@code SGD(weight_decay=...)} does): first
 * <pre>
 * p_{t-1} = p_{t-1} * (1 - lr * lambda)
 * </pre>
 * then the {@link SGD} update on the raw gradient, so the decay never enters the momentum buffer:
 * {@code b_t = mu * b_{t-1} + g_t} ({@code b_1 = g_1}), {@code p_t = p_{t-1} - lr * b_t}. With
 * momentum 0 it equals SGD with L2 weight decay; with momentum it does not.
 */
public final class SGDW extends SGD {
    /**
     * SGDW with classical (not Nesterov) momentum.
     *
     * @param learningRate lr, the step size
     * @param momentum mu, in [0, 1); 0 for plain SGD with decoupled decay
     * @param weightDecay lambda, the decay per unit of learning rate (each step multiplies the
     *     parameters by {@code 1 - lr * lambda}); &gt;= 0
     * @throws IllegalArgumentException if an argument is out of range
     */
    public SGDW(float learningRate, float momentum, float weightDecay) {
        this(learningRate, momentum, false, weightDecay);
    }

    /**
     * SGDW with a choice of momentum.
     *
     * @param learningRate lr, the step size
     * @param momentum mu, in [0, 1)
     * @param nesterov true for Nesterov momentum (as {@link SGD})
     * @param weightDecay lambda, the decay per unit of learning rate; &gt;= 0
     * @throws IllegalArgumentException if an argument is out of range
     */
    public SGDW(float learningRate, float momentum, boolean nesterov, float weightDecay) {
        super(learningRate, momentum, nesterov, weightDecay, true);
    }

    @Override
    public String name() {
        return "sgdw";
    }
}
