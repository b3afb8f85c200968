package org.neurite.nn;

import java.util.SplittableRandom;
import org.neurite.tensor.Shape;
import org.neurite.tensor.Tensor;

/**
 * A weight a layer declared in {@code build}: its shape, initializer and regularizer. The values
 * are created on first use ({@link #variable()}), so a summary of a model with 126 million
 * parameters costs nothing. The random values come from the owning layer's seed and this weight's
 * index, so they do not depend on the order in which weights are first touched.
 */
public final class Weight {
    private final Layer owner;
    private final int index;
    private final String name;
    private final Shape shape;
    private final Initializer initializer;
    private final Regularizer regularizer;
    private final boolean trainable;
    private Variable variable;

    Weight(Layer owner, int index, String name, Shape shape, Initializer initializer, Regularizer regularizer, boolean trainable) {
        this.owner = owner;
        this.index = index;
        this.name = name;
        this.shape = shape;
        this.initializer = initializer;
        this.regularizer = regularizer;
        this.trainable = trainable;
    }

    /** @return short name within the layer, e.g. {@code kernel} */
    public String name() {
        return name;
    }

    /** @return full name, e.g. {@code conv2d_1/kernel} */
    public String fullName() {
        return owner.name() + "/" + name;
    }

    /** @return the weight's shape, e.g. {@code (in, out)} for a Dense kernel */
    public Shape shape() {
        return shape;
    }

    /** @return the number of values (the product of the shape) */
    public int size() {
        return shape.size();
    }

    /** @return the initializer drawing the first values */
    public Initializer initializer() {
        return initializer;
    }

    /** @return the regularizer added to the loss, or null */
    public Regularizer regularizer() {
        return regularizer;
    }

    /** @return the constraint applied after each optimizer step, or null */
    public Constraint constraint() {
        return owner.constraint(name);
    }

    /** @return trainable when declared so (BatchNorm's moving statistics are not) and the layer is not frozen */
    public boolean trainable() {
        return trainable && owner.trainable();
    }

    /** @return whether the variable exists yet (created by {@link #variable()} or {@link #assign}) */
    public boolean isMaterialized() {
        return variable != null;
    }

    /** @return the variable, created and initialized on first call */
    public Variable variable() {
        if (variable == null) {
            SplittableRandom random = new SplittableRandom(owner.seed() + 0x9E3779B97F4A7C15L * (index + 1));
            org.neurite.tensor.MemoryBudget.require("weight " + fullName() + " " + shape, (long) Float.BYTES * shape.size());
            float[] values = initializer.sample(shape, random);
            variable = new Variable(fullName(), Tensor.of(values, shape), trainable(), regularizer, owner.constraint(name));
        }
        return variable;
    }

    /** @return the current value tensor (what {@code call} computes with) */
    public Tensor value() {
        return variable().value();
    }

    /**
     * Sets the values (e.g. when loading), without drawing random ones first.
     *
     * @param values {@link #size()} values, row-major (copied)
     * @throws IllegalArgumentException if the length differs
     */
    public void assign(float[] values) {
        if (values.length != shape.size()) {
            throw new IllegalArgumentException(fullName() + ": expected " + shape.size() + " values for shape " + shape + ", got " + values.length);
        }
        if (variable == null) {
            variable = new Variable(fullName(), Tensor.of(values.clone(), shape), trainable(), regularizer, owner.constraint(name));
        } else {
            variable.assign(values);
        }
    }

    /** Called when the owning layer is frozen or unfrozen. */
    void refreshTrainable() {
        if (variable != null) variable.setTrainable(trainable());
    }

    @Override
    public String toString() {
        return fullName() + " " + shape + (trainable() ? "" : " (non-trainable)");
    }
}
