/**
 * Receptive field size, jump and start of every layer of a model
 * ({@link org.neurite.analysis.receptivefield.ReceptiveField#analyze}). Public API.
 */
package org.neurite.analysis.receptivefield;
