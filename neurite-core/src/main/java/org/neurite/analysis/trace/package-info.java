/**
 * Backpropagation traces: every forward value and delta per layer (per neuron for small MLPs), as an
 * exam solution lays them out, and the tape as Graphviz DOT ({@link org.neurite.analysis.trace.BackpropTrace}). Public API.
 */
package org.neurite.analysis.trace;
