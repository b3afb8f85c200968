package org.neurite.nn.layers;

import java.util.Locale;
import java.util.Map;
import org.neurite.nn.Layer;
import org.neurite.nn.Summary;
import org.neurite.tensor.Shape;
import org.neurite.tensor.Tensor;

/**
 * Keras' {@code CategoryEncoding}: integer ids in {@code [0, numTokens)} to vectors of length
 * {@code numTokens}.
 * <ul>
 *   <li>{@code one_hot}: each id its own one-hot vector: input {@code (N)} or {@code (N, 1)} gives
 *       {@code (N, numTokens)}, {@code (N, k)} gives {@code (N, k, numTokens)};</li>
 *   <li>{@code multi_hot}: 1 for every id present in a sample, {@code (N, k) -> (N, numTokens)};</li>
 *   <li>{@code count}: how often each id occurs in a sample, {@code (N, k) -> (N, numTokens)}.</li>
 * </ul>
 * No parameters; the output is constant in the input (ids have no gradient).
 */
public final class CategoryEncoding extends Layer {
    private final int numTokens;
    private final String outputMode;

    /**
     * Multi-hot encoding of integer ids: input {@code (N)} or {@code (N, ids)}, output {@code (N, numTokens)}.
     *
     * @param numTokens the number of distinct ids; each must lie in [0, numTokens); &gt; 0
     * @throws IllegalArgumentException if it is not positive
     */
    public CategoryEncoding(int numTokens) {
        this(numTokens, "multi_hot");
    }

    /**
     * Encodes integer ids as Keras' {@code CategoryEncoding(num_tokens, output_mode)}.
     *
     * @param numTokens the number of distinct ids; &gt; 0
     * @param outputMode {@code one_hot} (one row per id: {@code (N, ids, numTokens)}),
     *     {@code multi_hot} (1 for each id present) or {@code count} (how often each occurs)
     * @throws IllegalArgumentException if numTokens is not positive or the mode unknown
     */
    public CategoryEncoding(int numTokens, String outputMode) {
        if (numTokens <= 0) throw new IllegalArgumentException("CategoryEncoding: num_tokens must be positive, got " + numTokens);
        String mode = outputMode == null ? "" : outputMode.toLowerCase(Locale.ROOT);
        if (!mode.equals("one_hot") && !mode.equals("multi_hot") && !mode.equals("count")) {
            throw new IllegalArgumentException("CategoryEncoding: output_mode must be one_hot, multi_hot or count, got " + outputMode);
        }
        this.numTokens = numTokens;
        this.outputMode = mode;
    }

    /**
     * The number of distinct ids.
     *
     * @return numTokens, the size of the output's last axis
     */
    public int numTokens() {
        return numTokens;
    }

    /**
     * The encoding.
     *
     * @return {@code one_hot}, {@code multi_hot} or {@code count}
     */
    public String outputMode() {
        return outputMode;
    }

    @Override
    protected Shape computeOutputShape(Shape in) {
        if (in.rank() > 1) throw error("expected input (None,) or (None, ids), got " + Summary.shapeString(in));
        if (outputMode.equals("one_hot") && in.rank() == 1 && in.dim(0) != 1) return Shape.of(in.dim(0), numTokens);
        return Shape.of(numTokens);
    }

    @Override
    protected Tensor call(Tensor x, boolean training) {
        float[] ids = x.data();
        int n = x.dim(0);
        int perSample = x.size() / Math.max(1, n);
        boolean perId = outputMode.equals("one_hot") && perSample > 1;
        int rows = perId ? n * perSample : n;
        float[] out = new float[rows * numTokens];
        for (int i = 0; i < ids.length; i++) {
            float f = ids[i];
            if (!(f >= 0 && f < numTokens) || f != Math.rint(f)) {
                throw error("input values must be integer ids in [0, " + numTokens + "), got " + f + " at flat index " + i + " of the input " + x.shape());
            }
            int row = perId ? i : i / perSample;
            int at = row * numTokens + (int) f;
            out[at] = outputMode.equals("count") ? out[at] + 1 : 1f;
        }
        int[] dims = perId ? new int[] {n, perSample, numTokens} : new int[] {n, numTokens};
        return Tensor.of(out, dims);
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = super.config();
        c.put("num_tokens", numTokens);
        c.put("output_mode", outputMode);
        return c;
    }

    static CategoryEncoding fromConfig(LayerConfig c) {
        return new CategoryEncoding(c.getInt("num_tokens"), c.getString("output_mode", "multi_hot"));
    }
}
