/**
 * How every output shape and parameter count of a model comes about, written out as an exam answer:
 * {@link org.neurite.analysis.formulas.Formulas#explain} and the per-layer-type formula classes. Public API.
 */
package org.neurite.analysis.formulas;
