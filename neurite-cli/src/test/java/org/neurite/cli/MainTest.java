package org.neurite.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Dispatching, help and the error paths of {@code ./neurite}: exit codes 0 (ok), 1 (failure), 2 (usage). */
class MainTest {
    private static final List<String> COMMANDS = List.of("train", "evaluate", "predict", "summary", "receptive-field", "trace", "bench", "examples", "example");

    @Test
    void helpListsEveryCommand() {
        for (String flag : new String[] {"--help", "-h", "help"}) {
            Cli.Result r = Cli.run(flag);
            assertEquals(0, r.code(), r.dump());
            assertTrue(r.out().contains("Usage: ./neurite COMMAND"), r.dump());
            for (String c : COMMANDS) {
                assertTrue(r.out().lines().anyMatch(l -> l.startsWith("  " + c + " ")), "--help should list " + c + "\n" + r.dump());
            }
            assertEquals("", r.err(), r.dump());
        }
        Cli.Result none = Cli.run();
        assertEquals(0, none.code(), none.dump());
        assertTrue(none.out().contains("Commands:"), none.dump());
    }

    @Test
    void helpOfOneCommandPrintsItsUsage() {
        Cli.Result r = Cli.run("help", "train");
        assertEquals(0, r.code(), r.dump());
        assertTrue(r.out().startsWith("Usage: ./neurite train"), r.dump());
        assertTrue(r.out().contains("--epochs N") && r.out().contains("--health REPORT.html"), r.dump());
        assertFalse(r.out().contains("Commands:"), r.dump());

        // the same from the command itself, before any other option is looked at
        Cli.Result r2 = Cli.run("train", "--bogus", "1", "--help");
        assertEquals(0, r2.code(), r2.dump());
        assertEquals(r.out(), r2.out());

        for (String c : COMMANDS) {
            Cli.Result u = Cli.run("help", c);
            assertEquals(0, u.code(), u.dump());
            assertTrue(u.out().startsWith("Usage: ./neurite " + c), c + ": " + u.dump());
        }
    }

    @Test
    void unknownCommandExitsWithTwoAndListsTheCommands() {
        Cli.Result r = Cli.run("trian", "--epochs", "1");
        assertEquals(2, r.code(), r.dump());
        assertEquals("", r.out(), r.dump());
        assertTrue(r.err().contains("unknown command 'trian'"), r.dump());
        for (String c : COMMANDS) assertTrue(r.err().contains(c), "should list " + c + "\n" + r.dump());
    }

    @Test
    void unknownOptionExitsWithTwoAndNamesIt() {
        Cli.Result r = Cli.run("train", "--epoch", "1");
        assertEquals(2, r.code(), r.dump());
        assertTrue(r.err().contains("neurite train: unknown option --epoch "), r.dump());
        assertTrue(r.err().contains("Usage: ./neurite train"), "the usage follows the message\n" + r.dump());
        assertEquals("", r.out(), "nothing is trained\n" + r.dump());

        Cli.Result s = Cli.run("summary", "--formula", "x.nrt");
        assertEquals(2, s.code(), s.dump());
        assertTrue(s.err().contains("unknown option --formula"), s.dump());
        // last on the line, an unknown option is taken for one that needs a value: still named, still exit 2
        Cli.Result last = Cli.run("summary", "x.nrt", "--formula");
        assertEquals(2, last.code(), last.dump());
        assertTrue(last.err().contains("--formula"), last.dump());
    }

    @Test
    void badOptionValuesAndArgumentsAreUsageErrors() {
        Cli.Result epochs = Cli.run("train", "--epochs", "three");
        assertEquals(2, epochs.code(), epochs.dump());
        assertTrue(epochs.err().contains("--epochs expects an integer from 1 to 1,000,000, got 'three'"), epochs.dump());

        Cli.Result missingValue = Cli.run("train", "--epochs");
        assertEquals(2, missingValue.code(), missingValue.dump());
        assertTrue(missingValue.err().contains("option --epochs needs a value"), missingValue.dump());

        Cli.Result model = Cli.run("train", "--model", "vgg");
        assertEquals(2, model.code(), model.dump());
        assertTrue(model.err().contains("--model must be lenet5 or exam-cifar, got 'vgg'"), model.dump());

        Cli.Result noFile = Cli.run("summary");
        assertEquals(2, noFile.code(), noFile.dump());
        assertTrue(noFile.err().contains("expected one MODEL file"), noFile.dump());
    }

    @Test
    void missingModelFileExitsWithOneAndNamesTheFile(@TempDir Path dir) {
        Path missing = dir.resolve("no-such-model.nrt");
        for (String command : new String[] {"evaluate", "summary", "receptive-field"}) {
            Cli.Result r = Cli.run(command, missing.toString());
            assertEquals(1, r.code(), command + ": " + r.dump());
            assertTrue(r.err().contains("neurite " + command + ": "), r.dump());
            assertTrue(r.err().contains(missing.toString()), command + " should name the file\n" + r.dump());
            if (System.getenv("NEURITE_DEBUG") == null) {
                assertFalse(r.err().contains("\tat ") || r.err().contains("Exception"), command + ": a message, not a stack trace\n" + r.dump());
            }
        }
        Cli.Result t = Cli.run("trace", missing.toString(), "--input", "1", "--target", "0");
        assertEquals(1, t.code(), t.dump());
        assertTrue(t.err().contains(missing.toString()), t.dump());
    }
}
