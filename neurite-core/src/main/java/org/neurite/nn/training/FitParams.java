package org.neurite.nn.training;

/**
 * What callbacks may want to know about the running fit (Keras' {@code callback.params}):
 * total epochs, training steps (batches) per epoch, training samples, verbosity.
 */
public record FitParams(int epochs, int steps, int samples, int verbose) {}
