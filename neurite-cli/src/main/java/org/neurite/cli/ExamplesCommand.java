package org.neurite.cli;

import java.io.PrintStream;
import java.util.Set;
import org.neurite.examples.Example;
import org.neurite.examples.Examples;

/** Lists the classic-network examples that {@code ./neurite example NAME} runs. */
final class ExamplesCommand implements Main.Command {
    @Override
    public String summary() {
        return "list the classic networks that './neurite example NAME' trains (MLP, LeNet, VAE, GAN, LSTM, ...)";
    }

    @Override
    public String usage() {
        return """
                Usage: ./neurite examples
                  Lists every example with a one-line description. Run one with ./neurite example NAME.""";
    }

    @Override
    public int run(String[] argv, PrintStream out) {
        Args args = Args.parse(argv, 1, Set.of());
        args.allowOnly(Set.of());
        if (!args.positionals().isEmpty()) throw new Args.UsageException("unexpected argument '" + args.positionals().get(0) + "'");
        out.println("Examples (./neurite example NAME [--epochs N] [--data DIR]):");
        for (Example e : Examples.all()) out.printf("  %-22s %s%n", e.name(), e.description());
        return 0;
    }
}
