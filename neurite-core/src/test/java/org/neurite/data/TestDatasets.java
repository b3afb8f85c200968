package org.neurite.data;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locates the shared real data sets for tests, skipping (not failing) when they are absent. */
final class TestDatasets {
    private TestDatasets() {}

    static Path require(String folder, String label) {
        Path dir = DatasetPaths.resolve(folder);
        assumeTrue(Files.isDirectory(dir), label + " not found at " + dir + ": skipping (" + DatasetPaths.describeSearch() + ")");
        return dir;
    }
}
