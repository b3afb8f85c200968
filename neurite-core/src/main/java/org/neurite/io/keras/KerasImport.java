package org.neurite.io.keras;

import java.util.List;
import org.neurite.nn.Model;

/**
 * The result of a Keras import: the model, and one line per field it does not honour (a constraint,
 * an activity regularizer, a {@code mixed_float16} dtype policy, ...), each naming the layer and the
 * field, e.g. {@code dense (Dense): 'kernel_constraint' = {"class_name":"MaxNorm",...} is ignored}.
 * Only a lenient import ({@link KerasJson.Options#lenient()}) has warnings; a strict one fails on them.
 */
public record KerasImport(Model model, List<String> warnings) {
    /**
     * An import result; the warnings are copied.
     *
     * @param model the imported model, unbuilt weights freshly initialised
     * @param warnings one line per field not honoured; empty for a strict import
     */
    public KerasImport {
        warnings = List.copyOf(warnings);
    }
}
