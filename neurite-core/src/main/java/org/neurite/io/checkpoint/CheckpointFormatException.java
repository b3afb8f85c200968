package org.neurite.io.checkpoint;

import java.io.IOException;
import java.nio.file.Path;

/** A checkpoint file that is not one, or is truncated or corrupt; the message names the file. */
public final class CheckpointFormatException extends IOException {
    public CheckpointFormatException(Path file, String problem) {
        super(file + ": " + problem);
    }

    public CheckpointFormatException(Path file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
    }
}
