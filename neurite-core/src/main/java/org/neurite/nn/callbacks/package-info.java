/**
 * Training callbacks, as Keras': {@link org.neurite.nn.callbacks.ProgressBar}, EarlyStopping, ModelCheckpoint,
 * ReduceLROnPlateau, LearningRateScheduler, TerminateOnNaN, CsvLogger and the {@link org.neurite.nn.callbacks.History}
 * that {@code fit} returns. Public API.
 */
package org.neurite.nn.callbacks;
