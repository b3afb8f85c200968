package org.neurite.io;

import java.io.IOException;
import java.nio.file.Path;

/** A model file that cannot be read: its message names the file and what is wrong with it. */
public final class ModelFormatException extends IOException {
    /**
     * @param file the file
     * @param problem what is wrong with it
     */
    public ModelFormatException(Path file, String problem) {
        super(org.neurite.io.ErrorText.path(file) + ": " + org.neurite.io.ErrorText.quote(problem, 2000));
    }

    /**
     * @param file the file
     * @param problem what is wrong with it
     * @param cause the underlying error
     */
    public ModelFormatException(Path file, String problem, Throwable cause) {
        super(org.neurite.io.ErrorText.path(file) + ": " + org.neurite.io.ErrorText.quote(problem, 2000), cause);
    }
}
