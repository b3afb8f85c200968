package org.neurite.data;

import java.io.IOException;

/**
 * A data file that exists and can be read but whose content is malformed: bad magic number,
 * truncated payload, header dimensions that disagree with the file size, unparsable CSV line.
 * The message always names the file (and the line, for text files) and what is wrong.
 */
public class DataFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    /**
     * The message may quote file content: it is capped and its control characters escaped ({@link org.neurite.io.ErrorText}).
     *
     * @param message what is wrong and where (file, row)
     */
    public DataFormatException(String message) {
        super(org.neurite.io.ErrorText.message(message));
    }

    /**
     * A format error caused by another exception; the message is capped and escaped as above.
     *
     * @param message what is wrong and where
     * @param cause the underlying exception
     */
    public DataFormatException(String message, Throwable cause) {
        super(org.neurite.io.ErrorText.message(message), cause);
    }
}
