/**
 * Data for training: {@link org.neurite.data.Dataset} (features + targets, slicing, Keras-style
 * validation split, deterministic shuffled mini-batches), readers for the classic data sets
 * ({@link org.neurite.data.Mnist} and Fashion-MNIST over {@link org.neurite.data.IdxReader},
 * {@link org.neurite.data.Cifar10}, {@link org.neurite.data.TimeSeriesCsv}), {@link org.neurite.data.Preprocessing},
 * and {@link org.neurite.data.DatasetPaths} to find the shared data folder.
 *
 * <p>Conventions: images are channels-last {@code (N, H, W, C)} float32 in [0, 1]; class labels are
 * class indices stored as floats, shape {@code (N,)}. Malformed files fail with a
 * {@link org.neurite.data.DataFormatException} naming the file (and line) and the problem.
 */
package org.neurite.data;
