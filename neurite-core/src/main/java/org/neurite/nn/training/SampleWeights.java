package org.neurite.nn.training;

import java.util.List;
import java.util.Map;
import org.neurite.tensor.Tensor;

/**
 * Resolves Keras' {@code sample_weight} and {@code class_weight} of a fit or evaluate into one
 * weight per sample, shape {@code (N)}, that every output's loss is multiplied by (as Keras 3,
 * where one array serves all outputs).
 */
final class SampleWeights {
    private SampleWeights() {}

    /** The per-sample weights, or null when neither is given; fails naming what does not fit. */
    static Tensor resolve(String who, Tensor sampleWeight, Map<Integer, Float> classWeight, List<Tensor> ys) {
        if (sampleWeight != null && classWeight != null) {
            throw new IllegalArgumentException(who + ": give sampleWeight or classWeight, not both (as Keras)");
        }
        int n = ys.get(0).dim(0);
        if (sampleWeight != null) {
            boolean fits = sampleWeight.rank() >= 1 && sampleWeight.dim(0) == n && sampleWeight.size() == n;
            if (!fits) throw new IllegalArgumentException(who + ": sampleWeight must have one value per sample, shape (" + n + ",), got " + sampleWeight.shape());
            return sampleWeight.rank() == 1 ? sampleWeight : sampleWeight.reshape(n);
        }
        if (classWeight == null) return null;
        if (ys.size() != 1) throw new IllegalArgumentException(who + ": classWeight is only supported for models with a single output (as Keras); use sampleWeight");
        return fromClasses(ys.get(0), classWeight);
    }

    /** Keras' class_weight rule: class = argmax of the last axis if it has several entries, else the rounded label. */
    static Tensor fromClasses(Tensor y, Map<Integer, Float> classWeight) {
        int n = y.dim(0);
        int width = y.rank() >= 2 ? y.size() / n : 1;
        if (y.rank() > 2) throw new IllegalArgumentException("classWeight needs targets of shape (N,), (N, 1) or (N, classes), got " + y.shape());
        float[] v = y.toArray();
        float[] w = new float[n];
        for (int i = 0; i < n; i++) {
            int cls;
            if (width > 1) {
                cls = 0;
                for (int j = 1; j < width; j++) if (v[i * width + j] > v[i * width + cls]) cls = j;
            } else {
                cls = Math.round(v[i]);
            }
            w[i] = classWeight.getOrDefault(cls, 1f);
        }
        return Tensor.of(w, n);
    }
}
