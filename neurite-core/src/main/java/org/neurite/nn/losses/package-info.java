/**
 * Loss functions (mean squared/absolute error, binary and (sparse) categorical cross-entropy, KL divergence,
 * Huber, hinge, cosine similarity, contrastive, the VAE term), by name through {@link org.neurite.nn.losses.Losses}.
 * Public API.
 */
package org.neurite.nn.losses;
