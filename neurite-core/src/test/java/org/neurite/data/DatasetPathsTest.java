package org.neurite.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetPathsTest {
    @TempDir
    Path tmp;

    @Test
    void systemPropertyWins() {
        String old = System.getProperty(DatasetPaths.PROPERTY);
        try {
            System.setProperty(DatasetPaths.PROPERTY, tmp.toString());
            assertEquals(tmp.toAbsolutePath().normalize(), DatasetPaths.root().orElseThrow());
            assertEquals(tmp.toAbsolutePath().normalize().resolve("mnist"), DatasetPaths.resolve("mnist"));
        } finally {
            if (old == null) System.clearProperty(DatasetPaths.PROPERTY);
            else System.setProperty(DatasetPaths.PROPERTY, old);
        }
    }

    @Test
    void resolveNeverFailsAndSaysWhereItLooks() {
        assertTrue(DatasetPaths.resolve("mnist").endsWith("mnist"));
        assertTrue(DatasetPaths.describeSearch().contains(DatasetPaths.PROPERTY));
    }
}
