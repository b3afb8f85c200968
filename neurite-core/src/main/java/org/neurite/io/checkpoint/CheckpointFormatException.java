package org.neurite.io.checkpoint;

import java.io.IOException;
import java.nio.file.Path;

/** A checkpoint file that is not one, or is truncated or corrupt; the message names the file. */
public final class CheckpointFormatException extends IOException {
    /**
     * An exception naming the file and the problem.
     *
     * @param file the checkpoint file
     * @param problem what is wrong, e.g. "truncated after 120 bytes" (escaped and capped in the message)
     */
    public CheckpointFormatException(Path file, String problem) {
        super(org.neurite.io.ErrorText.path(file) + ": " + org.neurite.io.ErrorText.quote(problem, 2000));
    }

    /**
     * An exception naming the file and the problem, with its cause.
     *
     * @param file the checkpoint file
     * @param problem what is wrong (escaped and capped in the message)
     * @param cause the underlying error, e.g. a JSON parse failure
     */
    public CheckpointFormatException(Path file, String problem, Throwable cause) {
        super(org.neurite.io.ErrorText.path(file) + ": " + org.neurite.io.ErrorText.quote(problem, 2000), cause);
    }
}
