package org.neurite.nn.layers.preprocessing;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.neurite.data.BatchStream;
import org.neurite.data.SampleSource;
import org.neurite.nn.Initializers;
import org.neurite.nn.Layer;
import org.neurite.nn.Weight;
import org.neurite.nn.layers.LayerConfig;
import org.neurite.tensor.Shape;
import org.neurite.tensor.Tensor;

/**
 * Keras {@code Normalization}: {@code y = (x - mean) / max(sqrt(variance), 1e-7)} with one mean
 * and variance per index of the kept {@code axis} (default -1, the channels or features; none:
 * one mean and variance for everything), in training and inference alike; with {@code invert}
 * {@code y = mean + x * max(sqrt(variance), 1e-7)}. Shape in = shape out; differentiable in x.
 *
 * <p>The statistics are either given ({@link #meanVariance}; no weights, 0 params) or learned by
 * {@link #adapt(Tensor)} / {@link #adapt(SampleSource)} (population variance over every other
 * axis, in one streaming pass). Adapted statistics are non-trainable weights saved with the model,
 * counted as Keras counts them: {@code mean} and {@code variance} of the kept shape plus a scalar
 * {@code count}, so axis -1 over C channels has {@code 2C + 1} non-trainable params. Calling the
 * layer before it is adapted (count 0) fails.
 */
public final class Normalization extends Layer {
    private static final float EPSILON = 1e-7f; // Keras' backend.epsilon()
    private int[] axes = {-1};
    private boolean invert;
    private float[] givenMean;
    private float[] givenVariance;
    private Weight mean;
    private Weight variance;
    private Weight count;
    // resolved at build
    private int[] keptOfElement; // element of a sample -> index into mean/variance
    private int[] broadcastDims; // (1, d or 1, ...)

    /** A layer normalizing along the last axis (Keras' default {@code axis=-1}), to be adapted or given statistics. */
    public Normalization() {}

    /**
     * The axes (of the input with its batch axis, negative from the end) that keep their own mean
     * and variance, as Keras' {@code axis}; no axes is Keras' {@code axis=None}.
     *
     * @param keptAxes axes of the batched input, e.g. {@code -1} for channels last (the default)
     * @return this layer, for chaining
     * @throws IllegalStateException if the layer is already built
     */
    public Normalization axis(int... keptAxes) {
        checkMutable("axis");
        this.axes = keptAxes.clone();
        return this;
    }

    /**
     * Fixes the statistics instead of adapting them; the layer then has no weights.
     *
     * @param meanValues one mean for every index, or one per index of the kept axes (row-major)
     * @param varianceValues variances, at least 0, of the same length
     * @return this layer, for chaining
     * @throws IllegalArgumentException if either is null or a variance is negative or NaN
     * @throws IllegalStateException if the layer is already built
     */
    public Normalization meanVariance(float[] meanValues, float[] varianceValues) {
        checkMutable("mean and variance");
        if (meanValues == null || varianceValues == null) throw new IllegalArgumentException("Normalization: give both mean and variance");
        for (float v : varianceValues) if (!(v >= 0)) throw new IllegalArgumentException("Normalization: variances must be >= 0, got " + Arrays.toString(varianceValues));
        this.givenMean = meanValues.clone();
        this.givenVariance = varianceValues.clone();
        return this;
    }

    /**
     * Sets Keras' {@code invert}: map normalized values back ({@code mean + x * std}).
     *
     * @param value true to denormalize (default false)
     * @return this layer, for chaining
     */
    public Normalization invert(boolean value) {
        this.invert = value;
        return this;
    }

    /** @return whether the layer maps normalized values back (Keras' {@code invert}) */
    public boolean inverted() {
        return invert;
    }

    /** @return a copy of the kept axes (empty: one mean and variance for everything) */
    public int[] axes() {
        return axes.clone();
    }

    @Override
    protected Shape computeOutputShape(Shape in) {
        keptAxes(in); // validates
        return in;
    }

    /** The kept axes as indices of the sample shape (batch axis excluded), sorted. */
    private int[] keptAxes(Shape in) {
        int rank = in.rank() + 1;
        int[] kept = new int[axes.length];
        for (int i = 0; i < axes.length; i++) {
            int a = axes[i] < 0 ? axes[i] + rank : axes[i];
            if (a < 1 || a >= rank) {
                throw error("axis " + axes[i] + " is out of range for input " + org.neurite.nn.Summary.shapeString(in) + " (the batch axis cannot be kept)");
            }
            kept[i] = a - 1;
        }
        Arrays.sort(kept);
        return kept;
    }

    @Override
    protected void createWeights(Shape in) {
        int[] kept = keptAxes(in);
        int[] keptDims = new int[kept.length];
        for (int i = 0; i < kept.length; i++) keptDims[i] = in.dim(kept[i]);
        Shape keptShape = Shape.of(keptDims);
        broadcastDims = new int[in.rank() + 1];
        Arrays.fill(broadcastDims, 1);
        for (int a : kept) broadcastDims[a + 1] = in.dim(a);
        keptOfElement = new int[in.size()];
        int[] dims = in.dims();
        int[] coord = new int[dims.length];
        for (int e = 0; e < keptOfElement.length; e++) {
            int k = 0;
            for (int a : kept) k = k * dims[a] + coord[a];
            keptOfElement[e] = k;
            for (int a = dims.length - 1; a >= 0 && ++coord[a] == dims[a]; a--) coord[a] = 0;
        }
        if (givenMean != null) {
            checkGiven("mean", givenMean, keptShape.size());
            checkGiven("variance", givenVariance, keptShape.size());
            return;
        }
        mean = addWeight("mean", keptShape, Initializers.zeros(), null, false);
        variance = addWeight("variance", keptShape, Initializers.ones(), null, false);
        count = addWeight("count", Shape.of(), Initializers.zeros(), null, false);
    }

    private void checkGiven(String what, float[] values, int kept) {
        if (values.length != 1 && values.length != kept) {
            throw error(what + " has " + values.length + " values; expected 1 or " + kept + " (one per index of the kept axes " + Arrays.toString(axes) + ")");
        }
    }

    @Override
    protected Tensor call(Tensor x, boolean training) {
        float[] m = statistic(givenMean, mean), v = statistic(givenVariance, variance);
        if (givenMean == null && count.value().item() == 0f) {
            throw error("is not adapted: call adapt(data) before using it, or give meanVariance(...)");
        }
        float[] std = new float[v.length];
        for (int i = 0; i < v.length; i++) std[i] = Math.max((float) Math.sqrt(v[i]), EPSILON);
        Tensor meanT = Tensor.of(m, broadcastDims), stdT = Tensor.of(std, broadcastDims);
        return invert ? x.mul(stdT).add(meanT) : x.sub(meanT).div(stdT);
    }

    /** The values per kept index (a single given value is repeated). */
    private float[] statistic(float[] given, Weight w) {
        int kept = 1;
        for (int i = 1; i < broadcastDims.length; i++) kept *= broadcastDims[i];
        if (given == null) return w.value().data();
        if (given.length == kept) return given;
        float[] out = new float[kept];
        Arrays.fill(out, given[0]);
        return out;
    }

    // ---------------------------------------------------------------- adapt

    /**
     * Learns mean and (population) variance per kept index from a batch of samples; builds the
     * layer if needed.
     *
     * @param data samples, shape {@code (N, ...)} with the layer's input shape after the batch axis
     * @return this layer, for chaining
     * @throws IllegalArgumentException if {@code data} is null or has no sample axis, or its shape does not fit the axes
     */
    public Normalization adapt(Tensor data) {
        if (data == null || data.rank() < 2) throw error("adapt expects a batch (N, ...) of samples, got " + (data == null ? "null" : "shape " + data.shape()));
        Shape sample = Shape.of(Arrays.copyOfRange(data.shape().dims(), 1, data.rank()));
        Moments moments = start(sample);
        moments.add(data.data(), data.dim(0));
        return finish(moments);
    }

    /**
     * Learns mean and variance from every sample's features in one streaming pass (batches of
     * 256), so data larger than memory can be adapted; targets are ignored.
     *
     * @param source the samples
     * @return this layer, for chaining
     * @throws IllegalArgumentException if {@code source} is null or empty, or its feature shape does not fit the axes
     */
    public Normalization adapt(SampleSource source) {
        if (source == null || source.size() == 0) throw error("adapt needs a non-empty sample source");
        Moments moments = start(source.featureShape());
        BatchStream stream = new BatchStream(source, 256, false, 0L, false);
        try (BatchStream.Epoch batches = stream.epoch(0)) {
            while (batches.hasNext()) {
                Tensor x = batches.next().xs().get(0);
                moments.add(x.data(), x.dim(0));
            }
        }
        return finish(moments);
    }

    private Moments start(Shape sample) {
        if (givenMean != null) throw error("has a given mean and variance; adapt learns them instead, so do not give both");
        build(sample);
        return new Moments(mean.shape().size());
    }

    private Normalization finish(Moments m) {
        float[] mu = new float[m.mean.length], var = new float[m.mean.length];
        for (int k = 0; k < mu.length; k++) {
            mu[k] = (float) m.mean[k];
            var[k] = (float) (m.m2[k] / m.count);
        }
        mean.assign(mu);
        variance.assign(var);
        count.assign(new float[] {(float) m.count});
        return this;
    }

    /** Running mean and sum of squared deviations per kept index, merged batch by batch (Chan et al.). */
    private final class Moments {
        final double[] mean;
        final double[] m2;
        double count;

        Moments(int kept) {
            mean = new double[kept];
            m2 = new double[kept];
        }

        void add(float[] x, int samples) {
            int n = keptOfElement.length, kept = mean.length;
            double per = (double) samples * n / kept; // values per kept index in this batch
            double[] bm = new double[kept], bm2 = new double[kept];
            for (int s = 0; s < samples; s++) for (int e = 0; e < n; e++) bm[keptOfElement[e]] += x[s * n + e];
            for (int k = 0; k < kept; k++) bm[k] /= per;
            for (int s = 0; s < samples; s++) {
                for (int e = 0; e < n; e++) {
                    double d = x[s * n + e] - bm[keptOfElement[e]];
                    bm2[keptOfElement[e]] += d * d;
                }
            }
            double total = count + per;
            for (int k = 0; k < kept; k++) {
                double delta = bm[k] - mean[k];
                mean[k] += delta * per / total;
                m2[k] += bm2[k] + delta * delta * count * per / total;
            }
            count = total;
        }
    }

    // ---------------------------------------------------------------- config

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = super.config();
        c.put("axis", LayerConfig.ints(axes));
        c.put("invert", invert);
        c.put("mean", givenMean == null ? null : floats(givenMean));
        c.put("variance", givenVariance == null ? null : floats(givenVariance));
        return c;
    }

    private static List<Float> floats(float[] v) {
        List<Float> out = new ArrayList<>(v.length);
        for (float f : v) out.add(f);
        return out;
    }

    /**
     * Builds the layer from its Keras config (the inverse of {@link #config()}).
     *
     * @param c the layer's config, with optionally {@code axis}, {@code invert}, {@code mean} and {@code variance}
     * @return a new layer with that config
     * @throws IllegalArgumentException if a value is missing or out of range
     */
    public static Normalization fromConfig(LayerConfig c) {
        Normalization n = new Normalization();
        Object axis = c.raw("axis"); // a list (empty: one mean for all), a number, or null (Keras' axis=None)
        if (axis == null) n.axis();
        else if (axis instanceof Number a) n.axis(a.intValue());
        else n.axis(c.getInts("axis"));
        n.invert(c.getBool("invert", false));
        if (c.has("mean")) n.meanVariance(values(c, "mean"), values(c, "variance"));
        return n;
    }

    private static float[] values(LayerConfig c, String key) {
        Object v = c.raw(key);
        if (v instanceof Number n) return new float[] {n.floatValue()};
        if (v instanceof List<?> l) {
            List<Float> flat = new ArrayList<>();
            flatten(l, flat, key);
            float[] out = new float[flat.size()];
            for (int i = 0; i < out.length; i++) out[i] = flat.get(i);
            return out;
        }
        throw new IllegalArgumentException("Normalization: config '" + key + "' must be a number or a list of numbers, got " + v);
    }

    private static void flatten(List<?> l, List<Float> out, String key) {
        for (Object o : l) {
            if (o instanceof Number n) out.add(n.floatValue());
            else if (o instanceof List<?> inner) flatten(inner, out, key);
            else throw new IllegalArgumentException("Normalization: config '" + key + "' must hold numbers, got " + o);
        }
    }
}
