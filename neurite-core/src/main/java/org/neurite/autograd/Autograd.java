package org.neurite.autograd;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.neurite.tensor.Tensor;

/**
 * Reverse-mode differentiation over the recorded graph: sort the nodes topologically (iteratively,
 * so a thousand-layer network cannot overflow the Java stack), then push gradients from the output
 * back to the inputs in reverse order.
 */
public final class Autograd {
    private Autograd() {}

    /**
     * Accumulates d(root)/d(leaf) into {@code leaf.grad()} of every leaf that requires a gradient,
     * and into non-leaves that asked for {@link Tensor#retainGrad()}.
     *
     * @param root the tensor to differentiate, usually a scalar loss
     * @param seed d(something)/d(root), the same shape as {@code root} (ones for a loss)
     * @param createGraph true to record the backward pass itself, for higher-order gradients
     * @throws IllegalStateException if {@code root} does not require a gradient
     */
    public static void backward(Tensor root, Tensor seed, boolean createGraph) {
        if (!root.requiresGrad()) {
            throw new IllegalStateException("backward(): the tensor " + root.shape() + " does not require grad (no input of it has requiresGrad set, or it was computed under noGrad)");
        }
        Map<Tensor, Tensor> grads = propagate(root, seed, createGraph, null);
        for (Map.Entry<Tensor, Tensor> e : grads.entrySet()) {
            Tensor t = e.getKey();
            if (t.isLeaf() || t.retainsGrad()) {
                Tensor g = createGraph ? e.getValue() : e.getValue().detach();
                t.accumulateGrad(g, createGraph);
            }
        }
    }

    /**
     * Gradients of {@code output} with respect to {@code inputs}, returned rather than accumulated
     * (as torch.autograd.grad). With createGraph the results are themselves differentiable, which
     * is how a Hessian is computed. An input the output does not depend on gets a zero gradient.
     *
     * @param output the tensor to differentiate (its gradient seed is all ones)
     * @param inputs the tensors to differentiate with respect to
     * @param createGraph true to make the results differentiable
     * @return one gradient per input, each of that input's shape
     * @throws IllegalStateException if {@code output} does not require a gradient
     */
    public static List<Tensor> grad(Tensor output, List<Tensor> inputs, boolean createGraph) {
        if (!output.requiresGrad()) {
            throw new IllegalStateException("grad(): the output does not require grad");
        }
        Map<Tensor, Tensor> grads = propagate(output, Tensor.onesLike(output), createGraph, inputs);
        List<Tensor> result = new ArrayList<>();
        for (Tensor in : inputs) {
            Tensor g = grads.get(in);
            result.add(g == null ? Tensor.zeros(in.shape().dims()) : g);
        }
        return result;
    }

    private static Map<Tensor, Tensor> propagate(Tensor root, Tensor seed, boolean createGraph, List<Tensor> wanted) {
        if (!seed.shape().equals(root.shape())) {
            throw new IllegalArgumentException("backward(): gradient seed shape " + seed.shape() + " does not match output shape " + root.shape());
        }
        List<Tensor> order = topologicalOrder(root);
        Map<Tensor, Tensor> grads = new IdentityHashMap<>();
        grads.put(root, seed);
        try (GradMode.Scope s = createGraph ? GradMode.enableGrad() : GradMode.noGrad()) {
            for (Tensor t : order) {
                Node node = t.node();
                Tensor g = grads.get(t);
                if (node == null || g == null) continue;
                Tensor[] inputGrads = node.rule().apply(g);
                Tensor[] inputs = node.inputs();
                for (int i = 0; i < inputs.length; i++) {
                    Tensor in = inputs[i];
                    if (inputGrads[i] == null || !in.requiresGrad()) continue;
                    if (!inputGrads[i].shape().equals(in.shape())) {
                        throw new IllegalStateException("backward of " + node.op() + " produced gradient " + inputGrads[i].shape() + " for input " + in.shape());
                    }
                    grads.merge(in, inputGrads[i], Tensor::add);
                }
                // A gradient of an intermediate is no longer needed once pushed to its inputs.
                if (!t.isLeaf() && !t.retainsGrad() && (wanted == null || !containsIdentity(wanted, t)) && t != root) {
                    grads.remove(t);
                }
            }
        }
        return grads;
    }

    private static boolean containsIdentity(List<Tensor> list, Tensor t) {
        for (Tensor x : list) if (x == t) return true;
        return false;
    }

    /** Outputs before inputs: reverse post-order of an explicit-stack depth-first search. */
    static List<Tensor> topologicalOrder(Tensor root) {
        List<Tensor> postOrder = new ArrayList<>();
        Map<Tensor, Boolean> visited = new IdentityHashMap<>();
        ArrayDeque<Object[]> stack = new ArrayDeque<>();
        stack.push(new Object[] {root, 0});
        visited.put(root, Boolean.TRUE);
        while (!stack.isEmpty()) {
            Object[] frame = stack.peek();
            Tensor t = (Tensor) frame[0];
            int next = (Integer) frame[1];
            Node node = t.node();
            Tensor[] inputs = node == null ? new Tensor[0] : node.inputs();
            if (next < inputs.length) {
                frame[1] = next + 1;
                Tensor in = inputs[next];
                if (in.requiresGrad() && visited.put(in, Boolean.TRUE) == null) {
                    stack.push(new Object[] {in, 0});
                }
            } else {
                stack.pop();
                postOrder.add(t);
            }
        }
        Collections.reverse(postOrder);
        return postOrder;
    }
}
