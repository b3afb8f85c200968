/**
 * One runnable class per classic network (MLP, LeNet-5, AlexNet, VGG, ResNet, Inception, autoencoders,
 * VAE, GAN, siamese, segmentation, LSTM forecaster, Transformer), each small and readable, and the
 * README's quick start. Public: meant to be read and copied.
 */
package org.neurite.examples;
