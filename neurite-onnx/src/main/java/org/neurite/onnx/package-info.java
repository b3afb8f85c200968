/**
 * ONNX export of inference graphs ({@link org.neurite.onnx.OnnxExporter}); the protobuf bytes are written by
 * hand, so there is no runtime dependency. Public API.
 */
package org.neurite.onnx;
