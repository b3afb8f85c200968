package org.neurite.nn.layers;

import java.util.Arrays;
import java.util.Map;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.neurite.autograd.GradMode;
import org.neurite.nn.Layer;
import org.neurite.tensor.Shape;
import org.neurite.tensor.Tensor;

/**
 * A custom tensor function as a layer, as Keras' {@code Lambda}: {@code new Lambda(x -> x.mean(1, false))}.
 * The function receives the batch {@code (N, ...s)} and returns {@code (N, ...t)}; its gradient is
 * that of the tensor ops it uses. The output shape {@code t} (batch axis excluded) comes from
 * {@link #outputShape(UnaryOperator)} if given, otherwise from running the function once on zeros
 * of shape {@code (1, ...s)}. No parameters.
 *
 * <p>A Lambda holds Java code, so a model that contains one cannot be saved: {@link #config()}
 * fails with the layer's name (rebuild the model in code and load only weights, or write a small
 * Layer subclass registered in {@link LayerRegistry}).
 */
public final class Lambda extends Layer {
    private final Function<Tensor, Tensor> function;
    private UnaryOperator<Shape> outputShapeFunction;

    /**
     * A layer applying a function of tensor ops; autograd differentiates it. Without
     * {@link #outputShape} the output shape is found by running the function once on zeros of batch size 1.
     *
     * @param function maps the input batch {@code (N, ...)} to the output batch; not null
     * @throws IllegalArgumentException if it is null
     */
    public Lambda(Function<Tensor, Tensor> function) {
        if (function == null) throw new IllegalArgumentException("Lambda: function must not be null");
        this.function = function;
    }

    /**
     * How the output shape follows from the input shape (Keras' {@code output_shape}).
     *
     * @param f maps the input shape to the output shape, both without the batch axis
     * @return this layer
     * @throws IllegalStateException if the layer is already built
     */
    public Lambda outputShape(UnaryOperator<Shape> f) {
        checkMutable("outputShape");
        this.outputShapeFunction = f;
        return this;
    }

    @Override
    public Lambda name(String newName) {
        super.name(newName);
        return this;
    }

    @Override
    protected Shape computeOutputShape(Shape in) {
        if (outputShapeFunction != null) return outputShapeFunction.apply(in);
        int[] dims = new int[in.rank() + 1];
        dims[0] = 1;
        System.arraycopy(in.dims(), 0, dims, 1, in.rank());
        Tensor probe;
        try (GradMode.Scope s = GradMode.noGrad()) {
            probe = function.apply(Tensor.zeros(dims));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(name() + ": the function failed on an input of shape " + Shape.of(dims) + ": " + e.getMessage(), e);
        }
        if (probe.rank() < 1 || probe.dim(0) != 1) {
            throw error("the function must keep the batch axis first; on shape " + Shape.of(dims) + " it returned " + probe.shape());
        }
        return Shape.of(Arrays.copyOfRange(probe.shape().dims(), 1, probe.rank()));
    }

    @Override
    protected boolean acceptsInput(Shape built, Shape got) {
        return true; // as Keras' Lambda: no input spec
    }

    @Override
    protected Tensor call(Tensor x, boolean training) {
        return function.apply(x);
    }

    /** Always fails: Java code cannot be written to a model file. */
    @Override
    public Map<String, Object> config() {
        throw error("a Lambda layer holds Java code (" + function.getClass().getName() + ") that cannot be saved;"
                + " rebuild the model in code and restore its weights, or replace the Lambda with a Layer subclass registered in LayerRegistry");
    }
}
