package org.neurite.nn.training;

/**
 * What callbacks may want to know about the running fit (Keras' {@code callback.params}):
 * total epochs, training steps (batches) per epoch, training samples, verbosity.
 *
 * @param epochs the index one past the last epoch of the fit ({@link FitConfig#epochs()})
 * @param steps training batches per epoch
 * @param samples training samples per epoch
 * @param verbose 0 silent, 1 progress bar, 2 one line per epoch
 */
public record FitParams(int epochs, int steps, int samples, int verbose) {}
