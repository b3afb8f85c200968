package org.neurite.nn.layers;

import java.util.Arrays;
import java.util.Map;
import org.neurite.nn.Layer;
import org.neurite.nn.Summary;
import org.neurite.tensor.Shape;
import org.neurite.tensor.Tensor;

/**
 * Permutes the axes of each sample. {@code dims} is 1-based as in Keras (the batch axis 0 never
 * moves): {@code new Permute(2, 1)} turns {@code (N, T, F)} into {@code (N, F, T)}; output axis
 * {@code i} is input axis {@code dims[i-1]}. No parameters.
 */
public final class Permute extends Layer {
    private final int[] dims;

    /**
     * Reorders the axes after the batch axis, as Keras' {@code Permute}: {@code Permute(2, 1)}
     * turns {@code (N, A, B)} into {@code (N, B, A)}.
     *
     * @param dims a permutation of 1..rank (1-based; the batch axis stays first)
     * @throws IllegalArgumentException if it is not such a permutation
     */
    public Permute(int... dims) {
        int[] sorted = dims.clone();
        Arrays.sort(sorted);
        for (int i = 0; i < sorted.length; i++) {
            if (sorted[i] != i + 1) {
                throw new IllegalArgumentException("Permute: dims must be a permutation of 1.." + dims.length + " (1-based, the batch axis stays), got " + Arrays.toString(dims));
            }
        }
        if (dims.length == 0) throw new IllegalArgumentException("Permute: dims must not be empty");
        this.dims = dims.clone();
    }

    /**
     * The permutation.
     *
     * @return a copy of the 1-based axis order
     */
    public int[] dims() {
        return dims.clone();
    }

    @Override
    protected Shape computeOutputShape(Shape in) {
        if (in.rank() != dims.length) {
            throw error("dims " + Arrays.toString(dims) + " need inputs of rank " + (dims.length + 1) + ", got " + Summary.shapeString(in));
        }
        int[] out = new int[dims.length];
        for (int i = 0; i < dims.length; i++) out[i] = in.dim(dims[i] - 1);
        return Shape.of(out);
    }

    @Override
    protected boolean acceptsInput(Shape built, Shape got) {
        return built.rank() == got.rank();
    }

    @Override
    protected Tensor call(Tensor x, boolean training) {
        int[] axes = new int[dims.length + 1];
        for (int i = 0; i < dims.length; i++) axes[i + 1] = dims[i];
        return x.permute(axes);
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = super.config();
        c.put("dims", LayerConfig.ints(dims));
        return c;
    }

    static Permute fromConfig(LayerConfig c) {
        return new Permute(c.getInts("dims"));
    }
}
