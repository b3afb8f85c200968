package org.neurite.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.neurite.data.ImageFolder.ColorMode;
import org.neurite.data.ImageResize.Interpolation;

/**
 * How a model's images were loaded (size, colour mode, interpolation, a pixel divisor) and what its
 * classes are, saved with the model so that prediction on new image files loads them the same way.
 * The 0..255 pixel values are divided by {@code divisor}: 255 gives exactly the {@code v / 255} of
 * the MNIST/CIFAR binary loaders; 1 keeps them (a model that rescales inside, with a Rescaling layer).
 */
public record ImagePreprocessing(int height, int width, ColorMode colorMode, Interpolation interpolation, List<String> classNames, float divisor)
        implements InputPreprocessor {
    /**
     * Checks the divisor and copies the class names.
     *
     * @param height model input height in pixels
     * @param width model input width in pixels
     * @param colorMode grayscale, rgb or rgba
     * @param interpolation how images are resized to {@code height x width}
     * @param classNames the class names in class-index order
     * @param divisor what pixel values 0..255 are divided by (255 or 1)
     * @throws IllegalArgumentException if the divisor is not positive and finite
     */
    public ImagePreprocessing {
        classNames = List.copyOf(classNames);
        if (!(divisor > 0) || !Float.isFinite(divisor)) throw new IllegalArgumentException("image divisor must be positive and finite, got " + divisor);
    }

    /**
     * One image file as the model input: {@code height * width * channels} floats, 0..255 divided by {@code divisor}.
     *
     * @param file an image file (any format {@link ImageFolder} reads)
     * @return the pixels, channels last
     * @throws IOException if the file cannot be read or decoded
     */
    public float[] load(Path file) throws IOException {
        float[] x = ImageFolder.loadImage(file, height, width, colorMode, interpolation);
        divide(x, divisor);
        return x;
    }

    /**
     * {@code x[i] / divisor} in place (a division, not a multiplication by 1/divisor, so 255 matches the binary loaders bit for bit).
     *
     * @param x the values, overwritten
     * @param divisor the divisor
     */
    public static void divide(float[] x, float divisor) {
        divide(x, 0, x.length, divisor);
    }

    /**
     * {@link #divide(float[], float)} on {@code x[from, to)}: one sample of a batch.
     *
     * @param x pixel values
     * @param from the first index divided
     * @param to the index after the last
     * @param divisor the divisor; 1 leaves the values as they are
     */
    public static void divide(float[] x, int from, int to, float divisor) {
        if (divisor != 1f) for (int i = from; i < to; i++) x[i] /= divisor;
    }

    @Override
    public String kind() {
        return "image";
    }

    @Override
    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", kind());
        m.put("height", height);
        m.put("width", width);
        m.put("color_mode", colorMode.name().toLowerCase(Locale.ROOT));
        m.put("interpolation", interpolation.name().toLowerCase(Locale.ROOT));
        m.put("class_names", classNames);
        m.put("divisor", divisor);
        return m;
    }

    /**
     * Rebuilds the preprocessing saved by {@link #toJson()}.
     *
     * @param m the saved state
     * @return the preprocessing
     */
    @SuppressWarnings("unchecked")
    public static ImagePreprocessing fromJson(Map<String, Object> m) {
        return new ImagePreprocessing(((Number) m.get("height")).intValue(), ((Number) m.get("width")).intValue(),
                ColorMode.valueOf(((String) m.get("color_mode")).toUpperCase(Locale.ROOT)),
                Interpolation.valueOf(((String) m.get("interpolation")).toUpperCase(Locale.ROOT)),
                (List<String>) m.get("class_names"), ((Number) m.get("divisor")).floatValue());
    }
}
