package org.neurite.onnx;

import org.neurite.tensor.Shape;

/**
 * A tensor of the exported graph: its ONNX name, its Neurite shape without the batch axis
 * (channels-last for images), and whether the ONNX tensor holds an image in NCHW order.
 */
record Value(String name, Shape shape, boolean nchw) {
    /** An image: (H, W, C) per sample, rank 4 with the batch axis. */
    boolean isImage() {
        return shape.rank() == 3;
    }
}
