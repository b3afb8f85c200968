/**
 * Tools that reason about networks the way exams and textbooks do; the subpackages hold shape and
 * parameter formulas, receptive fields, backprop traces, calculus, the perceptron and gradient
 * health. This package holds what several of them share ({@link org.neurite.analysis.Histogram}).
 */
package org.neurite.analysis;
