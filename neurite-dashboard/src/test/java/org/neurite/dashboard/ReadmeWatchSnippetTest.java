package org.neurite.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurite.nn.Sequential;
import org.neurite.nn.callbacks.TensorBoardLogger;
import org.neurite.nn.training.Batches;
import org.neurite.nn.training.FitConfig;
import org.neurite.tensor.Tensor;

/** The README's "Watching training" snippet, as written there, runs. */
class ReadmeWatchSnippetTest {
    @Test
    void theSnippetRuns(@TempDir Path logDir) throws Exception {
        TrainingRun run = new TrainingRun();
        Sequential model = run.model;
        Tensor x = run.x, y = run.y;
        int port = 0;
        // --- README ---
        try (Dashboard dashboard = new Dashboard(port).probe(Batches.rows(x, 0, 64))) {   // http://localhost:port/
            model.fit(x, y, new FitConfig().epochs(10).validationSplit(0.25f)
                    .callbacks(dashboard, new TensorBoardLogger(logDir)));
        }
        // --- end ---
        try (Stream<Path> train = Files.list(logDir.resolve("train")); Stream<Path> val = Files.list(logDir.resolve("validation"))) {
            assertEquals(1, train.count());
            assertEquals(1, val.count());
        }
        assertTrue(Files.isDirectory(logDir));
    }
}
