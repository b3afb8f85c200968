/**
 * The {@code ./neurite} command line: train, evaluate, summary, receptive-field, trace, examples, example,
 * bench. An application, not library API.
 */
package org.neurite.cli;
