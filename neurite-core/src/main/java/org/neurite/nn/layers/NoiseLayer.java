package org.neurite.nn.layers;

import java.util.List;
import java.util.SplittableRandom;
import org.neurite.nn.Layer;
import org.neurite.nn.RandomStream;
import org.neurite.nn.Stochastic;
import org.neurite.tensor.Shape;
import org.neurite.tensor.Tensor;

/**
 * What the training-only noise layers share ({@link SpatialDropout1D}, {@link SpatialDropout2D},
 * {@link GaussianNoise}, {@link GaussianDropout}): the identity in inference; in training, noise
 * drawn from the layer seed, call k from its own generator (see {@link RandomStream}), so runs
 * repeat and checkpoints resume the sequence. Shape in = shape out, no parameters, masks pass on.
 */
public abstract class NoiseLayer extends Layer implements Stochastic {
    private RandomStream random;

    /**
     * The noisy output in training, from this call's generator.
     *
     * @param x the input batch
     * @param random the generator of this call (seeded from the layer's seed)
     * @return the noisy batch, the shape of {@code x}
     */
    protected abstract Tensor noise(Tensor x, SplittableRandom random);

    /**
     * Whether the layer changes anything.
     *
     * @return false for a rate or deviation of 0, so training passes the input through
     */
    protected abstract boolean active();

    @Override
    protected void onSeedChanged() {
        random = null;
    }

    @Override
    protected Shape computeOutputShape(Shape in) {
        return in;
    }

    @Override
    protected boolean acceptsInput(Shape built, Shape got) {
        return got.rank() == built.rank() && got.dim(-1) == built.dim(-1);
    }

    @Override
    protected Tensor call(Tensor x, boolean training) {
        if (!training || !active()) return x;
        if (random == null) random = new RandomStream(seed());
        return noise(x, random.next());
    }

    @Override
    protected Tensor computeMask(List<Tensor> inputs, List<Tensor> masks) {
        return masks.get(0);
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

    /** The rate check shared by the dropout variants. */
    static float rate(String layer, double rate) {
        if (!(rate >= 0 && rate < 1)) throw new IllegalArgumentException(layer + ": rate must be in [0, 1), got " + rate);
        return (float) rate;
    }
}
