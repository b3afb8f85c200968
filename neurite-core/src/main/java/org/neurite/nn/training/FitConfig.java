package org.neurite.nn.training;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.neurite.nn.callbacks.Callback;
import org.neurite.tensor.Tensor;

/**
 * Settings of one {@code fit}, with Keras' defaults: epochs 1, batchSize 32, shuffle true,
 * validationSplit 0, verbose 1, initialEpoch 0; plus seed 0 (shuffling is deterministic: the
 * order of epoch e is {@link org.neurite.data.BatchStream#permutation BatchStream.permutation(n, seed + e)}),
 * and for the data path loaderThreads, prefetch and dropRemainder (see each). Fluent setters:
 * {@code new FitConfig().epochs(10).batchSize(64).validationSplit(0.2f).callbacks(es)}.
 */
public final class FitConfig {
    private int epochs = 1;
    private int batchSize = 32;
    private boolean shuffle = true;
    private long seed = 0L;
    private float validationSplit = 0f;
    private List<Tensor> validationX;
    private List<Tensor> validationY;
    private final List<Callback> callbacks = new ArrayList<>();
    private int verbose = 1;
    private int initialEpoch = 0;
    private int loaderThreads = -1; // -1: chosen by the kind of data (see loaderThreads(int))
    private int prefetch = -1;
    private boolean dropRemainder = false;

    /**
     * Sets the epoch to stop before: epochs {@code initialEpoch .. epochs - 1} run, as in Keras
     * (so with an initial epoch of 3 and {@code epochs(5)} two epochs run). Default 1.
     *
     * @param epochs index one past the last epoch to run; 0 runs nothing
     * @return this config, for chaining
     * @throws IllegalArgumentException if {@code epochs} is negative
     */
    public FitConfig epochs(int epochs) {
        if (epochs < 0) throw new IllegalArgumentException("fit: epochs must be >= 0, got " + epochs);
        this.epochs = epochs;
        return this;
    }

    /**
     * Sets the number of samples per gradient step (the last batch of an epoch may be smaller, see
     * {@link #dropRemainder(boolean)}). Default 32.
     *
     * @param batchSize samples per batch, at least 1
     * @return this config, for chaining
     * @throws IllegalArgumentException if {@code batchSize} is below 1
     */
    public FitConfig batchSize(int batchSize) {
        if (batchSize < 1) throw new IllegalArgumentException("fit: batchSize must be >= 1, got " + batchSize);
        this.batchSize = batchSize;
        return this;
    }

    /**
     * Sets whether the training samples are visited in a new seeded order every epoch. Default true.
     *
     * @param shuffle false to visit samples in their stored order
     * @return this config, for chaining
     */
    public FitConfig shuffle(boolean shuffle) {
        this.shuffle = shuffle;
        return this;
    }

    /**
     * Sets the seed of the per-epoch shuffling: the same seed gives the same order. Default 0.
     *
     * @param seed any value; epoch {@code e} uses {@code seed + e}
     * @return this config, for chaining
     */
    public FitConfig seed(long seed) {
        this.seed = seed;
        return this;
    }

    /**
     * Holds out the last {@code fraction} of x and y (taken before any shuffling, as in Keras) for
     * validation. Ignored when {@link #validationData(Tensor, Tensor) validation data} is given.
     * Default 0 (no validation).
     *
     * @param fraction share of the samples held out, in [0, 1)
     * @return this config, for chaining
     * @throws IllegalArgumentException if {@code fraction} is outside [0, 1) or NaN
     */
    public FitConfig validationSplit(float fraction) {
        if (!(fraction >= 0f && fraction < 1f)) throw new IllegalArgumentException("fit: validationSplit must be in [0, 1), got " + fraction);
        this.validationSplit = fraction;
        return this;
    }

    /**
     * Sets explicit validation data of a single-input, single-output model; it overrides
     * {@link #validationSplit(float)} (as in Keras).
     *
     * @param x validation inputs, shape {@code (N, ...)} like the training inputs; null with y null to clear
     * @param y validation targets, shape {@code (N, ...)} like the training targets
     * @return this config, for chaining
     * @throws IllegalArgumentException if exactly one of {@code x} and {@code y} is null
     */
    public FitConfig validationData(Tensor x, Tensor y) {
        if ((x == null) != (y == null)) throw new IllegalArgumentException("fit: validationData needs both x and y");
        this.validationX = x == null ? null : List.of(x);
        this.validationY = y == null ? null : List.of(y);
        return this;
    }

    /**
     * Sets the validation data of a multi-input or multi-output model; it overrides
     * {@link #validationSplit(float)}.
     *
     * @param xs one tensor {@code (N, ...)} per model input, in input order; null with ys null to clear
     * @param ys one target {@code (N, ...)} per model output, in output order
     * @return this config, for chaining
     * @throws IllegalArgumentException if exactly one of {@code xs} and {@code ys} is null
     */
    public FitConfig validationData(List<Tensor> xs, List<Tensor> ys) {
        if ((xs == null) != (ys == null)) throw new IllegalArgumentException("fit: validationData needs both x and y");
        this.validationX = xs == null ? null : List.copyOf(xs);
        this.validationY = ys == null ? null : List.copyOf(ys);
        return this;
    }

    // ---------------------------------------------------------------- sample and class weights (Keras' sample_weight / class_weight)

    private Tensor sampleWeight;
    private java.util.Map<Integer, Float> classWeight;

    /**
     * Keras' {@code sample_weight}: one weight per training sample, shape {@code (N)}, multiplying
     * that sample's loss (see {@link org.neurite.nn.losses.Reduction}); with validationSplit the
     * held-out part keeps its weights. Not together with {@link #classWeight}. Null for none.
     *
     * @param weights per-sample weights, shape {@code (N)}, or null
     * @return this config, for chaining
     */
    public FitConfig sampleWeight(Tensor weights) {
        this.sampleWeight = weights;
        return this;
    }

    /**
     * Keras' {@code class_weight}: a weight per class index, given to each sample by its target
     * (the argmax of a one-hot row, or the rounded label); classes not in the map weigh 1. Single
     * output only; not together with {@link #sampleWeight}. Null for none.
     *
     * @param weights weight by class index (copied), or null
     * @return this config, for chaining
     */
    public FitConfig classWeight(java.util.Map<Integer, Float> weights) {
        this.classWeight = weights == null ? null : java.util.Map.copyOf(weights);
        return this;
    }

    /**
     * The per-sample weights set with {@link #sampleWeight(Tensor)}.
     *
     * @return weights of shape {@code (N)}, or null when none were set
     */
    public Tensor sampleWeight() {
        return sampleWeight;
    }

    /**
     * The class weights set with {@link #classWeight(java.util.Map)}.
     *
     * @return an unmodifiable map from class index to weight, or null when none were set
     */
    public java.util.Map<Integer, Float> classWeight() {
        return classWeight;
    }

    /**
     * Replaces the callbacks; they are called in the given order at each hook.
     *
     * @param callbacks callbacks such as early stopping or checkpointing
     * @return this config, for chaining
     */
    public FitConfig callbacks(Callback... callbacks) {
        return callbacks(Arrays.asList(callbacks));
    }

    /**
     * Replaces the callbacks; they are called in list order at each hook.
     *
     * @param callbacks callbacks (copied into this config)
     * @return this config, for chaining
     */
    public FitConfig callbacks(List<? extends Callback> callbacks) {
        this.callbacks.clear();
        this.callbacks.addAll(callbacks);
        return this;
    }

    /**
     * Sets how much fit reports, with Keras' meanings: 0 silent, 1 a progress bar, 2 one line per
     * epoch. Default 1.
     *
     * @param verbose 0, 1 or 2
     * @return this config, for chaining
     * @throws IllegalArgumentException if {@code verbose} is not 0, 1 or 2
     */
    public FitConfig verbose(int verbose) {
        if (verbose < 0 || verbose > 2) throw new IllegalArgumentException("fit: verbose must be 0, 1 or 2, got " + verbose);
        this.verbose = verbose;
        return this;
    }

    /**
     * Sets the epoch to start from, to resume a previous fit (epoch numbers in the history and
     * in callbacks continue from here; the shuffle order of epoch e stays the same). Default 0.
     *
     * @param initialEpoch index of the first epoch to run, at least 0
     * @return this config, for chaining
     * @throws IllegalArgumentException if {@code initialEpoch} is negative
     */
    public FitConfig initialEpoch(int initialEpoch) {
        if (initialEpoch < 0) throw new IllegalArgumentException("fit: initialEpoch must be >= 0, got " + initialEpoch);
        this.initialEpoch = initialEpoch;
        return this;
    }

    /**
     * Background threads that read (decode) the next batches while the current step runs; 0 reads
     * each batch on the training thread when it is needed. Not set: 0 for in-memory tensors and
     * {@link org.neurite.data.Dataset}s (a row copy is cheaper than a hand-off), 2 for other sample
     * sources. The batches and their order do not depend on this number.
     *
     * @param threads loader threads, at least 0
     * @return this config, for chaining
     * @throws IllegalArgumentException if {@code threads} is negative
     */
    public FitConfig loaderThreads(int threads) {
        if (threads < 0) throw new IllegalArgumentException("fit: loaderThreads must be >= 0, got " + threads);
        this.loaderThreads = threads;
        return this;
    }

    /**
     * Sets the most batches read ahead at once by the loader threads (bounding memory); default
     * 2 per thread.
     *
     * @param batches queue depth in batches, at least 1
     * @return this config, for chaining
     * @throws IllegalArgumentException if {@code batches} is below 1
     */
    public FitConfig prefetch(int batches) {
        if (batches < 1) throw new IllegalArgumentException("fit: prefetch must be >= 1 batch, got " + batches);
        this.prefetch = batches;
        return this;
    }

    /**
     * Sets whether to leave out the last batch of an epoch when it is smaller than the batch size
     * (tf.data's {@code drop_remainder}). Default false.
     *
     * @param drop true to train only on full batches
     * @return this config, for chaining
     */
    public FitConfig dropRemainder(boolean drop) {
        this.dropRemainder = drop;
        return this;
    }

    /**
     * The loader threads to use.
     *
     * @param byDefault the count for this kind of data when none was set
     * @return the count set with {@link #loaderThreads(int)}, or {@code byDefault} when not set
     */
    public int loaderThreadsOr(int byDefault) {
        return loaderThreads >= 0 ? loaderThreads : byDefault;
    }

    /**
     * The prefetch depth for this many loader threads.
     *
     * @param threads the loader threads in use
     * @return the depth set with {@link #prefetch(int)}, else {@code max(2, 2 * threads)}
     */
    public int prefetchFor(int threads) {
        return prefetch >= 1 ? prefetch : Math.max(2, 2 * threads);
    }

    /** @return whether a short last batch is left out of each epoch (default false) */
    public boolean dropRemainder() {
        return dropRemainder;
    }

    /** @return the index one past the last epoch to run (default 1) */
    public int epochs() {
        return epochs;
    }

    /** @return samples per batch (default 32) */
    public int batchSize() {
        return batchSize;
    }

    /** @return whether samples are shuffled every epoch (default true) */
    public boolean shuffle() {
        return shuffle;
    }

    /** @return the shuffling seed; epoch e uses {@code seed + e} (default 0) */
    public long seed() {
        return seed;
    }

    /** @return the share of samples held out for validation, in [0, 1) (default 0) */
    public float validationSplit() {
        return validationSplit;
    }

    /** @return the validation input (the first, for several inputs), or null when none was given */
    public Tensor validationX() {
        return validationX == null ? null : validationX.get(0);
    }

    /** @return the validation target (the first, for several outputs), or null when none was given */
    public Tensor validationY() {
        return validationY == null ? null : validationY.get(0);
    }

    /** @return every validation input, one per model input, or null when none was given */
    public List<Tensor> validationXs() {
        return validationX;
    }

    /** @return every validation target, one per model output, or null when none was given */
    public List<Tensor> validationYs() {
        return validationY;
    }

    /** @return the callbacks, in call order (unmodifiable view) */
    public List<Callback> callbacks() {
        return Collections.unmodifiableList(callbacks);
    }

    /** @return 0 silent, 1 progress bar, 2 one line per epoch (default 1) */
    public int verbose() {
        return verbose;
    }

    /** @return the index of the first epoch to run (default 0) */
    public int initialEpoch() {
        return initialEpoch;
    }
}
