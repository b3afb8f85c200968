package org.neurite.nn.layers;

import java.util.List;
import java.util.Map;
import org.neurite.nn.Initializer;
import org.neurite.nn.Initializers;
import org.neurite.nn.Layer;
import org.neurite.nn.Regularizer;
import org.neurite.nn.Summary;
import org.neurite.nn.Weight;
import org.neurite.tensor.Shape;
import org.neurite.tensor.Tensor;

/**
 * Parametric ReLU: {@code f(x) = x} for {@code x >= 0}, {@code alpha * x} otherwise, with a learned
 * {@code alpha} per element of the input (as Keras) or shared along {@code sharedAxes}.
 *
 * <p>Input {@code (N, ...s)}, output the same. Weight {@code alpha} has shape {@code s} with every
 * shared axis set to 1 (axes count the batch axis as 0, as Keras' {@code shared_axes}; for images
 * {@code (N, H, W, C)}, {@code sharedAxes(1, 2)} gives one alpha per channel, as PyTorch's
 * {@code nn.PReLU(num_parameters=C)}). Parameters: the product of that shape. {@code alpha} starts at
 * zero as in Keras (PyTorch starts at 0.25: {@code alphaInitializer(Initializers.constant(0.25f))}).
 */
public final class PReLU extends Layer {
    private int[] sharedAxes = new int[0];
    private Initializer alphaInitializer = Initializers.zeros();
    private Regularizer alphaRegularizer;
    private Weight alpha;

    /** One learned slope per input element (no shared axes), starting at 0, as Keras. */
    public PReLU() {}

    /**
     * Axes along which one alpha is shared (Keras' {@code shared_axes}), e.g. {@code 1, 2} for
     * one slope per channel of {@code (N, H, W, C)} images.
     *
     * @param axes 1-based: 1 is the first axis after the batch
     * @return this layer
     * @throws IllegalArgumentException if an axis is &lt; 1
     * @throws IllegalStateException if the layer is already built
     */
    public PReLU sharedAxes(int... axes) {
        checkMutable("sharedAxes");
        for (int a : axes) if (a < 1) throw new IllegalArgumentException("PReLU: shared axes count from 1 (0 is the batch axis), got " + a);
        this.sharedAxes = axes.clone();
        return this;
    }

    /**
     * Keras' {@code alpha_initializer}.
     *
     * @param init fills alpha when the layer is built (default zeros: starts as a ReLU)
     * @return this layer
     * @throws IllegalStateException if the layer is already built
     */
    public PReLU alphaInitializer(Initializer init) {
        checkMutable("alphaInitializer");
        this.alphaInitializer = init;
        return this;
    }

    /**
     * Keras' {@code alpha_regularizer}.
     *
     * @param r a penalty on alpha added to the loss, or null for none (default)
     * @return this layer
     * @throws IllegalStateException if the layer is already built
     */
    public PReLU alphaRegularizer(Regularizer r) {
        checkMutable("alphaRegularizer");
        this.alphaRegularizer = r;
        return this;
    }

    /**
     * The learned slopes.
     *
     * @return shape of the input without the batch axis, with shared axes of size 1; null before build
     */
    public Weight alpha() {
        return alpha;
    }

    private Shape alphaShape(Shape in) {
        int[] d = in.dims();
        for (int a : sharedAxes) {
            if (a > d.length) throw error("shared axis " + a + " is out of range for input " + Summary.shapeString(in));
            d[a - 1] = 1;
        }
        return Shape.of(d);
    }

    @Override
    public PReLU name(String newName) {
        super.name(newName);
        return this;
    }

    @Override
    public PReLU seed(long value) {
        super.seed(value);
        return this;
    }

    @Override
    protected Shape computeOutputShape(Shape in) {
        alphaShape(in);
        return in;
    }

    @Override
    protected void createWeights(Shape in) {
        alpha = addWeight("alpha", alphaShape(in), alphaInitializer, alphaRegularizer, true);
    }

    @Override
    protected boolean acceptsInput(Shape built, Shape got) {
        if (built.rank() != got.rank()) return false;
        for (int i = 0; i < got.rank(); i++) {
            if (alpha.shape().dim(i) != 1 && built.dim(i) != got.dim(i)) return false;
        }
        return true;
    }

    @Override
    protected Tensor call(Tensor x, boolean training) {
        // Keras: relu(x) - alpha * relu(-x)
        return x.relu().sub(alpha.value().mul(x.neg().relu()));
    }

    /** Keras' constraint keys of this layer; set them with {@link #constraint(String, org.neurite.nn.Constraint)}. */
    @Override
    protected Map<String, String> constraintKeys() {
        return constraintKeys("alpha_constraint", "alpha");
    }

    /** Steps stay independent here: the input's mask passes on. */
    @Override
    protected Tensor computeMask(List<Tensor> inputs, List<Tensor> masks) {
        return masks.get(0);
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = super.config();
        c.put("alpha_initializer", Initializers.toConfig(alphaInitializer));
        c.put("alpha_regularizer", LayerConfig.regularizer(name(), "alpha_regularizer", alphaRegularizer));
        c.put("shared_axes", sharedAxes.length == 0 ? null : LayerConfig.ints(sharedAxes));
        return c;
    }

    static PReLU fromConfig(LayerConfig c) {
        PReLU p = new PReLU()
                .alphaInitializer(c.getInitializer("alpha_initializer", Initializers.zeros()))
                .alphaRegularizer(c.getRegularizer("alpha_regularizer"));
        if (c.has("shared_axes")) p.sharedAxes(c.getInts("shared_axes"));
        return p;
    }
}
