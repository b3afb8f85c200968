package org.neurite.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
import org.neurite.data.ImageResize.Interpolation;
import org.neurite.tensor.Shape;

/**
 * Images in class folders, {@code root/<class>/**.{png,jpg,jpeg,bmp,gif}}, with the semantics of
 * Keras' {@code image_dataset_from_directory}: class names are the sub-folder names sorted (folders
 * whose name starts with "." are ignored), class {@code i} is {@code classNames().get(i)}; images
 * are found recursively inside each class folder, visited by folder path and then file name;
 * every image is resized to {@code (height, width)} and given as channels-last float32 values
 * 0..255 (rescaling belongs to a preprocessing layer, as in Keras).
 *
 * <p>Images are decoded lazily, one per {@link #read} call, never all at once, so a folder larger
 * than the heap can be streamed. {@code read} is safe to call from several threads.
 *
 * <p>Validation split ({@code subset="training"/"validation"}): the sorted file list is shuffled
 * with {@link BatchStream#permutation(int, long) permutation(n, seed)} and the LAST
 * {@code floor(split * n)} files are the validation subset, the others the training subset, as
 * Keras does. The shuffle uses Neurite's seeded permutation, not NumPy's, so the same seed picks a
 * different (but equally fixed) subset than Keras. Without a split the files stay in sorted order
 * (the batching path shuffles per epoch).
 *
 * <p>Targets per {@link LabelMode}: {@code INT} a class index, shape {@code ()}; {@code CATEGORICAL}
 * one-hot, shape {@code (classes)}; {@code BINARY} 0 or 1, shape {@code (1)}, exactly two classes;
 * {@code NONE} no label: the images are indexed from {@code root} down whatever the folders, and
 * the target is the image itself (shape {@code (h, w, c)}), so an autoencoder trains on it as is.
 *
 * <p>Unreadable or corrupt files: by default {@code read} fails with a message naming the file.
 * With {@link Options#skipUnreadable()} every file is decoded once at construction (slow for big
 * folders: a full pass) and the ones that fail are left out and counted ({@link #skippedFiles()});
 * a skipped file never shifts another file's label, since labels come from each file's own folder.
 */
public final class ImageFolder implements SampleSource {
    private static final System.Logger LOG = System.getLogger(ImageFolder.class.getName());
    /** File name endings that are indexed (case-insensitive), as Keras' allow-list. */
    public static final List<String> EXTENSIONS = List.of(".png", ".jpg", ".jpeg", ".bmp", ".gif");

    /** Pixel channels: 1 gray, 3 RGB, 4 RGBA. */
    public enum ColorMode {
        /** One channel. */
        GRAYSCALE(1),
        /** Red, green, blue. */
        RGB(3),
        /** Red, green, blue, alpha. */
        RGBA(4);

        private final int channels;

        ColorMode(int channels) {
            this.channels = channels;
        }

        /** @return the number of channels */
        public int channels() {
            return channels;
        }
    }

    /** How a file's class becomes its target; see the class comment. */
    public enum LabelMode {
        /** The class index, target shape {@code ()}. */
        INT,
        /** One-hot, target shape {@code (classes)}. */
        CATEGORICAL,
        /** 0 or 1 for exactly two classes, target shape {@code (1)}. */
        BINARY,
        /** No target (for predict). */
        NONE
    }

    /** Which side of a validation split. */
    public enum Subset {
        /** The first part of the seeded order. */
        TRAINING,
        /** The held-out last part. */
        VALIDATION
    }

    /** Loader settings; defaults as Keras: 256x256, RGB, int labels, bilinear, no split. */
    public static final class Options {
        private int height = 256;
        private int width = 256;
        private ColorMode colorMode = ColorMode.RGB;
        private LabelMode labelMode = LabelMode.INT;
        private Interpolation interpolation = Interpolation.BILINEAR;
        private double validationSplit;
        private long seed;
        private boolean skipUnreadable;

        /**
         * Sets the size every image is resized to.
         *
         * @param height pixels
         * @param width pixels
         * @return these options, for chaining
         * @throws IllegalArgumentException if either is not positive
         */
        public Options imageSize(int height, int width) {
            if (height <= 0 || width <= 0) throw new IllegalArgumentException("image size must be positive, got " + height + "x" + width);
            this.height = height;
            this.width = width;
            return this;
        }

        /**
         * Sets the channels images are converted to.
         *
         * @param mode grayscale, rgb or rgba
         * @return these options, for chaining
         */
        public Options colorMode(ColorMode mode) {
            this.colorMode = Objects.requireNonNull(mode, "colorMode");
            return this;
        }

        /**
         * Sets how a file's class becomes its target.
         *
         * @param mode int (default), categorical, binary or none
         * @return these options, for chaining
         */
        public Options labelMode(LabelMode mode) {
            this.labelMode = Objects.requireNonNull(mode, "labelMode");
            return this;
        }

        /**
         * Sets how images are resized.
         *
         * @param mode bilinear (default) or nearest
         * @return these options, for chaining
         */
        public Options interpolation(Interpolation mode) {
            this.interpolation = Objects.requireNonNull(mode, "interpolation");
            return this;
        }

        /**
         * Keras {@code validation_split} with {@code seed}: the shuffle before the split is seeded.
         *
         * @param fraction the validation share
         * @param seed the seed of the shuffle before the split
         * @return these options, for chaining
         */
        public Options validationSplit(double fraction, long seed) {
            if (!(fraction > 0 && fraction < 1)) throw new IllegalArgumentException("validation split must be strictly between 0 and 1, got " + fraction);
            this.validationSplit = fraction;
            this.seed = seed;
            return this;
        }

        /**
         * Decode-checks every file when the folder is opened and leaves out (and counts) the unreadable ones.
         *
         * @return these options, for chaining
         */
        public Options skipUnreadable() {
            this.skipUnreadable = true;
            return this;
        }

        /** @return the target height in pixels */
        public int height() {
            return height;
        }

        /** @return the target width in pixels */
        public int width() {
            return width;
        }

        /** @return the channels images are converted to */
        public ColorMode colorMode() {
            return colorMode;
        }
    }

    /** Both subsets of a split (Keras {@code subset="both"}). */
    public record Split(ImageFolder training, ImageFolder validation) {}

    private final Path root;
    private final Options options;
    private final List<String> classNames;
    private final List<Path> files;
    private final int[] labels;
    private final List<Path> skipped;
    private final Shape featureShape;
    private final Shape targetShape;

    private ImageFolder(Path root, Options options, List<String> classNames, List<Path> files, int[] labels, List<Path> skipped) {
        this.root = root;
        this.options = options;
        this.classNames = List.copyOf(classNames);
        this.files = List.copyOf(files);
        this.labels = labels;
        this.skipped = List.copyOf(skipped);
        this.featureShape = Shape.of(options.height, options.width, options.colorMode.channels());
        this.targetShape = switch (options.labelMode) {
            case INT -> Shape.scalar();
            case CATEGORICAL -> Shape.of(classNames.size());
            case BINARY -> Shape.of(1);
            case NONE -> featureShape;
        };
    }

    /** @return new options with Keras' defaults */
    public static Options options() {
        return new Options();
    }

    /**
     * All images under {@code root} (no split allowed in {@code options}; use {@link #open(Path, Options, Subset)}).
     *
     * @param root the folder holding one sub-folder per class
     * @param options size, colour, labels
     * @return the samples, features {@code (height, width, channels)} 0..255
     * @throws IOException if the folder cannot be read, or DataFormatException naming a file that cannot be decoded
     */
    public static ImageFolder open(Path root, Options options) throws IOException {
        if (options.validationSplit > 0) {
            throw new IllegalArgumentException("ImageFolder " + root + ": a validation split is set; choose the subset with open(root, options, subset) or split(root, options)");
        }
        Index index = index(root, options);
        return new ImageFolder(root, options, index.classNames, index.files, index.labels, index.skipped);
    }

    /**
     * One subset of a seeded validation split, Keras {@code subset="training"} or {@code "validation"}.
     *
     * @param root the folder holding one sub-folder per class
     * @param options size, colour, labels and the split
     * @param subset which part
     * @return that part's samples
     * @throws IOException if the folder cannot be read, or DataFormatException naming a file that cannot be decoded
     */
    public static ImageFolder open(Path root, Options options, Subset subset) throws IOException {
        Split s = split(root, options);
        return subset == Subset.TRAINING ? s.training() : s.validation();
    }

    /**
     * Both subsets of a seeded validation split (Keras {@code subset="both"}).
     *
     * @param root the folder holding one sub-folder per class
     * @param options size, colour, labels and the split
     * @return both parts
     * @throws IOException if the folder cannot be read, or DataFormatException naming a file that cannot be decoded
     */
    public static Split split(Path root, Options options) throws IOException {
        if (!(options.validationSplit > 0)) throw new IllegalArgumentException("ImageFolder " + root + ": split needs Options.validationSplit(fraction, seed)");
        Index index = index(root, options);
        int n = index.files.size();
        int numVal = (int) (options.validationSplit * n);
        if (numVal < 1 || numVal >= n) {
            throw new IllegalArgumentException("ImageFolder " + root + ": " + n + " images are too few for validation split " + options.validationSplit
                    + " (it gives " + numVal + " validation and " + (n - numVal) + " training images; both must be at least 1)");
        }
        int[] order = BatchStream.permutation(n, options.seed);
        List<Path> trainFiles = new ArrayList<>(), valFiles = new ArrayList<>();
        int[] trainLabels = new int[n - numVal], valLabels = new int[numVal];
        for (int k = 0; k < n; k++) {
            int i = order[k];
            if (k < n - numVal) {
                trainLabels[trainFiles.size()] = index.labels[i];
                trainFiles.add(index.files.get(i));
            } else {
                valLabels[valFiles.size()] = index.labels[i];
                valFiles.add(index.files.get(i));
            }
        }
        return new Split(new ImageFolder(root, options, index.classNames, trainFiles, trainLabels, index.skipped),
                new ImageFolder(root, options, index.classNames, valFiles, valLabels, index.skipped));
    }

    /**
     * Decodes one image file and resizes it to {@code (height, width)}: channels-last floats 0..255,
     * {@code height * width * colorMode.channels()} of them (what {@link #read} gives for one file).
     *
     * @param file the image file
     * @param height target height
     * @param width target width
     * @param colorMode target channels
     * @param interpolation how to resize
     * @return the pixels
     * @throws IOException if the file cannot be read or decoded
     */
    public static float[] loadImage(Path file, int height, int width, ColorMode colorMode, Interpolation interpolation) throws IOException {
        ImageDecoder.Pixels p = ImageDecoder.decode(file, colorMode.channels());
        float[] out = new float[height * width * colorMode.channels()];
        ImageResize.resize(p.data(), p.height(), p.width(), p.channels(), out, 0, height, width, interpolation);
        return out;
    }

    /**
     * Whether {@code file}'s name ends with one of the {@link #EXTENSIONS} (case-insensitive).
     *
     * @param file any path
     * @return true for an image file name
     */
    public static boolean isImageFile(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        for (String e : EXTENSIONS) if (name.endsWith(e)) return true;
        return false;
    }

    // ---------------------------------------------------------------- SampleSource

    @Override
    public int size() {
        return files.size();
    }

    @Override
    public Shape featureShape() {
        return featureShape;
    }

    @Override
    public Shape targetShape() {
        return targetShape;
    }

    @Override
    public void read(int index, float[] x, int xOffset, float[] y, int yOffset) {
        Objects.checkIndex(index, files.size());
        Path file = files.get(index);
        try {
            ImageDecoder.Pixels p = ImageDecoder.decode(file, options.colorMode.channels());
            ImageResize.resize(p.data(), p.height(), p.width(), p.channels(), x, xOffset, options.height, options.width, options.interpolation);
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
        switch (options.labelMode) {
            case INT -> y[yOffset] = labels[index];
            case CATEGORICAL -> {
                java.util.Arrays.fill(y, yOffset, yOffset + classNames.size(), 0f);
                y[yOffset + labels[index]] = 1f;
            }
            case BINARY -> y[yOffset] = labels[index];
            case NONE -> System.arraycopy(x, xOffset, y, yOffset, featureShape.size());
        }
    }

    // ---------------------------------------------------------------- what was found

    /** @return the folder this was read from */
    public Path root() {
        return root;
    }

    /** @return class names in label order ({@code i} is the name of class index {@code i}); empty with {@link LabelMode#NONE} */
    public List<String> classNames() {
        return classNames;
    }

    /** @return class name to class index, in label order */
    public Map<String, Integer> classIndices() {
        Map<String, Integer> m = new LinkedHashMap<>();
        for (int i = 0; i < classNames.size(); i++) m.put(classNames.get(i), i);
        return Collections.unmodifiableMap(m);
    }

    /** @return the image files, in sample order */
    public List<Path> files() {
        return files;
    }

    /**
     * Class index of sample {@code index} (-1 with {@link LabelMode#NONE}).
     *
     * @param index the sample, from 0
     * @return its class index, or -1 with {@link LabelMode#NONE}
     */
    public int label(int index) {
        return labels[Objects.checkIndex(index, files.size())];
    }

    /** @return files left out because they could not be decoded (only with {@link Options#skipUnreadable()}) */
    public List<Path> skippedFiles() {
        return skipped;
    }

    @Override
    public String toString() {
        return "ImageFolder(" + root + ": " + files.size() + " images, " + classNames.size() + " classes, " + featureShape + ")";
    }

    // ---------------------------------------------------------------- indexing

    private record Index(List<String> classNames, List<Path> files, int[] labels, List<Path> skipped) {}

    private static Index index(Path root, Options options) throws IOException {
        if (!Files.isDirectory(root)) throw new java.nio.file.NoSuchFileException(root.toString(), null, "image folder not found");
        List<String> classNames = new ArrayList<>();
        List<Path> files = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        if (options.labelMode == LabelMode.NONE) {
            for (Path f : imagesUnder(root)) {
                files.add(f);
                labels.add(-1);
            }
        } else {
            try (Stream<Path> s = Files.list(root)) {
                s.filter(Files::isDirectory).map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".")).sorted().forEach(classNames::add);
            }
            if (classNames.isEmpty()) {
                throw new DataFormatException(root + ": no class sub-folders; expected root/<class>/<image>." + String.join("|", EXTENSIONS.stream().map(e -> e.substring(1)).toList()));
            }
            if (options.labelMode == LabelMode.BINARY && classNames.size() != 2) {
                throw new IllegalArgumentException(root + ": label mode BINARY needs exactly 2 class folders, found " + classNames.size() + " " + classNames);
            }
            for (int c = 0; c < classNames.size(); c++) {
                for (Path f : imagesUnder(root.resolve(classNames.get(c)))) {
                    files.add(f);
                    labels.add(c);
                }
            }
        }
        List<Path> skipped = new ArrayList<>();
        if (options.skipUnreadable) {
            boolean[] bad = new boolean[files.size()];
            List<Path> candidates = files;
            java.util.stream.IntStream.range(0, files.size()).parallel().forEach(i -> {
                try {
                    ImageDecoder.decode(candidates.get(i), 1);
                } catch (IOException e) {
                    bad[i] = true;
                }
            });
            List<Path> keptFiles = new ArrayList<>();
            List<Integer> keptLabels = new ArrayList<>();
            for (int i = 0; i < files.size(); i++) {
                if (bad[i]) {
                    skipped.add(files.get(i));
                } else {
                    keptFiles.add(files.get(i));
                    keptLabels.add(labels.get(i));
                }
            }
            if (!skipped.isEmpty()) {
                LOG.log(System.Logger.Level.WARNING, () -> root + ": skipped " + skipped.size() + " unreadable image(s), e.g. " + skipped.get(0));
            }
            files = keptFiles;
            labels = keptLabels;
        }
        if (files.isEmpty()) {
            throw new DataFormatException(root + ": no readable images found (looked for " + String.join(", ", EXTENSIONS)
                    + (options.labelMode == LabelMode.NONE ? " under the folder" : " inside the class folders " + classNames) + ")");
        }
        int[] l = new int[labels.size()];
        for (int i = 0; i < l.length; i++) l[i] = labels.get(i);
        return new Index(classNames, files, l, skipped);
    }

    /** Image files under {@code dir}, recursively, ordered by folder path then file name (Keras' walk order). */
    private static List<Path> imagesUnder(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir, java.nio.file.FileVisitOption.FOLLOW_LINKS)) {
            return s.filter(Files::isRegularFile).filter(ImageFolder::isImageFile)
                    .sorted(Comparator.comparing((Path p) -> p.getParent().toString()).thenComparing(p -> p.getFileName().toString()))
                    .toList();
        }
    }
}
