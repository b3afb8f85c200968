package org.neurite.nn;

import org.neurite.tensor.Tensor;

/**
 * A named weight of a layer: its current value, whether the optimizer may change it (Keras'
 * trainable vs non-trainable weights, e.g. BatchNormalization's moving statistics), and an
 * optional regularizer whose penalty is added to the loss. Optimizers update {@code value().data()}
 * in place, so the tensor object (and anything holding it) stays the same.
 */
public final class Variable {
    private final String name;
    private final Tensor value;
    private boolean trainable;
    private final Regularizer regularizer;
    private final Constraint constraint;

    /**
     * A weight without a constraint.
     *
     * @param name the full name, e.g. {@code dense/kernel}
     * @param value the tensor holding the values (used, not copied)
     * @param trainable whether optimizers update it (and gradients are computed for it)
     * @param regularizer the penalty added to the loss, or null
     */
    public Variable(String name, Tensor value, boolean trainable, Regularizer regularizer) {
        this(name, value, trainable, regularizer, null);
    }

    /**
     * A weight with a constraint that optimizers apply after each update of it.
     *
     * @param name the full name, e.g. {@code dense/kernel}
     * @param value the tensor holding the values (used, not copied)
     * @param trainable whether optimizers update it (and gradients are computed for it)
     * @param regularizer the penalty added to the loss, or null
     * @param constraint the projection applied after each update, or null
     */
    public Variable(String name, Tensor value, boolean trainable, Regularizer regularizer, Constraint constraint) {
        this.name = name;
        this.value = value;
        this.regularizer = regularizer;
        this.constraint = constraint;
        setTrainable(trainable);
    }

    /** @return the full name, e.g. {@code conv2d_1/kernel} */
    public String name() {
        return name;
    }

    /** @return the tensor holding the values, updated in place by optimizers */
    public Tensor value() {
        return value;
    }

    /** @return whether optimizers update this weight */
    public boolean trainable() {
        return trainable;
    }

    /**
     * Freezes or unfreezes the weight; freezing also stops gradients from being computed for it.
     *
     * @param trainable false to freeze
     */
    public void setTrainable(boolean trainable) {
        this.trainable = trainable;
        value.requiresGrad(trainable);
    }

    /** @return the regularizer, or null */
    public Regularizer regularizer() {
        return regularizer;
    }

    /** @return the constraint, or null */
    public Constraint constraint() {
        return constraint;
    }

    /** Projects the values in place with the constraint, if there is one (optimizers call it after each update). */
    public void applyConstraint() {
        if (constraint != null) constraint.apply(value.data(), value.shape());
    }

    /**
     * Overwrites the values, e.g. when loading weights.
     *
     * @param values as many values as the weight holds, row-major (copied)
     * @throws IllegalArgumentException if the length differs
     */
    public void assign(float[] values) {
        float[] d = value.data();
        if (values.length != d.length) {
            throw new IllegalArgumentException(name + ": expected " + d.length + " values for shape " + value.shape() + ", got " + values.length);
        }
        System.arraycopy(values, 0, d, 0, d.length);
    }

    @Override
    public String toString() {
        return name + " " + value.shape() + (trainable ? "" : " (non-trainable)");
    }
}
