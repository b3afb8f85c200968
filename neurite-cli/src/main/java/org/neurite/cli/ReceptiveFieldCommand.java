package org.neurite.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Set;
import org.neurite.analysis.receptivefield.ReceptiveField;

/** Prints the receptive field, jump and start of every layer of a model. */
final class ReceptiveFieldCommand implements Main.Command {
    @Override
    public String summary() {
        return "receptive field size, jump (cumulative stride) and start of every layer";
    }

    @Override
    public String usage() {
        return "Usage: ./neurite receptive-field MODEL [--strict]\n"
                + "  MODEL: a model saved by Neurite, or a Keras architecture JSON file.\n"
                + "  Per layer: r = r_prev + (k - 1)*j_prev, j = j_prev*s, start = start_prev + ((k - 1)/2 - p)*j_prev\n"
                + "  (k = dilated kernel d*(k-1)+1; input pixel i centred at i). Dense after Flatten, global pooling,\n"
                + "  attention and recurrent layers see the whole input. Branches: the largest field of the paths.\n"
                + SummaryCommand.STRICT_USAGE;
    }

    @Override
    public int run(String[] argv, PrintStream out) throws Exception {
        Args args = Args.parse(argv, 1, Set.of("strict"));
        args.allowOnly(Set.of("strict"));
        if (args.positionals().size() != 1) throw new Args.UsageException("expected one MODEL file");
        SummaryCommand.Loaded loaded = SummaryCommand.load(Path.of(args.positionals().get(0)), args.has("strict"));
        out.print(ReceptiveField.render(loaded.model()));
        loaded.printWarnings(out);
        return 0;
    }
}
