/**
 * {@link org.neurite.tensor.Tensor}: float32 n-dimensional arrays with autograd, PyTorch-like, and
 * {@link org.neurite.tensor.Shape} and {@link org.neurite.tensor.Padding}. Public API.
 */
package org.neurite.tensor;
