package org.neurite.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurite.data.DatasetPaths;

/**
 * {@code ./neurite train} on the embedded MNIST subset (one epoch, trained once for the class), then
 * the commands that read the saved file: evaluate, summary, summary --formulas, receptive-field.
 */
class TrainCommandTest {
    @TempDir
    static Path dir;
    static Path model;
    static Cli.Result train;

    @BeforeAll
    static void trainOnce() {
        model = dir.resolve("sub dir/m.nrt"); // a missing parent folder, with a space
        train = Cli.run("train", "--epochs", "1", "--out", model.toString());
    }

    @Test
    void trainPrintsTheSummaryProgressAccuracyAndSavesTheModel() {
        assertEquals(0, train.code(), train.dump());
        String out = train.out();
        assertTrue(out.contains("Data: embedded MNIST subset: 6,000 training and 1,000 test images"), train.dump());
        assertTrue(out.contains("Model: \"") && out.contains(" Layer (type) "), "the summary table goes to the output\n" + train.dump());
        assertTrue(out.contains("Total params: 61,706"), train.dump());
        assertTrue(out.contains("Epoch 1/1"), train.dump());
        assertTrue(Pattern.compile("(?m)^85/85 .* - loss: [0-9.]+ - accuracy: [0-9.]+ - val_loss: [0-9.]+ - val_accuracy: [0-9.]+").matcher(out).find(),
                "one epoch line with the training and validation metrics\n" + train.dump());
        assertTrue(out.contains("Trained 1 epochs in "), train.dump());
        Matcher acc = Pattern.compile("Test accuracy: ([0-9.]+)%  \\(test loss [0-9.]+ on 1,000 images\\)").matcher(out);
        assertTrue(acc.find(), train.dump());
        float accuracy = Float.parseFloat(acc.group(1));
        assertTrue(accuracy > 50 && accuracy <= 100, "one epoch of LeNet-5 on 5,400 digits: " + accuracy + "%\n" + train.dump());
        assertTrue(out.contains("Saved the model to " + model.toAbsolutePath()), train.dump());
        assertTrue(Files.isRegularFile(model), model + " should exist");
        assertEquals("", train.err(), train.dump());
    }

    @Test
    void evaluateTheSavedModel() {
        assumeTrue(train.code() == 0, "training failed");
        Path png = dir.resolve("cm.png");
        Cli.Result r = Cli.run("evaluate", model.toString(), "--confusion-matrix", png.toString());
        assertEquals(0, r.code(), r.dump());
        // the same model and the same 1,000 test images as at the end of training
        String expected = train.out().lines().filter(l -> l.startsWith("Test accuracy: ")).findFirst().orElseThrow();
        assertEquals(expected, r.out().lines().findFirst().orElseThrow(), r.dump());
        // then the per-class report, whose accuracy is the same number, and the confusion matrix
        String percent = expected.substring("Test accuracy: ".length(), expected.indexOf('%'));
        String accuracy = String.format(java.util.Locale.ROOT, "%.2f", Double.parseDouble(percent) / 100);
        assertTrue(Pattern.compile("(?m)^ {4}accuracy {27}" + Pattern.quote(accuracy) + " {6}1000$").matcher(r.out()).find(), r.dump());
        assertTrue(Pattern.compile("(?m)^true \\\\ predicted +0 +1 +2 +3 +4 +5 +6 +7 +8 +9$").matcher(r.out()).find(), r.dump());
        assertTrue(r.out().contains("Wrote the confusion matrix to " + png.toAbsolutePath()) && Files.isRegularFile(png), r.dump());
    }

    @Test
    void evaluateOnTheFullMnistTestSet() {
        assumeTrue(train.code() == 0, "training failed");
        Path mnist = DatasetPaths.resolve("mnist");
        assumeTrue(Files.isDirectory(mnist), "no MNIST folder: " + DatasetPaths.describeSearch());
        Cli.Result r = Cli.run("evaluate", model.toString(), "--data", mnist.toString());
        assertEquals(0, r.code(), r.dump());
        assertTrue(Pattern.compile("Test accuracy: [0-9.]+%  \\(test loss [0-9.]+ on 10,000 images\\)").matcher(r.out()).find(), r.dump());
    }

    @Test
    void summaryOfTheSavedModel() {
        assumeTrue(train.code() == 0, "training failed");
        Cli.Result r = Cli.run("summary", model.toString());
        assertEquals(0, r.code(), r.dump());
        assertTrue(train.out().contains("Model: \"") && train.out().contains("Epoch 1/1"), train.dump());
        String table = train.out().substring(train.out().indexOf("Model: \""), train.out().indexOf("Epoch 1/1")).strip();
        assertEquals(table, r.out().strip(), "the saved model has the table printed before training\n" + r.dump());
        assertTrue(Pattern.compile("\\(Conv2D\\) +\\(None, 10, 10, 16\\) +2416 ").matcher(r.out()).find(), r.dump());
    }

    @Test
    void summaryWithFormulas() {
        assumeTrue(train.code() == 0, "training failed");
        Cli.Result r = Cli.run("summary", model.toString(), "--formulas");
        assertEquals(0, r.code(), r.dump());
        String out = r.out();
        assertTrue(out.contains("height, width: ceil(28 / 1)  ('same') = 28"), r.dump());
        assertTrue(out.contains("params: (5*5*1 + 1) * 6 = 156"), r.dump());
        assertTrue(out.contains("height, width: floor((14 - 5) / 1) + 1 = 10"), r.dump());
        assertTrue(out.contains("params: (5*5*6 + 1) * 16 = 2,416"), r.dump());
        assertTrue(out.contains("features: 5*5*16 = 400"), r.dump());
        assertTrue(out.contains("params: (400 + 1) * 120 = 48,120"), r.dump());
        assertTrue(out.contains("params: (120 + 1) * 84 = 10,164"), r.dump());
        assertTrue(out.contains("params: (84 + 1) * 10 = 850"), r.dump());
        assertTrue(out.contains("Total params: 61,706"), r.dump());
    }

    @Test
    void receptiveFieldsOfLeNet() {
        assumeTrue(train.code() == 0, "training failed");
        Cli.Result r = Cli.run("receptive-field", model.toString());
        assertEquals(0, r.code(), r.dump());
        // conv 5x5 same: r = 5; pool 2: r = 5 + 1*1 = 6, j = 2; conv 5x5: r = 6 + 4*2 = 14; pool 2: r = 14 + 1*2 = 16, j = 4
        // (layer names depend on what else the JVM built, so the rows are matched by type, in order)
        List<String> expected = List.of(
                "InputLayer 1x1 1x1",
                "Conv2D 5x5 1x1",
                "MaxPooling2D 6x6 2x2",
                "Conv2D 14x14 2x2",
                "MaxPooling2D 16x16 4x4",
                "Flatten 16x16 (flat) 4x4",
                "Dense whole input (28x28)",
                "Dense whole input (28x28)",
                "Dense whole input (28x28)");
        Pattern row = Pattern.compile("(?m)^\\w+ \\((\\w+)\\) +\\([^)]*\\) +(\\d+x\\d+(?: \\(flat\\))?|whole input \\(\\d+x\\d+\\)) +(\\d+x\\d+)?");
        Matcher m = row.matcher(r.out());
        List<String> rows = new ArrayList<>();
        while (m.find()) rows.add((m.group(1) + " " + m.group(2) + (m.group(3) != null ? " " + m.group(3) : "")).strip());
        assertEquals(expected, rows, r.dump());
        assertTrue(r.out().contains("r = 6 + (5 - 1)*2 = 14, j = 2*1 = 2"), r.dump());
    }

    @Test
    void trainWithTheHealthReport() throws IOException {
        Path html = dir.resolve("r.html");
        Path saved = dir.resolve("health-model.nrt");
        Cli.Result r = Cli.run("train", "--health", html.toString(), "--epochs", "1", "--out", saved.toString());
        assertEquals(0, r.code(), r.dump());
        assertTrue(r.out().contains("Gradient health: 8 layers"), r.dump());
        assertTrue(r.out().contains("Wrote the gradient-health report to " + html.toAbsolutePath()), r.dump());
        assertTrue(Files.isRegularFile(html), r.dump());
        String page = Files.readString(html, StandardCharsets.UTF_8);
        assertTrue(page.contains("<html") && page.contains("conv2d"), "an HTML report naming the layers");
        assertTrue(Files.isRegularFile(dir.resolve("r.health.csv")), "the per-layer CSV beside the report");
        assertTrue(Files.isRegularFile(dir.resolve("r.history.csv")), "the history CSV beside the report");
        assertTrue(Files.isRegularFile(saved));
    }
}
