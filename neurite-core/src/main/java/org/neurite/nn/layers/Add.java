package org.neurite.nn.layers;

import java.util.List;
import org.neurite.nn.Layer;
import org.neurite.nn.Summary;
import org.neurite.tensor.Shape;
import org.neurite.tensor.Tensor;

/**
 * Elementwise sum of two or more inputs of the same shape (a residual connection):
 * {@code [(N, ...s), (N, ...s), ...] -> (N, ...s)}. No parameters.
 */
public final class Add extends Layer {
    @Override
    protected Shape computeOutputShape(List<Shape> in) {
        if (in.size() < 2) throw error("needs at least 2 inputs, got " + in.size());
        for (int i = 1; i < in.size(); i++) {
            if (!in.get(i).equals(in.get(0))) {
                throw error("all inputs must have the same shape, got " + shapes(in));
            }
        }
        return in.get(0);
    }

    @Override
    protected Tensor call(List<Tensor> inputs, boolean training) {
        Tensor sum = inputs.get(0);
        for (int i = 1; i < inputs.size(); i++) sum = sum.add(inputs.get(i));
        return sum;
    }

    @Override
    protected Tensor call(Tensor input, boolean training) {
        throw error("needs at least 2 inputs, got 1");
    }

    static String shapes(List<Shape> in) {
        StringBuilder sb = new StringBuilder();
        for (Shape s : in) sb.append(sb.length() == 0 ? "" : ", ").append(Summary.shapeString(s));
        return sb.toString();
    }

    static Add fromConfig(LayerConfig c) {
        return new Add();
    }
}
