package org.neurite.data;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * Decodes one image file (PNG, JPEG, BMP, GIF: whatever {@link ImageIO} reads) into channels-last
 * float32 pixels {@code (h, w, c)} with values 0..255, as Keras' {@code decode_image} gives them.
 *
 * <p>Gray images (8 or 16 bit, with or without alpha) are read from the raster, not through
 * {@code getRGB}, which would convert them from a linear gray colour space and change the values.
 * Colour to grayscale uses {@code tf.image.rgb_to_grayscale}'s weights
 * {@code 0.2989 R + 0.5870 G + 0.1140 B}; alpha is 255 when the image has none; gray to RGB
 * repeats the gray value.
 */
final class ImageDecoder {
    private ImageDecoder() {}

    /** Decoded pixels, {@code height x width x channels} floats. */
    record Pixels(float[] data, int height, int width, int channels) {}

    /**
     * Decodes {@code file} into {@code channels} (1 gray, 3 RGB, 4 RGBA) values per pixel.
     * @throws DataFormatException naming the file when it is not a readable image
     */
    static Pixels decode(Path file, int channels) throws IOException {
        BufferedImage img;
        if (!Files.isRegularFile(file)) throw new java.nio.file.NoSuchFileException(file.toString(), null, "image file not found");
        try {
            img = ImageIO.read(file.toFile()); // a file input: no ImageIO stream cache on disk
        } catch (IOException | RuntimeException e) {
            // ImageIO throws IIOException for corrupt data and sometimes runtime exceptions from its decoders
            throw new DataFormatException(file + ": not a readable image (" + e + ")", e);
        }
        if (img == null) throw new DataFormatException(file + ": not a readable image (no ImageIO decoder recognises its content)");
        int h = img.getHeight(), w = img.getWidth();
        float[] out = new float[h * w * channels];
        Raster raster = img.getRaster();
        boolean gray = img.getColorModel().getColorSpace().getType() == ColorSpace.TYPE_GRAY && raster.getNumBands() <= 2
                && img.getColorModel().getComponentSize(0) <= 16;
        if (gray) {
            float scale = 255f / ((1 << img.getColorModel().getComponentSize(0)) - 1);
            boolean alpha = raster.getNumBands() == 2;
            float alphaScale = alpha ? 255f / ((1 << img.getColorModel().getComponentSize(1)) - 1) : 0;
            int[] px = new int[raster.getNumBands()];
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    raster.getPixel(x, y, px);
                    float g = px[0] * scale;
                    float a = alpha ? px[1] * alphaScale : 255f;
                    store(out, (y * w + x) * channels, channels, g, g, g, a, true);
                }
            }
        } else {
            int[] row = new int[w];
            for (int y = 0; y < h; y++) {
                img.getRGB(0, y, w, 1, row, 0, w);
                for (int x = 0; x < w; x++) {
                    int argb = row[x];
                    store(out, (y * w + x) * channels, channels, (argb >> 16) & 0xff, (argb >> 8) & 0xff, argb & 0xff,
                            (argb >>> 24) & 0xff, false);
                }
            }
        }
        return new Pixels(out, h, w, channels);
    }

    private static void store(float[] out, int o, int channels, float r, float g, float b, float a, boolean isGray) {
        switch (channels) {
            case 1 -> out[o] = isGray ? r : 0.2989f * r + 0.5870f * g + 0.1140f * b;
            case 3 -> {
                out[o] = r;
                out[o + 1] = g;
                out[o + 2] = b;
            }
            case 4 -> {
                out[o] = r;
                out[o + 1] = g;
                out[o + 2] = b;
                out[o + 3] = a;
            }
            default -> throw new IllegalArgumentException("channels must be 1, 3 or 4, got " + channels);
        }
    }
}
