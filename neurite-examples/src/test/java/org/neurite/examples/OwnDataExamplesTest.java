package org.neurite.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurite.data.DatasetPaths;
import org.neurite.data.TablePreprocessing;
import org.neurite.nn.LayerNames;
import org.neurite.nn.Model;

/** The examples on real shared data: a CSV table and review texts (skipped when the data is absent). */
class OwnDataExamplesTest {
    @TempDir
    Path dir;

    @BeforeEach
    void resetNames() {
        LayerNames.reset();
    }

    private static void require(String name) {
        Path p = DatasetPaths.resolve(name);
        assumeTrue(Files.isDirectory(p), name + " not found at " + p + ": skipping (" + DatasetPaths.describeSearch() + ")");
    }

    @Test
    void penguinsMlpBeatsTheMajorityClassAndSavesItsPreprocessing() throws Exception {
        require("penguins");
        Example.Result r = new PenguinsTable().run(ExampleTesting.options(dir).withEpochs(20));
        assertEquals(11, r.metric("rows_dropped_missing")); // SOURCES.md: 2 rows all NA, 9 more with sex NA
        assertTrue(r.metric("test_accuracy") > 0.9f && r.metric("test_accuracy") > r.metric("majority_class_accuracy") + 0.3f, r.metrics().toString());
        Model back = Model.load(r.files().get(0));
        assertTrue(back.preprocessor() instanceof TablePreprocessing t && t.classNames().size() == 3, String.valueOf(back.preprocessor()));
    }

    @Test
    void reviewsVectorizeAndTrainBriefly() throws Exception {
        require("amazon-fine-foods");
        Example.Result r = new ReviewClassifier().run(ExampleTesting.options(dir).withEpochs(1).withSamples(100));
        assertEquals(62 / 100f, r.metric("majority_class_accuracy"), 1e-6f); // Python's csv module: 62 of the first 100 test reviews are "great"
        assertTrue(r.metric("vocabulary") > 500 && r.metric("vocabulary") <= ReviewClassifier.MAX_TOKENS, r.metrics().toString());
        assertTrue(r.metric("lstm_test_accuracy") > 0.3f && r.metric("transformer_test_accuracy") > 0.3f, r.metrics().toString());
    }
}
