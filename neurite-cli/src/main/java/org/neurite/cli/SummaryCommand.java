package org.neurite.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.neurite.analysis.formulas.Formulas;
import org.neurite.io.keras.KerasImport;
import org.neurite.io.keras.KerasJson;
import org.neurite.nn.Model;

/** Prints the Keras-style summary table of a saved model, or with --formulas how every shape and count is computed. */
final class SummaryCommand implements Main.Command {
    @Override
    public String summary() {
        return "print the layer table (shapes, parameter counts) of a saved model; --formulas: with their formulas";
    }

    @Override
    public String usage() {
        return "Usage: ./neurite summary MODEL [--formulas] [--strict]\n"
                + "  Prints the Keras-style summary of MODEL: a model saved by Neurite, or a Keras architecture JSON file\n"
                + "  (what model.to_json() writes, or a TensorFlow.js model.json).\n"
                + STRICT_USAGE
                + "  --formulas   for every layer, the output-shape computation (floor((256 - 11 + 2*5) / 4) + 1 = 64)\n"
                + "               and the parameter formula ((11*11*3 + 1) * 96 = 34,944)";
    }

    @Override
    public int run(String[] argv, PrintStream out) throws Exception {
        Args args = Args.parse(argv, 1, Set.of("formulas", "strict"));
        args.allowOnly(Set.of("formulas", "strict"));
        if (args.positionals().size() != 1) throw new Args.UsageException("expected one MODEL file");
        Loaded loaded = load(Path.of(args.positionals().get(0)), args.has("strict"));
        out.print(args.has("formulas") ? Formulas.render(loaded.model()) : loaded.model().summary());
        loaded.printWarnings(out);
        return 0;
    }

    /** The --strict line of the usage of every command that reads a model. */
    static final String STRICT_USAGE = "  --strict     refuse a Keras file with fields that change only training (constraints, activity\n"
            + "               regularizers, dtype policies, ...) instead of listing them after the output\n";

    /** A model and the Keras fields its import skipped (none for a Neurite model file). */
    record Loaded(Model model, List<String> warnings) {
        /** After the analysis output: what was not used, so that nothing is skipped silently. */
        void printWarnings(PrintStream out) {
            if (warnings.isEmpty()) return;
            out.println();
            out.println("Not used (" + warnings.size() + " Keras field(s) that change only training or initialisation; --strict refuses them):");
            for (String w : warnings) out.println("  - " + w);
        }
    }


    /**
     * A saved Neurite model (starts with the bytes {@code NRTMODEL}) or a Keras architecture JSON
     * file (starts with '{'; its weights are freshly initialised), read leniently unless {@code strict}.
     */
    static Loaded load(Path file, boolean strict) throws IOException {
        org.neurite.io.InputFiles.requireRegular(file, "model file");
        byte[] head = new byte[8];
        int n;
        try (InputStream in = Files.newInputStream(file)) {
            n = in.readNBytes(head, 0, head.length);
        }
        String start = new String(head, 0, n, StandardCharsets.ISO_8859_1);
        if (!start.startsWith("NRTMODEL") && start.stripLeading().startsWith("{")) {
            KerasImport k = KerasJson.load(file, KerasJson.Options.strict(strict));
            return new Loaded(k.model(), k.warnings());
        }
        return new Loaded(Model.load(file), List.of());
    }
}
