package org.neurite.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurite.data.Dataset;
import org.neurite.data.TablePreprocessing;
import org.neurite.nn.Sequential;
import org.neurite.tensor.Shape;

/** The README's "Your own data" snippets run on small fixtures. */
class ReadmeOwnDataSnippetTest {
    @TempDir
    Path dir;

    @Test
    void imageFolderTableAndTextSnippetsRun() throws Exception {
        for (String c : List.of("a", "b")) {
            Files.createDirectories(dir.resolve("img").resolve(c));
            for (int i = 0; i < 5; i++) ImageIO.write(new BufferedImage(10, 12, BufferedImage.TYPE_INT_RGB), "png", dir.resolve("img").resolve(c).resolve(i + ".png").toFile());
        }
        Dataset[] d = ReadmeSnippets.imageFolder(dir.resolve("img"));
        assertEquals(8, d[0].size()); // 10 files, int(0.2 * 10) = 2 for validation
        assertEquals(2, d[1].size());
        assertEquals(Shape.of(64, 64, 3), d[0].sampleShape());

        StringBuilder csv = new StringBuilder("size,colour,species\n");
        for (int i = 0; i < 40; i++) csv.append(i % 2 == 0 ? i : "NA").append(',').append(i % 3 == 0 ? "red" : "blue").append(',').append(i < 20 ? "x" : "y").append('\n');
        Files.writeString(dir.resolve("t.csv"), csv);
        Sequential model = ReadmeSnippets.table(dir.resolve("t.csv"));
        assertTrue(model.preprocessor() instanceof TablePreprocessing p && p.featureSize() == 3, String.valueOf(model.preprocessor()));

        Dataset text = ReadmeSnippets.text(List.of("Good food!", "bad, BAD food"), new int[] {1, 0});
        assertEquals(Shape.of(2, 96), text.features().shape());
        // vocabulary: "", [UNK], bad (2), food (2), good (1); ties by token descending -> food before bad
        assertEquals(List.of(4f, 2f, 0f), List.of(text.features().data()[0], text.features().data()[1], text.features().data()[2]));
    }
}
