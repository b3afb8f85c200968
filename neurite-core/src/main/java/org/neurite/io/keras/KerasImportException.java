package org.neurite.io.keras;

import java.util.List;

/**
 * A Keras model description that Neurite cannot load as it is. {@link #problems()} lists EVERY
 * unsupported layer class and config value found (not only the first), each naming the layer and
 * the field, so that one run tells the user everything to change.
 */
public final class KerasImportException extends IllegalArgumentException {
    /** Every problem found, one line each. */
    private final List<String> problems;
    /** Problems listed in the message; all are in {@link #problems()}. */
    static final int MAX_LISTED = 50;

    /**
     * An exception whose message lists the problems (the first 50).
     *
     * @param source the file or "Keras JSON", named first in the message
     * @param problems every problem found, one line each
     */
    public KerasImportException(String source, List<String> problems) {
        super(message(source, problems));
        this.problems = List.copyOf(problems);
    }

    /**
     * Every problem found, not only those in the message.
     *
     * @return one line per problem, e.g. {@code conv2d (Conv2D): 'data_format' = "channels_first" is not supported}
     */
    public List<String> problems() {
        return problems;
    }

    private static String message(String source, List<String> problems) {
        StringBuilder sb = new StringBuilder(org.neurite.io.ErrorText.quote(source, 400)).append(": ").append(problems.size())
                .append(problems.size() == 1 ? " unsupported item" : " unsupported items");
        int shown = Math.min(problems.size(), MAX_LISTED);
        for (int i = 0; i < shown; i++) sb.append("\n  - ").append(org.neurite.io.ErrorText.quote(problems.get(i), 400));
        if (shown < problems.size()) sb.append("\n  ... and ").append(problems.size() - shown).append(" more (see problems())");
        return sb.toString();
    }
}
