package org.neurite.data;

import java.util.Arrays;
import org.neurite.tensor.Shape;

/**
 * Some samples of another source, in a given order, without copying them: sample {@code i} of
 * the view is sample {@code indices[i]} of the source. A shuffled order, a train/validation cut
 * of a folder larger than the heap, or both; reads go through to the source when they happen.
 */
public final class IndexedSource implements SampleSource {
    private final SampleSource source;
    private final int[] indices;

    /**
     * A view of {@code source}.
     *
     * @param source the samples
     * @param indices which samples, in the view's order (copied); each in [0, source.size())
     * @throws IndexOutOfBoundsException naming the first index outside the source
     */
    public IndexedSource(SampleSource source, int[] indices) {
        this.source = source;
        this.indices = indices.clone();
        for (int i : this.indices) {
            if (i < 0 || i >= source.size()) throw new IndexOutOfBoundsException("IndexedSource: index " + i + " outside the source's " + source.size() + " samples");
        }
    }

    /**
     * Samples {@code [from, to)} of an order of the source (e.g. the training part of a shuffled
     * order).
     *
     * @param source the samples
     * @param order an order of (some of) the source's samples
     * @param from the first position of {@code order} taken
     * @param to the position after the last
     * @return the view
     */
    public static IndexedSource range(SampleSource source, int[] order, int from, int to) {
        return new IndexedSource(source, Arrays.copyOfRange(order, from, to));
    }

    /**
     * 0, 1, ..., n-1: the stored order of n samples.
     *
     * @param n the number of samples
     * @return a new array
     */
    public static int[] identity(int n) {
        int[] order = new int[n];
        Arrays.setAll(order, i -> i);
        return order;
    }

    @Override
    public int size() {
        return indices.length;
    }

    @Override
    public Shape featureShape() {
        return source.featureShape();
    }

    @Override
    public Shape targetShape() {
        return source.targetShape();
    }

    @Override
    public void read(int index, float[] x, int xOffset, float[] y, int yOffset) {
        source.read(indices[index], x, xOffset, y, yOffset);
    }
}
