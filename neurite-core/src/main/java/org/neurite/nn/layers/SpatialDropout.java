package org.neurite.nn.layers;

import java.util.Map;
import java.util.SplittableRandom;
import org.neurite.nn.Summary;
import org.neurite.tensor.Shape;
import org.neurite.tensor.Tensor;

/**
 * Dropout of whole feature maps (Keras' SpatialDropout1D/2D): in training each channel of each
 * sample is zeroed with probability {@code rate} at every position at once, the kept ones scaled
 * by {@code 1/(1-rate)}; neighbouring positions are strongly correlated in convolutional features,
 * so dropping single elements would regularize little.
 */
abstract class SpatialDropout extends NoiseLayer {
    private final float rate;
    private final int spatialAxes;

    SpatialDropout(double rate, int spatialAxes) {
        this.rate = NoiseLayer.rate(getClass().getSimpleName(), rate);
        this.spatialAxes = spatialAxes;
    }

    /**
     * The probability of dropping a whole channel.
     *
     * @return the rate, in [0, 1)
     */
    public float rate() {
        return rate;
    }

    @Override
    protected Shape computeOutputShape(Shape in) {
        if (in.rank() != spatialAxes + 1) {
            throw error("expected input " + (spatialAxes == 1 ? "(None, steps, channels)" : "(None, height, width, channels)") + ", got " + Summary.shapeString(in));
        }
        return in;
    }

    @Override
    protected boolean active() {
        return rate > 0f;
    }

    /** One keep-or-drop draw per (sample, channel), broadcast over the positions. */
    @Override
    protected Tensor noise(Tensor x, SplittableRandom random) {
        int n = x.dim(0), c = x.dim(-1);
        float scale = 1f / (1f - rate);
        float[] m = new float[n * c];
        for (int i = 0; i < m.length; i++) m[i] = random.nextDouble() < rate ? 0f : scale;
        int[] dims = new int[x.rank()];
        java.util.Arrays.fill(dims, 1);
        dims[0] = n;
        dims[dims.length - 1] = c;
        return x.mul(Tensor.of(m, dims));
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> cfg = super.config();
        cfg.put("rate", rate);
        return cfg;
    }
}
