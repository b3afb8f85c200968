package org.neurite.examples;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.neurite.io.AtomicFile;
import org.neurite.tensor.Tensor;

/**
 * Writes a batch of images as one PNG grid (javax.imageio, no extra dependency): images
 * {@code (N, H, W, C)} with C = 1 (grey) or 3 (RGB), values in [0, 1] (clamped), laid out
 * {@code columns} per row with a 1-pixel gap, optionally scaled up by an integer factor.
 */
public final class ImageGrid {
    private ImageGrid() {}

    /** Saves the grid to {@code file} (written to a temporary file, then renamed); returns the file. */
    public static Path save(Tensor images, int columns, int scale, Path file) throws IOException {
        if (images.rank() != 4 || (images.dim(3) != 1 && images.dim(3) != 3)) {
            throw new IllegalArgumentException("ImageGrid: expected images (N, H, W, 1 or 3), got " + images.shape());
        }
        if (columns < 1 || scale < 1) throw new IllegalArgumentException("ImageGrid: columns and scale must be >= 1, got " + columns + ", " + scale);
        BufferedImage img = render(images, columns, scale);
        AtomicFile.write(file, out -> {
            if (!ImageIO.write(img, "png", out)) throw new IOException("no PNG writer in this JDK");
        });
        return file;
    }

    /** The grid as an image (gaps are mid grey). */
    static BufferedImage render(Tensor images, int columns, int scale) {
        int n = images.dim(0), h = images.dim(1), w = images.dim(2), c = images.dim(3);
        int cols = Math.min(columns, Math.max(1, n));
        int rows = (n + cols - 1) / cols;
        int cellH = h * scale + 1, cellW = w * scale + 1;
        BufferedImage img = new BufferedImage(Math.max(1, cols * cellW - 1), Math.max(1, rows * cellH - 1), BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < img.getHeight(); y++) for (int x = 0; x < img.getWidth(); x++) img.setRGB(x, y, 0x808080);
        float[] d = images.data();
        for (int i = 0; i < n; i++) {
            int oy = (i / cols) * cellH, ox = (i % cols) * cellW;
            for (int y = 0; y < h * scale; y++) {
                for (int x = 0; x < w * scale; x++) {
                    int base = ((i * h + y / scale) * w + x / scale) * c;
                    int r = byteOf(d[base]), g = c == 3 ? byteOf(d[base + 1]) : r, b = c == 3 ? byteOf(d[base + 2]) : r;
                    img.setRGB(ox + x, oy + y, (r << 16) | (g << 8) | b);
                }
            }
        }
        return img;
    }

    private static int byteOf(float v) {
        if (!(v > 0)) return 0; // also NaN
        return v >= 1 ? 255 : Math.round(v * 255);
    }
}
