package org.neurite.data;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.neurite.tensor.Shape;
import org.neurite.tensor.Tensor;

/**
 * The one batching, shuffling and prefetching path: mini-batches of a {@link MultiSampleSource}
 * (or a {@link SampleSource}) in an order that depends only on the seed and the epoch.
 *
 * <p>Order: epoch {@code e} visits the samples in the order {@link #permutation(int, long)
 * permutation(size, seed + e)} when shuffling, else in stored order; consecutive runs of
 * {@code batchSize} samples form the batches, the last one smaller unless {@code dropRemainder}.
 *
 * <p>Prefetch: with {@code loaderThreads = 0} each batch is read when asked for, on the caller's
 * thread. With {@code n > 0} daemon threads read whole batches ahead, at most {@code prefetch}
 * batches in flight (read or being read), so memory stays bounded; batches are handed out in
 * their order whatever thread read them, so the result does not depend on {@code n}. A failure in
 * a loader thread is rethrown by {@link Epoch#next()} with the loader's exception as cause, and
 * the loaders stop. {@link Epoch#close()} stops the threads; use the epoch in try-with-resources.
 */
public final class BatchStream {
    private final MultiSampleSource source;
    private final int batchSize;
    private final boolean shuffle;
    private final long seed;
    private final boolean dropRemainder;
    private final int loaderThreads;
    private final int prefetch;

    /** One mini-batch: one tensor {@code (b, ...)} per input and one per target. */
    public record Batch(List<Tensor> xs, List<Tensor> ys) {
        /** @return the number of samples in this batch */
        public int size() {
            return xs.get(0).dim(0);
        }
    }

    /**
     * Batches of {@code source}, read on the caller's thread ({@link #prefetch(int, int)} adds
     * loader threads).
     *
     * @param source the samples, each one tensor per input and one per target
     * @param batchSize samples per batch, at least 1
     * @param shuffle visit the samples in the order {@code permutation(size, seed + epoch)}
     * @param seed the shuffling seed
     * @param dropRemainder leave out the last batch when it has fewer than {@code batchSize} samples
     */
    public BatchStream(MultiSampleSource source, int batchSize, boolean shuffle, long seed, boolean dropRemainder) {
        this(source, batchSize, shuffle, seed, dropRemainder, 0, 0);
    }

    /**
     * Batches of a single-input, single-target source; see {@link #BatchStream(MultiSampleSource, int, boolean, long, boolean)}.
     *
     * @param source the samples
     * @param batchSize samples per batch, at least 1
     * @param shuffle visit the samples in a seeded order per epoch
     * @param seed the shuffling seed
     * @param dropRemainder leave out a last batch smaller than {@code batchSize}
     */
    public BatchStream(SampleSource source, int batchSize, boolean shuffle, long seed, boolean dropRemainder) {
        this(MultiSampleSource.of(source), batchSize, shuffle, seed, dropRemainder);
    }

    private BatchStream(MultiSampleSource source, int batchSize, boolean shuffle, long seed, boolean dropRemainder,
            int loaderThreads, int prefetch) {
        if (source == null) throw new IllegalArgumentException("BatchStream: the sample source is null");
        if (batchSize < 1) throw new IllegalArgumentException("batch size must be positive, got " + batchSize);
        if (loaderThreads < 0) throw new IllegalArgumentException("loader threads must be >= 0, got " + loaderThreads);
        if (loaderThreads > 0 && prefetch < 1) throw new IllegalArgumentException("prefetch must be >= 1 batch with loader threads, got " + prefetch);
        this.source = source;
        this.batchSize = batchSize;
        this.shuffle = shuffle;
        this.seed = seed;
        this.dropRemainder = dropRemainder;
        this.loaderThreads = loaderThreads;
        this.prefetch = prefetch;
    }

    /**
     * The same batches, read ahead by {@code loaderThreads} daemon threads with at most
     * {@code prefetch} batches in flight ({@code loaderThreads = 0}: no prefetch).
     *
     * @param threads loader threads, 0 for none
     * @param batches most batches in flight
     * @return a new stream; this one is unchanged
     */
    public BatchStream prefetch(int threads, int batches) {
        return new BatchStream(source, batchSize, shuffle, seed, dropRemainder, threads, threads == 0 ? 0 : batches);
    }

    /**
     * The samples this stream batches.
     *
     * @return the source
     */
    public MultiSampleSource source() {
        return source;
    }

    /**
     * Samples per batch (the last batch of an epoch may have fewer).
     *
     * @return the batch size
     */
    public int batchSize() {
        return batchSize;
    }

    /** @return batches per epoch: {@code ceil(size / batchSize)}, or {@code floor} when dropping the remainder */
    public int batchesPerEpoch() {
        int n = source.size();
        return dropRemainder ? n / batchSize : (int) ((n + (long) batchSize - 1) / batchSize);
    }

    /** @return samples per epoch (those of the dropped remainder not counted) */
    public int samplesPerEpoch() {
        return dropRemainder ? batchesPerEpoch() * batchSize : source.size();
    }

    /**
     * The order in which epoch {@code epoch} visits the samples.
     *
     * @param epoch the epoch index, from 0
     * @return sample indices in visiting order (the identity without shuffling)
     */
    public int[] order(int epoch) {
        int n = source.size();
        if (shuffle) return permutation(n, seed + epoch);
        int[] p = new int[n];
        for (int i = 0; i < n; i++) p[i] = i;
        return p;
    }

    /**
     * The batches of one epoch; close it (try-with-resources) to stop its loader threads.
     *
     * @param epoch the epoch index, from 0 (it selects the shuffle order)
     * @return an iterator over the epoch's batches
     */
    public Epoch epoch(int epoch) {
        return new Epoch(order(epoch));
    }

    /**
     * A random permutation of {@code 0..n-1}: Fisher–Yates from the last index down, with
     * {@code j = new SplittableRandom(seed).nextInt(i + 1)}. The same seed gives the same order on
     * every machine and JDK (SplittableRandom's algorithm is fixed). The only shuffle of Neurite's data.
     *
     * @param n the number of indices, at least 0
     * @param seed the seed
     * @return the permuted indices {@code 0..n-1}
     * @throws IllegalArgumentException if {@code n} is negative
     */
    public static int[] permutation(int n, long seed) {
        if (n < 0) throw new IllegalArgumentException("permutation size must be >= 0, got " + n);
        int[] p = new int[n];
        for (int i = 0; i < n; i++) p[i] = i;
        SplittableRandom rnd = new SplittableRandom(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    /** Reads the samples {@code order[from..to)} into a new batch. */
    private Batch read(int[] order, int from, int to) {
        int b = to - from;
        List<Shape> xShapes = source.featureShapes(), yShapes = source.targetShapes();
        float[][] xs = new float[xShapes.size()][], ys = new float[yShapes.size()][];
        for (int k = 0; k < xs.length; k++) xs[k] = new float[b * xShapes.get(k).size()];
        for (int k = 0; k < ys.length; k++) ys[k] = new float[b * yShapes.get(k).size()];
        for (int i = from; i < to; i++) source.read(order[i], xs, ys, i - from);
        return new Batch(tensors(xs, xShapes, b), tensors(ys, yShapes, b));
    }

    private static List<Tensor> tensors(float[][] data, List<Shape> shapes, int b) {
        Tensor[] out = new Tensor[data.length];
        for (int k = 0; k < data.length; k++) {
            int[] sample = shapes.get(k).dims();
            int[] dims = new int[sample.length + 1];
            dims[0] = b;
            System.arraycopy(sample, 0, dims, 1, sample.length);
            out[k] = Tensor.of(data[k], dims);
        }
        return List.of(out);
    }

    /**
     * The batches of one epoch, in order. Tracks the time {@link #next()} spent waiting for data
     * (reading on the caller's thread, or blocked on a loader thread).
     */
    public final class Epoch implements Iterator<Batch>, AutoCloseable {
        private final int[] order;
        private final int batches;
        private final ExecutorService loaders;
        private final ArrayDeque<Future<Batch>> inFlight = new ArrayDeque<>();
        private int nextToRead;
        private int nextToHand;
        private long waitNanos;

        private Epoch(int[] order) {
            this.order = order;
            this.batches = batchesPerEpoch();
            this.loaders = loaderThreads == 0 ? null : Executors.newFixedThreadPool(loaderThreads, daemonThreads());
            if (loaders != null) fill();
        }

        @Override
        public boolean hasNext() {
            return nextToHand < batches;
        }

        @Override
        public Batch next() {
            if (!hasNext()) throw new NoSuchElementException("no more batches in this epoch (" + batches + ")");
            long start = System.nanoTime();
            try {
                int b = nextToHand++;
                if (loaders == null) return read(order, b * batchSize, end(b));
                Future<Batch> f = inFlight.removeFirst();
                fill();
                return f.get();
            } catch (ExecutionException e) {
                close();
                Throwable cause = e.getCause();
                throw new IllegalStateException("reading batch " + (nextToHand - 1) + " of " + source + " failed: " + cause, cause);
            } catch (InterruptedException e) {
                close();
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for batch " + (nextToHand - 1), e);
            } finally {
                waitNanos += System.nanoTime() - start;
            }
        }

        /** @return nanoseconds {@link #next()} has spent getting batches so far */
        public long waitNanos() {
            return waitNanos;
        }

        /** Stops the loader threads (reads in progress finish; their batches are dropped). */
        @Override
        public void close() {
            if (loaders == null) return;
            for (Future<Batch> f : inFlight) f.cancel(true);
            inFlight.clear();
            loaders.shutdownNow();
        }

        private int end(int b) {
            return Math.min(order.length, (b + 1) * batchSize);
        }

        /** Keeps {@code prefetch} batches in flight (bounded: never more). */
        private void fill() {
            while (nextToRead < batches && inFlight.size() < prefetch) {
                int b = nextToRead++;
                inFlight.addLast(loaders.submit(() -> read(order, b * batchSize, end(b))));
            }
        }
    }

    private static final AtomicInteger THREADS = new AtomicInteger();

    private static java.util.concurrent.ThreadFactory daemonThreads() {
        return r -> {
            Thread t = new Thread(r, "neurite-loader-" + THREADS.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
