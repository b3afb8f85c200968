package org.neurite.tensor;

import java.util.Arrays;

/**
 * An immutable list of dimension sizes, row-major. A scalar has rank 0 and size 1.
 *
 * <p>The shapes of symbolic tensors (a model's inputs and layer outputs, batch axis excluded) may
 * have {@link #UNKNOWN} dimensions, Keras' {@code None}: a {@code (None, None, 3)} image of any size,
 * a {@code (None,)} token sequence of any length. Such a shape prints {@code None} and has no
 * {@link #size()}; a tensor's shape is always fully known.
 */
public final class Shape {
    /** An axis whose size is known only when data arrives (Keras' {@code None}). */
    public static final int UNKNOWN = -1;

    private final int[] dims;
    private final int size;

    private Shape(int[] dims) {
        long n = 1;
        boolean known = true;
        for (int i = 0; i < dims.length; i++) {
            if (dims[i] == UNKNOWN) {
                known = false;
                continue;
            }
            if (dims[i] < 0) {
                throw new IllegalArgumentException("negative dimension " + dims[i] + " at axis " + i + " in " + Arrays.toString(dims));
            }
            n = dims[i] != 0 && n > Long.MAX_VALUE / dims[i] ? Long.MAX_VALUE : n * dims[i]; // saturate: reported below
        }
        for (int d : dims) if (d == 0) n = 0;
        if (known && n > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("shape " + Arrays.toString(dims) + " has " + (n == Long.MAX_VALUE ? "over 2^63" : String.valueOf(n)) + " elements, more than a Java array can hold");
        }
        this.dims = dims;
        this.size = known ? (int) n : UNKNOWN;
    }

    /**
     * @param dims the dimensions
     * @return the shape
     */
    public static Shape of(int... dims) {
        return new Shape(dims.clone());
    }

    /** @return the shape {@code ()} of a rank-0 tensor */
    public static Shape scalar() {
        return new Shape(new int[0]);
    }

    /** @return the number of dimensions */
    public int rank() {
        return dims.length;
    }

    /**
     * Number of elements; fails for a shape with an {@link #UNKNOWN} dimension.
     *
     * @return the number of elements
     */
    public int size() {
        if (size == UNKNOWN) throw new IllegalStateException("shape " + this + " has an unknown (None) dimension, so no size");
        return size;
    }

    /**
     * Whether every dimension is known.
     *
     * @return true if no dimension is {@link #UNKNOWN} (always true for a tensor's shape)
     */
    public boolean isKnown() {
        return size != UNKNOWN;
    }

    /**
     * Whether a tensor or symbolic shape {@code other} fits this one: same rank, and equal sizes on
     * every axis where this shape's size is known.
     *
     * @param other the shape to check, usually a concrete tensor's
     * @return true if it has this rank and matches every known dimension
     */
    public boolean admits(Shape other) {
        if (other.rank() != dims.length) return false;
        for (int i = 0; i < dims.length; i++) {
            if (dims[i] != UNKNOWN && dims[i] != other.dims[i]) return false;
        }
        return true;
    }

    /**
     * Size of an axis; negative axes count from the end as in NumPy.
     *
     * @param axis the axis
     * @return its size
     */
    public int dim(int axis) {
        return dims[normalizeAxis(axis)];
    }

    /** @return a copy of the dimensions */
    public int[] dims() {
        return dims.clone();
    }

    /**
     * @param axis an axis, negative counting from the end
     * @return it in [0, rank)
     * @throws IllegalArgumentException when out of range
     */
    public int normalizeAxis(int axis) {
        int a = axis < 0 ? axis + dims.length : axis;
        if (a < 0 || a >= dims.length) {
            throw new IllegalArgumentException("axis " + axis + " is out of range for shape " + this);
        }
        return a;
    }

    /** @return row-major strides in elements */
    public int[] strides() {
        int[] s = new int[dims.length];
        int acc = 1;
        for (int i = dims.length - 1; i >= 0; i--) {
            s[i] = acc;
            acc *= dims[i];
        }
        return s;
    }

    /**
     * Product of dims in [from, to); fails if one of them is {@link #UNKNOWN}.
     *
     * @param from first axis
     * @param to axis after the last
     * @return the product (1 when empty)
     */
    public int sizeBetween(int from, int to) {
        int n = 1;
        for (int i = from; i < to; i++) {
            if (dims[i] == UNKNOWN) throw new IllegalStateException("shape " + this + ": axis " + i + " is unknown (None)");
            n *= dims[i];
        }
        return n;
    }

    /**
     * @param axis the axis to change
     * @param value its new size
     * @return a copy with that dimension changed
     */
    public Shape withDim(int axis, int value) {
        int[] d = dims.clone();
        d[normalizeAxis(axis)] = value;
        return new Shape(d);
    }

    /**
     * NumPy broadcasting of two shapes; fails with both shapes in the message.
     *
     * @param a one shape
     * @param b the other
     * @return the broadcast shape
     */
    public static Shape broadcast(Shape a, Shape b) {
        int r = Math.max(a.rank(), b.rank());
        int[] out = new int[r];
        for (int i = 0; i < r; i++) {
            int da = i < r - a.rank() ? 1 : a.dims[i - (r - a.rank())];
            int db = i < r - b.rank() ? 1 : b.dims[i - (r - b.rank())];
            if (da != db && da != 1 && db != 1) {
                throw new IllegalArgumentException("shapes " + a + " and " + b + " cannot be broadcast together (axis " + i + ": " + da + " vs " + db + ")");
            }
            out[i] = da == 1 ? db : da;
        }
        return new Shape(out);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Shape s && Arrays.equals(dims, s.dims);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(dims);
    }

    /** Python tuple style: (2, 3), (5,), (), (None, None, 3). */
    @Override
    public String toString() {
        if (dims.length == 1) return "(" + dimString(dims[0]) + ",)";
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < dims.length; i++) {
            if (i > 0) sb.append(", ");
            sb.append(dimString(dims[i]));
        }
        return sb.append(')').toString();
    }

    /**
     * One dimension as Python prints it.
     *
     * @param dim a dimension size, or {@link #UNKNOWN}
     * @return the number, or {@code None} when unknown
     */
    public static String dimString(int dim) {
        return dim == UNKNOWN ? "None" : Integer.toString(dim);
    }
}
