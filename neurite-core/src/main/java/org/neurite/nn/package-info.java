/**
 * Models and their building blocks: {@link org.neurite.nn.Layer}, {@link org.neurite.nn.Sequential}, the
 * functional {@link org.neurite.nn.Model} over {@link org.neurite.nn.Input} and {@link org.neurite.nn.SymbolicTensor},
 * initializers, regularizers, the Keras {@code summary()} table and {@link org.neurite.nn.Display}, where display
 * output goes. Public API.
 */
package org.neurite.nn;
