package org.neurite.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * The check every reader makes before opening a file: it exists and is a regular file. A FIFO
 * would block the reader forever, a device could stream without end, a directory fails later
 * with a confusing message; all are refused here with the path and what was expected.
 */
public final class InputFiles {
    private InputFiles() {}

    /**
     * Fails unless {@code file} (after following links) is an existing regular file.
     *
     * @param file the path to check
     * @param what what the file should be, for the message ("model file", "IDX file")
     * @throws java.nio.file.NoSuchFileException if nothing is there
     * @throws IOException if it is a directory, FIFO, device or socket
     */
    public static void requireRegular(Path file, String what) throws IOException {
        if (Files.isRegularFile(file)) return;
        String name = ErrorText.path(file);
        if (!Files.exists(file)) throw new NoSuchFileException(name, null, "no such " + what);
        if (Files.isDirectory(file)) throw new IOException(name + ": is a directory, expected a " + what);
        throw new IOException(name + ": is not a regular file (a FIFO, device or socket?), expected a " + what);
    }
}
