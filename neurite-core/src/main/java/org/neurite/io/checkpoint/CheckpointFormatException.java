package org.neurite.io.checkpoint;

import java.io.IOException;
import java.nio.file.Path;

/** A checkpoint file that is not one, or is truncated or corrupt; the message names the file. */
public final class CheckpointFormatException extends IOException {
    public CheckpointFormatException(Path file, String problem) {
        super(org.neurite.io.ErrorText.path(file) + ": " + org.neurite.io.ErrorText.quote(problem, 2000));
    }

    public CheckpointFormatException(Path file, String problem, Throwable cause) {
        super(org.neurite.io.ErrorText.path(file) + ": " + org.neurite.io.ErrorText.quote(problem, 2000), cause);
    }
}
