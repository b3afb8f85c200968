/**
 * Training checkpoints: weights, optimizer state, epoch and random-stream positions, so that
 * {@link org.neurite.io.checkpoint.Checkpoint#resume} continues a fit to bit-identical weights. Public API.
 */
package org.neurite.io.checkpoint;
