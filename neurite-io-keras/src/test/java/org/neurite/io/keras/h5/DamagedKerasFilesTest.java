package org.neurite.io.keras.h5;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurite.nn.Input;
import org.neurite.nn.Sequential;
import org.neurite.nn.layers.Dense;

/** Issue 12: truncated .keras / .h5 files threw an unchecked HdfException or a ZipException without the file name. */
class DamagedKerasFilesTest {
    @TempDir
    Path dir;

    private static Path fixture(String name) {
        return Path.of("src", "test", "resources", "keras", name);
    }

    private Path cut(String name, double fraction) throws IOException {
        byte[] b = Files.readAllBytes(fixture(name));
        Path f = dir.resolve("cut-" + name);
        Files.write(f, Arrays.copyOf(b, (int) (b.length * fraction)));
        return f;
    }

    private static void assertNamesFile(IOException e, Path f) {
        assertTrue(e.getMessage().contains(f.toString()), e.getMessage());
    }

    @Test
    void truncatedKerasZipIsAnIOExceptionNamingTheFile() throws IOException {
        for (double fraction : new double[] {0.3, 0.6, 0.95}) {
            Path f = cut("cnn.keras", fraction);
            assertNamesFile(assertThrows(IOException.class, () -> KerasModelFile.load(f)), f);
        }
    }

    @Test
    void truncatedLegacyH5IsAnIOExceptionNamingTheFile() throws IOException {
        for (double fraction : new double[] {0.2, 0.5, 0.9}) {
            Path f = cut("cnn_legacy.h5", fraction);
            assertNamesFile(assertThrows(IOException.class, () -> KerasModelFile.load(f)), f);
            assertNamesFile(assertThrows(IOException.class, () -> KerasWeights.load(new Sequential(Input.of("x", 2), new Dense(3)), f)), f);
        }
    }

    @Test
    void aFlippedByteInAZipEntryIsCaught() throws IOException {
        byte[] b = Files.readAllBytes(fixture("cnn.keras"));
        Path f = dir.resolve("flipped.keras");
        b[b.length / 3] ^= 0x20; // inside a compressed entry: the entry CRC (or inflation) fails
        Files.write(f, b);
        assertNamesFile(assertThrows(IOException.class, () -> KerasModelFile.load(f)), f);
    }

    @Test
    void directoryIsRefused() {
        IOException e = assertThrows(IOException.class, () -> KerasModelFile.load(dir));
        assertTrue(e.getMessage().contains("is a directory"), e.getMessage());
    }
}
