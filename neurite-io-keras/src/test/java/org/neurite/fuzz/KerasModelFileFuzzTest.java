package org.neurite.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.neurite.io.keras.KerasImportException;
import org.neurite.io.keras.h5.KerasModelFile;
import org.neurite.io.keras.h5.KerasWeights;
import org.neurite.nn.Input;
import org.neurite.nn.Sequential;
import org.neurite.nn.layers.Dense;

/**
 * io/keras/h5: a .keras zip or an .h5 file of any content is loaded or rejected with an IOException
 * naming the file (or the KerasImportException listing unsupported layers); never an unchecked
 * HdfException, ZipException without the name, or an OutOfMemoryError. {@code mvn test} replays
 * {@code src/test/resources/org/neurite/fuzz/KerasModelFileFuzzTestInputs/kerasModelFile/}
 * (valid files, truncated and bit-flipped ones); {@code -Pfuzz} fuzzes for 90 s.
 */
class KerasModelFileFuzzTest {
    private static final ThreadLocal<Path> FILE = ThreadLocal.withInitial(() -> {
        try {
            Path p = Files.createTempFile("neurite-fuzz", ".keras");
            p.toFile().deleteOnExit();
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    });

    @FuzzTest(maxDuration = "90s")
    void kerasModelFile(byte[] bytes) throws Exception {
        Path file = FILE.get();
        Files.write(file, bytes);
        try {
            KerasModelFile.load(file);
        } catch (KerasImportException e) {
            // a readable config with unsupported items: documented, and it names the file too
            if (!e.getMessage().contains(file.toString())) throw new AssertionError("KerasImportException without the file name: " + e, e);
        } catch (IOException e) {
            if (e.getMessage() == null || !e.getMessage().contains(file.toString())) throw new AssertionError("IOException without the file name: " + e, e);
        }
        try {
            KerasWeights.load(new Sequential(Input.of("x", 2), new Dense(3)), file);
        } catch (IOException e) {
            if (e.getMessage() == null || !e.getMessage().contains(file.toString())) throw new AssertionError("IOException without the file name: " + e, e);
        }
    }
}
