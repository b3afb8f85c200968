package org.neurite.nn.layers;

import java.util.List;
import java.util.Map;
import org.neurite.nn.Layer;
import org.neurite.nn.losses.VaeLoss;
import org.neurite.tensor.Shape;
import org.neurite.tensor.Tensor;

/**
 * The reparameterization trick of a variational autoencoder (the {@code Sampling} layer of the
 * keras.io VAE example): from the encoder's mean and log-variance, {@code z = mu + exp(½ logVar) · eps}
 * with {@code eps ~ N(0, 1)} drawn fresh at every call, so that gradients flow to mu and logVar
 * ({@code dz/dmu = 1}, {@code dz/dlogVar = ½ exp(½ logVar) eps}) while the randomness stays outside.
 *
 * <p>Inputs: {@code [mu, logVar]}, both (batch, latent...) of the same shape. Output: the same
 * shape. No parameters. It samples in training and in inference alike (as the Keras example).
 * The noise comes from the layer's seed ({@link #seed(long)} or the model's): same seed, same
 * sequence of eps.
 *
 * <p>With {@link #klWeight(float)} > 0 the layer also adds {@code klWeight · VaeLoss.kl(mu, logVar)}
 * to the model's loss through {@link Layer#addLoss} (Keras' {@code add_loss}), so that a VAE
 * compiled with a reconstruction loss trains on reconstruction + KL:
 * <pre>{@code
 * SymbolicTensor mu = new Dense(2).apply(h), logVar = new Dense(2).apply(h);
 * SymbolicTensor z = new Sampling().klWeight(1f).apply(mu, logVar);
 * }</pre>
 */
public final class Sampling extends Layer implements org.neurite.nn.Stochastic {
    private float klWeight;
    private org.neurite.nn.RandomStream random;

    /** Without a KL term (klWeight 0). */
    public Sampling() {}

    /**
     * Weight of the KL term this layer adds to the loss during training ({@link org.neurite.nn.losses.VaeLoss#kl}).
     *
     * @param weight finite and &gt;= 0; 0 (default) adds nothing
     * @return this layer
     * @throws IllegalArgumentException if it is negative, infinite or NaN
     * @throws IllegalStateException if the layer is already built
     */
    public Sampling klWeight(float weight) {
        if (!(weight >= 0) || Float.isInfinite(weight)) throw new IllegalArgumentException("Sampling: klWeight must be a finite number >= 0, got " + weight);
        checkMutable("klWeight");
        this.klWeight = weight;
        return this;
    }

    /**
     * The weight of the KL term.
     *
     * @return it; 0 when the layer adds no loss
     */
    public float klWeight() {
        return klWeight;
    }

    @Override
    public Sampling seed(long value) {
        super.seed(value);
        random = null; // restart the noise sequence from the new seed
        return this;
    }

    @Override
    protected void onSeedChanged() {
        random = null;
    }

    @Override
    protected Shape computeOutputShape(List<Shape> inputShapes) {
        if (inputShapes.size() != 2) throw error("expected 2 inputs [mu, logVar], got " + inputShapes.size());
        Shape mu = inputShapes.get(0), logVar = inputShapes.get(1);
        if (!mu.equals(logVar)) {
            throw error("mu and logVar must have the same shape, got " + org.neurite.nn.Summary.shapeString(mu) + " and " + org.neurite.nn.Summary.shapeString(logVar));
        }
        return mu;
    }

    @Override
    protected Tensor call(List<Tensor> inputs, boolean training) {
        Tensor mu = inputs.get(0), logVar = inputs.get(1);
        Tensor eps = noise(mu.shape());
        Tensor z = mu.add(logVar.mul(0.5f).exp().mul(eps));
        if (klWeight > 0f) {
            Tensor kl = VaeLoss.kl(mu, logVar);
            addLoss(klWeight == 1f ? kl : kl.mul(klWeight));
        }
        return z;
    }

    /** Standard normal noise of this shape from the layer's random sequence. */
    private synchronized Tensor noise(Shape shape) { // predict threads share the random sequence
        if (random == null) random = new org.neurite.nn.RandomStream(seed());
        java.util.SplittableRandom r = random.next();
        float[] e = new float[shape.size()];
        for (int i = 0; i < e.length; i++) e[i] = (float) Tensor.gaussian(r);
        return Tensor.of(e, shape);
    }

    @Override
    public long randomPosition() {
        return random == null ? 0 : random.position();
    }

    @Override
    public void randomPosition(long position) {
        random = new org.neurite.nn.RandomStream(seed());
        random.position(position);
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = super.config();
        c.put("kl_weight", klWeight);
        return c;
    }

    static Sampling fromConfig(LayerConfig c) {
        return new Sampling().klWeight(c.has("kl_weight") ? c.getFloat("kl_weight") : 0f);
    }
}
