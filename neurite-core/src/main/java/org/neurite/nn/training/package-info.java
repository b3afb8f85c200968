/**
 * {@code fit} / {@code evaluate} / {@code predict}: the {@link org.neurite.nn.training.Trainer}, its
 * {@link org.neurite.nn.training.FitConfig} and mini-batching. Public API.
 */
package org.neurite.nn.training;
