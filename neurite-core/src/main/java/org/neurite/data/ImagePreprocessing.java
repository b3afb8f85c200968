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
 * How a model's images were loaded (size, colour mode, interpolation) and what its classes are,
 * saved with the model so that prediction on new image files loads them the same way.
 */
public record ImagePreprocessing(int height, int width, ColorMode colorMode, Interpolation interpolation, List<String> classNames)
        implements InputPreprocessor {
    public ImagePreprocessing {
        classNames = List.copyOf(classNames);
    }

    /** What {@code folder} was loaded with. */
    public static ImagePreprocessing of(ImageFolder folder, Interpolation interpolation) {
        return new ImagePreprocessing(folder.featureShape().dim(0), folder.featureShape().dim(1),
                switch (folder.featureShape().dim(2)) {
                    case 1 -> ColorMode.GRAYSCALE;
                    case 4 -> ColorMode.RGBA;
                    default -> ColorMode.RGB;
                }, interpolation, folder.classNames());
    }

    /** One image file as the model input, {@code height * width * channels} floats 0..255. */
    public float[] load(Path file) throws IOException {
        return ImageFolder.loadImage(file, height, width, colorMode, interpolation);
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
        return m;
    }

    @SuppressWarnings("unchecked")
    public static ImagePreprocessing fromJson(Map<String, Object> m) {
        return new ImagePreprocessing(((Number) m.get("height")).intValue(), ((Number) m.get("width")).intValue(),
                ColorMode.valueOf(((String) m.get("color_mode")).toUpperCase(Locale.ROOT)),
                Interpolation.valueOf(((String) m.get("interpolation")).toUpperCase(Locale.ROOT)),
                (List<String>) m.get("class_names"));
    }
}
