package org.neurite.tensor.ops;

import java.util.Arrays;
import org.neurite.kernel.Buffers;
import org.neurite.kernel.Reduce;
import org.neurite.tensor.Shape;
import org.neurite.tensor.Tensor;

/** Sums, means and maxima over axes. Sums accumulate in double so a mean over a whole data set stays exact to float precision. */
public final class Reductions {
    private Reductions() {}

    /** Which axes to reduce; null means all. */
    static boolean[] axisMask(Shape s, int[] axes) {
        boolean[] mask = new boolean[s.rank()];
        if (axes == null) {
            Arrays.fill(mask, true);
            return mask;
        }
        for (int a : axes) {
            int n = s.normalizeAxis(a);
            if (mask[n]) throw new IllegalArgumentException("axis " + a + " given twice for shape " + s);
            mask[n] = true;
        }
        return mask;
    }

    static Shape keptShape(Shape s, boolean[] reduce) {
        int[] d = s.dims();
        for (int i = 0; i < d.length; i++) if (reduce[i]) d[i] = 1;
        return Shape.of(d);
    }

    static Shape droppedShape(Shape s, boolean[] reduce) {
        int n = 0;
        for (boolean r : reduce) if (!r) n++;
        int[] d = new int[n];
        for (int i = 0, j = 0; i < reduce.length; i++) if (!reduce[i]) d[j++] = s.dim(i);
        return Shape.of(d);
    }

    private static float[] sumKept(Tensor a, Shape kept) {
        float[] x = a.data();
        int inner = trailingReduced(a.shape(), kept);
        float[] o = Buffers.uninitialized(kept.size());
        if (inner > 0) {
            // only trailing axes reduced (a loss's mean over the last axis, often of size 1): one run per output
            Reduce.sumContiguousRuns(x, o, inner);
            return o;
        }
        double[] acc = Buffers.doubles(kept.size());
        Broadcasting.walk(a.shape(), a.shape().strides(), Broadcasting.alignedStrides(kept, a.shape()),
                (pos, ia, sa, ob, sb, n) -> Reduce.accumulateRun(x, pos, acc, ob, sb, n));
        Reduce.toFloats(acc, o);
        return o;
    }

    /**
     * The number of elements summed into each output when the reduced axes (size 1 in kept) are all
     * after the kept ones, so each output sums one contiguous run; else 0.
     */
    private static int trailingReduced(Shape s, Shape kept) {
        int inner = 1, i = s.rank() - 1;
        for (; i >= 0 && kept.dim(i) == 1; i--) inner *= s.dim(i);
        for (; i >= 0; i--) if (kept.dim(i) != s.dim(i)) return 0;
        return kept.size() == 0 ? 0 : inner;
    }

    // sum: the gradient is broadcast back over the reduced axes
    public static Tensor sum(Tensor a, int[] axes, boolean keepDims) {
        boolean[] reduce = axisMask(a.shape(), axes);
        Shape kept = keptShape(a.shape(), reduce);
        Shape outShape = keepDims ? kept : droppedShape(a.shape(), reduce);
        Tensor out = Tensor.of(sumKept(a, kept), outShape);
        return Tensor.record(out, "sum", new Tensor[] {a},
                g -> new Tensor[] {g.reshape(kept.dims()).broadcastTo(a.shape())});
    }

    public static Tensor mean(Tensor a, int[] axes, boolean keepDims) {
        boolean[] reduce = axisMask(a.shape(), axes);
        int count = 1;
        for (int i = 0; i < reduce.length; i++) if (reduce[i]) count *= a.shape().dim(i);
        return sum(a, axes, keepDims).mul(1f / count);
    }

    // max: the gradient goes to the maximal elements, split evenly on ties
    public static Tensor max(Tensor a, int[] axes, boolean keepDims) {
        boolean[] reduce = axisMask(a.shape(), axes);
        Shape kept = keptShape(a.shape(), reduce);
        float[] x = a.data();
        float[] m = Buffers.floats(kept.size());
        Arrays.fill(m, Float.NEGATIVE_INFINITY);
        Broadcasting.walk(a.shape(), a.shape().strides(), Broadcasting.alignedStrides(kept, a.shape()),
                (pos, ia, sa, ob, sb, n) -> Reduce.maxRun(x, pos, m, ob, sb, n));
        Tensor keptMax = Tensor.of(m, kept);
        Shape outShape = keepDims ? kept : droppedShape(a.shape(), reduce);
        Tensor out = Tensor.of(m, outShape);
        return Tensor.record(out, "max", new Tensor[] {a}, g -> {
            Tensor isMax = Elementwise.binary(a, keptMax, (p, q) -> p == q ? 1f : 0f);
            Tensor ties = Tensor.of(sumKept(isMax, kept), kept);
            return new Tensor[] {g.reshape(kept.dims()).div(ties).mul(isMax)};
        });
    }

    /** Index of the maximum along an axis (first one on ties); not differentiable. */
    public static Tensor argmax(Tensor a, int axis) {
        int ax = a.shape().normalizeAxis(axis);
        int n = a.shape().dim(ax);
        int inner = a.shape().sizeBetween(ax + 1, a.rank());
        int outer = a.shape().sizeBetween(0, ax);
        float[] o = Buffers.uninitialized(outer * inner);
        Reduce.argmax(a.data(), o, outer, n, inner);
        boolean[] reduce = new boolean[a.rank()];
        reduce[ax] = true;
        return Tensor.of(o, droppedShape(a.shape(), reduce));
    }

    // sumTo: reverses broadcasting; its gradient broadcasts again
    public static Tensor sumTo(Tensor a, Shape target) {
        if (a.shape().equals(target)) return a;
        Shape check = Shape.broadcast(target, a.shape());
        if (!check.equals(a.shape())) {
            throw new IllegalArgumentException("sumTo: shape " + target + " does not broadcast to " + a.shape());
        }
        int shift = a.rank() - target.rank();
        boolean[] reduce = new boolean[a.rank()];
        for (int i = 0; i < a.rank(); i++) {
            reduce[i] = i < shift || (target.dim(i - shift) == 1 && a.shape().dim(i) != 1);
        }
        Shape kept = keptShape(a.shape(), reduce);
        Tensor out = Tensor.of(sumKept(a, kept), target);
        return Tensor.record(out, "sum_to", new Tensor[] {a}, g -> new Tensor[] {g.broadcastTo(a.shape())});
    }
}
