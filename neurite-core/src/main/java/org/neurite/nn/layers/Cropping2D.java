package org.neurite.nn.layers;

import java.util.Map;
import org.neurite.nn.Layer;
import org.neurite.nn.Summary;
import org.neurite.tensor.Shape;
import org.neurite.tensor.Tensor;

/**
 * Removes rows and columns at the borders of (N, H, W, C) maps: output
 * {@code (N, H-top-bottom, W-left-right, C)}. No parameters.
 */
public final class Cropping2D extends Layer {
    private final int top, bottom, left, right;

    /**
     * Crops the same number of rows and columns from every side: {@code (N, H, W, C) -> (N, H - 2c, W - 2c, C)}.
     *
     * @param cropping rows and columns removed at each edge; &gt;= 0
     * @throws IllegalArgumentException if it is negative
     */
    public Cropping2D(int cropping) {
        this(cropping, cropping);
    }

    /**
     * Symmetric: {@code rows} above and below, {@code cols} left and right.
     *
     * @param rows rows removed at the top and at the bottom; &gt;= 0
     * @param cols columns removed at the left and at the right; &gt;= 0
     * @throws IllegalArgumentException if either is negative
     */
    public Cropping2D(int rows, int cols) {
        this(rows, rows, cols, cols);
    }

    /**
     * Crops each edge by its own amount: {@code (N, H, W, C) -> (N, H - top - bottom, W - left - right, C)}.
     *
     * @param top rows removed at the top; &gt;= 0
     * @param bottom rows removed at the bottom; &gt;= 0
     * @param left columns removed at the left; &gt;= 0
     * @param right columns removed at the right; &gt;= 0
     * @throws IllegalArgumentException if any is negative (too large a crop fails when the layer is built)
     */
    public Cropping2D(int top, int bottom, int left, int right) {
        if (top < 0 || bottom < 0 || left < 0 || right < 0) {
            throw new IllegalArgumentException("Cropping2D: cropping must be non-negative, got (" + top + ", " + bottom + ", " + left + ", " + right + ")");
        }
        this.top = top;
        this.bottom = bottom;
        this.left = left;
        this.right = right;
    }

    @Override
    public Cropping2D name(String newName) {
        super.name(newName);
        return this;
    }

    @Override
    protected Shape computeOutputShape(Shape in) {
        if (in.rank() != 3) throw error("expected input (None, height, width, channels), got " + Summary.shapeString(in));
        int h = in.dim(0) - top - bottom, w = in.dim(1) - left - right;
        if (h <= 0 || w <= 0) {
            throw error("cropping (" + top + ", " + bottom + ", " + left + ", " + right + ") leaves nothing of input " + Summary.shapeString(in));
        }
        return Shape.of(h, w, in.dim(2));
    }

    @Override
    protected boolean acceptsInput(Shape built, Shape got) {
        return got.rank() == 3 && got.dim(2) == built.dim(2) && got.dim(0) > top + bottom && got.dim(1) > left + right;
    }

    @Override
    protected Tensor call(Tensor x, boolean training) {
        return x.slice(1, top, x.dim(1) - bottom).slice(2, left, x.dim(2) - right);
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = super.config();
        c.put("cropping", LayerConfig.ints(top, bottom, left, right));
        return c;
    }

    static Cropping2D fromConfig(LayerConfig c) {
        int[] p = four(c, "cropping");
        return new Cropping2D(p[0], p[1], p[2], p[3]);
    }

    /** [top, bottom, left, right] from a config (a flat list; Keras writes ((top, bottom), (left, right))). */
    static int[] four(LayerConfig c, String key) {
        int[] p = c.getInts(key);
        if (p.length != 4) throw new IllegalArgumentException("config '" + key + "' must be [top, bottom, left, right], got " + p.length + " values");
        return p;
    }
}
