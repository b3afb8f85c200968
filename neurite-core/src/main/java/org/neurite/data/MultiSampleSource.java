package org.neurite.data;

import java.util.ArrayList;
import java.util.List;
import org.neurite.tensor.Shape;
import org.neurite.tensor.Tensor;

/**
 * Random-access samples whose features and targets are several tensors each: the inputs of a
 * multi-input model and the targets of a multi-output one. {@link BatchStream} batches through
 * this interface; a single-input {@link SampleSource} is adapted by {@link #of(SampleSource)}, in-memory
 * tensors by {@link #of(List, List)}.
 *
 * <p>Shapes are per sample, without the batch axis. {@link #read} has the contract of
 * {@link SampleSource#read}: thread-safe, and the same values for the same index every time.
 */
public interface MultiSampleSource {
    /** @return the number of samples */
    int size();

    /** @return one shape per input, without the batch axis */
    List<Shape> featureShapes();

    /** @return one shape per target, without the batch axis (empty when there are no targets, as for predict) */
    List<Shape> targetShapes();

    /**
     * Writes sample {@code index} into position {@code slot} of batch buffers: input {@code k} goes
     * to {@code xs[k]} from {@code slot * featureShapes().get(k).size()}, target {@code k} likewise
     * to {@code ys[k]}.
     *
     * @param index the sample, in {@code [0, size())}
     * @param xs one batch buffer per input
     * @param ys one batch buffer per target
     * @param slot the sample's position in the batch
     */
    void read(int index, float[][] xs, float[][] ys, int slot);

    /**
     * A single-input, single-target source.
     *
     * @param source the samples
     * @return a view of it with one input and one target
     */
    static MultiSampleSource of(SampleSource source) {
        if (source == null) throw new IllegalArgumentException("the sample source is null");
        int xRow = source.featureShape().size(), yRow = source.targetShape().size();
        List<Shape> xShapes = List.of(source.featureShape()), yShapes = List.of(source.targetShape());
        return new MultiSampleSource() {
            @Override
            public int size() {
                return source.size();
            }

            @Override
            public List<Shape> featureShapes() {
                return xShapes;
            }

            @Override
            public List<Shape> targetShapes() {
                return yShapes;
            }

            @Override
            public void read(int index, float[][] xs, float[][] ys, int slot) {
                source.read(index, xs[0], slot * xRow, ys[0], slot * yRow);
            }

            @Override
            public String toString() {
                return source.toString();
            }
        };
    }

    /**
     * In-memory tensors, one per input and one per target, all with the same first (sample)
     * dimension; a sample is read with one {@code System.arraycopy} per tensor. {@code ys} may be
     * empty (inputs only, for predict).
     *
     * @param xs one tensor {@code (N, ...)} per input
     * @param ys one tensor {@code (N, ...)} per target, possibly none
     * @return the source
     * @throws IllegalArgumentException if the tensors differ in samples
     */
    static MultiSampleSource of(List<Tensor> xs, List<Tensor> ys) {
        List<Tensor> all = new ArrayList<>(xs);
        all.addAll(ys);
        if (xs.isEmpty()) throw new IllegalArgumentException("no input tensors");
        int n = xs.get(0).dim(0);
        for (Tensor t : all) {
            if (t.rank() == 0 || t.dim(0) != n) {
                throw new IllegalArgumentException("every tensor needs the same number of samples first: " + n + ", got shape " + t.shape());
            }
        }
        List<Shape> xShapes = sampleShapes(xs), yShapes = sampleShapes(ys);
        float[][] xData = arrays(xs), yData = arrays(ys); // computed once, here: loader threads only read them
        return new MultiSampleSource() {
            @Override
            public int size() {
                return n;
            }

            @Override
            public List<Shape> featureShapes() {
                return xShapes;
            }

            @Override
            public List<Shape> targetShapes() {
                return yShapes;
            }

            @Override
            public void read(int index, float[][] xBufs, float[][] yBufs, int slot) {
                copyRow(xData, xShapes, index, xBufs, slot);
                copyRow(yData, yShapes, index, yBufs, slot);
            }
        };
    }

    private static List<Shape> sampleShapes(List<Tensor> ts) {
        List<Shape> out = new ArrayList<>(ts.size());
        for (Tensor t : ts) out.add(Shape.of(java.util.Arrays.copyOfRange(t.shape().dims(), 1, t.rank())));
        return List.copyOf(out);
    }

    private static float[][] arrays(List<Tensor> ts) {
        float[][] out = new float[ts.size()][];
        for (int k = 0; k < out.length; k++) out[k] = ts.get(k).data();
        return out;
    }

    private static void copyRow(float[][] data, List<Shape> shapes, int index, float[][] bufs, int slot) {
        for (int k = 0; k < data.length; k++) {
            int row = shapes.get(k).size();
            System.arraycopy(data[k], index * row, bufs[k], slot * row, row);
        }
    }
}
