package org.neurite.nn.layers;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.neurite.tensor.Tensor;

/**
 * The small rules of Keras' implicit masks (see {@link org.neurite.nn.Layer#computeMask}): a mask
 * is a 0/1 tensor {@code (N, T)} over the first two axes of its tensor, 1 = a real step.
 */
final class Masks {
    private Masks() {}

    /** The mask, or all ones for an input without one. */
    static Tensor orOnes(Tensor mask, Tensor input) {
        return mask != null ? mask : Tensor.ones(input.dim(0), input.dim(1));
    }

    /** Merge layers: a step is real when it is real in every input that has a mask; null if none has. */
    static Tensor all(List<Tensor> inputs, List<Tensor> masks) {
        Tensor out = null;
        for (int i = 0; i < masks.size(); i++) {
            if (masks.get(i) == null || inputs.get(i).rank() < 2) continue;
            out = out == null ? masks.get(i) : out.mul(masks.get(i));
        }
        return out;
    }

    /** Concatenation along the time axis joins the masks (ones for inputs without one); null if none has. */
    static Tensor joined(List<Tensor> inputs, List<Tensor> masks) {
        if (masks.stream().allMatch(java.util.Objects::isNull)) return null;
        List<Tensor> parts = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) parts.add(orOnes(masks.get(i), inputs.get(i)));
        return Tensor.concat(parts, 1);
    }

    /** The mask {@code (N, T)} reshaped to {@code (N, T, 1, ...)} so that it broadcasts over a tensor of this rank. */
    static Tensor broadcastable(Tensor mask, int rank) {
        int[] dims = new int[rank];
        Arrays.fill(dims, 1);
        dims[0] = mask.dim(0);
        dims[1] = mask.dim(1);
        return mask.reshape(dims);
    }

    /** Step t of a mask {@code (N, T)} as {@code (N, 1)}. */
    static Tensor step(Tensor mask, int t) {
        return mask.slice(1, t, t + 1);
    }
}
