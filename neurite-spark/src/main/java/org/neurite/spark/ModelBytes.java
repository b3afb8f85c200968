package org.neurite.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.neurite.io.ModelFile;
import org.neurite.nn.Model;

/**
 * A model as the bytes of its Neurite model file ({@link ModelFile}): the one form in which a
 * model travels to Spark executors (broadcast once, rebuilt there as a replica).
 */
public final class ModelBytes {
    private ModelBytes() {}

    /** The model file of a built model, as bytes. */
    public static byte[] of(Model model) {
        Path tmp = null;
        try {
            tmp = Files.createTempFile("neurite-model", ".nrt");
            ModelFile.save(model, tmp);
            return Files.readAllBytes(tmp);
        } catch (IOException e) {
            throw new UncheckedIOException("could not serialize model " + model.name() + ": " + e.getMessage(), e);
        } finally {
            deleteQuietly(tmp);
        }
    }

    /** A new model read from model-file bytes (as written by {@link #of}). */
    public static Model load(byte[] bytes) {
        Path tmp = null;
        try {
            tmp = Files.createTempFile("neurite-model", ".nrt");
            Files.write(tmp, bytes);
            return ModelFile.load(tmp);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read a model from " + bytes.length + " bytes: " + e.getMessage(), e);
        } finally {
            deleteQuietly(tmp);
        }
    }

    private static void deleteQuietly(Path p) {
        if (p == null) return;
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // a temporary file left behind is harmless
        }
    }
}
