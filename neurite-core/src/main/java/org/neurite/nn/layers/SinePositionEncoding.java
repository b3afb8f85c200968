package org.neurite.nn.layers;

import java.util.Map;
import org.neurite.nn.Layer;
import org.neurite.nn.Summary;
import org.neurite.tensor.Shape;
import org.neurite.tensor.Tensor;

/**
 * The fixed sinusoidal position encoding of "Attention Is All You Need" (Vaswani et al. 2017, 3.5):
 * {@code PE[p, 2i] = sin(p / w^(2i/D))}, {@code PE[p, 2i+1] = cos(p / w^(2i/D))}, with
 * {@code w = maxWavelength} (default 10000), as keras_nlp's {@code SinePositionEncoding}.
 *
 * <p>Input {@code (N, T, D)}, output {@code (N, T, D)} = {@code x + PE[0:T]} (or {@code PE[0:T]}
 * broadcast over the batch with {@code addToInput(false)}, keras_nlp's behaviour). No parameters;
 * any sequence length works.
 */
public final class SinePositionEncoding extends Layer {
    private final float maxWavelength;
    private boolean addToInput = true;

    /** With keras_nlp's default maximum wavelength of 10000, added to the input. */
    public SinePositionEncoding() {
        this(10000);
    }

    /**
     * With another maximum wavelength w.
     *
     * @param maxWavelength w, the longest sinusoid's wavelength in positions; &gt; 0
     * @throws IllegalArgumentException if it is not positive
     */
    public SinePositionEncoding(double maxWavelength) {
        if (!(maxWavelength > 0)) throw new IllegalArgumentException("SinePositionEncoding: maxWavelength must be positive, got " + maxWavelength);
        this.maxWavelength = (float) maxWavelength;
    }

    /**
     * Whether the output is the input plus the encoding or the encoding alone.
     *
     * @param value true (default): {@code x + PE[0:T]}; false: {@code PE[0:T]} broadcast over the batch
     * @return this layer
     * @throws IllegalStateException if the layer is already built
     */
    public SinePositionEncoding addToInput(boolean value) {
        checkMutable("addToInput");
        this.addToInput = value;
        return this;
    }

    /**
     * The encoding table (computed in double, stored as float).
     *
     * @param length the number of positions
     * @param dim D, the encoding width
     * @param maxWavelength w
     * @return shape {@code (length, dim)}
     */
    public static Tensor encoding(int length, int dim, double maxWavelength) {
        float[] pe = new float[length * dim];
        for (int p = 0; p < length; p++) {
            for (int j = 0; j < dim; j++) {
                double angle = p / Math.pow(maxWavelength, (j - j % 2) / (double) dim);
                pe[p * dim + j] = (float) (j % 2 == 0 ? Math.sin(angle) : Math.cos(angle));
            }
        }
        return Tensor.of(pe, length, dim);
    }

    @Override
    protected Shape computeOutputShape(Shape in) {
        if (in.rank() != 2) throw error("expected input (None, sequence, features), got " + Summary.shapeString(in));
        return in;
    }

    @Override
    protected boolean acceptsInput(Shape built, Shape got) {
        return got.rank() == 2 && got.dim(1) == built.dim(1);
    }

    @Override
    protected Tensor call(Tensor x, boolean training) {
        Tensor pe = encoding(x.dim(1), x.dim(2), maxWavelength);
        return addToInput ? x.add(pe) : pe.unsqueeze(0).broadcastTo(x.shape());
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = super.config();
        c.put("max_wavelength", maxWavelength);
        c.put("add_to_input", addToInput);
        return c;
    }

    static SinePositionEncoding fromConfig(LayerConfig c) {
        return new SinePositionEncoding(c.has("max_wavelength") ? c.getFloat("max_wavelength") : 10000f)
                .addToInput(c.getBool("add_to_input", true));
    }
}
