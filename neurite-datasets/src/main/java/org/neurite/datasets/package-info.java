/**
 * Small data sets that ship inside this artifact, for examples, tests and first experiments:
 * {@link org.neurite.datasets.MnistSubset}. Public API. The readers for full data sets on disk
 * (MNIST, CIFAR-10, CSV) are in {@code org.neurite.data} of neurite-core.
 */
package org.neurite.datasets;
