package org.neurite.data;

import java.util.Objects;
import org.neurite.tensor.Shape;

/**
 * Sliding windows over a multivariate series, with the index rules of Keras'
 * {@code timeseries_dataset_from_array} (Keras 3):
 * <pre>
 * num_seqs = end_index - start_index - (sequence_length - 1) * sampling_rate, then min(num_seqs, len(targets))
 * window k starts at p = k * sequence_stride  (k = 0, 1, ... while p &lt; num_seqs)
 * features of window k: data[start_index + p + j * sampling_rate], j = 0 .. sequence_length - 1
 * target of window k:   targets[start_index + p]
 * </pre>
 * So {@code targets[i]} is the target of the window that starts at {@code i}: to predict the step
 * after a window of {@code L} steps pass {@code targets} shifted by {@code L} (Keras' example 2).
 *
 * <p>The series is {@code data} row-major {@code (steps, features)}; a sample's features have
 * shape {@code (sequence_length, features)}, its target {@code (targetWidth)}. Windows are views:
 * {@link #read} copies from the arrays given (not copied here, so they must not change).
 */
public final class TimeseriesWindows implements SampleSource {
    private final float[] data;
    private final int features;
    private final float[] targets;
    private final int targetWidth;
    private final int sequenceLength;
    private final int stride;
    private final int samplingRate;
    private final int startIndex;
    private final int count;

    private TimeseriesWindows(Builder b) {
        this.data = b.data;
        this.features = b.features;
        this.targets = b.targets;
        this.targetWidth = b.targetWidth;
        this.sequenceLength = b.sequenceLength;
        this.stride = b.stride;
        this.samplingRate = b.samplingRate;
        int steps = data.length / features;
        int end = b.endIndex < 0 ? steps : b.endIndex;
        this.startIndex = b.startIndex;
        if (sequenceLength < 1) throw new IllegalArgumentException("sequence_length must be >= 1, got " + sequenceLength);
        if (samplingRate <= 0 || samplingRate >= steps) throw new IllegalArgumentException("sampling_rate must be > 0 and < the series length " + steps + ", got " + samplingRate);
        if (stride <= 0 || stride >= steps) throw new IllegalArgumentException("sequence_stride must be > 0 and < the series length " + steps + ", got " + stride);
        if (startIndex < 0 || startIndex >= steps) throw new IllegalArgumentException("start_index must be in 0.." + (steps - 1) + ", got " + startIndex);
        if (end <= startIndex || end > steps) throw new IllegalArgumentException("end_index must be in " + (startIndex + 1) + ".." + steps + ", got " + end);
        long numSeqs = (long) end - startIndex - (long) (sequenceLength - 1) * samplingRate;
        numSeqs = Math.min(numSeqs, targets.length / targetWidth);
        this.count = numSeqs <= 0 ? 0 : (int) ((numSeqs - 1) / stride + 1);
        if (count == 0) {
            throw new IllegalArgumentException("no complete window: " + (end - startIndex) + " steps between start_index " + startIndex + " and end_index " + end
                    + " are fewer than a window spans ((sequence_length - 1) * sampling_rate + 1 = " + ((sequenceLength - 1) * samplingRate + 1) + ")");
        }
    }

    /**
     * Windows over {@code data}, {@code (steps, features)} row-major.
     *
     * @param data the series, row-major {@code (steps, features)}
     * @param features values per step
     * @return a builder for the windows
     */
    public static Builder over(float[] data, int features) {
        return new Builder(data, features);
    }

    /** Settings, with Keras' defaults (stride 1, sampling rate 1, the whole series). */
    public static final class Builder {
        private final float[] data;
        private final int features;
        private float[] targets;
        private int targetWidth = 1;
        private int sequenceLength = -1;
        private int stride = 1;
        private int samplingRate = 1;
        private int startIndex;
        private int endIndex = -1;

        private Builder(float[] data, int features) {
            this.data = Objects.requireNonNull(data, "data");
            if (features < 1 || data.length % features != 0) {
                throw new IllegalArgumentException("data of " + data.length + " values is not a whole number of steps of " + features + " features");
            }
            this.features = features;
        }

        /**
         * Sets the targets: row-major {@code (steps, width)}; row {@code i} belongs to the window starting at step {@code i}.
         *
         * @param targets the target rows
         * @param width values per target row
         * @return this builder
         */
        public Builder targets(float[] targets, int width) {
            if (width < 1 || targets.length % width != 0) throw new IllegalArgumentException("targets of " + targets.length + " values are not rows of " + width);
            this.targets = targets;
            this.targetWidth = width;
            return this;
        }

        /**
         * Sets Keras' {@code sequence_length}: steps per window.
         *
         * @param n steps per window
         * @return this builder
         */
        public Builder sequenceLength(int n) {
            this.sequenceLength = n;
            return this;
        }

        /**
         * Sets Keras' {@code sequence_stride}: steps between the starts of consecutive windows.
         *
         * @param n the stride
         * @return this builder
         */
        public Builder sequenceStride(int n) {
            this.stride = n;
            return this;
        }

        /**
         * Sets Keras' {@code sampling_rate}: steps between samples within a window.
         *
         * @param n the rate
         * @return this builder
         */
        public Builder samplingRate(int n) {
            this.samplingRate = n;
            return this;
        }

        /**
         * Uses only steps {@code [start, end)} (Keras' {@code start_index}, {@code end_index}).
         *
         * @param start first step
         * @param end step after the last
         * @return this builder
         */
        public Builder range(int start, int end) {
            this.startIndex = start;
            this.endIndex = end;
            return this;
        }

        /**
         * Builds the windows.
         *
         * @return the windows, a sample source
         * @throws IllegalArgumentException if no targets were set or the settings do not fit the data
         */
        public TimeseriesWindows build() {
            if (targets == null) throw new IllegalArgumentException("targets are required (pass the series itself, shifted, to forecast it)");
            return new TimeseriesWindows(this);
        }
    }

    /**
     * First step of window {@code k} in the series (Keras' {@code start_index + p}).
     *
     * @param k the window, from 0
     * @return its first step in the series
     */
    public int windowStart(int k) {
        return startIndex + Objects.checkIndex(k, count) * stride;
    }

    @Override
    public int size() {
        return count;
    }

    @Override
    public Shape featureShape() {
        return Shape.of(sequenceLength, features);
    }

    @Override
    public Shape targetShape() {
        return Shape.of(targetWidth);
    }

    @Override
    public void read(int index, float[] x, int xOffset, float[] y, int yOffset) {
        int s = windowStart(index);
        for (int j = 0; j < sequenceLength; j++) System.arraycopy(data, (s + j * samplingRate) * features, x, xOffset + j * features, features);
        System.arraycopy(targets, s * targetWidth, y, yOffset, targetWidth);
    }
}
