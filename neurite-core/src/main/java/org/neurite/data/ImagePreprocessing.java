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
 * How a model's images were loaded (size, colour mode, interpolation, a pixel scale factor) and
 * what its classes are, saved with the model so that prediction on new image files loads them the
 * same way. {@code scale} multiplies the 0..255 pixel values ({@code 1/255} gives the [0, 1] range of
 * the MNIST/CIFAR binary loaders; 1 when the model rescales inside, with a Rescaling layer).
 */
public record ImagePreprocessing(int height, int width, ColorMode colorMode, Interpolation interpolation, List<String> classNames, float scale)
        implements InputPreprocessor {
    public ImagePreprocessing {
        classNames = List.copyOf(classNames);
        if (!(scale > 0) || !Float.isFinite(scale)) throw new IllegalArgumentException("image scale must be positive and finite, got " + scale);
    }

    /** One image file as the model input: {@code height * width * channels} floats, 0..255 times {@code scale}. */
    public float[] load(Path file) throws IOException {
        float[] x = ImageFolder.loadImage(file, height, width, colorMode, interpolation);
        if (scale != 1f) for (int i = 0; i < x.length; i++) x[i] *= scale;
        return x;
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
        m.put("scale", scale);
        return m;
    }

    @SuppressWarnings("unchecked")
    public static ImagePreprocessing fromJson(Map<String, Object> m) {
        return new ImagePreprocessing(((Number) m.get("height")).intValue(), ((Number) m.get("width")).intValue(),
                ColorMode.valueOf(((String) m.get("color_mode")).toUpperCase(Locale.ROOT)),
                Interpolation.valueOf(((String) m.get("interpolation")).toUpperCase(Locale.ROOT)),
                (List<String>) m.get("class_names"), ((Number) m.get("scale")).floatValue());
    }
}
