package org.neurite.tensor.ops;

import java.util.Arrays;
import org.neurite.kernel.Buffers;
import org.neurite.kernel.Rows;
import org.neurite.tensor.Shape;
import org.neurite.tensor.Tensor;

/**
 * Row lookup in a table and its adjoint, for embeddings. {@code gather(table (V, D), rows, shape)}
 * gives {@code (shape..., D)} with element {@code [.., d] = table[rows[..], d]}; its backward
 * scatter-adds the gradient rows into a {@code (V, D)} gradient (dense, but touching only the
 * looked-up rows: cost proportional to the batch, not to V*D beyond the allocation).
 * {@code scatterAdd} is the backward of gather and gather the backward of scatterAdd, so gradients
 * of gradients work.
 */
public final class Gather {
    private Gather() {}

    // gather: d/dtable = scatterAdd(g, rows)
    public static Tensor gather(Tensor table, int[] rows, Shape indexShape) {
        if (table.rank() != 2) throw new IllegalArgumentException("gather: table must be (rows, columns), got " + table.shape());
        if (rows.length != indexShape.size()) throw new IllegalArgumentException("gather: " + rows.length + " indices for shape " + indexShape);
        int v = table.dim(0), d = table.dim(1);
        float[] o = Buffers.floats(rows.length * d);
        Rows.gather(table.data(), v, d, rows, o);
        int[] dims = Arrays.copyOf(indexShape.dims(), indexShape.rank() + 1);
        dims[indexShape.rank()] = d;
        return Tensor.record(Tensor.of(o, dims), "gather", new Tensor[] {table},
                g -> new Tensor[] {scatterAdd(g, rows, v)});
    }

    // scatterAdd: out[rows[i], :] += src[i, :];  d/dsrc = gather(g, rows)
    public static Tensor scatterAdd(Tensor src, int[] rows, int tableRows) {
        int d = src.dim(-1);
        if (src.size() != rows.length * d) throw new IllegalArgumentException("scatterAdd: " + rows.length + " rows for source " + src.shape());
        float[] o = Buffers.floats(tableRows * d);
        Rows.scatterAdd(src.data(), d, rows, o);
        Shape srcIndexShape = Shape.of(Arrays.copyOf(src.shape().dims(), src.rank() - 1));
        return Tensor.record(Tensor.of(o, tableRows, d), "scatter_add", new Tensor[] {src},
                g -> new Tensor[] {gather(g, rows, srcIndexShape)});
    }
}
