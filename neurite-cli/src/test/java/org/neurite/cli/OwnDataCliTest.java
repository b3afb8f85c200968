package org.neurite.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./neurite train --data} on an image folder and on CSV tables, then {@code ./neurite predict}. */
class OwnDataCliTest {
    @TempDir
    Path dir;

    /** 8x8 PNGs, one dominant colour per class plus noise. */
    private void colourFolder(Path root, int perClass, long seed) throws IOException {
        SplittableRandom r = new SplittableRandom(seed);
        String[] classes = {"blue", "green", "red"};
        int[] shift = {0, 8, 16};
        for (int c = 0; c < 3; c++) {
            Files.createDirectories(root.resolve(classes[c]));
            for (int i = 0; i < perClass; i++) {
                BufferedImage img = new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB);
                for (int p = 0; p < 64; p++) {
                    int rgb = 0;
                    for (int k = 0; k < 3; k++) rgb |= (shift[k] == shift[c] ? 150 + r.nextInt(100) : r.nextInt(120)) << shift[k];
                    img.setRGB(p % 8, p / 8, rgb);
                }
                ImageIO.write(img, "png", root.resolve(classes[c]).resolve(i + ".png").toFile());
            }
        }
    }

    @Test
    void imageFolderTrainsAndPredicts() throws IOException {
        colourFolder(dir.resolve("train"), 30, 1);
        colourFolder(dir.resolve("test"), 5, 2);
        Path model = dir.resolve("img.nrt");
        Cli.Result r = Cli.run("train", "--data", dir.resolve("train").toString(), "--test-data", dir.resolve("test").toString(), "--epochs", "15",
                "--lr", "0.01", "--batch-size", "16", "--out", model.toString());
        assertEquals(0, r.code(), r.dump());
        assertTrue(r.out().contains("3 classes [blue, green, red], 90 training and 15 test images (--test-data), resized to 8x8x3"), r.dump());
        Matcher acc = Pattern.compile("Test accuracy: ([0-9.]+)% .*majority class \"blue\" alone: 33.33%").matcher(r.out());
        assertTrue(acc.find(), r.dump());
        assertTrue(Float.parseFloat(acc.group(1)) >= 80, "colour classes are easy: " + acc.group(1) + "\n" + r.dump());

        Path preds = dir.resolve("preds.csv");
        Cli.Result p = Cli.run("predict", model.toString(), "--input", dir.resolve("test").toString(), "--out", preds.toString());
        assertEquals(0, p.code(), p.dump());
        List<String> lines = Files.readAllLines(preds);
        assertEquals("file,prediction,p_blue,p_green,p_red", lines.get(0));
        assertEquals(16, lines.size());
        long right = lines.stream().skip(1).filter(l -> l.contains("/" + l.split(",")[1] + "/")).count();
        assertTrue(right >= 12, "predictions agree with the folders: " + right + "/15\n" + String.join("\n", lines));
        Cli.Result one = Cli.run("predict", model.toString(), "--input", dir.resolve("test/red/0.png").toString());
        assertEquals(0, one.code(), one.dump());
        assertTrue(one.out().startsWith("file,prediction,p_blue,p_green,p_red\n" + dir.resolve("test/red/0.png") + ","), one.dump());
    }

    @Test
    void csvClassificationAndRegressionTrainAndPredict() throws IOException {
        SplittableRandom r = new SplittableRandom(3);
        StringBuilder cls = new StringBuilder("x,\"colour, name\",label\n");
        StringBuilder reg = new StringBuilder("x,y\n");
        for (int i = 0; i < 200; i++) {
            double x = r.nextDouble(-2, 2);
            cls.append(String.format(java.util.Locale.ROOT, "%.3f,\"%s\",%s%n", x, i % 2 == 0 ? "dark, red" : "light", x > 0 ? "pos" : "neg"));
            reg.append(String.format(java.util.Locale.ROOT, "%.3f,%.3f%n", x, 3 * x + 10));
        }
        Path table = dir.resolve("cls.csv");
        Files.writeString(table, cls);
        Path model = dir.resolve("t.nrt");
        Cli.Result c = Cli.run("train", "--data", table.toString(), "--target", "label", "--epochs", "40", "--out", model.toString());
        assertEquals(0, c.code(), c.dump());
        assertTrue(c.out().contains("160 training and 40 test rows (seeded 80/20 split, seed 42; 0 + 0 rows dropped"), c.dump());
        assertTrue(c.out().contains("Target: label, classification into [neg, pos]"), c.dump());
        Matcher acc = Pattern.compile("Test accuracy: ([0-9.]+)%").matcher(c.out());
        assertTrue(acc.find() && Float.parseFloat(acc.group(1)) >= 85, c.dump());

        Path infer = dir.resolve("new.csv");
        Files.writeString(infer, "\"colour, name\",x\nlight,1.5\n\"dark, red\",-1.5\nlight,NA\n");
        Cli.Result p = Cli.run("predict", model.toString(), "--input", infer.toString());
        assertEquals(1, p.code(), "a row with a missing value has no prediction\n" + p.dump());
        String[] lines = p.out().split("\n");
        assertEquals("line,prediction,p_neg,p_pos", lines[0]);
        assertTrue(lines[1].startsWith("2,pos,") && lines[2].startsWith("3,neg,") && lines[3].equals("4,"), p.dump());
        assertTrue(p.out().contains("1 of 3 rows have no prediction") && p.out().contains("new.csv:4") && p.out().contains("\"x\""), p.dump());

        Path regTable = dir.resolve("reg.csv");
        Files.writeString(regTable, reg);
        Cli.Result g = Cli.run("train", "--data", regTable.toString(), "--target", "y", "--epochs", "40", "--out", dir.resolve("r.nrt").toString());
        assertEquals(0, g.code(), g.dump());
        assertTrue(g.out().contains("Target: y, regression"), g.dump());
        Matcher mae = Pattern.compile("Test MAE: ([0-9.e+-]+) .*predicting the training mean: MAE ([0-9.e+-]+)\\)").matcher(g.out());
        assertTrue(mae.find() && Double.parseDouble(mae.group(1)) < 0.5 * Double.parseDouble(mae.group(2)), g.dump());
        Files.writeString(infer, "x\n1\n");
        Cli.Result pr = Cli.run("predict", dir.resolve("r.nrt").toString(), "--input", infer.toString());
        assertEquals(0, pr.code(), pr.dump());
        double y = Double.parseDouble(pr.out().split("\n")[1].split(",")[1]);
        assertEquals(13, y, 1.5); // 3 * 1 + 10, in the target's own units
    }

    @Test
    void unknownLayoutsAndMissingTargetAreUsageErrors() throws IOException {
        Files.createDirectories(dir.resolve("empty"));
        Cli.Result r = Cli.run("train", "--data", dir.resolve("empty").toString());
        assertEquals(2, r.code(), r.dump());
        assertTrue(r.err().contains("neither MNIST IDX files, CIFAR-10 binary batches, nor class sub-folders"), r.dump());
        Files.writeString(dir.resolve("t.csv"), "a,b\n1,2\n");
        r = Cli.run("train", "--data", dir.resolve("t.csv").toString());
        assertEquals(2, r.code(), r.dump());
        assertTrue(r.err().contains("--target COLUMN (columns: [a, b])"), r.dump());
        r = Cli.run("train", "--data", dir.resolve("t.csv").toString(), "--target", "b", "--image-size", "8x8");
        assertEquals(2, r.code(), r.dump());
        assertTrue(r.err().contains("--image-size does not apply to --data of this kind (table)"), r.dump());
    }
}
