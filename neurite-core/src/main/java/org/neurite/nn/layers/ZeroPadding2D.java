package org.neurite.nn.layers;

import java.util.Map;
import org.neurite.nn.Layer;
import org.neurite.nn.Summary;
import org.neurite.tensor.Shape;
import org.neurite.tensor.Tensor;

/**
 * Zero rows and columns around (N, H, W, C) maps: output {@code (N, top+H+bottom, left+W+right, C)}.
 * No parameters.
 */
public final class ZeroPadding2D extends Layer {
    private final int top, bottom, left, right;

    /**
     * The same padding on all four sides: {@code (N, H, W, C) -> (N, H + 2p, W + 2p, C)}.
     *
     * @param padding rows and columns of zeros added at each edge; &gt;= 0
     * @throws IllegalArgumentException if it is negative
     */
    public ZeroPadding2D(int padding) {
        this(padding, padding);
    }

    /**
     * Symmetric: {@code rows} above and below, {@code cols} left and right.
     *
     * @param rows rows of zeros at the top and at the bottom; &gt;= 0
     * @param cols columns of zeros at the left and at the right; &gt;= 0
     * @throws IllegalArgumentException if either is negative
     */
    public ZeroPadding2D(int rows, int cols) {
        this(rows, rows, cols, cols);
    }

    /**
     * Pads each edge by its own amount: {@code (N, H, W, C) -> (N, H + top + bottom, W + left + right, C)}.
     *
     * @param top rows of zeros at the top; &gt;= 0
     * @param bottom rows at the bottom; &gt;= 0
     * @param left columns at the left; &gt;= 0
     * @param right columns at the right; &gt;= 0
     * @throws IllegalArgumentException if any is negative
     */
    public ZeroPadding2D(int top, int bottom, int left, int right) {
        if (top < 0 || bottom < 0 || left < 0 || right < 0) {
            throw new IllegalArgumentException("ZeroPadding2D: padding must be non-negative, got (" + top + ", " + bottom + ", " + left + ", " + right + ")");
        }
        this.top = top;
        this.bottom = bottom;
        this.left = left;
        this.right = right;
    }

    @Override
    public ZeroPadding2D name(String newName) {
        super.name(newName);
        return this;
    }

    @Override
    protected Shape computeOutputShape(Shape in) {
        if (in.rank() != 3) throw error("expected input (None, height, width, channels), got " + Summary.shapeString(in));
        return Shape.of(in.dim(0) + top + bottom, in.dim(1) + left + right, in.dim(2));
    }

    @Override
    protected boolean acceptsInput(Shape built, Shape got) {
        return got.rank() == 3 && got.dim(2) == built.dim(2);
    }

    @Override
    protected Tensor call(Tensor x, boolean training) {
        return x.pad(new int[] {0, 0, top, bottom, left, right, 0, 0}, 0f);
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = super.config();
        c.put("padding", LayerConfig.ints(top, bottom, left, right));
        return c;
    }

    static ZeroPadding2D fromConfig(LayerConfig c) {
        int[] p = Cropping2D.four(c, "padding");
        return new ZeroPadding2D(p[0], p[1], p[2], p[3]);
    }
}
