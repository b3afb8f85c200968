package org.neurite.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./neurite train --dashboard [PORT] --tensorboard DIR}: the page is served during and after training, the event files are written. */
class TrainWatchOptionsTest {

    @Test
    void dashboardWithoutAPortTakesTheDefault() {
        assertArrayEquals(new String[] {"train", "--dashboard", "8686", "--epochs", "1"},
                Args.withDefaultValue(new String[] {"train", "--dashboard", "--epochs", "1"}, "dashboard", "8686"));
        assertArrayEquals(new String[] {"train", "--dashboard", "9000"}, Args.withDefaultValue(new String[] {"train", "--dashboard", "9000"}, "dashboard", "8686"));
        assertArrayEquals(new String[] {"train", "--dashboard", "8686"}, Args.withDefaultValue(new String[] {"train", "--dashboard"}, "dashboard", "8686"));
    }

    @Test
    void trainServesTheDashboardUntilEnterAndWritesTensorBoardFiles(@TempDir Path dir) throws IOException {
        InputStream stdin = System.in;
        Cli.Result r;
        try {
            System.setIn(new ByteArrayInputStream("\n".getBytes())); // the user presses Enter after training
            // a short run: 600 training images (the rest held out)
            r = Cli.run("train", "--epochs", "1", "--validation-split", "0.9", "--batch-size", "100", "--dashboard", "0", "--tensorboard", dir.resolve("tb").toString(), "--out", dir.resolve("m.nrt").toString());
        } finally {
            System.setIn(stdin);
        }
        assertEquals(0, r.code(), r.dump());
        Matcher url = Pattern.compile("Dashboard: (http://localhost:\\d+/)").matcher(r.out());
        assertTrue(url.find(), r.dump());
        assertTrue(r.out().contains("The dashboard keeps showing the finished run at " + url.group(1) + "; press Enter to stop it."), r.dump());
        try (Stream<Path> files = Files.list(dir.resolve("tb/train"))) {
            List<Path> events = files.toList();
            assertEquals(1, events.size());
            assertTrue(events.get(0).getFileName().toString().startsWith("events.out.tfevents."));
            assertTrue(Files.size(events.get(0)) > 1000, "scalars, histograms and the graph of LeNet-5");
        }
        assertTrue(Files.isDirectory(dir.resolve("tb/validation")));
        assertEquals("", r.err(), r.dump());
    }
}
