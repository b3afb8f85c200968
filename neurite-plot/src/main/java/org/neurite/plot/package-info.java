/**
 * Training plots (loss curves, gradient health) as PNG and CSV, drawn with XChart
 * ({@link org.neurite.plot.TrainingPlots}). Public API.
 */
package org.neurite.plot;
