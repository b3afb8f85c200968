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
    public AdamW(float learningRate, float weightDecay) {
        this(learningRate, 0.9f, 0.999f, 1e-7f, weightDecay, false);
    }

    public AdamW(float learningRate, float beta1, float beta2, float epsilon, float weightDecay, boolean amsgrad) {
        super(learningRate, beta1, beta2, epsilon, weightDecay, amsgrad, true);
    }

    @Override
    public String name() {
        return "adamw";
    }
}
