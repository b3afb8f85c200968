/**
 * Optimizers (SGD with momentum and Nesterov, Adam, AdamW, RMSprop) with gradient clipping; update rules as
 * PyTorch documents them. Public API.
 */
package org.neurite.nn.optimizers;
