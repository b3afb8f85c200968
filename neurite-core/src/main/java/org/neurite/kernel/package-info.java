/**
 * INTERNAL: the hot loops (GEMM, convolution, pooling, gate math, elementwise), the kernel thread pool
 * ({@link org.neurite.kernel.Parallel}) and recycled step buffers. Works on {@code float[]} with offsets and
 * strides and knows nothing of autograd; the only place that uses the Vector API. Not part of the public
 * API: it may change in any release. Settings: {@code neurite.threads}, {@code neurite.spinMicros},
 * {@code neurite.recycleBuffers}.
 */
package org.neurite.kernel;
