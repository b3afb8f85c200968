package org.neurite.data;

import java.io.IOException;

/**
 * A data file that exists and can be read but whose content is malformed: bad magic number,
 * truncated payload, header dimensions that disagree with the file size, unparsable CSV line.
 * The message always names the file (and the line, for text files) and what is wrong.
 */
public class DataFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    /** The message may quote file content: it is capped and its control characters escaped ({@link org.neurite.io.ErrorText}). */
    public DataFormatException(String message) {
        super(org.neurite.io.ErrorText.message(message));
    }

    public DataFormatException(String message, Throwable cause) {
        super(org.neurite.io.ErrorText.message(message), cause);
    }
}
