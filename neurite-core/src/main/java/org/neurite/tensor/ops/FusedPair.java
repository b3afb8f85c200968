package org.neurite.tensor.ops;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.neurite.autograd.Autograd;
import org.neurite.tensor.Shape;
import org.neurite.tensor.Tensor;

/**
 * A fused op and its reference: the same function written once from primitive tensor ops. The
 * fused op computes its values and first-order gradients with kernels; while a backward pass is
 * itself recorded (gradients of gradients) it derives its gradients by differentiating the
 * reference ({@link #gradientsByReference}), so the math of the backward is not written a second
 * time. Each fused op class declares its pairs on example inputs in a static field of this type
 * (or a list of them); one generic test finds them all and checks equal values, first-order and
 * second-order gradients.
 *
 * @param name the op's name on the tape
 * @param fast the fused op
 * @param reference the composite of primitive ops it must equal
 * @param inputs shapes of example inputs for the generic check
 */
public record FusedPair(String name, Function<Tensor[], Tensor> fast, Function<Tensor[], Tensor> reference, List<Shape> inputs) {

    static FusedPair of(String name, Function<Tensor[], Tensor> fast, Function<Tensor[], Tensor> reference, Shape... inputs) {
        return new FusedPair(name, fast, reference, List.of(inputs));
    }

    /**
     * The gradients of {@code reference(inputs)} weighted by the output gradient g, for the inputs
     * that require them (null for the others), recorded so that they can be differentiated again.
     */
    static Tensor[] gradientsByReference(Tensor[] inputs, Tensor g, Function<Tensor[], Tensor> reference) {
        Tensor out = reference.apply(inputs);
        List<Tensor> wanted = new ArrayList<>();
        for (Tensor t : inputs) if (t != null && t.requiresGrad()) wanted.add(t);
        List<Tensor> grads = Autograd.grad(out.mul(g).sum(), wanted, true);
        Tensor[] result = new Tensor[inputs.length];
        for (int i = 0, k = 0; i < inputs.length; i++) if (inputs[i] != null && inputs[i].requiresGrad()) result[i] = grads.get(k++);
        return result;
    }
}
