package org.neurite.datasets;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.neurite.data.Dataset;
import org.neurite.data.IdxReader;
import org.neurite.data.Mnist;
import org.neurite.data.TrainTest;
import org.neurite.tensor.Tensor;

/**
 * The first 6000 training and first 1000 test digits of MNIST, shipped in this jar as gzipped IDX
 * resources (about 1.1 MB), so that examples, tests and first experiments need no download.
 *
 * <p>Same format and scaling as {@link Mnist#load(java.nio.file.Path)}: images
 * {@code (N, 28, 28, 1)} in [0, 1], labels {@code (N,)} class indices as floats. MNIST is by Yann
 * LeCun, Corinna Cortes and Christopher J.C. Burges (CC BY-SA 3.0; see the README.md beside the
 * resources for how the subset was made).
 */
public final class MnistSubset {
    /** Number of training digits, the first ones of MNIST's training file. */
    public static final int TRAIN_SIZE = 6_000;
    /** Number of test digits, the first ones of MNIST's test file. */
    public static final int TEST_SIZE = 1_000;

    private static final String RESOURCE_DIR = "mnist-subset/";

    private MnistSubset() {}

    /**
     * Loads the subset: train {@code (6000, 28, 28, 1)} / {@code (6000,)}, test
     * {@code (1000, 28, 28, 1)} / {@code (1000,)}, class names "0".."9".
     *
     * @return the training and test digits
     * @throws UncheckedIOException if the resources are missing or damaged (a broken jar)
     */
    public static TrainTest load() {
        try {
            return new TrainTest(read("train"), read("t10k"), Mnist.DIGIT_CLASS_NAMES);
        } catch (IOException e) {
            throw new UncheckedIOException("embedded MNIST subset is damaged: " + e.getMessage(), e);
        }
    }

    private static Dataset read(String split) throws IOException {
        String images = split + "-images-idx3-ubyte.gz";
        String labels = split + "-labels-idx1-ubyte.gz";
        return Mnist.dataset(IdxReader.images(resource(images, IdxReader.IMAGES_MAGIC)),
                IdxReader.labels(resource(labels, IdxReader.LABELS_MAGIC)), images, labels);
    }

    private static IdxReader.Idx resource(String file, int magic) throws IOException {
        String res = RESOURCE_DIR + file;
        try (InputStream in = MnistSubset.class.getResourceAsStream(res)) {
            if (in == null) {
                throw new IOException("resource org/neurite/datasets/" + res + " is not on the class path");
            }
            return IdxReader.read(in, file, magic, Integer.MAX_VALUE);
        }
    }
}
