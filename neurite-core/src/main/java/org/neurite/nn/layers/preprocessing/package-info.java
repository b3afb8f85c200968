/**
 * Keras' preprocessing layers, saved in the model: {@code Rescaling} and {@code Normalization}
 * (adapted on data), and the augmentation layers {@code RandomFlip}, {@code RandomCrop},
 * {@code RandomTranslation}, {@code RandomRotation}, {@code RandomZoom}, {@code RandomContrast},
 * which act only in training, seeded and reproducible, and pass images through unchanged at
 * inference (RandomCrop: the centred window, resized, as Keras 3). Images are channels-last
 * {@code (N, H, W, C)}.
 */
package org.neurite.nn.layers.preprocessing;
