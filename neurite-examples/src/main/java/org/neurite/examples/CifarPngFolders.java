package org.neurite.examples;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import javax.imageio.ImageIO;
import org.neurite.data.Cifar10;
import org.neurite.data.Dataset;
import org.neurite.data.DatasetPaths;
import org.neurite.data.ImageFolder;
import org.neurite.data.ImagePreprocessing;
import org.neurite.data.TrainTest;

/**
 * Writes the CIFAR-10 binary batches out as PNG class folders, the layout of
 * {@code ./neurite train --data DIR} and {@link org.neurite.data.ImageFolder}:
 * {@code OUT/train/<class>/00000.png}, {@code OUT/test/<class>/00000.png} (file number = index in the
 * binary set). Pixels are the original bytes (the loader's {@code v / 255} times 255, rounded), so the
 * folders hold exactly the binary data.
 *
 * <p>{@code java ... CifarPngFolders OUT [CIFAR_DIR]}; CIFAR_DIR defaults to the shared cifar-10 folder.
 * {@code CifarPngFolders --verify OUT [CIFAR_DIR]} reads the folders back with {@link ImageFolder}
 * and checks that every image, divided by 255, equals the binary loader's floats bit for bit, with
 * the folder's class as label.
 */
public final class CifarPngFolders {
    private CifarPngFolders() {}

    public static void main(String[] args) throws IOException {
        boolean verify = args.length > 0 && args[0].equals("--verify");
        int a = verify ? 1 : 0;
        if (args.length < a + 1) throw new IllegalArgumentException("usage: CifarPngFolders [--verify] OUT_DIR [CIFAR_DIR]");
        Path out = Path.of(args[a]);
        Path cifar = args.length > a + 1 ? Path.of(args[a + 1]) : DatasetPaths.resolve("cifar-10");
        TrainTest data = Cifar10.load(cifar);
        for (String part : List.of("train", "test")) {
            Dataset d = part.equals("train") ? data.train() : data.test();
            if (verify) {
                int bad = mismatches(d, out.resolve(part));
                System.out.printf("%s: %,d images, %,d differ from the binary data%n", part, d.size(), bad);
            } else {
                write(d, data.classNames(), out.resolve(part));
            }
        }
    }

    /** Images of {@code dir} (written by {@link #write}) whose pixels / 255 or label differ from {@code d}'s sample of the same number. */
    static int mismatches(Dataset d, Path dir) throws IOException {
        ImageFolder f = ImageFolder.open(dir, ImageFolder.options().imageSize(32, 32));
        Dataset png = Dataset.from(f);
        ImagePreprocessing.divide(png.features().data(), 255f);
        int row = 32 * 32 * 3, bad = 0;
        for (int i = 0; i < f.size(); i++) {
            String name = f.files().get(i).getFileName().toString();
            int k = Integer.parseInt(name.substring(0, name.length() - 4));
            boolean same = java.util.Arrays.equals(png.features().data(), i * row, i * row + row, d.features().data(), k * row, k * row + row)
                    && png.targets().data()[i] == d.targets().data()[k];
            if (!same) bad++;
        }
        return bad + Math.abs(d.size() - f.size());
    }

    /** Writes every image of {@code d} ({@code (N, 32, 32, 3)} in [0, 1], class-index targets) under {@code dir/<class>/}. */
    public static void write(Dataset d, List<String> classNames, Path dir) throws IOException {
        for (String c : classNames) Files.createDirectories(dir.resolve(c));
        int n = d.size(), h = d.features().dim(1), w = d.features().dim(2), row = h * w * 3;
        float[] x = d.features().data(), y = d.targets().data();
        IntStream.range(0, n).parallel().forEach(i -> {
            BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
            for (int p = 0; p < h * w; p++) {
                int o = i * row + p * 3;
                img.setRGB(p % w, p / w, byteOf(x[o]) << 16 | byteOf(x[o + 1]) << 8 | byteOf(x[o + 2]));
            }
            Path file = dir.resolve(classNames.get((int) y[i])).resolve(String.format("%05d.png", i));
            try {
                ImageIO.write(img, "png", file.toFile());
            } catch (IOException e) {
                throw new UncheckedIOException(file + ": " + e.getMessage(), e);
            }
        });
    }

    private static int byteOf(float v) {
        return Math.max(0, Math.min(255, Math.round(v * 255)));
    }
}
