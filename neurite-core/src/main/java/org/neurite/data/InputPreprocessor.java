package org.neurite.data;

import java.util.Map;

/**
 * A fitted transform from raw records (table rows, texts) to model input, saved with the model
 * so that inference applies exactly what training applied: {@link org.neurite.nn.Model#preprocessor}
 * holds it and the model file stores {@link #toJson()} under {@code "preprocessing"}.
 */
public interface InputPreprocessor {
    /** @return the kind stored in the model file: {@code "table"}, {@code "text"} or {@code "image"} */
    String kind();

    /** @return the fitted state as JSON values (maps, lists, strings, numbers), including {@code "kind"} */
    Map<String, Object> toJson();

    /**
     * Rebuilds a preprocessor saved by {@link #toJson()}.
     *
     * @param json the saved state
     * @return the preprocessor of its kind
     */
    static InputPreprocessor fromJson(Map<String, Object> json) {
        Object kind = json.get("kind");
        try {
            if ("table".equals(kind)) return TablePreprocessing.fromJson(json);
            if ("text".equals(kind)) return TextVectorizer.fromJson(json);
            if ("image".equals(kind)) return ImagePreprocessing.fromJson(json);
        } catch (NullPointerException | ClassCastException e) { // a field absent or of the wrong JSON type
            throw new IllegalArgumentException("corrupt " + kind + " preprocessing (a field is missing or has the wrong type): " + json, e);
        }
        throw new IllegalArgumentException("unknown preprocessing kind " + kind + " (expected \"table\", \"text\" or \"image\")");
    }
}
