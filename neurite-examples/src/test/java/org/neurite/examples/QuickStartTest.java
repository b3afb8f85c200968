package org.neurite.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurite.nn.Initializers;
import org.neurite.nn.Model;

/** The README's example compiles (it is QuickStart), is the same text, and learns. */
class QuickStartTest {
    private static String between(String text, String begin, String end) {
        int b = text.indexOf(begin);
        int e = b < 0 ? -1 : text.indexOf(end, b + begin.length());
        assertTrue(b >= 0 && e > b, "markers " + begin + " / " + end + " not found");
        return text.substring(b + begin.length(), e);
    }

    /** Strips indentation so the README may indent differently from the class. */
    private static String normalize(String code) {
        return code.lines().map(String::strip).filter(l -> !l.isEmpty()).reduce("", (a, l) -> a + l + "\n");
    }

    @Test
    void readmeShowsTheQuickStartCode() throws Exception {
        String source = Files.readString(Path.of("src/main/java/org/neurite/examples/QuickStart.java"));
        String readme = Files.readString(Path.of("../README.md"));
        String inSource = between(source, "// README:begin", "// README:end");
        String inReadme = between(readme, "// README:begin", "// README:end");
        assertEquals(normalize(inSource), normalize(inReadme), "README.md example differs from QuickStart.java");
    }

    /** Every Java block of the README must appear, line for line, in a compiled example class (or the dashboard module's snippet test). */
    @Test
    void everyReadmeJavaBlockIsCompiledCode() throws Exception {
        String readme = Files.readString(Path.of("../README.md"));
        String compiled = normalize(Files.readString(Path.of("src/main/java/org/neurite/examples/QuickStart.java"))
                + Files.readString(Path.of("src/main/java/org/neurite/examples/ReadmeSnippets.java"))
                // the dashboard snippet lives with its module (examples do not depend on neurite-dashboard), run by that test
                + Files.readString(Path.of("../neurite-dashboard/src/test/java/org/neurite/dashboard/ReadmeWatchSnippetTest.java")));
        int blocks = 0;
        for (int at = readme.indexOf("```java"); at >= 0; at = readme.indexOf("```java", at + 1)) {
            String block = between(readme.substring(at), "```java", "```");
            assertTrue(compiled.contains(normalize(block)), "README block not found in the example sources:\n" + block);
            blocks++;
        }
        assertTrue(blocks >= 3, "expected the README's Java examples, found " + blocks);
    }

    @Test
    void snippetsRun() {
        float[] d = ReadmeSnippets.derivatives();
        assertEquals(16f, d[0], 1e-5);
        assertEquals(14f, d[1], 1e-5);
        assertEquals(4640, ReadmeSnippets.residualBlock().countParams());
        Model classifier = ReadmeSnippets.transferLearning();
        assertEquals((64 * 32 + 32) + (32 * 16 + 16) + (16 * 3 + 3), classifier.countParams());
        assertEquals(16 * 3 + 3, classifier.trainableParams());
    }

    @Test
    void quickStartLearnsTheDigits(@TempDir Path dir) throws Exception {
        // the example itself is unseeded (as in Keras); unseeded, its accuracy after 3 epochs
        // ranges about 0.90-0.93 from run to run (0.899 once), so the test fixes the global seed
        Initializers.setGlobalSeed(2L);
        try {
            float accuracy = QuickStart.run(dir);
            assertTrue(accuracy > 0.9f, "test accuracy " + accuracy);
        } finally {
            Initializers.setGlobalSeed(new SplittableRandom().nextLong());
        }
    }
}
