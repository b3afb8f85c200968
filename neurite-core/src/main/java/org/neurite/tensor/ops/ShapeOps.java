package org.neurite.tensor.ops;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.neurite.kernel.Buffers;
import org.neurite.kernel.Copy;
import org.neurite.tensor.Shape;
import org.neurite.tensor.Tensor;

/** Ops that move values without computing with them: reshape, permute, slice, concat, split, pad, broadcast. */
public final class ShapeOps {
    private ShapeOps() {}

    // reshape: shares the data; the gradient is reshaped back
    public static Tensor reshape(Tensor a, int... dims) {
        int[] d = dims.clone();
        int unknown = -1, known = 1;
        for (int i = 0; i < d.length; i++) {
            if (d[i] == -1) {
                if (unknown >= 0) throw new IllegalArgumentException("reshape: only one dimension may be -1, got " + Arrays.toString(dims));
                unknown = i;
            } else {
                known *= d[i];
            }
        }
        if (unknown >= 0) {
            if (known == 0 || a.size() % known != 0) {
                throw new IllegalArgumentException("reshape: cannot reshape " + a.shape() + " (" + a.size() + " values) to " + Arrays.toString(dims));
            }
            d[unknown] = a.size() / known;
        }
        Shape target = Shape.of(d);
        if (target.size() != a.size()) {
            throw new IllegalArgumentException("reshape: cannot reshape " + a.shape() + " (" + a.size() + " values) to " + target + " (" + target.size() + " values)");
        }
        Tensor out = Tensor.of(a.data(), target);
        return Tensor.record(out, "reshape", new Tensor[] {a}, g -> new Tensor[] {g.reshape(a.shape().dims())});
    }

    public static Tensor unsqueeze(Tensor a, int axis) {
        int ax = axis < 0 ? axis + a.rank() + 1 : axis;
        if (ax < 0 || ax > a.rank()) throw new IllegalArgumentException("unsqueeze: axis " + axis + " out of range for " + a.shape());
        int[] d = new int[a.rank() + 1];
        for (int i = 0, j = 0; i < d.length; i++) d[i] = i == ax ? 1 : a.shape().dim(j++);
        return reshape(a, d);
    }

    public static Tensor squeeze(Tensor a, int axis) {
        int ax = a.shape().normalizeAxis(axis);
        if (a.shape().dim(ax) != 1) throw new IllegalArgumentException("squeeze: axis " + axis + " of " + a.shape() + " has size " + a.shape().dim(ax) + ", not 1");
        int[] d = new int[a.rank() - 1];
        for (int i = 0, j = 0; i < a.rank(); i++) if (i != ax) d[j++] = a.shape().dim(i);
        return reshape(a, d);
    }

    // permute: the gradient is permuted by the inverse permutation
    public static Tensor permute(Tensor a, int... axes) {
        int r = a.rank();
        if (axes.length != r) throw new IllegalArgumentException("permute: " + Arrays.toString(axes) + " has " + axes.length + " axes, tensor " + a.shape() + " has " + r);
        int[] perm = new int[r];
        boolean[] seen = new boolean[r];
        for (int i = 0; i < r; i++) {
            perm[i] = a.shape().normalizeAxis(axes[i]);
            if (seen[perm[i]]) throw new IllegalArgumentException("permute: axis " + axes[i] + " repeated in " + Arrays.toString(axes));
            seen[perm[i]] = true;
        }
        int[] inStrides = a.shape().strides();
        int[] outDims = new int[r], strides = new int[r], inverse = new int[r];
        for (int i = 0; i < r; i++) {
            outDims[i] = a.shape().dim(perm[i]);
            strides[i] = inStrides[perm[i]];
            inverse[perm[i]] = i;
        }
        Shape outShape = Shape.of(outDims);
        float[] x = a.data();
        float[] o = Buffers.uninitialized(x.length);
        Broadcasting.walk(outShape, strides, new int[r], (op, ia, sa, ib, sb, n) -> Copy.stridedRun(x, ia, sa, o, op, n));
        return Tensor.record(Tensor.of(o, outShape), "permute", new Tensor[] {a}, g -> new Tensor[] {g.permute(inverse)});
    }

    public static Tensor transpose(Tensor a, int axis0, int axis1) {
        int[] perm = new int[a.rank()];
        for (int i = 0; i < perm.length; i++) perm[i] = i;
        int p = a.shape().normalizeAxis(axis0), q = a.shape().normalizeAxis(axis1);
        perm[p] = q;
        perm[q] = p;
        return permute(a, perm);
    }

    // slice: the gradient is zero-padded back to the full length
    public static Tensor slice(Tensor a, int axis, int start, int end) {
        int ax = a.shape().normalizeAxis(axis);
        int dim = a.shape().dim(ax);
        int s = start < 0 ? start + dim : start;
        int e = end < 0 ? end + dim : Math.min(end, dim);
        if (s < 0 || s > e || e > dim) {
            throw new IllegalArgumentException("slice: [" + start + ", " + end + ") is not a range of axis " + axis + " (size " + dim + ") of " + a.shape());
        }
        int len = e - s;
        int inner = a.shape().sizeBetween(ax + 1, a.rank());
        int outer = a.shape().sizeBetween(0, ax);
        float[] o = Buffers.uninitialized(outer * len * inner);
        Copy.blocks(a.data(), s * inner, dim * inner, o, 0, len * inner, outer, len * inner);
        Tensor out = Tensor.of(o, a.shape().withDim(ax, len));
        int[] pads = new int[2 * a.rank()];
        pads[2 * ax] = s;
        pads[2 * ax + 1] = dim - e;
        return Tensor.record(out, "slice", new Tensor[] {a}, g -> new Tensor[] {g.pad(pads, 0f)});
    }

    // concat: each input receives its slice of the gradient
    public static Tensor concat(List<Tensor> parts, int axis) {
        if (parts.isEmpty()) throw new IllegalArgumentException("concat: no tensors given");
        Tensor first = parts.get(0);
        int ax = first.shape().normalizeAxis(axis);
        int total = 0;
        for (int k = 0; k < parts.size(); k++) {
            Tensor t = parts.get(k);
            if (t.rank() != first.rank()) throw new IllegalArgumentException("concat: tensor " + k + " has shape " + t.shape() + ", tensor 0 has " + first.shape());
            for (int i = 0; i < t.rank(); i++) {
                if (i != ax && t.shape().dim(i) != first.shape().dim(i)) {
                    throw new IllegalArgumentException("concat along axis " + axis + ": tensor " + k + " has shape " + t.shape() + ", tensor 0 has " + first.shape() + " (all axes but the concat axis must match)");
                }
            }
            total += t.shape().dim(ax);
        }
        Shape outShape = first.shape().withDim(ax, total);
        int inner = first.shape().sizeBetween(ax + 1, first.rank());
        int outer = first.shape().sizeBetween(0, ax);
        float[] o = Buffers.uninitialized(outShape.size());
        int[] offsets = new int[parts.size() + 1];
        for (int k = 0; k < parts.size(); k++) {
            Tensor t = parts.get(k);
            int len = t.shape().dim(ax);
            Copy.blocks(t.data(), 0, len * inner, o, offsets[k] * inner, total * inner, outer, len * inner);
            offsets[k + 1] = offsets[k] + len;
        }
        Tensor[] inputs = parts.toArray(new Tensor[0]);
        return Tensor.record(Tensor.of(o, outShape), "concat", inputs, g -> {
            Tensor[] grads = new Tensor[inputs.length];
            for (int k = 0; k < inputs.length; k++) {
                if (inputs[k].requiresGrad()) grads[k] = g.slice(ax, offsets[k], offsets[k + 1]);
            }
            return grads;
        });
    }

    /** np.split into equal sections; the axis length must divide evenly. */
    public static List<Tensor> split(Tensor a, int sections, int axis) {
        int dim = a.shape().dim(axis);
        if (sections <= 0 || dim % sections != 0) {
            throw new IllegalArgumentException("split: axis " + axis + " of " + a.shape() + " (size " + dim + ") cannot be split into " + sections + " equal parts");
        }
        int[] sizes = new int[sections];
        Arrays.fill(sizes, dim / sections);
        return splitSizes(a, sizes, axis);
    }

    /** tf.split with explicit sizes; they must add up to the axis length. */
    public static List<Tensor> splitSizes(Tensor a, int[] sizes, int axis) {
        int dim = a.shape().dim(axis);
        int sum = 0;
        for (int s : sizes) {
            if (s < 0) throw new IllegalArgumentException("split: negative size in " + Arrays.toString(sizes));
            sum += s;
        }
        if (sum != dim) throw new IllegalArgumentException("split: sizes " + Arrays.toString(sizes) + " add up to " + sum + " but axis " + axis + " of " + a.shape() + " has " + dim);
        List<Tensor> out = new ArrayList<>();
        int start = 0;
        for (int s : sizes) {
            out.add(slice(a, axis, start, start + s));
            start += s;
        }
        return out;
    }

    // pad: the gradient is the interior slice
    public static Tensor pad(Tensor a, int[] pads, float value) {
        int r = a.rank();
        if (pads.length != 2 * r) throw new IllegalArgumentException("pad: need 2 values (before, after) per axis, " + 2 * r + " for " + a.shape() + ", got " + pads.length);
        int[] outDims = new int[r];
        for (int i = 0; i < r; i++) {
            if (pads[2 * i] < 0 || pads[2 * i + 1] < 0) throw new IllegalArgumentException("pad: negative padding " + Arrays.toString(pads));
            outDims[i] = a.shape().dim(i) + pads[2 * i] + pads[2 * i + 1];
        }
        Shape outShape = Shape.of(outDims);
        float[] o = Buffers.floats(outShape.size());
        if (value != 0f) Arrays.fill(o, value);
        int[] outStrides = outShape.strides();
        int base = 0;
        for (int i = 0; i < r; i++) base += pads[2 * i] * outStrides[i];
        float[] x = a.data();
        int origin = base;
        Broadcasting.walk(a.shape(), outStrides, new int[r], (ip, oa, sa, ib, sb, n) -> {
            System.arraycopy(x, ip, o, origin + oa, n);
        });
        return Tensor.record(Tensor.of(o, outShape), "pad", new Tensor[] {a}, g -> {
            Tensor inner = g;
            for (int i = 0; i < r; i++) {
                if (pads[2 * i] != 0 || pads[2 * i + 1] != 0) inner = inner.slice(i, pads[2 * i], pads[2 * i] + a.shape().dim(i));
            }
            return new Tensor[] {inner};
        });
    }

    // broadcastTo: the gradient is summed back
    public static Tensor broadcastTo(Tensor a, Shape target) {
        if (a.shape().equals(target)) return a;
        Shape b = Shape.broadcast(a.shape(), target);
        if (!b.equals(target)) throw new IllegalArgumentException("broadcastTo: " + a.shape() + " cannot be broadcast to " + target);
        float[] x = a.data();
        float[] o = Buffers.uninitialized(target.size());
        Broadcasting.walk(target, Broadcasting.alignedStrides(a.shape(), target), new int[target.rank()],
                (op, ia, sa, ib, sb, n) -> Copy.broadcastRun(x, ia, sa, o, op, n));
        return Tensor.record(Tensor.of(o, target), "broadcast_to", new Tensor[] {a}, g -> new Tensor[] {g.sumTo(a.shape())});
    }
}
