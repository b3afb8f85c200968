package org.neurite.bench.data;

import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.neurite.data.Cifar10;
import org.neurite.data.Dataset;
import org.neurite.data.DatasetPaths;

/**
 * Writes CIFAR-10 as an image folder {@code out/<split>/<class>/<index>.png}, upsampled from 32x32
 * to {@code side x side} (bilinear), for the streaming measurements: at 64x64 the 50,000 training
 * images are 2.4 GB as floats, several times a 512 MB heap. One batch file is in memory at a time.
 *
 * <p>Usage: {@code CifarPngFolder OUT_DIR [side=64] [trainLimit=50000] [testLimit=10000]}.
 */
public final class CifarPngFolder {
    private CifarPngFolder() {}

    public static void main(String[] args) throws IOException {
        if (args.length < 1) throw new IllegalArgumentException("usage: CifarPngFolder OUT_DIR [side] [trainLimit] [testLimit]");
        Path out = Path.of(args[0]);
        int side = args.length > 1 ? Integer.parseInt(args[1]) : 64;
        int trainLimit = args.length > 2 ? Integer.parseInt(args[2]) : 50_000;
        int testLimit = args.length > 3 ? Integer.parseInt(args[3]) : 10_000;
        Path dir = DatasetPaths.resolve("cifar-10");
        List<String> classes = Cifar10.classNames(dir);
        int written = 0;
        for (String file : Cifar10.TRAIN_FILES) {
            if (written >= trainLimit) break;
            Dataset part = Cifar10.readBatch(find(dir, file), trainLimit - written);
            written += write(part, out.resolve("train"), classes, side, written);
        }
        write(Cifar10.readBatch(find(dir, Cifar10.TEST_FILE), testLimit), out.resolve("test"), classes, side, 0);
        System.out.printf(Locale.ROOT, "wrote %d training and %d test images of %dx%d to %s%n", written, testLimit, side, side, out);
    }

    private static Path find(Path dir, String base) {
        Path gz = dir.resolve(base + ".bin.gz");
        return Files.exists(gz) ? gz : dir.resolve(base + ".bin");
    }

    private static int write(Dataset d, Path root, List<String> classes, int side, int firstIndex) throws IOException {
        for (String c : classes) Files.createDirectories(root.resolve(c));
        float[] x = d.features().data(), y = d.targets().data();
        int s = Cifar10.SIDE;
        for (int i = 0; i < d.size(); i++) {
            BufferedImage small = new BufferedImage(s, s, BufferedImage.TYPE_INT_RGB);
            for (int r = 0; r < s; r++) {
                for (int c = 0; c < s; c++) {
                    int o = ((i * s + r) * s + c) * 3;
                    small.setRGB(c, r, (byte255(x[o]) << 16) | (byte255(x[o + 1]) << 8) | byte255(x[o + 2]));
                }
            }
            BufferedImage big = new BufferedImage(side, side, BufferedImage.TYPE_INT_RGB);
            var g = big.createGraphics();
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.drawImage(small, 0, 0, side, side, null);
            g.dispose();
            ImageIO.write(big, "png", root.resolve(classes.get((int) y[i])).resolve(String.format(Locale.ROOT, "%05d.png", firstIndex + i)).toFile());
        }
        return d.size();
    }

    private static int byte255(float v) {
        return Math.max(0, Math.min(255, Math.round(v * 255f)));
    }
}
