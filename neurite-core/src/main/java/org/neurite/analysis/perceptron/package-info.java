/**
 * Rosenblatt's perceptron rule on threshold units, with exact arithmetic, saying when and why it cannot
 * converge ({@link org.neurite.analysis.perceptron.Perceptron}). Public API.
 */
package org.neurite.analysis.perceptron;
