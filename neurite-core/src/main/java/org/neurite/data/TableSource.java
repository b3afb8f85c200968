package org.neurite.data;

import java.util.Objects;
import org.neurite.tensor.Shape;

/**
 * The rows of a table after {@link TablePreprocessing#transform}: features {@code (featureSize)} and a
 * scalar target (a class index or a standardised number) per row. Held in memory (tables are small
 * next to images); each sample remembers the line of the file it came from.
 */
public final class TableSource implements SampleSource {
    private final String name;
    private final float[] x;
    private final int width;
    private final float[] y;
    private final int[] lines;
    private final int dropped;

    TableSource(String name, float[] x, int width, float[] y, int[] lines, int dropped) {
        this.name = name;
        this.x = x;
        this.width = width;
        this.y = y;
        this.lines = lines;
        this.dropped = dropped;
    }

    @Override
    public int size() {
        return y.length;
    }

    @Override
    public Shape featureShape() {
        return Shape.of(width);
    }

    @Override
    public Shape targetShape() {
        return Shape.scalar();
    }

    @Override
    public void read(int index, float[] xs, int xOffset, float[] ys, int yOffset) {
        Objects.checkIndex(index, y.length);
        System.arraycopy(x, index * width, xs, xOffset, width);
        ys[yOffset] = y[index];
    }

    /**
     * The file line that sample {@code index} came from.
     *
     * @param index the sample, from 0
     * @return its 1-based file line
     */
    public int line(int index) {
        return lines[index];
    }

    /** @return rows left out because of a missing target or (policy DROP) a missing feature */
    public int droppedRows() {
        return dropped;
    }

    @Override
    public String toString() {
        return "TableSource(" + name + ": " + y.length + " rows x " + width + " features, " + dropped + " dropped)";
    }
}
