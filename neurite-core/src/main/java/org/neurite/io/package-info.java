/**
 * Model files: {@link org.neurite.io.ModelFile} (one file, JSON header with the architecture, float32
 * weights, CRC-checked), written atomically through {@link org.neurite.io.AtomicFile}; the small
 * {@link org.neurite.io.Json} reader and writer they use. Public API.
 */
package org.neurite.io;
