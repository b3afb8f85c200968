/**
 * The workload runner behind {@code ./neurite bench} (W1..W8, synthetic data of the right shapes).
 * Tooling, not library API.
 */
package org.neurite.bench;
