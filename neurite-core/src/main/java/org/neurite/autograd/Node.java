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

    public Node(String op, Tensor[] inputs, BackwardRule rule) {
        this.op = op;
        this.inputs = inputs;
        this.rule = rule;
    }

    public String op() {
        return op;
    }

    public Tensor[] inputs() {
        return inputs;
    }

    public BackwardRule rule() {
        return rule;
    }

    /** Gradient of the output in, one gradient per input out (null where an input needs none). */
    @FunctionalInterface
    public interface BackwardRule {
        Tensor[] apply(Tensor gradOutput);
    }
}
