/**
 * Gradient health: the {@link org.neurite.analysis.health.GradientHealth} training callback records per-layer
 * gradient and weight norms, update ratios and activation statistics, and flags vanishing or exploding
 * gradients, dead ReLU and saturated layers in a {@link org.neurite.analysis.health.HealthReport}. Public API.
 */
package org.neurite.analysis.health;
