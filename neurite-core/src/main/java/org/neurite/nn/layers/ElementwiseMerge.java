package org.neurite.nn.layers;

import java.util.List;
import java.util.function.BinaryOperator;
import org.neurite.nn.Layer;
import org.neurite.tensor.Shape;
import org.neurite.tensor.Tensor;

/**
 * The shared shape rule of Keras' elementwise merge layers (Subtract, Multiply, Average, Maximum,
 * Minimum): the inputs' shapes must be equal or broadcast against each other (an axis of size 1
 * stretches, as Keras' {@code _compute_elemwise_op_output_shape}); the output has the broadcast
 * shape. No parameters.
 */
abstract class ElementwiseMerge extends Layer {
    private final int minInputs;
    private final int maxInputs;

    ElementwiseMerge(int minInputs, int maxInputs) {
        this.minInputs = minInputs;
        this.maxInputs = maxInputs;
    }

    @Override
    protected final Shape computeOutputShape(List<Shape> in) {
        if (in.size() < minInputs || in.size() > maxInputs) {
            throw error(minInputs == maxInputs ? "needs exactly " + minInputs + " inputs, got " + in.size()
                    : "needs at least " + minInputs + " inputs, got " + in.size());
        }
        Shape out = in.get(0);
        for (int i = 1; i < in.size(); i++) {
            try {
                out = Shape.broadcast(out, in.get(i));
            } catch (IllegalArgumentException e) {
                throw error("inputs must have the same shape (or broadcast), got " + Add.shapes(in));
            }
        }
        return out;
    }

    @Override
    protected final Tensor call(Tensor input, boolean training) {
        throw error("needs at least " + minInputs + " inputs, got 1");
    }

    @Override
    protected final Tensor call(List<Tensor> inputs, boolean training) {
        return merge(inputs);
    }

    /**
     * The merge of the batches.
     *
     * @param inputs two or more batches, each with the batch axis
     * @return the merged batch
     */
    protected abstract Tensor merge(List<Tensor> inputs);

    /** A step is real when it is real in every input (Keras' merge masks). */
    @Override
    protected Tensor computeMask(List<Tensor> inputs, List<Tensor> masks) {
        return Masks.all(inputs, masks);
    }

    /** Applies a binary op left to right: ((x0 op x1) op x2) ... */
    static Tensor fold(List<Tensor> inputs, BinaryOperator<Tensor> op) {
        Tensor acc = inputs.get(0);
        for (int i = 1; i < inputs.size(); i++) acc = op.apply(acc, inputs.get(i));
        return acc;
    }
}
