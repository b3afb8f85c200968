/**
 * JMH micro-benchmarks of the kernels (GEMM, convolution, pooling). Tooling, not library API.
 */
package org.neurite.bench.jmh;
