package org.neurite.nn.optimizers;

/**
 * Adam with decoupled weight decay, as PyTorch's {@code torch.optim.AdamW}: first
 * <pre>
 * p_{t-1} = p_{t-1} * (1 - lr * lambda)
 * </pre>
 * then the Adam update of {@link Adam} on the raw gradient (the decay never enters m or v).
 * PyTorch's default weight decay is 0.01, Keras' 0.004 ({@code Optimizers.get("adamw")}).
 */
public final class AdamW extends Adam {
    /**
     * Keras' betas and epsilon.
     *
     * @param learningRate the step size, finite and {@code >= 0}
     * @param weightDecay the decoupled decay rate, {@code >= 0}
     */
    public AdamW(float learningRate, float weightDecay) {
        this(learningRate, 0.9f, 0.999f, 1e-7f, weightDecay, false);
    }

    /**
     * @param learningRate the step size, finite and {@code >= 0}
     * @param beta1 decay of the first moment, in [0, 1)
     * @param beta2 decay of the second moment, in [0, 1)
     * @param epsilon added to the root of the second moment, {@code > 0}
     * @param weightDecay the decoupled decay rate, {@code >= 0}
     * @param amsgrad true to use the running maximum of the second moment
     */
    public AdamW(float learningRate, float beta1, float beta2, float epsilon, float weightDecay, boolean amsgrad) {
        super(learningRate, beta1, beta2, epsilon, weightDecay, amsgrad, true);
    }

    @Override
    public String name() {
        return "adamw";
    }
}
