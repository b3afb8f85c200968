package org.neurite.nn.metrics;

import org.neurite.tensor.Tensor;

/**
 * Mean intersection over union of classes, over every sample seen (Keras' {@code MeanIoU}, the
 * usual segmentation score): per class {@code IoU = TP / (TP + FP + FN)} from the accumulated
 * {@link ConfusionMatrix}, averaged over the classes that appear in the labels or predictions
 * (a class absent from both is left out, as Keras and scikit-learn's {@code jaccard_score}).
 * Predictions are scores {@code (..., C)} (argmax taken, e.g. {@code (N, H, W, C)} for
 * segmentation) or class indices shaped like the labels; labels class indices or one-hot.
 */
public final class MeanIoU implements Metric {
    private final String name;
    private final ConfusionMatrix matrix;

    /**
     * A mean IoU named {@code mean_iou}.
     *
     * @param numClasses C &gt;= 2, or 0 to take it from the first batch's scores
     * @throws IllegalArgumentException if {@code numClasses} is negative or 1
     */
    public MeanIoU(int numClasses) {
        this("mean_iou", numClasses);
    }

    /**
     * A mean IoU with a chosen log key.
     *
     * @param name the key in the logs
     * @param numClasses C &gt;= 2, or 0 to take it from the first batch's scores
     * @throws IllegalArgumentException if {@code numClasses} is negative or 1
     */
    public MeanIoU(String name, int numClasses) {
        this.name = name;
        this.matrix = new ConfusionMatrix(name, numClasses, 0.5f);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void resetState() {
        matrix.resetState();
    }

    @Override
    public void updateState(Tensor yTrue, Tensor yPred) {
        matrix.updateState(yTrue, yPred);
    }

    /**
     * The intersection over union of each class.
     *
     * @return one value per class in [0, 1]; NaN for a class absent from both labels and predictions
     */
    public float[] perClass() {
        float[] iou = new float[matrix.numClasses()];
        for (int c = 0; c < iou.length; c++) {
            long tp = matrix.count(c, c), union = matrix.support(c) + matrix.predicted(c) - tp;
            iou[c] = union == 0 ? Float.NaN : (float) ((double) tp / union);
        }
        return iou;
    }

    @Override
    public float result() {
        if (matrix.total() == 0) return Float.NaN;
        double sum = 0;
        int present = 0;
        for (float v : perClass()) {
            if (!Float.isNaN(v)) {
                sum += v;
                present++;
            }
        }
        return (float) (sum / present);
    }
}
