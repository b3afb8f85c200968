/**
 * INTERNAL: the forward and backward of every primitive op, side by side; reached through
 * {@link org.neurite.tensor.Tensor}'s methods. Not part of the public API: it may change in any release.
 */
package org.neurite.tensor.ops;
