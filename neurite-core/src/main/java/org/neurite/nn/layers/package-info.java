/**
 * The layers: dense, convolution, pooling, normalization, recurrent, attention, reshaping, merge and
 * activation layers, each with its Keras parameter count. Input and output shapes are written in each
 * class's documentation, channels-last, with {@code None} for the batch. Public API.
 */
package org.neurite.nn.layers;
