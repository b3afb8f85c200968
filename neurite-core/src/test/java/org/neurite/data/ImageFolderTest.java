package org.neurite.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurite.data.ImageFolder.ColorMode;
import org.neurite.data.ImageFolder.LabelMode;
import org.neurite.data.ImageFolder.Subset;
import org.neurite.data.ImageResize.Interpolation;
import org.neurite.tensor.Shape;

class ImageFolderTest {
    @TempDir
    Path dir;

    /** Writes a w x h RGB PNG whose pixel (x, y) is (r0 + x, g0 + y, b). */
    static void png(Path file, int w, int h, int r0, int g0, int b) throws IOException {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) img.setRGB(x, y, (r0 + x) << 16 | (g0 + y) << 8 | b);
        Files.createDirectories(file.getParent());
        ImageIO.write(img, "png", file.toFile());
    }

    @Test
    void classesAreSortedFolderNamesAndFilesAreFoundRecursively() throws IOException {
        png(dir.resolve("zebra/a.png"), 4, 4, 0, 0, 1);
        png(dir.resolve("cat/b.PNG"), 4, 4, 0, 0, 2);
        png(dir.resolve("cat/sub/c.png"), 4, 4, 0, 0, 3);
        png(dir.resolve("dog/d.png"), 4, 4, 0, 0, 4);
        png(dir.resolve(".hidden/e.png"), 4, 4, 0, 0, 5);
        Files.writeString(dir.resolve("dog/notes.txt"), "not an image");
        png(dir.resolve("root-level.png"), 4, 4, 0, 0, 6); // files directly in root have no class: ignored
        ImageFolder f = ImageFolder.open(dir, ImageFolder.options().imageSize(4, 4));
        assertEquals(List.of("cat", "dog", "zebra"), f.classNames());
        assertEquals(Map.of("cat", 0, "dog", 1, "zebra", 2), f.classIndices());
        assertEquals(4, f.size());
        assertEquals(List.of(dir.resolve("cat/b.PNG"), dir.resolve("cat/sub/c.png"), dir.resolve("dog/d.png"), dir.resolve("zebra/a.png")), f.files());
        assertEquals(Shape.of(4, 4, 3), f.featureShape());
        assertEquals(Shape.scalar(), f.targetShape());
        float[] x = new float[48], y = new float[1];
        float[] blues = new float[4];
        for (int i = 0; i < 4; i++) {
            f.read(i, x, 0, y, 0);
            assertEquals(f.label(i), (int) y[0]);
            blues[i] = x[2]; // the blue value each fixture was written with
        }
        assertArrayEquals(new float[] {2, 3, 4, 1}, blues);
        assertArrayEquals(new int[] {0, 0, 1, 2}, new int[] {f.label(0), f.label(1), f.label(2), f.label(3)});
    }

    @Test
    void pixelsAreChannelsLastFloatsZeroTo255() throws IOException {
        png(dir.resolve("a/img.png"), 3, 2, 10, 20, 250);
        ImageFolder f = ImageFolder.open(dir, ImageFolder.options().imageSize(2, 3));
        float[] x = new float[18], y = new float[1];
        f.read(0, x, 0, y, 0);
        // pixel (x=2, y=1) at offset (1*3 + 2)*3
        assertEquals(12f, x[15]);
        assertEquals(21f, x[16]);
        assertEquals(250f, x[17]);
    }

    @Test
    void grayscaleRgbaAndGrayPngs() throws IOException {
        BufferedImage gray = new BufferedImage(2, 1, BufferedImage.TYPE_BYTE_GRAY);
        gray.getRaster().setSample(0, 0, 0, 7);
        gray.getRaster().setSample(1, 0, 0, 200);
        Files.createDirectories(dir.resolve("g"));
        ImageIO.write(gray, "png", dir.resolve("g/gray.png").toFile());
        BufferedImage argb = new BufferedImage(2, 1, BufferedImage.TYPE_INT_ARGB);
        argb.setRGB(0, 0, 0x80_64_C8_0A); // alpha 128, r 100, g 200, b 10
        argb.setRGB(1, 0, 0xFF_00_00_00);
        Files.createDirectories(dir.resolve("h"));
        ImageIO.write(argb, "png", dir.resolve("h/rgba.png").toFile());

        float[] g = ImageFolder.loadImage(dir.resolve("g/gray.png"), 1, 2, ColorMode.GRAYSCALE, Interpolation.NEAREST);
        assertArrayEquals(new float[] {7, 200}, g); // raw gray values, no colour-space conversion
        float[] gAsRgb = ImageFolder.loadImage(dir.resolve("g/gray.png"), 1, 2, ColorMode.RGB, Interpolation.NEAREST);
        assertArrayEquals(new float[] {7, 7, 7, 200, 200, 200}, gAsRgb);
        float[] rgba = ImageFolder.loadImage(dir.resolve("h/rgba.png"), 1, 2, ColorMode.RGBA, Interpolation.NEAREST);
        assertArrayEquals(new float[] {100, 200, 10, 128, 0, 0, 0, 255}, rgba);
        float[] lum = ImageFolder.loadImage(dir.resolve("h/rgba.png"), 1, 2, ColorMode.GRAYSCALE, Interpolation.NEAREST);
        assertEquals(0.2989f * 100 + 0.5870f * 200 + 0.1140f * 10, lum[0], 1e-4f); // tf.image.rgb_to_grayscale weights
    }

    @Test
    void bilinearResizeMatchesHandComputedHalfPixelValues() throws IOException {
        // 2x2 gray [[0, 100], [200, 40]] up to 4x4. Half-pixel centres: output o samples s = (o + 0.5) / 2 - 0.5,
        // i.e. -0.25, 0.25, 0.75, 1.25 -> weights of the second pixel 0, 0.25, 0.75, 1 (clamped at the borders).
        // Row 0: 0, 25, 75, 100 (TF's tf.image.resize gives the same). Row 1 (0.25 of the way to row 1):
        // top 0,25,75,100 and bottom 200,160,80,40 -> 50, 58.75, 76.25, 85.
        float[] src = {0, 100, 200, 40};
        float[] out = new float[16];
        ImageResize.resize(src, 2, 2, 1, out, 0, 4, 4, Interpolation.BILINEAR);
        assertArrayEquals(new float[] {0, 25, 75, 100}, java.util.Arrays.copyOfRange(out, 0, 4), 1e-5f);
        assertArrayEquals(new float[] {50, 58.75f, 76.25f, 85}, java.util.Arrays.copyOfRange(out, 4, 8), 1e-4f);
        assertArrayEquals(new float[] {200, 160, 80, 40}, java.util.Arrays.copyOfRange(out, 12, 16), 1e-5f);

        // 4x4 down to 2x2 bilinear: s = (o + 0.5) * 2 - 0.5 = 0.5, 2.5 -> the mean of each 2x2 block
        float[] big = new float[16];
        for (int i = 0; i < 16; i++) big[i] = i;
        float[] small = new float[4];
        ImageResize.resize(big, 4, 4, 1, small, 0, 2, 2, Interpolation.BILINEAR);
        assertArrayEquals(new float[] {2.5f, 4.5f, 10.5f, 12.5f}, small, 1e-5f);
        // nearest, half-pixel: floor((o + 0.5) * 2) = 1, 3
        ImageResize.resize(big, 4, 4, 1, small, 0, 2, 2, Interpolation.NEAREST);
        assertArrayEquals(new float[] {5, 7, 13, 15}, small);
        // nearest 2 -> 3: floor((o + 0.5) * 2/3) = 0, 1, 1
        float[] three = new float[3];
        ImageResize.resize(new float[] {1, 2}, 1, 2, 1, three, 0, 1, 3, Interpolation.NEAREST);
        assertArrayEquals(new float[] {1, 2, 2}, three);

        // the loader applies the same resize to a decoded PNG
        BufferedImage gray = new BufferedImage(2, 2, BufferedImage.TYPE_BYTE_GRAY);
        gray.getRaster().setSamples(0, 0, 2, 2, 0, new int[] {0, 100, 200, 40});
        Files.createDirectories(dir.resolve("c"));
        ImageIO.write(gray, "png", dir.resolve("c/x.png").toFile());
        float[] loaded = ImageFolder.loadImage(dir.resolve("c/x.png"), 4, 4, ColorMode.GRAYSCALE, Interpolation.BILINEAR);
        assertArrayEquals(out, loaded, 1e-4f);
    }

    @Test
    void validationSplitFollowsKerasSubsets() throws IOException {
        for (int i = 0; i < 13; i++) png(dir.resolve((i % 3 == 0 ? "a" : "b") + "/img" + i + ".png"), 2, 2, i, 0, 0);
        ImageFolder.Options o = ImageFolder.options().imageSize(2, 2).validationSplit(0.25, 7);
        ImageFolder train = ImageFolder.open(dir, o, Subset.TRAINING);
        ImageFolder val = ImageFolder.open(dir, o, Subset.VALIDATION);
        assertEquals(3, val.size()); // int(0.25 * 13)
        assertEquals(10, train.size());
        Set<Path> all = new HashSet<>(train.files());
        all.addAll(val.files());
        assertEquals(13, all.size()); // disjoint and complete
        // the last floor(split * n) of the seeded permutation of the sorted list are the validation files
        List<Path> sorted = ImageFolder.open(dir, ImageFolder.options().imageSize(2, 2)).files();
        int[] perm = BatchStream.permutation(13, 7);
        for (int k = 0; k < 3; k++) assertEquals(sorted.get(perm[10 + k]), val.files().get(k));
        // each label is the file's own folder
        for (int i = 0; i < train.size(); i++) {
            assertEquals(train.files().get(i).getParent().getFileName().toString(), train.classNames().get(train.label(i)));
        }
        assertEquals(val.files(), ImageFolder.split(dir, o).validation().files()); // same seed, same subset
        assertThrows(IllegalArgumentException.class, () -> ImageFolder.open(dir, o)); // a split needs a subset
    }

    @Test
    void labelModes() throws IOException {
        png(dir.resolve("a/1.png"), 2, 2, 0, 0, 0);
        png(dir.resolve("b/2.png"), 2, 2, 0, 0, 0);
        png(dir.resolve("c/3.png"), 2, 2, 9, 0, 0);
        ImageFolder cat = ImageFolder.open(dir, ImageFolder.options().imageSize(2, 2).labelMode(LabelMode.CATEGORICAL));
        assertEquals(Shape.of(3), cat.targetShape());
        float[] x = new float[12], y = {5, 5, 5};
        cat.read(1, x, 0, y, 0);
        assertArrayEquals(new float[] {0, 1, 0}, y);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ImageFolder.open(dir, ImageFolder.options().labelMode(LabelMode.BINARY)));
        assertTrue(e.getMessage().contains("exactly 2"), e.getMessage());
        ImageFolder auto = ImageFolder.open(dir, ImageFolder.options().imageSize(2, 2).labelMode(LabelMode.NONE));
        assertEquals(Shape.of(2, 2, 3), auto.targetShape());
        float[] yi = new float[12];
        auto.read(2, x, 0, yi, 0);
        assertArrayEquals(x, yi); // target is the image itself
        assertEquals(9f, x[0]);
        assertEquals(List.of(), auto.classNames());

        Files.delete(dir.resolve("c/3.png"));
        Files.delete(dir.resolve("c")); // an empty class folder is still a class, as in Keras
        ImageFolder bin = ImageFolder.open(dir, ImageFolder.options().imageSize(2, 2).labelMode(LabelMode.BINARY));
        float[] yb = new float[1];
        bin.read(1, x, 0, yb, 0);
        assertEquals(Shape.of(1), bin.targetShape());
        assertEquals(1f, yb[0]);
    }

    @Test
    void corruptImagesFailNamingTheFileOrAreSkippedAndCounted() throws IOException {
        png(dir.resolve("a/good.png"), 2, 2, 0, 0, 0);
        png(dir.resolve("b/good.png"), 2, 2, 1, 0, 0);
        Files.write(dir.resolve("a/broken.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 1, 2, 3});
        ImageFolder strict = ImageFolder.open(dir, ImageFolder.options().imageSize(2, 2));
        assertEquals(3, strict.size());
        int broken = strict.files().indexOf(dir.resolve("a/broken.png"));
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> strict.read(broken, new float[12], 0, new float[1], 0));
        assertTrue(e.getMessage().contains("broken.png"), e.getMessage());

        ImageFolder lenient = ImageFolder.open(dir, ImageFolder.options().imageSize(2, 2).skipUnreadable());
        assertEquals(2, lenient.size());
        assertEquals(List.of(dir.resolve("a/broken.png")), lenient.skippedFiles());
        assertEquals(List.of(0, 1), List.of(lenient.label(0), lenient.label(1))); // labels follow each file's folder
        assertEquals(dir.resolve("b/good.png"), lenient.files().get(1));
    }

    @Test
    void jpegAndMaterialisedDataset() throws IOException {
        BufferedImage img = new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 8; y++) for (int x = 0; x < 8; x++) img.setRGB(x, y, 0x808080);
        Files.createDirectories(dir.resolve("k"));
        ImageIO.write(img, "jpg", dir.resolve("k/a.jpg").toFile());
        png(dir.resolve("l/b.png"), 8, 8, 0, 0, 0);
        ImageFolder f = ImageFolder.open(dir, ImageFolder.options().imageSize(4, 4));
        Dataset d = Dataset.from(f);
        assertEquals(Shape.of(2, 4, 4, 3), d.features().shape());
        assertEquals(Shape.of(2), d.targets().shape());
        assertEquals(128f, d.features().data()[0], 2f); // lossy JPEG of flat gray
        assertArrayEquals(new float[] {0, 1}, d.targets().data());
    }

    @Test
    void emptyOrMissingFoldersAreReported() throws IOException {
        assertThrows(java.nio.file.NoSuchFileException.class, () -> ImageFolder.open(dir.resolve("nope"), ImageFolder.options()));
        DataFormatException e = assertThrows(DataFormatException.class, () -> ImageFolder.open(dir, ImageFolder.options()));
        assertTrue(e.getMessage().contains("no class sub-folders"), e.getMessage());
        Files.createDirectories(dir.resolve("empty"));
        e = assertThrows(DataFormatException.class, () -> ImageFolder.open(dir, ImageFolder.options()));
        assertTrue(e.getMessage().contains("no readable images"), e.getMessage());
    }
}
