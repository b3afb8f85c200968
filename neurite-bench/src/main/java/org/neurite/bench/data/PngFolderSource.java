package org.neurite.bench.data;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.neurite.data.SampleSource;
import org.neurite.tensor.Shape;

/**
 * A minimal {@code root/<class>/*.png} source for the streaming measurements only (RGB, no resize,
 * class index targets): the real loader is the data-loaders work's {@code ImageFolder}, not in
 * this branch. Decodes each image when read, so the data set never sits in memory.
 */
public final class PngFolderSource implements SampleSource {
    private final List<Path> files = new ArrayList<>();
    private final List<Integer> labels = new ArrayList<>();
    private final int height;
    private final int width;

    public PngFolderSource(Path root) throws IOException {
        List<Path> classes;
        try (Stream<Path> s = Files.list(root)) {
            classes = s.filter(Files::isDirectory).sorted().toList();
        }
        for (int c = 0; c < classes.size(); c++) {
            try (Stream<Path> s = Files.list(classes.get(c))) {
                for (Path p : s.filter(f -> f.toString().endsWith(".png")).sorted().toList()) {
                    files.add(p);
                    labels.add(c);
                }
            }
        }
        if (files.isEmpty()) throw new IOException(root + ": no class folders with .png files");
        BufferedImage first = ImageIO.read(files.get(0).toFile());
        height = first.getHeight();
        width = first.getWidth();
    }

    @Override
    public int size() {
        return files.size();
    }

    @Override
    public Shape featureShape() {
        return Shape.of(height, width, 3);
    }

    @Override
    public Shape targetShape() {
        return Shape.of();
    }

    @Override
    public void read(int index, float[] x, int xOffset, float[] y, int yOffset) {
        Path f = files.get(index);
        BufferedImage img;
        try {
            img = ImageIO.read(f.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(f + ": cannot read the image", e);
        }
        if (img == null || img.getHeight() != height || img.getWidth() != width) {
            throw new IllegalStateException(f + ": expected a " + width + "x" + height + " PNG, got " + (img == null ? "no image" : img.getWidth() + "x" + img.getHeight()));
        }
        int[] rgb = img.getRGB(0, 0, width, height, null, 0, width);
        for (int i = 0; i < rgb.length; i++) {
            int p = rgb[i], o = xOffset + 3 * i;
            x[o] = ((p >> 16) & 0xFF) / 255f;
            x[o + 1] = ((p >> 8) & 0xFF) / 255f;
            x[o + 2] = (p & 0xFF) / 255f;
        }
        y[yOffset] = labels.get(index);
    }

    @Override
    public String toString() {
        return "PngFolderSource(" + files.size() + " images " + height + "x" + width + ")";
    }
}
