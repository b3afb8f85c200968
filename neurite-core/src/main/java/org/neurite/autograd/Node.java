package org.neurite.autograd;

import org.neurite.tensor.Tensor;

/**
 * One recorded operation: the inputs it read and the rule that turns the gradient of its output into
 * gradients of its inputs. The rule is written with tensor ops, so that running it while recording
 * gives higher-order gradients.
 */
public final class Node {
    private final String op;
    private final Tensor[] inputs;
    private final BackwardRule rule;

    /**
     * @param op the op's name, as shown in traces and {@code grad_fn}
     * @param inputs the tensors the op read
     * @param rule the gradient of the output to the gradients of the inputs
     */
    public Node(String op, Tensor[] inputs, BackwardRule rule) {
        this.op = op;
        this.inputs = inputs;
        this.rule = rule;
    }

    /** @return the op's name */
    public String op() {
        return op;
    }

    /** @return the tensors the op read, in order */
    public Tensor[] inputs() {
        return inputs;
    }

    /** @return the backward rule */
    public BackwardRule rule() {
        return rule;
    }

    /** Gradient of the output in, one gradient per input out (null where an input needs none). */
    @FunctionalInterface
    public interface BackwardRule {
        /**
         * @param gradOutput the gradient of the op's output
         * @return one gradient per input, each of that input's shape, or null for an input that needs none
         */
        Tensor[] apply(Tensor gradOutput);
    }
}
