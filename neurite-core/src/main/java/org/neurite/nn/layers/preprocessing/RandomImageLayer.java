package org.neurite.nn.layers.preprocessing;

import java.util.List;
import java.util.SplittableRandom;
import org.neurite.nn.Layer;
import org.neurite.nn.RandomStream;
import org.neurite.nn.Stochastic;
import org.neurite.nn.layers.LayerConfig;
import org.neurite.tensor.Shape;
import org.neurite.tensor.Tensor;

/**
 * A Keras random image-augmentation layer: on channels-last batches {@code (N, H, W, C)}, draws a
 * transformation per image in training and applies {@link #inference} otherwise (the identity,
 * except for RandomCrop). No parameters. The draws come from the layer seed ({@link #seed(long)}
 * or the model's) through a {@link RandomStream}, one generator per call, so runs repeat and
 * checkpoints resume the sequence. As Keras' preprocessing layers these sit at the input of a
 * model: no gradient flows back through them, and a training call on a tensor that needs one fails.
 */
public abstract class RandomImageLayer extends Layer implements Stochastic {
    private RandomStream random;

    @Override
    public RandomImageLayer seed(long value) {
        super.seed(value);
        return this;
    }

    @Override
    protected void onSeedChanged() {
        random = null;
    }

    @Override
    protected Shape computeOutputShape(Shape in) {
        if (in.rank() != 3) throw error("expected images (height, width, channels), got " + org.neurite.nn.Summary.shapeString(in));
        return in;
    }

    @Override
    protected final Tensor call(Tensor x, boolean training) {
        if (!training) return inference(x);
        if (x.requiresGrad()) {
            throw error("is a preprocessing layer: no gradient flows through it, so it must come before any layer with weights");
        }
        if (random == null) random = new RandomStream(seed());
        SplittableRandom r = random.next();
        int[] d = x.shape().dims();
        Shape sample = computeOutputShape(Shape.of(d[1], d[2], d[3]));
        float[] in = x.data();
        float[] out = new float[d[0] * sample.size()];
        for (int n = 0; n < d[0]; n++) augment(in, n * d[1] * d[2] * d[3], d[1], d[2], d[3], out, n * sample.size(), r);
        return Tensor.of(out, d[0], sample.dim(0), sample.dim(1), sample.dim(2));
    }

    /**
     * Writes one augmented image: the input is {@code h x w x c} floats at {@code inOffset}, the
     * output (of the layer's output shape) goes to {@code out} from {@code outOffset}.
     *
     * @param in the batch's input values, channels last
     * @param inOffset where this image starts in {@code in}
     * @param h input height
     * @param w input width
     * @param c channels
     * @param out the batch's output values
     * @param outOffset where this image starts in {@code out}
     * @param r the layer's random stream; draw from it only, so runs repeat with the seed
     */
    protected abstract void augment(float[] in, int inOffset, int h, int w, int c, float[] out, int outOffset, SplittableRandom r);

    /**
     * What the layer does outside training: the identity by default.
     *
     * @param x the batch, shape {@code (N, H, W, C)}
     * @return the inference output, of the layer's output shape
     */
    protected Tensor inference(Tensor x) {
        return x;
    }

    @Override
    public long randomPosition() {
        return random == null ? 0 : random.position();
    }

    @Override
    public void randomPosition(long position) {
        random = new RandomStream(seed());
        random.position(position);
    }

    // ---------------------------------------------------------------- Keras factors

    /** A Keras factor: one number f means the range (-f, f), a pair (lower, upper) itself. */
    static float[] range(String layer, String what, float... factor) {
        if (factor.length == 1) return new float[] {-Math.abs(factor[0]), Math.abs(factor[0])};
        if (factor.length == 2 && factor[0] <= factor[1]) return factor.clone();
        throw new IllegalArgumentException(layer + ": " + what + " must be one number or (lower, upper) with lower <= upper, got "
                + java.util.Arrays.toString(factor));
    }

    /** The factor as Keras writes it: a number when symmetric, else [lower, upper]. */
    static Object factorConfig(float[] range) {
        return range[0] == -range[1] ? (Object) range[1] : List.of(range[0], range[1]);
    }

    /** Reads a factor written by {@link #factorConfig} (or by Keras: a number or a pair). */
    static float[] readFactor(LayerConfig c, String key) {
        Object v = c.raw(key);
        if (v instanceof Number n) return new float[] {n.floatValue()};
        if (v instanceof List<?> l && l.size() == 2 && l.get(0) instanceof Number a && l.get(1) instanceof Number b) {
            return new float[] {a.floatValue(), b.floatValue()};
        }
        throw new IllegalArgumentException(key + " must be a number or [lower, upper], got " + v);
    }

    static float uniform(SplittableRandom r, float[] range) {
        return range[0] == range[1] ? range[0] : (float) r.nextDouble(range[0], range[1]);
    }
}
