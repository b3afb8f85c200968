/**
 * Measurement tools for the data path, run by hand: CIFAR-10 written as PNG folders, a minimal
 * PNG-folder source, and the larger-than-heap, prefetch and augmentation runs.
 */
package org.neurite.bench.data;
