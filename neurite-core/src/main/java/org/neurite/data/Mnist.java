package org.neurite.data;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.neurite.tensor.Tensor;

/**
 * MNIST-family data sets in IDX format (MNIST, Fashion-MNIST, KMNIST: same file names and format).
 *
 * <p>Images are {@code (N, 28, 28, 1)} floats in [0, 1] (byte / 255), labels {@code (N,)} class
 * indices as floats. Files are found in a folder by their standard names,
 * {@code train-images-idx3-ubyte}, {@code train-labels-idx1-ubyte}, {@code t10k-images-idx3-ubyte},
 * {@code t10k-labels-idx1-ubyte}, each optionally with {@code .gz}; the dotted variants
 * {@code train-images.idx3-ubyte} etc. are accepted too.
 *
 * <p>The first 6000 training and first 1000 test digits ship in the separate artifact
 * {@code neurite-datasets} ({@code org.neurite.datasets.MnistSubset}), so that this module stays
 * small and free of data.
 */
public final class Mnist {
    /** Image height in pixels. */
    public static final int ROWS = 28;
    /** Image width in pixels. */
    public static final int COLS = 28;
    /** Number of classes. */
    public static final int CLASSES = 10;
    /** Training images in the full data set. */
    public static final int TRAIN_SIZE = 60_000;
    /** Test images in the full data set. */
    public static final int TEST_SIZE = 10_000;

    /** MNIST's class names, the digits "0" to "9". */
    public static final List<String> DIGIT_CLASS_NAMES = List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");
    /** Fashion-MNIST's class names, "T-shirt/top" to "Ankle boot". */
    public static final List<String> FASHION_CLASS_NAMES = List.of(
            "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

    private Mnist() {}

    /**
     * Loads MNIST digits: train 60000 and test 10000, with class names "0".."9".
     *
     * @param dir the folder holding the four IDX files (plain or gzipped)
     * @return images {@code (N, 28, 28, 1)} in [0, 1] and labels {@code (N)} class indices
     * @throws IOException if a file is missing or unreadable, or DataFormatException (an IOException) naming the file when its content is malformed
     */
    public static TrainTest load(Path dir) throws IOException {
        return load(dir, Integer.MAX_VALUE, Integer.MAX_VALUE, DIGIT_CLASS_NAMES);
    }

    /**
     * Loads Fashion-MNIST (same format), with its class names "T-shirt/top" .. "Ankle boot".
     *
     * @param dir the folder holding the four IDX files
     * @return images {@code (N, 28, 28, 1)} in [0, 1] and labels {@code (N)}
     * @throws IOException if a file is missing or unreadable, or DataFormatException (an IOException) naming the file when its content is malformed
     */
    public static TrainTest loadFashion(Path dir) throws IOException {
        return load(dir, Integer.MAX_VALUE, Integer.MAX_VALUE, FASHION_CLASS_NAMES);
    }

    /**
     * Loads at most {@code trainLimit} training and {@code testLimit} test samples (the first ones
     * in file order; only those are decompressed, for fast tests).
     *
     * @param dir the folder holding the four IDX files
     * @param trainLimit most training samples
     * @param testLimit most test samples
     * @param classNames the names to attach, in class-index order
     * @return images {@code (n, 28, 28, 1)} in [0, 1] and labels {@code (n)}
     * @throws IOException if a file is missing or unreadable, or DataFormatException (an IOException) naming the file when its content is malformed
     */
    public static TrainTest load(Path dir, int trainLimit, int testLimit, List<String> classNames) throws IOException {
        Path[] files = findFiles(dir);
        Dataset train = read(files[0], files[1], trainLimit);
        Dataset test = read(files[2], files[3], testLimit);
        return new TrainTest(train, test, classNames);
    }

    /**
     * Only the test split ({@code t10k-*}, at most {@code limit} samples): the training files need
     * not be present and are not read (evaluating a model has no use for 60,000 training images).
     *
     * @param dir the folder holding the test files
     * @param limit most samples
     * @return images {@code (n, 28, 28, 1)} in [0, 1] and labels {@code (n)}
     * @throws IOException if a file is missing or unreadable, or DataFormatException (an IOException) naming the file when its content is malformed
     */
    public static Dataset loadTest(Path dir, int limit) throws IOException {
        Path[] files = findFiles(dir, 2);
        return read(files[0], files[1], limit);
    }

    /**
     * Finds the four files in {@code dir}: train images, train labels, test images, test labels.
     * If any is missing, the error lists every missing file and the names looked for.
     *
     * @param dir the folder to search
     * @return the four paths, in that order
     * @throws IOException if a file is missing (the message lists them) or the folder cannot be read
     */
    public static Path[] findFiles(Path dir) throws IOException {
        return findFiles(dir, 0);
    }

    /** The files from index {@code from} of (train images, train labels, test images, test labels). */
    private static Path[] findFiles(Path dir, int from) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IOException("MNIST folder not found: " + dir.toAbsolutePath() + " is not a directory ("
                    + DatasetPaths.describeSearch() + ")");
        }
        String[][] wanted = {{"train", "images", "idx3"}, {"train", "labels", "idx1"}, {"t10k", "images", "idx3"}, {"t10k", "labels", "idx1"}};
        Path[] found = new Path[4];
        List<String> missing = new ArrayList<>();
        for (int i = from; i < 4; i++) {
            List<String> names = candidateNames(wanted[i][0], wanted[i][1], wanted[i][2]);
            for (String n : names) {
                Path p = dir.resolve(n);
                if (Files.isRegularFile(p)) {
                    found[i] = p;
                    break;
                }
            }
            if (found[i] == null) missing.add(String.join(" or ", names));
        }
        if (!missing.isEmpty()) {
            throw new IOException("MNIST files missing in " + dir.toAbsolutePath() + ": looked for " + String.join("; ", missing)
                    + ". The folder holds: " + listing(dir));
        }
        return java.util.Arrays.copyOfRange(found, from, 4);
    }

    /**
     * Pairs images {@code (N, 28, 28, 1)} with labels {@code (N,)}, checking that the counts match
     * and that every label is a digit class; the names say which files a failure is about.
     *
     * @param images images {@code (N, 28, 28, 1)}
     * @param labels labels {@code (N)}
     * @param imagesName the images' file name, for messages
     * @param labelsName the labels' file name, for messages
     * @return the paired data set
     * @throws DataFormatException naming the files when the counts differ or a label is out of range
     */
    public static Dataset dataset(Tensor images, Tensor labels, String imagesName, String labelsName) throws DataFormatException {
        if (images.dim(0) != labels.dim(0)) {
            throw new DataFormatException(imagesName + " holds " + images.dim(0) + " images but "
                    + labelsName + " holds " + labels.dim(0) + " labels; they must match");
        }
        return new Dataset(images, checkedLabels(labels, labelsName));
    }

    // ---------------------------------------------------------------- internals

    static List<String> candidateNames(String split, String kind, String idx) {
        List<String> out = new ArrayList<>();
        for (String base : new String[] {split + "-" + kind + "-" + idx + "-ubyte", split + "-" + kind + "." + idx + "-ubyte"}) {
            out.add(base + ".gz");
            out.add(base);
        }
        return out;
    }

    private static Dataset read(Path imagesFile, Path labelsFile, int limit) throws IOException {
        return dataset(IdxReader.readImages(imagesFile, limit), IdxReader.readLabels(labelsFile, limit),
                imagesFile.getFileName().toString(), labelsFile.getFileName().toString());
    }

    private static Tensor checkedLabels(Tensor y, String name) throws DataFormatException {
        float[] d = y.data();
        for (int i = 0; i < d.length; i++) {
            if (d[i] >= CLASSES) {
                throw new DataFormatException(name + ": label " + i + " is " + (int) d[i] + ", outside 0.." + (CLASSES - 1));
            }
        }
        return y;
    }

    private static String listing(Path dir) {
        TreeSet<String> names = new TreeSet<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) names.add(p.getFileName().toString());
        } catch (IOException e) {
            return "(cannot list: " + e.getMessage() + ")";
        }
        return names.isEmpty() ? "(nothing)" : String.join(", ", names);
    }
}
