package org.neurite.nn.layers;

import java.util.Map;
import org.neurite.nn.Initializer;
import org.neurite.nn.Initializers;
import org.neurite.nn.Layer;
import org.neurite.nn.Summary;
import org.neurite.nn.Weight;
import org.neurite.tensor.Shape;
import org.neurite.tensor.Tensor;

/**
 * Learned position embeddings (BERT, GPT-2): one trainable vector per position {@code 0..maxLength-1}.
 *
 * <p>Input {@code (N, T, D)} with {@code T <= maxLength} (sequences may be shorter than the maximum);
 * output {@code (N, T, D)} = {@code x + P[0:T]}, so the layer can follow an {@link Embedding} in a
 * Sequential. With {@code addToInput(false)} the output is {@code P[0:T]} broadcast over the batch,
 * as keras_nlp's {@code PositionEmbedding} (which leaves the addition to the caller). Weight
 * {@code embeddings} {@code (maxLength, D)}, default glorot_uniform (keras_nlp's). Parameters:
 * {@code maxLength * D}.
 */
public final class PositionEmbedding extends Layer {
    private final int maxLength;
    private final int dim; // 0: taken from the input
    private boolean addToInput = true;
    private Initializer initializer = Initializers.glorotUniform();
    private Weight embeddings;

    /**
     * Position embeddings whose width is taken from the input's last axis.
     *
     * @param maxLength the longest sequence accepted; &gt; 0
     * @throws IllegalArgumentException if it is not positive
     */
    public PositionEmbedding(int maxLength) {
        this(maxLength, 0);
    }

    /**
     * Position embeddings of a given width (checked against the input).
     *
     * @param maxLength the longest sequence accepted; &gt; 0
     * @param dim the embedding width D, or 0 to take the input's last axis
     * @throws IllegalArgumentException if maxLength is not positive or dim negative
     */
    public PositionEmbedding(int maxLength, int dim) {
        if (maxLength <= 0 || dim < 0) throw new IllegalArgumentException("PositionEmbedding: maxLength must be positive and dim >= 0, got " + maxLength + ", " + dim);
        this.maxLength = maxLength;
        this.dim = dim;
    }

    /**
     * Whether the output is the input plus the embeddings or the embeddings alone.
     *
     * @param value true (default): {@code x + P[0:T]}; false: {@code P[0:T]} broadcast over the batch (keras_nlp)
     * @return this layer
     * @throws IllegalStateException if the layer is already built
     */
    public PositionEmbedding addToInput(boolean value) {
        checkMutable("addToInput");
        this.addToInput = value;
        return this;
    }

    /**
     * keras_nlp's {@code initializer}.
     *
     * @param init fills the table when the layer is built (default glorot_uniform)
     * @return this layer
     * @throws IllegalStateException if the layer is already built
     */
    public PositionEmbedding initializer(Initializer init) {
        checkMutable("initializer");
        this.initializer = init;
        return this;
    }

    /**
     * The longest sequence accepted.
     *
     * @return maxLength, the table's row count
     */
    public int maxLength() {
        return maxLength;
    }

    /**
     * The embedding table.
     *
     * @return shape {@code (maxLength, D)}; null before build
     */
    public Weight embeddings() {
        return embeddings;
    }

    @Override
    public PositionEmbedding name(String newName) {
        super.name(newName);
        return this;
    }

    @Override
    public PositionEmbedding seed(long value) {
        super.seed(value);
        return this;
    }

    @Override
    protected Shape computeOutputShape(Shape in) {
        if (in.rank() != 2) throw error("expected input (None, sequence, features), got " + Summary.shapeString(in));
        if (in.dim(0) > maxLength) throw error("sequence length " + in.dim(0) + " is longer than maxLength " + maxLength);
        if (dim > 0 && in.dim(1) != dim) throw error("expected " + dim + " features, got " + Summary.shapeString(in));
        return in;
    }

    @Override
    protected void createWeights(Shape in) {
        embeddings = addWeight("embeddings", Shape.of(maxLength, in.dim(1)), initializer, null, true);
    }

    @Override
    protected boolean acceptsInput(Shape built, Shape got) {
        return got.rank() == 2 && got.dim(1) == built.dim(1) && got.dim(0) <= maxLength;
    }

    @Override
    protected Tensor call(Tensor x, boolean training) {
        Tensor p = embeddings.value().slice(0, 0, x.dim(1)); // (T, D)
        return addToInput ? x.add(p) : p.unsqueeze(0).broadcastTo(x.shape());
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = super.config();
        c.put("sequence_length", maxLength);
        c.put("dim", dim);
        c.put("add_to_input", addToInput);
        c.put("initializer", Initializers.toConfig(initializer));
        return c;
    }

    static PositionEmbedding fromConfig(LayerConfig c) {
        return new PositionEmbedding(c.getInt("sequence_length"), c.getInt("dim", 0))
                .addToInput(c.getBool("add_to_input", true))
                .initializer(c.getInitializer("initializer", Initializers.glorotUniform()));
    }
}
