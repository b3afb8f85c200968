/**
 * Learning-rate schedules: step, exponential and cosine decay. Public API.
 */
package org.neurite.nn.optimizers.schedules;
