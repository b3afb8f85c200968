package org.neurite.io.keras;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import org.neurite.io.AtomicFile;
import org.neurite.io.Json;
import org.neurite.nn.Model;

/**
 * Keras architecture JSON, what {@code model.to_json()} writes (and what a {@code .keras} zip
 * keeps as {@code config.json}, and a legacy {@code .h5} as its {@code model_config} attribute).
 *
 * <p>Reads both flavours: Keras 2 ({@code tf.keras}: {@code "class_name": "Sequential" |
 * "Functional" | "Model"}, {@code InputLayer} with {@code batch_input_shape}, inbound nodes
 * {@code [[["conv2d", 0, 0, {}]]]}) and Keras 3 ({@code "module"}, {@code "registered_name"},
 * {@code InputLayer} with {@code batch_shape}, inbound nodes {@code {"args": [{"class_name":
 * "__keras_tensor__", "config": {"keras_history": ["conv2d", 0, 0]}}], "kwargs": {}}}).
 * Sequential and functional models with every layer class in
 * {@link org.neurite.nn.layers.LayerRegistry}. Writes the Keras 2 flavour.
 *
 * <p>Loading checks the whole description before failing: a {@link KerasImportException} lists
 * every unsupported layer class and config value at once, each with the layer and the field. The
 * loaded model has no trained weights (load them with the Keras weight readers or
 * {@link org.neurite.io.safetensors.Safetensors}).
 */
public final class KerasJson {
    private KerasJson() {}

    /**
     * What to tolerate when importing. Immutable; the setters return a copy. The default is strict:
     * every field Neurite does not honour is an error. {@link #lenient()} (what the analysis commands
     * use) loads despite fields that change only training or initialisation and reports them as
     * {@link KerasImport#warnings()}.
     */
    public static final class Options {
        private final boolean ignoreHarmless;
        private final Set<String> ignoredFields;

        /** Strict: every field Neurite does not honour is an error. */
        public Options() {
            this(false, Set.of());
        }

        private Options(boolean ignoreHarmless, Set<String> ignoredFields) {
            this.ignoreHarmless = ignoreHarmless;
            this.ignoredFields = ignoredFields;
        }

        /**
         * Strict (the default) or lenient: {@code new Options().ignoreHarmless(!strict)}.
         *
         * @param strict true to fail on every field not honoured; false to warn about training-only ones
         * @return new options
         */
        public static Options strict(boolean strict) {
            return new Options().ignoreHarmless(!strict);
        }

        /**
         * Loads despite training-only fields, which become warnings: {@code strict(false)}.
         *
         * @return new lenient options
         */
        public static Options lenient() {
            return strict(false);
        }

        /**
         * Skips (as warnings) config values that change only training or initialisation (constraints, activity
         * regularizers, RNN dropout, initializers Neurite lacks) instead of reporting them.
         *
         * @param value true to skip them with a warning; false (default) to fail on them
         * @return a copy with this setting
         */
        public Options ignoreHarmless(boolean value) {
            return new Options(value, ignoredFields);
        }

        /**
         * Skips these config keys in every layer (e.g. a key from a newer Keras version).
         *
         * @param keys config keys, e.g. {@code "quantization_config"}
         * @return a copy that also skips them
         */
        public Options ignoreFields(String... keys) {
            Set<String> s = new TreeSet<>(ignoredFields);
            s.addAll(Set.of(keys));
            return new Options(ignoreHarmless, Set.copyOf(s));
        }

        /**
         * Whether training-only fields are skipped with a warning.
         *
         * @return true for a lenient import
         */
        public boolean ignoreHarmless() {
            return ignoreHarmless;
        }

        /**
         * The config keys skipped in every layer.
         *
         * @return an unmodifiable set
         */
        public Set<String> ignoredFields() {
            return ignoredFields;
        }
    }

    /**
     * The model described by this JSON text (weights freshly initialised), strictly.
     *
     * @param json {@code model.to_json()} output or a TF.js {@code model.json}
     * @return the model
     * @throws KerasImportException listing every unsupported layer class and config value
     * @throws IllegalArgumentException if the text is not valid JSON or not a Keras model description
     */
    public static Model read(String json) {
        return read(json, new Options());
    }

    /**
     * The model; the warnings of a lenient import go to the System.Logger ({@link #load} returns them).
     *
     * @param json {@code model.to_json()} output or a TF.js {@code model.json}
     * @param options what to tolerate
     * @return the model
     * @throws KerasImportException listing every unsupported layer class and config value
     * @throws IllegalArgumentException if the text is not valid JSON or not a Keras model description
     */
    public static Model read(String json, Options options) {
        return logged(load(json, options), "Keras JSON");
    }

    /**
     * The model described by a JSON file, strictly.
     *
     * @param file {@code model.to_json()} output or a TF.js {@code model.json}, at most 64 MiB
     * @return the model
     * @throws IOException if the file cannot be read, is not a regular file or is too large
     * @throws KerasImportException listing every unsupported layer class and config value
     * @throws IllegalArgumentException if the text is not valid JSON or not a Keras model description
     */
    public static Model read(Path file) throws IOException {
        return read(file, new Options());
    }

    /**
     * The model described by a JSON file; a lenient import's warnings go to the System.Logger.
     *
     * @param file {@code model.to_json()} output or a TF.js {@code model.json}, at most 64 MiB
     * @param options what to tolerate
     * @return the model
     * @throws IOException if the file cannot be read, is not a regular file or is too large
     * @throws KerasImportException listing every unsupported layer class and config value
     * @throws IllegalArgumentException if the text is not valid JSON or not a Keras model description
     */
    public static Model read(Path file, Options options) throws IOException {
        return logged(load(file, options), file.toString());
    }

    /**
     * The model and the fields the import did not honour.
     *
     * @param json {@code model.to_json()} output or a TF.js {@code model.json}
     * @param options what to tolerate
     * @return the model and the warnings (empty unless the options are lenient)
     * @throws KerasImportException listing every unsupported layer class and config value
     * @throws IllegalArgumentException if the text is not valid JSON or not a Keras model description
     */
    public static KerasImport load(String json, Options options) {
        return new KerasModelReader(options, "Keras JSON").load(Json.parse(json));
    }

    /**
     * {@link #load(String, Options)} of a file: {@code model.to_json()} output or a TF.js {@code model.json}.
     *
     * @param file the JSON file, at most 64 MiB
     * @param options what to tolerate
     * @return the model and the warnings
     * @throws IOException if the file cannot be read, is not a regular file or is too large
     * @throws KerasImportException listing every unsupported layer class and config value
     * @throws IllegalArgumentException if the text is not valid JSON or not a Keras model description
     */
    public static KerasImport load(Path file, Options options) throws IOException {
        org.neurite.io.InputFiles.requireRegular(file, "Keras model JSON file");
        long size = Files.size(file);
        if (size > 64L << 20) throw new IOException(file + ": " + size + " bytes is too large for a Keras model JSON (at most 64 MiB)");
        String text = Files.readString(file, StandardCharsets.UTF_8);
        return new KerasModelReader(options, file.toString()).load(Json.parse(text));
    }

    private static Model logged(KerasImport result, String source) {
        if (!result.warnings().isEmpty()) {
            System.getLogger(KerasJson.class.getName()).log(System.Logger.Level.WARNING,
                    source + ": loaded without " + result.warnings().size() + " training-only field(s):\n  - " + String.join("\n  - ", result.warnings()));
        }
        return result.model();
    }

    /**
     * The model as Keras 2 {@code model.to_json()} text, which Keras and this class can load.
     *
     * @param model the model (its weights are not written)
     * @return the JSON text
     */
    public static String write(Model model) {
        return Json.write(KerasModelWriter.describe(model));
    }

    /**
     * Writes {@link #write(Model)} atomically to a file.
     *
     * @param model the model
     * @param file the file, replaced
     * @throws IOException if it cannot be written
     */
    public static void write(Model model, Path file) throws IOException {
        byte[] bytes = write(model).getBytes(StandardCharsets.UTF_8);
        AtomicFile.write(file, out -> out.write(bytes));
    }
}
