/**
 * Metrics computed during {@code fit} and {@code evaluate}, by name through {@link org.neurite.nn.metrics.Metrics}.
 * Public API.
 */
package org.neurite.nn.metrics;
