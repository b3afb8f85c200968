/**
 * TensorBoard event files written without TensorFlow: the TFRecord framing with masked CRC32C
 * ({@link org.neurite.io.tensorboard.TfRecords}) and the Event / Summary / GraphDef messages
 * ({@link org.neurite.io.tensorboard.EventFileWriter}). Users attach
 * {@link org.neurite.nn.callbacks.TensorBoardLogger} to {@code fit}.
 */
package org.neurite.io.tensorboard;
