package org.neurite.data;

import java.util.Iterator;
import java.util.Objects;
import org.neurite.tensor.Shape;
import org.neurite.tensor.Tensor;

/**
 * An in-memory supervised data set: a features tensor {@code (N, ...)} and a targets tensor
 * {@code (N, ...)} whose first dimensions agree. Images are channels-last {@code (N, H, W, C)};
 * class labels are class indices stored as floats, shape {@code (N,)}.
 *
 * <p>Immutable view: {@link #slice}, {@link #take}, {@link #splitLast}, {@link #shuffled} and the
 * batches return new tensors (rows are copied with {@code System.arraycopy}); the backing arrays
 * of the features and targets are never modified here.
 *
 * <p>Shuffling is deterministic: the order depends only on the seed and the size, on any machine
 * and any number of threads ({@link BatchStream#permutation(int, long)}, the one shuffle of
 * Neurite's data). As a {@link SampleSource}, {@code fit} batches it through {@link BatchStream}.
 */
public final class Dataset implements SampleSource {
    private final Tensor features;
    private final Tensor targets;
    private final int size;
    private final int featureRow;
    private final int targetRow;

    /** One mini-batch: features {@code (b, ...)} and targets {@code (b, ...)}. */
    public record Batch(Tensor x, Tensor y) {
        /**
         * Checks that both parts are present.
         *
         * @param x features {@code (b, ...)}
         * @param y targets {@code (b, ...)}
         * @throws NullPointerException if either is null
         */
        public Batch {
            Objects.requireNonNull(x, "x");
            Objects.requireNonNull(y, "y");
        }

        /** @return the number of samples in this batch */
        public int size() {
            return x.dim(0);
        }
    }

    /** A train/validation pair, as made by {@link #splitLast(double)}. */
    public record Split(Dataset train, Dataset validation) {}

    /**
     * An in-memory data set over these tensors (used, not copied).
     *
     * @param features shape {@code (N, ...)}
     * @param targets shape {@code (N, ...)}, the same N
     * @throws NullPointerException if either is null
     * @throws IllegalArgumentException if either is a scalar or their sample counts differ
     */
    public Dataset(Tensor features, Tensor targets) {
        Objects.requireNonNull(features, "features");
        Objects.requireNonNull(targets, "targets");
        if (features.rank() == 0 || targets.rank() == 0) {
            throw new IllegalArgumentException("Dataset: features and targets need a first (sample) dimension, got features "
                    + features.shape() + " and targets " + targets.shape());
        }
        if (features.dim(0) != targets.dim(0)) {
            throw new IllegalArgumentException("Dataset: features have " + features.dim(0) + " samples " + features.shape()
                    + " but targets have " + targets.dim(0) + " " + targets.shape() + "; the first dimensions must agree");
        }
        this.features = features;
        this.targets = targets;
        this.size = features.dim(0);
        this.featureRow = features.shape().sizeBetween(1, features.rank());
        this.targetRow = targets.shape().sizeBetween(1, targets.rank());
    }

    /**
     * An in-memory data set; see {@link #Dataset(Tensor, Tensor)}.
     *
     * @param features shape {@code (N, ...)}
     * @param targets shape {@code (N, ...)}, the same N
     * @return the data set
     * @throws IllegalArgumentException if either is a scalar or their sample counts differ
     */
    public static Dataset of(Tensor features, Tensor targets) {
        return new Dataset(features, targets);
    }

    /**
     * Reads every sample of {@code source} into memory: features {@code (N, ...featureShape)} and
     * targets {@code (N, ...targetShape)}. Samples are read in parallel (a {@link SampleSource} is
     * thread-safe and deterministic, so the result does not depend on the number of threads).
     * For data that fits in the heap; larger data is streamed from the source itself.
     *
     * @param source the samples
     * @return the data set holding all of them
     */
    public static Dataset from(SampleSource source) {
        int n = source.size();
        int fs = source.featureShape().size(), ts = source.targetShape().size();
        if ((long) n * fs > Integer.MAX_VALUE - 16 || (long) n * ts > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("Dataset.from: " + n + " samples of " + source.featureShape() + " do not fit in one Java array; stream the source instead");
        }
        float[] x = new float[n * fs], y = new float[n * ts];
        java.util.stream.IntStream.range(0, n).parallel().forEach(i -> source.read(i, x, i * fs, y, i * ts));
        return new Dataset(Tensor.of(x, prepend(n, source.featureShape())), Tensor.of(y, prepend(n, source.targetShape())));
    }

    private static int[] prepend(int n, Shape s) {
        int[] d = new int[s.rank() + 1];
        d[0] = n;
        System.arraycopy(s.dims(), 0, d, 1, s.rank());
        return d;
    }

    /** Number of samples. */
    @Override
    public int size() {
        return size;
    }

    @Override
    public Shape featureShape() {
        return sampleShape();
    }

    @Override
    public Shape targetShape() {
        return Shape.of(tail(targets.shape()));
    }

    /** Copies row {@code index} of the features and of the targets (one arraycopy each). */
    @Override
    public void read(int index, float[] x, int xOffset, float[] y, int yOffset) {
        if (index < 0 || index >= size) throw new IndexOutOfBoundsException("sample index " + index + " is outside 0.." + (size - 1));
        System.arraycopy(features.data(), index * featureRow, x, xOffset, featureRow);
        System.arraycopy(targets.data(), index * targetRow, y, yOffset, targetRow);
    }

    /**
     * All features.
     *
     * @return the feature tensor {@code (N, ...)} (not a copy)
     */
    public Tensor features() {
        return features;
    }

    /**
     * All targets.
     *
     * @return the target tensor {@code (N, ...)} (not a copy)
     */
    public Tensor targets() {
        return targets;
    }

    /** @return the shape of one sample's features, without the batch dimension, e.g. (28, 28, 1) */
    public Shape sampleShape() {
        return Shape.of(tail(features.shape()));
    }

    /**
     * Samples {@code [from, to)} as a new data set (copied).
     *
     * @param from first sample, in {@code [0, size]}
     * @param to sample after the last, in {@code [from, size]}
     * @return the slice
     */
    public Dataset slice(int from, int to) {
        if (from < 0 || to > size || from > to) {
            throw new IndexOutOfBoundsException("Dataset.slice(" + from + ", " + to + ") is outside 0.." + size);
        }
        return new Dataset(copyRows(features, featureRow, from, to), copyRows(targets, targetRow, from, to));
    }

    /**
     * The first {@code min(n, size)} samples.
     *
     * @param n how many samples to keep
     * @return a data set of the first samples (copied)
     */
    public Dataset take(int n) {
        if (n < 0) throw new IllegalArgumentException("Dataset.take(" + n + "): n must be >= 0");
        return slice(0, Math.min(n, size));
    }

    /**
     * Keras {@code validation_split} semantics: the LAST {@code fraction} of the samples, taken
     * before any shuffling, becomes the validation set. The split index is
     * {@code floor(size * (1 - fraction))}, as in Keras; both parts must be non-empty.
     *
     * @param fraction the validation share, in (0, 1)
     * @return the training part (first) and the validation part (last)
     * @throws IllegalArgumentException if the fraction is outside (0, 1) or leaves a part empty
     */
    public Split splitLast(double fraction) {
        if (!(fraction > 0 && fraction < 1)) {
            throw new IllegalArgumentException("validation split must be strictly between 0 and 1, got " + fraction);
        }
        int splitAt = (int) Math.floor(size * (1.0 - fraction));
        if (splitAt <= 0 || splitAt >= size) {
            throw new IllegalArgumentException("Dataset has " + size + " samples, which is not enough to split into a training and a "
                    + "validation set with validation split " + fraction + " (split index " + splitAt + ")");
        }
        return new Split(slice(0, splitAt), slice(splitAt, size));
    }

    /**
     * The samples at the given indices, in that order (copied; indices may repeat).
     *
     * @param indices sample indices in {@code [0, size)}
     * @return the selected samples
     */
    public Dataset select(int[] indices) {
        return new Dataset(gather(features, featureRow, indices, 0, indices.length),
                gather(targets, targetRow, indices, 0, indices.length));
    }

    /**
     * All samples in the order {@link BatchStream#permutation(int, long) permutation(size, seed)}.
     *
     * @param seed the shuffling seed
     * @return a shuffled copy
     */
    public Dataset shuffled(long seed) {
        return select(BatchStream.permutation(size, seed));
    }

    /**
     * Number of batches of {@code batchSize} (the last one may be smaller).
     *
     * @param batchSize samples per batch, at least 1
     * @return {@code ceil(size / batchSize)}
     */
    public int numBatches(int batchSize) {
        checkBatchSize(batchSize);
        return (int) ((size + (long) batchSize - 1) / batchSize);
    }

    /**
     * Batches in the stored order.
     *
     * @param batchSize samples per batch, at least 1
     * @return the batches, the last possibly smaller
     */
    public Iterable<Batch> batches(int batchSize) {
        return batches(batchSize, false, 0L);
    }

    /**
     * Mini-batches of {@code batchSize} samples; the last batch may be smaller. With
     * {@code shuffle} the samples are visited in the order {@link BatchStream#permutation(int, long)
     * permutation(size, seed)}; each call of {@code iterator()} yields the same sequence, so pass a
     * different seed per epoch (e.g. {@code baseSeed + epoch}). Each batch owns fresh arrays.
     *
     * @param batchSize samples per batch, at least 1
     * @param shuffle whether to visit samples in a seeded order
     * @param seed the shuffling seed
     * @return the batches, the last possibly smaller
     */
    public Iterable<Batch> batches(int batchSize, boolean shuffle, long seed) {
        checkBatchSize(batchSize);
        BatchStream stream = new BatchStream(this, batchSize, shuffle, seed, false);
        return () -> {
            Iterator<BatchStream.Batch> epoch = stream.epoch(0); // no loader threads: nothing to close
            return new Iterator<>() {
                @Override
                public boolean hasNext() {
                    return epoch.hasNext();
                }

                @Override
                public Batch next() {
                    BatchStream.Batch b = epoch.next();
                    return new Batch(b.xs().get(0), b.ys().get(0));
                }
            };
        };
    }

    @Override
    public String toString() {
        return "Dataset(" + size + " samples, features " + features.shape() + ", targets " + targets.shape() + ")";
    }

    // ---------------------------------------------------------------- internals

    private static void checkBatchSize(int batchSize) {
        if (batchSize <= 0) throw new IllegalArgumentException("batch size must be positive, got " + batchSize);
    }

    private static int[] tail(Shape s) {
        int[] d = s.dims();
        int[] t = new int[d.length - 1];
        System.arraycopy(d, 1, t, 0, t.length);
        return t;
    }

    private static int[] withFirst(Shape s, int n) {
        int[] d = s.dims();
        d[0] = n;
        return d;
    }

    private static Tensor copyRows(Tensor t, int row, int from, int to) {
        float[] out = new float[(to - from) * row];
        System.arraycopy(t.data(), from * row, out, 0, out.length);
        return Tensor.of(out, withFirst(t.shape(), to - from));
    }

    private static Tensor gather(Tensor t, int row, int[] indices, int from, int to) {
        int n = to - from;
        int limit = t.dim(0);
        float[] src = t.data();
        float[] out = new float[n * row];
        for (int k = 0; k < n; k++) {
            int i = indices[from + k];
            if (i < 0 || i >= limit) {
                throw new IndexOutOfBoundsException("sample index " + i + " is outside 0.." + (limit - 1));
            }
            System.arraycopy(src, i * row, out, k * row, row);
        }
        return Tensor.of(out, withFirst(t.shape(), n));
    }
}
