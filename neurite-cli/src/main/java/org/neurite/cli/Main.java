package org.neurite.cli;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;

/** Entry point of {@code ./neurite}: dispatches to one command per class. */
public final class Main {
    interface Command {
        String summary();

        String usage();

        int run(String[] argv, PrintStream out) throws Exception;
    }

    private static Map<String, Command> commands() {
        Map<String, Command> c = new LinkedHashMap<>();
        c.put("train", new TrainCommand());
        c.put("evaluate", new EvaluateCommand());
        c.put("predict", new PredictCommand());
        c.put("summary", new SummaryCommand());
        c.put("export", new ExportCommand());
        c.put("receptive-field", new ReceptiveFieldCommand());
        c.put("trace", new TraceCommand());
        c.put("bench", new BenchCommand());
        c.put("examples", new ExamplesCommand());
        c.put("example", new ExampleCommand());
        return c;
    }

    public static void main(String[] argv) {
        System.exit(run(argv, System.out, System.err));
    }

    static int run(String[] argv, PrintStream out, PrintStream err) {
        Map<String, Command> commands = commands();
        if (argv.length == 0 || argv[0].equals("--help") || argv[0].equals("-h") || argv[0].equals("help")) {
            if (argv.length > 1 && commands.containsKey(argv[1])) {
                out.println(commands.get(argv[1]).usage());
            } else {
                printHelp(out, commands);
            }
            return 0;
        }
        Command cmd = commands.get(argv[0]);
        if (cmd == null) {
            err.println("neurite: unknown command '" + argv[0] + "'. Commands: " + String.join(", ", commands.keySet()) + " (see ./neurite --help)");
            return 2;
        }
        for (String a : argv) {
            if (a.equals("--help") || a.equals("-h")) {
                out.println(cmd.usage());
                return 0;
            }
        }
        try {
            return cmd.run(argv, out);
        } catch (Args.UsageException e) {
            err.println("neurite " + argv[0] + ": " + e.getMessage());
            err.println(cmd.usage());
            return 2;
        } catch (Exception e) {
            // Expected failures (bad files, bad shapes) carry a message for the user; anything else
            // is a bug, reported with its type and, on request, the stack trace.
            String message = e.getMessage() != null && (e instanceof java.io.IOException || e instanceof IllegalArgumentException || e instanceof IllegalStateException)
                    ? e.getMessage() : e.toString();
            err.println("neurite " + argv[0] + ": " + message);
            if (System.getenv("NEURITE_DEBUG") != null) e.printStackTrace(err);
            else err.println("(set NEURITE_DEBUG=1 to see the stack trace)");
            return 1;
        }
    }

    private static void printHelp(PrintStream out, Map<String, Command> commands) {
        out.println("Neurite: deep learning in pure Java.");
        out.println();
        out.println("Usage: ./neurite COMMAND [options]   (./neurite help COMMAND for its options)");
        out.println();
        out.println("Commands:");
        int width = commands.keySet().stream().mapToInt(String::length).max().orElse(0);
        for (Map.Entry<String, Command> e : commands.entrySet()) {
            out.printf("  %-" + width + "s  %s%n", e.getKey(), e.getValue().summary());
        }
    }
}
