/**
 * The safetensors format ({@link org.neurite.io.safetensors.Safetensors}) and PyTorch state dicts mapped onto
 * Neurite layers ({@link org.neurite.io.safetensors.PyTorchWeights}). Public API.
 */
package org.neurite.io.safetensors;
