/**
 * Keras HDF5 weights ({@code .weights.h5}, legacy {@code .h5}) and {@code .keras} files, read with the pure-Java
 * HDF5 library jHDF. Public API.
 */
package org.neurite.io.keras.h5;
