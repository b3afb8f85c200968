package org.neurite.nn.layers;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.neurite.nn.Initializer;
import org.neurite.nn.Initializers;
import org.neurite.nn.Constraint;
import org.neurite.nn.Layer;
import org.neurite.nn.Regularizer;
import org.neurite.nn.Weight;
import org.neurite.tensor.Shape;
import org.neurite.tensor.Tensor;
import org.neurite.tensor.ops.Gather;

/**
 * Turns integer token ids into dense vectors by table lookup, as Keras' {@code Embedding}.
 *
 * <p>Input {@code (N, ...s)} of integer-valued floats in {@code [0, inputDim)} (usually
 * {@code (N, T)}); output {@code (N, ...s, outputDim)}. Weight {@code embeddings}
 * {@code (inputDim, outputDim)}, default initializer {@code random_uniform} in [-0.05, 0.05] (Keras'
 * "uniform"). Parameters: {@code inputDim * outputDim}. The backward pass scatter-adds the output
 * gradient into the rows that were looked up (a dense table gradient, no sparse type); the ids
 * themselves get no gradient.
 *
 * <p>With {@code maskZero(true)} id 0 means padding, as in Keras: {@link #computeMask(Tensor)} gives
 * the {@code (N, ...s)} 0/1 mask of real tokens; inside a model it goes with the output to the
 * next layers, as in Keras (recurrent layers skip the padding steps, GlobalAveragePooling1D
 * averages over the real ones); {@link MultiHeadAttention#attend} takes it explicitly.
 * As in Keras, {@code inputDim} must then count the padding id too (vocabulary + 1).
 */
public final class Embedding extends Layer {
    private final int inputDim;
    private final int outputDim;
    private boolean maskZero;
    private Initializer embeddingsInitializer = Initializers.randomUniform(-0.05f, 0.05f);
    private Regularizer embeddingsRegularizer;
    private Weight embeddings;

    /**
     * An embedding table with Keras' default initializer (uniform in [-0.05, 0.05]) and no mask.
     *
     * @param inputDim the vocabulary size: ids must lie in [0, inputDim); &gt; 0
     * @param outputDim the size of each embedding vector; &gt; 0
     * @throws IllegalArgumentException if either is not positive
     */
    public Embedding(int inputDim, int outputDim) {
        if (inputDim <= 0 || outputDim <= 0) {
            throw new IllegalArgumentException("Embedding: inputDim and outputDim must be positive, got " + inputDim + " and " + outputDim);
        }
        this.inputDim = inputDim;
        this.outputDim = outputDim;
    }

    /**
     * Keras' {@code mask_zero}: id 0 is padding, masked in the layers that follow.
     *
     * @param value true to produce a padding mask (id 0 then still has a row); false (default)
     * @return this layer
     * @throws IllegalStateException if the layer is already built
     */
    public Embedding maskZero(boolean value) {
        checkMutable("maskZero");
        this.maskZero = value;
        return this;
    }

    /**
     * Keras' {@code embeddings_initializer}.
     *
     * @param init fills the embedding matrix when the layer is built (default random_uniform)
     * @return this layer
     * @throws IllegalStateException if the layer is already built
     */
    public Embedding embeddingsInitializer(Initializer init) {
        checkMutable("embeddingsInitializer");
        this.embeddingsInitializer = init;
        return this;
    }

    /**
     * Keras' {@code embeddings_regularizer}.
     *
     * @param r a penalty on the embedding matrix added to the loss, or null for none (default)
     * @return this layer
     * @throws IllegalStateException if the layer is already built
     */
    public Embedding embeddingsRegularizer(Regularizer r) {
        checkMutable("embeddingsRegularizer");
        this.embeddingsRegularizer = r;
        return this;
    }

    /**
     * Keras' {@code embeddings_constraint}, applied after each optimizer step (see {@link org.neurite.nn.Constraints}).
     *
     * @param c the constraint on the embedding matrix, or null for none
     * @return this layer
     */
    public Embedding embeddingsConstraint(Constraint c) {
        constraint("embeddings", c);
        return this;
    }

    @Override
    public Embedding activityRegularizer(Regularizer r) {
        super.activityRegularizer(r);
        return this;
    }

    @Override
    protected Map<String, String> constraintKeys() {
        return constraintKeys("embeddings_constraint", "embeddings");
    }

    @Override
    public Embedding name(String newName) {
        super.name(newName);
        return this;
    }

    @Override
    public Embedding seed(long value) {
        super.seed(value);
        return this;
    }

    /**
     * The vocabulary size.
     *
     * @return inputDim, the number of rows of the table
     */
    public int inputDim() {
        return inputDim;
    }

    /**
     * The embedding size.
     *
     * @return outputDim, the size of the output's last axis
     */
    public int outputDim() {
        return outputDim;
    }

    /**
     * Whether id 0 is treated as padding.
     *
     * @return true if the layer produces a padding mask
     */
    public boolean maskZero() {
        return maskZero;
    }

    /**
     * The embedding table.
     *
     * @return shape {@code (inputDim, outputDim)}; null before build
     */
    public Weight embeddings() {
        return embeddings;
    }

    @Override
    protected Shape computeOutputShape(Shape in) {
        int[] d = Arrays.copyOf(in.dims(), in.rank() + 1);
        d[in.rank()] = outputDim;
        return Shape.of(d);
    }

    @Override
    protected void createWeights(Shape in) {
        embeddings = addWeight("embeddings", Shape.of(inputDim, outputDim), embeddingsInitializer, embeddingsRegularizer, true);
    }

    @Override
    protected boolean acceptsInput(Shape built, Shape got) {
        return built.rank() == got.rank(); // sequences may have another length
    }

    @Override
    protected Tensor call(Tensor x, boolean training) {
        return Gather.gather(embeddings.value(), ids(x), x.shape());
    }

    /** The ids as ints; fails naming the layer, the position and the value when one is not a valid id. */
    private int[] ids(Tensor x) {
        float[] v = x.data();
        int[] ids = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            float f = v[i];
            if (!(f >= 0 && f < inputDim) || f != Math.rint(f)) {
                throw error("input values must be integer ids in [0, " + inputDim + "), got " + f + " at index "
                        + Arrays.toString(unflatten(i, x.shape())) + " of the input " + x.shape());
            }
            ids[i] = (int) f;
        }
        return ids;
    }

    private static int[] unflatten(int flat, Shape s) {
        int[] idx = new int[s.rank()];
        for (int a = s.rank() - 1; a >= 0; a--) {
            idx[a] = flat % s.dim(a);
            flat /= s.dim(a);
        }
        return idx;
    }

    /**
     * The padding mask of a batch of ids.
     *
     * @param x ids, shape {@code (N, ...s)}
     * @return shape {@code (N, ...s)}: 1 for ids other than 0, 0 for id 0; null without maskZero
     */
    public Tensor computeMask(Tensor x) {
        if (!maskZero) return null;
        return x.detach().gt(Tensor.scalar(0f));
    }

    /** With maskZero, the padding mask goes with the output to the next layers of a model. */
    @Override
    protected Tensor computeMask(List<Tensor> inputs, List<Tensor> masks) {
        return computeMask(inputs.get(0));
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = super.config();
        c.put("input_dim", inputDim);
        c.put("output_dim", outputDim);
        c.put("embeddings_initializer", Initializers.toConfig(embeddingsInitializer));
        c.put("embeddings_regularizer", LayerConfig.regularizer(name(), "embeddings_regularizer", embeddingsRegularizer));
        c.put("mask_zero", maskZero);
        return c;
    }

    static Embedding fromConfig(LayerConfig c) {
        return new Embedding(c.getInt("input_dim"), c.getInt("output_dim"))
                .maskZero(c.getBool("mask_zero", false))
                .embeddingsInitializer(c.getInitializer("embeddings_initializer", Initializers.randomUniform(-0.05f, 0.05f)))
                .embeddingsRegularizer(c.getRegularizer("embeddings_regularizer"));
    }
}
