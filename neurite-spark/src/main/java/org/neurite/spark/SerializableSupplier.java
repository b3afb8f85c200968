package org.neurite.spark;

import java.io.Serializable;
import java.util.function.Supplier;

/**
 * A factory that Spark can ship to executors, e.g. {@code () -> Losses.get("mse")} or
 * {@code () -> new Adam(0.001f)}: losses and optimizers are built where they are used rather
 * than serialized.
 */
@FunctionalInterface
public interface SerializableSupplier<T> extends Supplier<T>, Serializable {}
