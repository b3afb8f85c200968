package org.neurite.io.keras;

import java.util.List;

/**
 * A Keras model description that Neurite cannot load as it is. {@link #problems()} lists EVERY
 * unsupported layer class and config value found (not only the first), each naming the layer and
 * the field, so that one run tells the user everything to change.
 */
public final class KerasImportException extends IllegalArgumentException {
    private final List<String> problems;

    public KerasImportException(String source, List<String> problems) {
        super(message(source, problems));
        this.problems = List.copyOf(problems);
    }

    /** One line per problem, e.g. {@code conv2d (Conv2D): 'data_format' = "channels_first" is not supported}. */
    public List<String> problems() {
        return problems;
    }

    private static String message(String source, List<String> problems) {
        StringBuilder sb = new StringBuilder(source).append(": ").append(problems.size())
                .append(problems.size() == 1 ? " unsupported item" : " unsupported items");
        for (String p : problems) sb.append("\n  - ").append(p);
        return sb.toString();
    }
}
