package org.neurite.cli;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;
import org.neurite.io.ErrorText;
import org.neurite.tensor.MemoryBudget;

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
            err.println("neurite: unknown command '" + ErrorText.quote(argv[0], 60) + "'. Commands: " + String.join(", ", commands.keySet()) + " (see ./neurite --help)");
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
            err.println("neurite " + argv[0] + ": " + ErrorText.message(e.getMessage()));
            err.println(cmd.usage());
            return 2;
        } catch (MemoryBudget.InsufficientMemoryException e) {
            err.println("neurite " + argv[0] + ": " + ErrorText.message(e.getMessage()) + "; for ./neurite: NEURITE_JAVA_OPTS=-Xmx"
                    + heapToSuggest(e.requiredBytes()) + " ./neurite " + argv[0] + " ...");
            return 1;
        } catch (Exception e) {
            // Expected failures (bad files, bad shapes) carry a message for the user; anything else
            // is a bug, reported with its type and, on request, the stack trace.
            String message = e.getMessage() != null && (e instanceof java.io.IOException || e instanceof IllegalArgumentException || e instanceof IllegalStateException)
                    ? e.getMessage() : e.toString();
            err.println("neurite " + argv[0] + ": " + ErrorText.message(message));
            if (System.getenv("NEURITE_DEBUG") != null) e.printStackTrace(err);
            else if (!(e instanceof java.io.IOException || e instanceof IllegalArgumentException || e instanceof IllegalStateException)) {
                err.println("(set NEURITE_DEBUG=1 to see the stack trace)");
            }
            return 1;
        } catch (OutOfMemoryError e) {
            // whatever no estimate caught: one line with the setting to raise, never a JVM stack trace
            err.println("neurite " + argv[0] + ": out of memory (the Java heap allows " + MemoryBudget.human(Runtime.getRuntime().maxMemory())
                    + "); raise it, e.g. NEURITE_JAVA_OPTS=-Xmx" + heapToSuggest(2 * Runtime.getRuntime().maxMemory()) + " ./neurite " + argv[0] + " ...");
            return 1;
        } catch (StackOverflowError e) {
            err.println("neurite " + argv[0] + ": the input is nested too deeply to process (stack overflow)");
            return 1;
        }
    }

    /** A heap setting (-Xmx value) that fits {@code bytes} with room to spare, in whole gigabytes. */
    static String heapToSuggest(long bytes) {
        long gb = Math.max(2, (long) Math.ceil(bytes * 1.25 / (1L << 30)) + 1);
        return gb + "g";
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
