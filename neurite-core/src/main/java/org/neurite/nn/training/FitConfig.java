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

    /** Number of the last epoch to run (epochs run from initialEpoch to epochs - 1, as Keras). */
    public FitConfig epochs(int epochs) {
        if (epochs < 0) throw new IllegalArgumentException("fit: epochs must be >= 0, got " + epochs);
        this.epochs = epochs;
        return this;
    }

    public FitConfig batchSize(int batchSize) {
        if (batchSize < 1) throw new IllegalArgumentException("fit: batchSize must be >= 1, got " + batchSize);
        this.batchSize = batchSize;
        return this;
    }

    public FitConfig shuffle(boolean shuffle) {
        this.shuffle = shuffle;
        return this;
    }

    /** Seed of the per-epoch shuffling: same seed, same order. */
    public FitConfig seed(long seed) {
        this.seed = seed;
        return this;
    }

    /** Keras semantics: the LAST fraction of x and y (taken before any shuffling) is held out for validation. */
    public FitConfig validationSplit(float fraction) {
        if (!(fraction >= 0f && fraction < 1f)) throw new IllegalArgumentException("fit: validationSplit must be in [0, 1), got " + fraction);
        this.validationSplit = fraction;
        return this;
    }

    /** Explicit validation data; overrides validationSplit (as Keras). */
    public FitConfig validationData(Tensor x, Tensor y) {
        if ((x == null) != (y == null)) throw new IllegalArgumentException("fit: validationData needs both x and y");
        this.validationX = x == null ? null : List.of(x);
        this.validationY = y == null ? null : List.of(y);
        return this;
    }

    /** Validation data of a multi-input/-output model: one tensor per input, one target per output. */
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
     */
    public FitConfig sampleWeight(Tensor weights) {
        this.sampleWeight = weights;
        return this;
    }

    /**
     * Keras' {@code class_weight}: a weight per class index, given to each sample by its target
     * (the argmax of a one-hot row, or the rounded label); classes not in the map weigh 1. Single
     * output only; not together with {@link #sampleWeight}. Null for none.
     */
    public FitConfig classWeight(java.util.Map<Integer, Float> weights) {
        this.classWeight = weights == null ? null : java.util.Map.copyOf(weights);
        return this;
    }

    public Tensor sampleWeight() {
        return sampleWeight;
    }

    public java.util.Map<Integer, Float> classWeight() {
        return classWeight;
    }

    public FitConfig callbacks(Callback... callbacks) {
        return callbacks(Arrays.asList(callbacks));
    }

    /** Replaces the callbacks. */
    public FitConfig callbacks(List<? extends Callback> callbacks) {
        this.callbacks.clear();
        this.callbacks.addAll(callbacks);
        return this;
    }

    /** 0 silent, 1 progress bar, 2 one line per epoch. */
    public FitConfig verbose(int verbose) {
        if (verbose < 0 || verbose > 2) throw new IllegalArgumentException("fit: verbose must be 0, 1 or 2, got " + verbose);
        this.verbose = verbose;
        return this;
    }

    /** Epoch to start from (to resume a previous fit). */
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
     */
    public FitConfig loaderThreads(int threads) {
        if (threads < 0) throw new IllegalArgumentException("fit: loaderThreads must be >= 0, got " + threads);
        this.loaderThreads = threads;
        return this;
    }

    /** Most batches read ahead at once by the loader threads (bounded memory); default 2 per thread. */
    public FitConfig prefetch(int batches) {
        if (batches < 1) throw new IllegalArgumentException("fit: prefetch must be >= 1 batch, got " + batches);
        this.prefetch = batches;
        return this;
    }

    /** Leave out the last batch of an epoch when it is smaller than batchSize (tf.data's drop_remainder); default false. */
    public FitConfig dropRemainder(boolean drop) {
        this.dropRemainder = drop;
        return this;
    }

    /** The loader threads set with {@link #loaderThreads(int)}, or {@code byDefault} when not set. */
    public int loaderThreadsOr(int byDefault) {
        return loaderThreads >= 0 ? loaderThreads : byDefault;
    }

    /** The prefetch depth for this many loader threads: the one set, else 2 per thread. */
    public int prefetchFor(int threads) {
        return prefetch >= 1 ? prefetch : Math.max(2, 2 * threads);
    }

    public boolean dropRemainder() {
        return dropRemainder;
    }

    public int epochs() {
        return epochs;
    }

    public int batchSize() {
        return batchSize;
    }

    public boolean shuffle() {
        return shuffle;
    }

    public long seed() {
        return seed;
    }

    public float validationSplit() {
        return validationSplit;
    }

    /** The validation input (the first, for several inputs), or null. */
    public Tensor validationX() {
        return validationX == null ? null : validationX.get(0);
    }

    /** The validation target (the first, for several outputs), or null. */
    public Tensor validationY() {
        return validationY == null ? null : validationY.get(0);
    }

    /** Every validation input, or null. */
    public List<Tensor> validationXs() {
        return validationX;
    }

    /** Every validation target, or null. */
    public List<Tensor> validationYs() {
        return validationY;
    }

    public List<Callback> callbacks() {
        return Collections.unmodifiableList(callbacks);
    }

    public int verbose() {
        return verbose;
    }

    public int initialEpoch() {
        return initialEpoch;
    }
}
