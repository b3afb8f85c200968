package org.neurite.tensor;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.neurite.autograd.Autograd;
import org.neurite.autograd.GradMode;
import org.neurite.autograd.Node;
import org.neurite.kernel.Buffers;
import org.neurite.tensor.ops.Nonlinearities;
import org.neurite.tensor.ops.Convolution;
import org.neurite.tensor.ops.Elementwise;
import org.neurite.tensor.ops.MatMul;
import org.neurite.tensor.ops.Pooling;
import org.neurite.tensor.ops.Reductions;
import org.neurite.tensor.ops.ShapeOps;

/**
 * A dense float32 n-dimensional array, row-major and always contiguous, that can record the
 * operations applied to it for reverse-mode differentiation.
 *
 * <p>Images are channels-last: (batch, height, width, channels). Every op lives in a class of
 * {@code tensor.ops} next to its backward rule; the methods here are the user-facing names.
 */
public final class Tensor {
    private float[] data; // null while deferred, until first read
    private final Deferred recipe; // null unless deferred
    private final Shape shape;
    private boolean requiresGrad;
    private boolean retainGrad;
    private Tensor grad;
    private Node node;

    private Tensor(float[] data, Shape shape) {
        if (data.length != shape.size()) {
            throw new IllegalArgumentException("data has " + data.length + " values but shape " + shape + " needs " + shape.size());
        }
        this.data = data;
        this.shape = shape;
        this.recipe = null;
    }

    private Tensor(Shape shape, Deferred recipe) {
        this.shape = shape;
        this.recipe = recipe;
    }

    /**
     * How to compute the values of a tensor whose op defers its work: a consumer that recognises the
     * recipe can read the op's inputs directly instead (a convolution reads the small map behind a
     * nearest upsampling, say), and the values are computed only if something else reads them.
     */
    public interface Deferred {
        /**
         * The values, row-major, of the tensor's size.
         *
         * @return the values, row-major, {@code size()} of them
         */
        float[] compute();
    }

    // ---------------------------------------------------------------- creation

    /**
     * Wraps (does not copy) {@code data} as a tensor of the given shape.
     *
     * @param data the values, row-major (used as they are)
     * @param dims the shape
     * @return the tensor
     */
    public static Tensor of(float[] data, int... dims) {
        return new Tensor(data, Shape.of(dims));
    }

    /**
     * Wraps (does not copy) {@code data} as a tensor of the given shape.
     *
     * @param data the values, row-major
     * @param shape the shape
     * @return the tensor
     */
    public static Tensor of(float[] data, Shape shape) {
        return new Tensor(data, shape);
    }

    /**
     * A tensor whose values {@code how} computes when they are first read (see {@link Deferred}).
     *
     * @param shape the shape
     * @param how computes the values
     * @return the tensor
     */
    public static Tensor deferred(Shape shape, Deferred how) {
        return new Tensor(shape, how);
    }

    /**
     * A 1-d tensor holding the given values (copied).
     *
     * @param values the values
     * @return shape {@code (values.length)}
     */
    public static Tensor vector(float... values) {
        return new Tensor(values.clone(), Shape.of(values.length));
    }

    /**
     * A 2-d tensor from rows (copied); all rows must have the same length.
     *
     * @param rows the rows
     * @return shape {@code (rows, cols)}
     */
    public static Tensor matrix(float[][] rows) {
        int cols = rows.length == 0 ? 0 : rows[0].length;
        float[] d = new float[rows.length * cols];
        for (int i = 0; i < rows.length; i++) {
            if (rows[i].length != cols) {
                throw new IllegalArgumentException("row " + i + " has " + rows[i].length + " values, row 0 has " + cols);
            }
            System.arraycopy(rows[i], 0, d, i * cols, cols);
        }
        return new Tensor(d, Shape.of(rows.length, cols));
    }

    /**
     * A rank-0 tensor.
     *
     * @param value the value
     * @return shape {@code ()}
     */
    public static Tensor scalar(float value) {
        return new Tensor(new float[] {value}, Shape.scalar());
    }

    /**
     * @param dims the shape
     * @return a new tensor of zeros
     */
    public static Tensor zeros(int... dims) {
        Shape s = Shape.of(dims);
        return new Tensor(new float[s.size()], s);
    }

    /**
     * @param s the shape
     * @return a new tensor of zeros
     */
    public static Tensor zeros(Shape s) {
        return new Tensor(new float[s.size()], s);
    }

    /**
     * @param dims the shape
     * @return a new tensor of ones
     */
    public static Tensor ones(int... dims) {
        return full(1f, dims);
    }

    /**
     * @param value the value of every element
     * @param dims the shape
     * @return a new tensor
     */
    public static Tensor full(float value, int... dims) {
        Shape s = Shape.of(dims);
        float[] d = new float[s.size()];
        Arrays.fill(d, value);
        return new Tensor(d, s);
    }

    /**
     * @param t a tensor
     * @return ones of its shape
     */
    public static Tensor onesLike(Tensor t) {
        return full(1f, t.shape.dims());
    }

    /**
     * @param t a tensor
     * @return zeros of its shape
     */
    public static Tensor zerosLike(Tensor t) {
        return zeros(t.shape);
    }

    /**
     * 0, 1, ..., n-1.
     *
     * @param n the count
     * @return shape {@code (n)}
     */
    public static Tensor arange(int n) {
        float[] d = new float[n];
        for (int i = 0; i < n; i++) d[i] = i;
        return new Tensor(d, Shape.of(n));
    }

    /**
     * Uniform in [low, high), reproducible from the seed.
     *
     * @param seed the random seed
     * @param low the lower bound
     * @param high the upper bound (excluded)
     * @param dims the shape
     * @return a new tensor
     */
    public static Tensor uniform(long seed, float low, float high, int... dims) {
        SplittableRandom r = new SplittableRandom(seed);
        Shape s = Shape.of(dims);
        float[] d = new float[s.size()];
        for (int i = 0; i < d.length; i++) d[i] = (float) (low + (high - low) * r.nextDouble());
        return new Tensor(d, s);
    }

    /**
     * Normal(mean, std), reproducible from the seed.
     *
     * @param seed the random seed
     * @param mean the mean
     * @param std the standard deviation
     * @param dims the shape
     * @return a new tensor
     */
    public static Tensor normal(long seed, float mean, float std, int... dims) {
        SplittableRandom r = new SplittableRandom(seed);
        Shape s = Shape.of(dims);
        float[] d = new float[s.size()];
        for (int i = 0; i < d.length; i++) d[i] = (float) (mean + std * gaussian(r));
        return new Tensor(d, s);
    }

    /**
     * A standard normal sample by the Box-Muller transform (SplittableRandom has no nextGaussian on 17).
     *
     * @param r the random source
     * @return a sample of N(0, 1)
     */
    public static double gaussian(SplittableRandom r) {
        double u1 = 1.0 - r.nextDouble();
        double u2 = r.nextDouble();
        return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }

    // ---------------------------------------------------------------- access

    /**
     * @return the shape
     */
    public Shape shape() {
        return shape;
    }

    /**
     * @return the number of dimensions
     */
    public int rank() {
        return shape.rank();
    }

    /**
     * @return the number of elements
     */
    public int size() {
        return shape.size();
    }

    /**
     * @param axis the axis (negative counts from the end)
     * @return its size
     */
    public int dim(int axis) {
        return shape.dim(axis);
    }

    /**
     * The backing array, row-major. Writing to it bypasses autograd (optimizers do this on purpose).
     * The first read of a deferred tensor computes (and allocates) its values. Like the array it
     * returns, a tensor is not synchronised: share one between threads as you would an array.
     *
     * @return the live array
     */
    public float[] data() {
        float[] d = data;
        return d != null ? d : compute();
    }

    /**
     * False for a deferred tensor whose values nobody has read yet; true for every other tensor.
     *
     * @return whether the values exist
     */
    public boolean isComputed() {
        return data != null;
    }

    /**
     * The recipe of a deferred tensor (whether or not its values were computed since), else null.
     *
     * @return the recipe, or null
     */
    public Deferred recipe() {
        return recipe;
    }

    private synchronized float[] compute() {
        if (data == null) {
            float[] d = recipe.compute();
            if (d.length != shape.size()) throw new IllegalStateException("deferred values: " + d.length + " for shape " + shape);
            data = d;
        }
        return data;
    }

    /**
     * A copy of the values.
     *
     * @return a new array, row-major
     */
    public float[] toArray() {
        return data().clone();
    }

    /**
     * The single value of a one-element tensor.
     *
     * @return the value
     * @throws IllegalStateException if the tensor has more than one element
     */
    public float item() {
        if (data().length != 1) {
            throw new IllegalStateException("item() needs a tensor with one element, this one has shape " + shape);
        }
        return data()[0];
    }

    /**
     * @param index one coordinate per dimension
     * @return the element there
     */
    public float get(int... index) {
        return data()[flatIndex(index)];
    }

    /**
     * Sets one element (value first; {@link #set(int, int, float)} and its siblings take it last).
     *
     * @param value the new value
     * @param index one coordinate per dimension
     */
    public void set(float value, int... index) {
        data()[flatIndex(index)] = value;
    }

    /**
     * Sets element {@code [i]} of a 1-D tensor; value last, so that Kotlin's {@code t[i] = v} calls it.
     *
     * @param i index
     * @param value new value
     */
    public void set(int i, float value) { set(value, i); }
    /**
     * Sets element {@code [i, j]} of a 2-D tensor (Kotlin {@code t[i, j] = v}).
     *
     * @param i index
     * @param j index
     * @param value new value
     */
    public void set(int i, int j, float value) { set(value, i, j); }
    /**
     * Sets element {@code [i, j, k]} of a 3-D tensor (Kotlin {@code t[i, j, k] = v}).
     *
     * @param i index
     * @param j index
     * @param k index
     * @param value new value
     */
    public void set(int i, int j, int k, float value) { set(value, i, j, k); }
    /**
     * Sets element {@code [i, j, k, l]} of a 4-D tensor (Kotlin {@code t[i, j, k, l] = v}).
     *
     * @param i index
     * @param j index
     * @param k index
     * @param l index
     * @param value new value
     */
    public void set(int i, int j, int k, int l, float value) { set(value, i, j, k, l); }

    private int flatIndex(int[] index) {
        if (index.length != shape.rank()) {
            throw new IllegalArgumentException("index " + Arrays.toString(index) + " has " + index.length + " coordinates, shape " + shape + " has " + shape.rank());
        }
        int flat = 0;
        for (int i = 0; i < index.length; i++) {
            int d = shape.dim(i);
            if (index[i] < 0 || index[i] >= d) {
                throw new IndexOutOfBoundsException("index " + Arrays.toString(index) + " is outside shape " + shape);
            }
            flat = flat * d + index[i];
        }
        return flat;
    }

    /**
     * A deep copy without history.
     *
     * @return a new tensor that does not require a gradient
     */
    public Tensor copy() {
        return new Tensor(data().clone(), shape);
    }

    // ---------------------------------------------------------------- autograd

    /**
     * @return whether gradients are recorded for this tensor
     */
    public boolean requiresGrad() {
        return requiresGrad;
    }

    /**
     * Marks a leaf tensor as a variable to differentiate with respect to. Returns this.
     *
     * @param value true to record gradients for it
     * @return this
     */
    public Tensor requiresGrad(boolean value) {
        if (node != null && !value) {
            throw new IllegalStateException("requiresGrad(false) on a computed tensor: use detach() instead");
        }
        this.requiresGrad = value;
        return this;
    }

    /**
     * True for tensors not produced by a recorded op (inputs and parameters).
     *
     * @return whether no recorded op produced it
     */
    public boolean isLeaf() {
        return node == null;
    }

    /**
     * @return the op that produced it, or null for a leaf
     */
    public Node node() {
        return node;
    }

    /**
     * Keeps the gradient of this intermediate tensor after backward(), as PyTorch's retain_grad.
     *
     * @return this
     */
    public Tensor retainGrad() {
        this.retainGrad = true;
        return this;
    }

    /**
     * @return whether {@link #retainGrad()} was called
     */
    public boolean retainsGrad() {
        return retainGrad;
    }

    /**
     * The accumulated gradient, or null before any backward() reached this tensor.
     *
     * @return the gradient, of this shape, or null
     */
    public Tensor grad() {
        return grad;
    }

    /**
     * Forgets the accumulated gradient.
     */
    public void zeroGrad() {
        grad = null;
    }

    /**
     * Sets the gradient directly (used by optimizers' tests and gradient clipping).
     *
     * @param g the gradient, of this shape, or null
     */
    public void setGrad(Tensor g) {
        if (g != null && !g.shape.equals(shape)) {
            throw new IllegalArgumentException("gradient shape " + g.shape + " does not match tensor shape " + shape);
        }
        grad = g;
    }

    /**
     * Adds to the gradient (called by the autograd engine).
     *
     * @param g the gradient to add, of this shape
     * @param keepGraph true to keep g's own history (higher-order gradients)
     */
    public void accumulateGrad(Tensor g, boolean keepGraph) {
        if (grad == null) {
            // A private copy: later accumulation writes into it, and g may share its array.
            if (keepGraph) {
                grad = g;
            } else {
                float[] from = g.data();
                float[] copy = Buffers.uninitialized(from.length);
                System.arraycopy(from, 0, copy, 0, copy.length);
                grad = new Tensor(copy, g.shape);
            }
        } else if (keepGraph) {
            grad = grad.add(g);
        } else {
            float[] acc = grad.data();
            float[] add = g.data();
            for (int i = 0; i < acc.length; i++) acc[i] += add[i];
        }
    }

    /** Back-propagates from this scalar. */
    public void backward() {
        if (size() != 1) {
            throw new IllegalStateException("backward() without a gradient needs a scalar output, got shape " + shape + "; pass backward(gradient)");
        }
        Autograd.backward(this, onesLike(this), false);
    }

    /**
     * Back-propagates with an explicit gradient of some scalar with respect to this tensor.
     *
     * @param gradient d(scalar)/d(this), of this shape
     */
    public void backward(Tensor gradient) {
        Autograd.backward(this, gradient, false);
    }

    /**
     * Back-propagates and records the backward pass itself, for gradients of gradients.
     *
     * @param gradient d(scalar)/d(this), of this shape
     * @param createGraph true to record the backward pass
     */
    public void backward(Tensor gradient, boolean createGraph) {
        Autograd.backward(this, gradient, createGraph);
    }

    /**
     * The same values, cut from the graph (shares the data array).
     *
     * @return a tensor without history
     */
    public Tensor detach() {
        return new Tensor(data(), shape);
    }

    /**
     * Attaches a backward rule to a freshly computed tensor, if recording is on and any input
     * needs a gradient. Every op ends with this. Returns {@code out}.
     *
     * @param out the op's result
     * @param op the op's name
     * @param inputs the tensors it read
     * @param rule its backward rule
     * @return {@code out}
     */
    public static Tensor record(Tensor out, String op, Tensor[] inputs, Node.BackwardRule rule) {
        if (!GradMode.isEnabled()) return out;
        boolean any = false;
        for (Tensor t : inputs) any |= t != null && t.requiresGrad;
        if (!any) return out;
        out.node = new Node(op, inputs, rule);
        out.requiresGrad = true;
        return out;
    }

    // ---------------------------------------------------------------- elementwise

    /**
     * Elementwise {@code this + o}.
     *
     * @param o the other tensor (broadcast with this)
     * @return the sum
     */
    public Tensor add(Tensor o) { return Elementwise.add(this, o); }
    /**
     * Elementwise {@code this - o}.
     *
     * @param o the other tensor (broadcast with this)
     * @return the difference
     */
    public Tensor sub(Tensor o) { return Elementwise.sub(this, o); }
    /**
     * Elementwise {@code this * o}.
     *
     * @param o the other tensor (broadcast with this)
     * @return the product
     */
    public Tensor mul(Tensor o) { return Elementwise.mul(this, o); }
    /**
     * Elementwise {@code this / o}.
     *
     * @param o the other tensor (broadcast with this)
     * @return the quotient
     */
    public Tensor div(Tensor o) { return Elementwise.div(this, o); }
    /**
     * {@code this + c}.
     *
     * @param c the scalar
     * @return a tensor of this shape
     */
    public Tensor add(float c) { return Elementwise.addScalar(this, c); }
    /**
     * {@code this - c}.
     *
     * @param c the scalar
     * @return a tensor of this shape
     */
    public Tensor sub(float c) { return Elementwise.addScalar(this, -c); }
    /**
     * {@code this * c}.
     *
     * @param c the scalar
     * @return a tensor of this shape
     */
    public Tensor mul(float c) { return Elementwise.mulScalar(this, c); }
    /**
     * {@code this / c}.
     *
     * @param c the scalar
     * @return a tensor of this shape
     */
    public Tensor div(float c) { return Elementwise.mulScalar(this, 1f / c); }
    /**
     * {@code c - this}.
     *
     * @param c the scalar
     * @return a tensor of this shape
     */
    public Tensor rsub(float c) { return Elementwise.addScalar(Elementwise.neg(this), c); }
    /**
     * {@code -this}.
     *
     * @return a tensor of this shape
     */
    public Tensor neg() { return Elementwise.neg(this); }

    // Kotlin operators: Kotlin calls these names for a + b, a - b, a * b, a / b, -a and t[i, j] = v.
    /**
     * Kotlin {@code a + b}: {@link #add(Tensor)}.
     *
     * @param o the other tensor (broadcast)
     * @return the sum
     */
    public Tensor plus(Tensor o) { return add(o); }
    /**
     * Kotlin {@code a + c}: {@link #add(float)}.
     *
     * @param c the scalar
     * @return the sum
     */
    public Tensor plus(float c) { return add(c); }
    /**
     * Kotlin {@code a - b}: {@link #sub(Tensor)}.
     *
     * @param o the other tensor (broadcast)
     * @return the difference
     */
    public Tensor minus(Tensor o) { return sub(o); }
    /**
     * Kotlin {@code a - c}: {@link #sub(float)}.
     *
     * @param c the scalar
     * @return the difference
     */
    public Tensor minus(float c) { return sub(c); }
    /**
     * Kotlin {@code a * b}, elementwise: {@link #mul(Tensor)}.
     *
     * @param o the other tensor (broadcast)
     * @return the product
     */
    public Tensor times(Tensor o) { return mul(o); }
    /**
     * Kotlin {@code a * c}: {@link #mul(float)}.
     *
     * @param c the scalar
     * @return the product
     */
    public Tensor times(float c) { return mul(c); }
    /**
     * Kotlin {@code -a}: {@link #neg()}.
     *
     * @return the negated tensor
     */
    public Tensor unaryMinus() { return neg(); }
    /**
     * Elementwise {@code e^x}.
     *
     * @return a tensor of this shape
     */
    public Tensor exp() { return Elementwise.exp(this); }
    /**
     * Elementwise natural logarithm.
     *
     * @return a tensor of this shape
     */
    public Tensor log() { return Elementwise.log(this); }
    /**
     * Elementwise square root.
     *
     * @return a tensor of this shape
     */
    public Tensor sqrt() { return Elementwise.sqrt(this); }
    /**
     * Elementwise absolute value.
     *
     * @return a tensor of this shape
     */
    public Tensor abs() { return Elementwise.abs(this); }
    /**
     * Elementwise {@code x * x}.
     *
     * @return a tensor of this shape
     */
    public Tensor square() { return Elementwise.mul(this, this); }
    /**
     * Elementwise {@code x^exponent}.
     *
     * @param exponent the power
     * @return a tensor of this shape
     */
    public Tensor pow(float exponent) { return Elementwise.pow(this, exponent); }
    /**
     * Elementwise maximum with broadcasting; the gradient goes to the larger input (split on ties).
     *
     * @param o the other tensor
     * @return the maximum
     */
    public Tensor maximum(Tensor o) { return Elementwise.maximum(this, o); }
    /**
     * Elementwise minimum with broadcasting; the gradient goes to the smaller input (split on ties).
     *
     * @param o the other tensor
     * @return the minimum
     */
    public Tensor minimum(Tensor o) { return Elementwise.minimum(this, o); }
    /**
     * Elementwise clamp to [min, max].
     *
     * @param min lower bound
     * @param max upper bound
     * @return a tensor of this shape
     */
    public Tensor clamp(float min, float max) { return Elementwise.clamp(this, min, max); }
    /**
     * {@code condition != 0 ? a : b}, elementwise with broadcasting; condition is not differentiated.
     *
     * @param condition 0 or not
     * @param a values where true
     * @param b values where false
     * @return the selection
     */
    public static Tensor where(Tensor condition, Tensor a, Tensor b) { return Elementwise.where(condition, a, b); }
    /**
     * 1 where {@code this > o}, else 0 (not differentiable).
     *
     * @param o the other tensor (broadcast)
     * @return 0/1 values
     */
    public Tensor gt(Tensor o) { return Elementwise.greater(this, o); }

    // ---------------------------------------------------------------- activations

    /**
     * {@code max(x, 0)}.
     *
     * @return a tensor of this shape
     */
    public Tensor relu() { return Nonlinearities.relu(this); }
    /**
     * {@code x} for {@code x > 0}, else {@code negativeSlope * x}.
     *
     * @param negativeSlope the slope below 0
     * @return a tensor of this shape
     */
    public Tensor leakyRelu(float negativeSlope) { return Nonlinearities.leakyRelu(this, negativeSlope); }
    /**
     * {@code 1 / (1 + e^-x)}.
     *
     * @return a tensor of this shape
     */
    public Tensor sigmoid() { return Nonlinearities.sigmoid(this); }
    /**
     * Hyperbolic tangent.
     *
     * @return a tensor of this shape
     */
    public Tensor tanh() { return Nonlinearities.tanh(this); }
    /**
     * Softmax along an axis.
     *
     * @param axis the axis, negative counts from the end
     * @return a tensor of this shape
     */
    public Tensor softmax(int axis) { return Nonlinearities.softmax(this, axis); }
    /**
     * Log of the softmax along an axis.
     *
     * @param axis the axis, negative counts from the end
     * @return a tensor of this shape
     */
    public Tensor logSoftmax(int axis) { return Nonlinearities.logSoftmax(this, axis); }
    /**
     * {@code x} for {@code x > 0}, else {@code alpha (e^x - 1)}.
     *
     * @param alpha the scale of the negative part
     * @return a tensor of this shape
     */
    public Tensor elu(float alpha) { return Nonlinearities.elu(this, alpha); }
    /**
     * The exact GELU, {@code x Phi(x)}.
     *
     * @return a tensor of this shape
     */
    public Tensor gelu() { return Nonlinearities.gelu(this); }
    /**
     * {@code log(1 + e^x)}.
     *
     * @return a tensor of this shape
     */
    public Tensor softplus() { return Nonlinearities.softplus(this); }
    /**
     * {@code x sigmoid(x)} (swish, SiLU).
     *
     * @return a tensor of this shape
     */
    public Tensor swish() { return Nonlinearities.swish(this); }

    // ---------------------------------------------------------------- reductions

    /**
     * Sum of all elements.
     *
     * @return a scalar tensor (shape {@code ()})
     */
    public Tensor sum() { return Reductions.sum(this, null, false); }
    /**
     * Sum along an axis.
     *
     * @param axis the axis
     * @param keepDims true to keep it with size 1
     * @return the reduced tensor
     */
    public Tensor sum(int axis, boolean keepDims) { return Reductions.sum(this, new int[] {axis}, keepDims); }
    /**
     * Sum along axes.
     *
     * @param axes the axes
     * @param keepDims true to keep them with size 1
     * @return the reduced tensor
     */
    public Tensor sum(int[] axes, boolean keepDims) { return Reductions.sum(this, axes, keepDims); }
    /**
     * Mean of all elements.
     *
     * @return a scalar tensor
     */
    public Tensor mean() { return Reductions.mean(this, null, false); }
    /**
     * Mean along an axis.
     *
     * @param axis the axis
     * @param keepDims true to keep it with size 1
     * @return the reduced tensor
     */
    public Tensor mean(int axis, boolean keepDims) { return Reductions.mean(this, new int[] {axis}, keepDims); }
    /**
     * Mean along axes.
     *
     * @param axes the axes
     * @param keepDims true to keep them with size 1
     * @return the reduced tensor
     */
    public Tensor mean(int[] axes, boolean keepDims) { return Reductions.mean(this, axes, keepDims); }
    /**
     * Largest element.
     *
     * @return a scalar tensor
     */
    public Tensor max() { return Reductions.max(this, null, false); }
    /**
     * Largest value along an axis.
     *
     * @param axis the axis
     * @param keepDims true to keep it with size 1
     * @return the reduced tensor
     */
    public Tensor max(int axis, boolean keepDims) { return Reductions.max(this, new int[] {axis}, keepDims); }
    /**
     * Largest value along axes.
     *
     * @param axes the axes
     * @param keepDims true to keep them with size 1
     * @return the reduced tensor
     */
    public Tensor max(int[] axes, boolean keepDims) { return Reductions.max(this, axes, keepDims); }
    /**
     * Index of the largest value along an axis (not differentiable).
     *
     * @param axis the axis
     * @return the indices as floats, that axis removed
     */
    public Tensor argmax(int axis) { return Reductions.argmax(this, axis); }
    /**
     * Sums broadcast axes away so the result has the given shape (the backward of broadcasting).
     *
     * @param target the shape
     * @return a tensor of that shape
     */
    public Tensor sumTo(Shape target) { return Reductions.sumTo(this, target); }

    // ---------------------------------------------------------------- shape

    /**
     * A new shape with the same size; one dimension may be -1.
     *
     * @param dims the new dimensions
     * @return the reshaped tensor
     */
    public Tensor reshape(int... dims) { return ShapeOps.reshape(this, dims); }
    /**
     * The values as a 1-d tensor.
     *
     * @return shape {@code (size())}
     */
    public Tensor flatten() { return ShapeOps.reshape(this, size()); }
    /**
     * Reorders the axes: output axis i is input axis {@code axes[i]}.
     *
     * @param axes a permutation of 0..rank-1
     * @return the permuted tensor
     */
    public Tensor permute(int... axes) { return ShapeOps.permute(this, axes); }
    /**
     * Swaps two axes.
     *
     * @param axis0 one axis
     * @param axis1 the other
     * @return the transposed tensor
     */
    public Tensor transpose(int axis0, int axis1) { return ShapeOps.transpose(this, axis0, axis1); }
    /**
     * Matrix transpose of a 2-d tensor.
     *
     * @return shape {@code (cols, rows)}
     */
    public Tensor t() { return ShapeOps.transpose(this, 0, 1); }
    /**
     * Elements [start, end) along an axis (negative indices count from the end).
     *
     * @param axis the axis
     * @param start first index
     * @param end index after the last
     * @return the slice
     */
    public Tensor slice(int axis, int start, int end) { return ShapeOps.slice(this, axis, start, end); }
    /**
     * Joins tensors along an axis; the other dimensions must agree.
     *
     * @param parts the tensors
     * @param axis the axis
     * @return the joined tensor
     */
    public static Tensor concat(List<Tensor> parts, int axis) { return ShapeOps.concat(parts, axis); }
    /**
     * np.split: into {@code sections} equal parts along the axis.
     *
     * @param sections number of parts (must divide the axis)
     * @param axis the axis
     * @return the parts
     */
    public List<Tensor> split(int sections, int axis) { return ShapeOps.split(this, sections, axis); }
    /**
     * tf.split with sizes: parts of the given lengths along the axis.
     *
     * @param sizes the lengths (summing to the axis)
     * @param axis the axis
     * @return the parts
     */
    public List<Tensor> split(int[] sizes, int axis) { return ShapeOps.splitSizes(this, sizes, axis); }
    /**
     * Constant padding: {@code pads} holds (before, after) per axis, 2*rank values.
     *
     * @param pads the pad widths
     * @param value the fill value
     * @return the padded tensor
     */
    public Tensor pad(int[] pads, float value) { return ShapeOps.pad(this, pads, value); }
    /**
     * Repeats size-1 (and missing leading) axes to reach a shape, numpy-style.
     *
     * @param target the shape
     * @return a tensor of that shape
     */
    public Tensor broadcastTo(Shape target) { return ShapeOps.broadcastTo(this, target); }
    /**
     * Inserts an axis of size 1.
     *
     * @param axis where
     * @return a tensor of rank + 1
     */
    public Tensor unsqueeze(int axis) { return ShapeOps.unsqueeze(this, axis); }
    /**
     * Removes an axis of size 1.
     *
     * @param axis which
     * @return a tensor of rank - 1
     */
    public Tensor squeeze(int axis) { return ShapeOps.squeeze(this, axis); }

    // ---------------------------------------------------------------- linear algebra, conv, pooling

    /**
     * Matrix product; leading dimensions are batch dimensions and broadcast (as numpy.matmul).
     *
     * @param o the right operand
     * @return the product, {@code (..., n, k) x (..., k, m) -> (..., n, m)}
     */
    public Tensor matmul(Tensor o) { return MatMul.matmul(this, o); }

    /**
     * 2-d convolution (cross-correlation), channels-last. Input (N, H, W, C), kernel (KH, KW, C, F)
     * as Keras stores it; output (N, OH, OW, F).
     *
     * @param kernel {@code (KH, KW, C, F)}
     * @param stride {@code (sh, sw)}
     * @param padding same, valid or explicit
     * @param dilation {@code (dh, dw)}
     * @return {@code (N, OH, OW, F)}
     */
    public Tensor conv2d(Tensor kernel, int[] stride, Padding padding, int[] dilation) {
        return Convolution.conv2d(this, kernel, stride, padding, dilation);
    }

    /**
     * Max pooling over (N, H, W, C); padded cells count as {@code padding.padValue()}.
     *
     * @param poolSize {@code (ph, pw)}
     * @param stride {@code (sh, sw)}
     * @param padding same, valid or explicit
     * @return {@code (N, OH, OW, C)}
     */
    public Tensor maxPool2d(int[] poolSize, int[] stride, Padding padding) {
        return Pooling.maxPool2d(this, poolSize, stride, padding);
    }

    /**
     * Average pooling over (N, H, W, C).
     *
     * @param poolSize {@code (ph, pw)}
     * @param stride {@code (sh, sw)}
     * @param padding same, valid or explicit
     * @return {@code (N, OH, OW, C)}
     */
    public Tensor avgPool2d(int[] poolSize, int[] stride, Padding padding) {
        return Pooling.avgPool2d(this, poolSize, stride, padding);
    }

    // ---------------------------------------------------------------- misc

    /**
     * Inverted dropout: zeroes each element with probability rate, scales the rest by 1/(1-rate).
     *
     * @param rate the drop probability, in [0, 1)
     * @param random the random source
     * @return a tensor of this shape
     */
    public Tensor dropout(float rate, SplittableRandom random) { return Elementwise.dropout(this, rate, random); }

    /**
     * The values nested by shape, as PyTorch prints them, for jshell and notebooks:
     * <pre>
     * tensor([[1., 2., 3.],
     *         [4., 5., 6.]])
     * </pre>
     * Large tensors (more than 1000 elements) show the first and last 3 entries of each dimension;
     * a tensor that records gradients says so ({@code , requires_grad=True} or {@code , grad_fn=<op>}).
     */
    @Override
    public String toString() {
        String suffix = !requiresGrad ? "" : node != null ? ", grad_fn=<" + node.op() + ">" : ", requires_grad=True";
        return TensorFormat.format(this, suffix);
    }
}
