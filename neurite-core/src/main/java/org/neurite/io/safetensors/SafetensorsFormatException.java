package org.neurite.io.safetensors;

import java.io.IOException;
import java.nio.file.Path;

/** A file that is not valid safetensors, with the file name and what is wrong. */
public final class SafetensorsFormatException extends IOException {
    /**
     * @param file the file that is not valid
     * @param message what is wrong with it
     */
    public SafetensorsFormatException(Path file, String message) {
        super(org.neurite.io.ErrorText.path(file) + ": " + org.neurite.io.ErrorText.quote(message, 2000));
    }
}
