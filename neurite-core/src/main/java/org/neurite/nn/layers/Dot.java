package org.neurite.nn.layers;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.neurite.nn.Layer;
import org.neurite.tensor.Shape;
import org.neurite.tensor.Tensor;

/**
 * Dot product of two samples along an axis of each, as Keras' {@code Dot} (a batched
 * {@code batch_dot}). Axes count the batch axis as 0 (negative from the end); the output keeps the
 * other axes of the first input, then those of the second:
 * <ul>
 *   <li>{@code [(N, d), (N, d)]}, axes 1 (or -1) -> {@code (N, 1)}: one dot per sample;</li>
 *   <li>{@code [(N, T, d), (N, S, d)]}, axes 2 -> {@code (N, T, S)} (attention-style scores);</li>
 *   <li>{@code [(N, T, d), (N, T, e)]}, axes 1 -> {@code (N, d, e)}.</li>
 * </ul>
 * With {@code normalize} each input is first L2-normalised along its dot axis
 * ({@code x / sqrt(max(sum x^2, 1e-12))}, as Keras), so the result is a cosine similarity.
 * No parameters.
 */
public final class Dot extends Layer {
    private final int axisA;
    private final int axisB;
    private final boolean normalize;

    /**
     * The dot product along the same axis of both inputs, without normalization.
     *
     * @param axes the axis, counted with the batch axis as 0, negative from the end; not 0
     * @throws IllegalArgumentException if it is 0
     */
    public Dot(int axes) {
        this(axes, axes, false);
    }

    /**
     * The dot product along the same axis of both inputs.
     *
     * @param axes the axis, counted with the batch axis as 0; not 0
     * @param normalize true to L2-normalise both inputs first (a cosine similarity)
     * @throws IllegalArgumentException if the axis is 0
     */
    public Dot(int axes, boolean normalize) {
        this(axes, axes, normalize);
    }

    /**
     * The dot product along an axis of each input; the two axes must have the same size.
     *
     * @param axisA the first input's axis, counted with the batch axis as 0; not 0
     * @param axisB the second input's axis; not 0
     * @param normalize true to L2-normalise both inputs first
     * @throws IllegalArgumentException if an axis is 0
     */
    public Dot(int axisA, int axisB, boolean normalize) {
        if (axisA == 0 || axisB == 0) throw new IllegalArgumentException("Dot: cannot take the dot product along the batch axis 0");
        this.axisA = axisA;
        this.axisB = axisB;
        this.normalize = normalize;
    }

    /**
     * The dot axes.
     *
     * @return {@code {axisA, axisB}}, as given
     */
    public int[] axes() {
        return new int[] {axisA, axisB};
    }

    /**
     * Whether the inputs are L2-normalised first.
     *
     * @return true for a cosine similarity
     */
    public boolean normalize() {
        return normalize;
    }

    /** An axis in the per-sample shape (batch excluded), from a Keras axis (batch counted). */
    private int sampleAxis(int axis, Shape s, int which) {
        int full = s.rank() + 1;
        int a = axis < 0 ? axis + full : axis;
        if (a < 1 || a >= full) throw error("axis " + axis + " is out of range for input " + which + " of rank " + full);
        return a - 1;
    }

    @Override
    protected Shape computeOutputShape(List<Shape> in) {
        if (in.size() != 2) throw error("needs exactly 2 inputs, got " + in.size());
        Shape a = in.get(0), b = in.get(1);
        int ia = sampleAxis(axisA, a, 0), ib = sampleAxis(axisB, b, 1);
        if (a.dim(ia) != b.dim(ib)) {
            throw error("the dot axes must have the same size, got " + a.dim(ia) + " (axis " + axisA + " of " + org.neurite.nn.Summary.shapeString(a)
                    + ") and " + b.dim(ib) + " (axis " + axisB + " of " + org.neurite.nn.Summary.shapeString(b) + ")");
        }
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < a.rank(); i++) if (i != ia) out.add(a.dim(i));
        for (int i = 0; i < b.rank(); i++) if (i != ib) out.add(b.dim(i));
        if (out.isEmpty()) out.add(1);
        return Shape.of(out.stream().mapToInt(Integer::intValue).toArray());
    }

    @Override
    protected Tensor call(Tensor input, boolean training) {
        throw error("needs exactly 2 inputs, got 1");
    }

    @Override
    protected Tensor call(List<Tensor> inputs, boolean training) {
        Tensor a = inputs.get(0), b = inputs.get(1);
        int ia = sampleAxis(axisA, Shape.of(rest(a)), 0) + 1, ib = sampleAxis(axisB, Shape.of(rest(b)), 1) + 1;
        if (normalize) {
            a = l2Normalize(a, ia);
            b = l2Normalize(b, ib);
        }
        int n = a.dim(0), d = a.dim(ia);
        // a -> (N, A, d) with the dot axis last; b -> (N, d, B) with the dot axis second
        Tensor am = moveAxis(a, ia, a.rank() - 1).reshape(n, -1, d);
        Tensor bm = b.rank() == 2 ? b.unsqueeze(2) : moveAxis(b, ib, 1).reshape(n, d, -1);
        Tensor out = am.matmul(bm); // (N, A, B)
        int[] dims = new int[outputShape().rank() + 1];
        dims[0] = n;
        System.arraycopy(outputShape().dims(), 0, dims, 1, dims.length - 1);
        return out.reshape(dims);
    }

    private static int[] rest(Tensor t) {
        return java.util.Arrays.copyOfRange(t.shape().dims(), 1, t.rank());
    }

    /** Moves one axis to a new position, keeping the order of the others. */
    private static Tensor moveAxis(Tensor t, int from, int to) {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < t.rank(); i++) if (i != from) order.add(i);
        order.add(to, from);
        return t.permute(order.stream().mapToInt(Integer::intValue).toArray());
    }

    static Tensor l2Normalize(Tensor x, int axis) {
        return x.div(x.square().sum(axis, true).maximum(Tensor.scalar(1e-12f)).sqrt());
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = super.config();
        c.put("axes", axisA == axisB ? (Object) axisA : LayerConfig.ints(axisA, axisB));
        c.put("normalize", normalize);
        return c;
    }

    static Dot fromConfig(LayerConfig c) {
        boolean norm = c.getBool("normalize", false);
        try {
            int a = c.getInt("axes");
            return new Dot(a, a, norm);
        } catch (IllegalArgumentException single) {
            int[] p = c.getInts("axes");
            if (p.length != 2) throw new IllegalArgumentException("Dot: config 'axes' must be an integer or a pair, got " + p.length + " values");
            return new Dot(p[0], p[1], norm);
        }
    }
}
