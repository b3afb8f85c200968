package org.neurite.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.neurite.analysis.formulas.Formulas;
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
        return "Usage: ./neurite summary MODEL [--formulas]\n"
                + "  Prints the Keras-style summary of MODEL: a model saved by Neurite, or a Keras architecture JSON file\n"
                + "  (what model.to_json() writes).\n"
                + "  --formulas   for every layer, the output-shape computation (floor((256 - 11 + 2*5) / 4) + 1 = 64)\n"
                + "               and the parameter formula ((11*11*3 + 1) * 96 = 34,944)";
    }

    @Override
    public int run(String[] argv, PrintStream out) throws Exception {
        Args args = Args.parse(argv, 1, Set.of("formulas"));
        args.allowOnly(Set.of("formulas"));
        if (args.positionals().size() != 1) throw new Args.UsageException("expected one MODEL file");
        Model model = loadModel(Path.of(args.positionals().get(0)));
        out.print(args.has("formulas") ? Formulas.render(model) : model.summary());
        return 0;
    }

    /**
     * A saved Neurite model (starts with the bytes {@code NRTMODEL}) or a Keras architecture JSON
     * file (starts with '{'; its weights are freshly initialised).
     */
    static Model loadModel(Path file) throws IOException {
        org.neurite.io.InputFiles.requireRegular(file, "model file");
        byte[] head = new byte[8];
        int n;
        try (InputStream in = Files.newInputStream(file)) {
            n = in.readNBytes(head, 0, head.length);
        }
        String start = new String(head, 0, n, StandardCharsets.ISO_8859_1);
        if (!start.startsWith("NRTMODEL") && start.stripLeading().startsWith("{")) return KerasJson.read(file);
        return Model.load(file);
    }
}
