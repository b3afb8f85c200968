/**
 * Reverse-mode automatic differentiation: {@link org.neurite.autograd.Autograd#grad} and
 * {@code Tensor.backward()} over the tape of {@link org.neurite.autograd.Node}s (sorted iteratively, so deep
 * graphs do not overflow the stack), {@link org.neurite.autograd.GradMode} no-grad scopes, and
 * {@link org.neurite.autograd.GradCheck} finite-difference gradient checks. Public API.
 */
package org.neurite.autograd;
