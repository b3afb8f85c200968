package org.neurite.data;

import org.neurite.tensor.Shape;

/**
 * Random-access samples of a data set that need not fit in memory: an in-memory {@link Dataset},
 * an image folder decoded on demand, a table, a memory-mapped cache. The one batching, shuffling
 * and prefetching path reads every kind of data through this interface.
 *
 * <p>Shapes are per sample, without the batch axis: an image folder of 32x32 RGB pictures with
 * integer labels has feature shape {@code (32, 32, 3)} and target shape {@code ()} (a scalar).
 *
 * <p>{@link #read} may be called from several loader threads at once and must be safe for that;
 * it must return the same values for the same index every time (augmentation belongs to the
 * model's preprocessing layers, not here), so that the order and content of batches depend only
 * on the seed, whatever the number of loader threads.
 */
public interface SampleSource {
    /** @return the number of samples */
    int size();

    /** @return the shape of one sample's features, without the batch axis */
    Shape featureShape();

    /** @return the shape of one sample's target, without the batch axis ({@code ()} for a class index) */
    Shape targetShape();

    /**
     * Writes sample {@code index}'s features into {@code x} from {@code xOffset}
     * ({@code featureShape().size()} floats) and its target into {@code y} from {@code yOffset}
     * ({@code targetShape().size()} floats). Failures are unchecked and name the file or row.
     *
     * @param index the sample, in {@code [0, size())}
     * @param x the feature buffer
     * @param xOffset where the features go in {@code x}
     * @param y the target buffer
     * @param yOffset where the target goes in {@code y}
     */
    void read(int index, float[] x, int xOffset, float[] y, int yOffset);
}
