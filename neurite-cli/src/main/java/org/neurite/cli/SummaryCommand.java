package org.neurite.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Set;
import org.neurite.nn.Model;

/** Prints the Keras-style summary table of a saved model. */
final class SummaryCommand implements Main.Command {
    @Override
    public String summary() {
        return "print the layer table (shapes, parameter counts) of a saved model";
    }

    @Override
    public String usage() {
        return "Usage: ./neurite summary MODEL\n  Prints the Keras-style summary of a model saved by Neurite.";
    }

    @Override
    public int run(String[] argv, PrintStream out) throws Exception {
        Args args = Args.parse(argv, 1, Set.of());
        args.allowOnly(Set.of());
        if (args.positionals().size() != 1) throw new Args.UsageException("expected one MODEL file");
        out.print(Model.load(Path.of(args.positionals().get(0))).summary());
        return 0;
    }
}
