/**
 * Data for training: {@link org.neurite.data.Dataset} (features + targets, slicing, Keras-style
 * validation split, deterministic shuffled mini-batches), readers for the classic data sets
 * ({@link org.neurite.data.Mnist} and Fashion-MNIST over {@link org.neurite.data.IdxReader},
 * {@link org.neurite.data.Cifar10}, {@link org.neurite.data.TimeSeriesCsv}), {@link org.neurite.data.Preprocessing},
 * and {@link org.neurite.data.DatasetPaths} to find the shared data folder.
 *
 * <p>The user's own data, each a {@link org.neurite.data.SampleSource}: {@link org.neurite.data.ImageFolder}
 * (class folders of images, decoded lazily, Keras' {@code image_dataset_from_directory} rules),
 * {@link org.neurite.data.CsvTable} with {@link org.neurite.data.TablePreprocessing} (fitted on the
 * training rows), {@link org.neurite.data.TextVectorizer} (Keras' {@code TextVectorization}),
 * {@link org.neurite.data.TimeseriesWindows} (Keras' {@code timeseries_dataset_from_array}) and
 * {@link org.neurite.data.CachedSource} (a memory-mapped file of any source). The fitted transforms
 * are {@link org.neurite.data.InputPreprocessor}s, saved in the model file with the model.
 *
 * <p>Conventions: images are channels-last {@code (N, H, W, C)} float32, in [0, 1] from the
 * binary readers and 0..255 from {@link org.neurite.data.ImageFolder} (as Keras); class labels are
 * class indices stored as floats, shape {@code (N,)}. Malformed files fail with a
 * {@link org.neurite.data.DataFormatException} naming the file (and line) and the problem.
 */
package org.neurite.data;
