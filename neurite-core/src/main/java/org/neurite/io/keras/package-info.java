/**
 * Keras architecture files (what {@code model.to_json()} writes, Keras 2 and 3): {@link org.neurite.io.keras.KerasJson}
 * reads them into Neurite models, listing every unsupported layer or field at once, and writes them back.
 * Public API. HDF5 weights are in the neurite-io-keras module.
 */
package org.neurite.io.keras;
