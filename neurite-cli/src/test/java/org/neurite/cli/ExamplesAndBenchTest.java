package org.neurite.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurite.examples.Example;
import org.neurite.examples.Examples;

/** {@code examples}, {@code example NAME} on a tiny budget, and {@code bench W8 --json}. */
class ExamplesAndBenchTest {
    @Test
    void examplesListsEveryExample() {
        Cli.Result r = Cli.run("examples");
        assertEquals(0, r.code(), r.dump());
        List<Example> all = Examples.all();
        assertTrue(all.size() >= 10, "the classic networks: " + all.size());
        for (Example e : all) {
            assertTrue(r.out().lines().anyMatch(l -> l.startsWith("  " + e.name() + " ") && l.endsWith(e.description())), e.name() + "\n" + r.dump());
        }
        assertTrue(r.out().contains("  mlp ") && r.out().contains("  lenet5 "), r.dump());
        Cli.Result extra = Cli.run("examples", "mlp");
        assertEquals(2, extra.code(), extra.dump());
    }

    @Test
    void exampleMlpOnATinyBudget(@TempDir Path dir) {
        // MNIST from ../shared/datasets when present, else the embedded subset: runs either way
        Cli.Result r = Cli.run("example", "mlp", "--epochs", "1", "--samples", "500", "--quiet", "--out", dir.resolve("out").toString());
        assertEquals(0, r.code(), r.dump());
        String out = r.out();
        assertTrue(out.startsWith("mlp: multilayer perceptron 784-256-128-10 on MNIST digits"), r.dump());
        assertTrue(out.contains("mlp finished in "), r.dump());
        assertTrue(Pattern.compile("(?m)^  test_accuracy +0\\.\\d{4}$").matcher(out).find(), r.dump());
        assertTrue(Pattern.compile("(?m)^  params +235,146$").matcher(out).find(), r.dump());
        assertTrue(!out.contains("Epoch 1/1"), "--quiet: no epoch lines\n" + r.dump());
    }

    @Test
    void exampleUsageErrors() {
        Cli.Result unknown = Cli.run("example", "no-such-net");
        assertEquals(2, unknown.code(), unknown.dump());
        assertTrue(unknown.err().contains("no example 'no-such-net'") && unknown.err().contains("mlp"), unknown.dump());
        Cli.Result none = Cli.run("example");
        assertEquals(2, none.code(), none.dump());
        Cli.Result epochs = Cli.run("example", "mlp", "--epochs", "0");
        assertEquals(2, epochs.code(), epochs.dump());
        assertTrue(epochs.err().contains("--epochs must be from 1 to 1,000,000, got 0"), epochs.dump());
    }

    @Test
    void benchW8PrintsOneJsonLine() {
        Cli.Result r = Cli.run("bench", "W8", "--seconds", "0.2", "--warmup", "0", "--json");
        assertEquals(0, r.code(), r.dump());
        List<String> lines = r.out().lines().filter(l -> !l.isBlank()).toList();
        assertEquals(1, lines.size(), "--json: one line per workload, nothing else\n" + r.dump());
        String json = lines.get(0);
        assertTrue(json.startsWith("{") && json.endsWith("}"), json);
        assertTrue(Pattern.compile("\"workload\"\\s*:\\s*\"W8\"").matcher(json).find(), json);
        assertTrue(Pattern.compile("\"framework\"\\s*:\\s*\"neurite\"").matcher(json).find(), json);
        assertTrue(Pattern.compile("\"samples_per_s\"\\s*:\\s*[0-9.]+").matcher(json).find(), json);
        assertTrue(Pattern.compile("\"params\"\\s*:\\s*\\d+").matcher(json).find(), json);
        assertTrue(!json.contains("\"error\""), json);
    }

    @Test
    void benchUsageErrors() {
        Cli.Result workload = Cli.run("bench", "W14", "--json");
        assertEquals(2, workload.code(), workload.dump());
        Cli.Result seconds = Cli.run("bench", "W8", "--seconds", "0");
        assertEquals(2, seconds.code(), seconds.dump());
        assertTrue(seconds.err().contains("--seconds must be a number above 0.0"), seconds.dump());
    }
}
