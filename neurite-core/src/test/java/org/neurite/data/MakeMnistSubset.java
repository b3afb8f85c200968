package org.neurite.data;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Builds the MNIST subset that the {@code neurite-datasets} artifact ships (its resources
 * {@code org/neurite/datasets/mnist-subset/}):
 * the first 6000 training and the first 1000 test records of the official MNIST IDX files,
 * bytes unchanged, written as gzipped IDX (maximum deflate level) with the standard file names.
 *
 * <pre>
 * cd neurite-core &amp;&amp; mvn -q test-compile
 * java -cp target/classes:target/test-classes org.neurite.data.MakeMnistSubset \
 *     ../../shared/datasets/mnist ../neurite-datasets/src/main/resources/org/neurite/datasets/mnist-subset
 * </pre>
 *
 * {@code MnistSubsetTest} (in neurite-datasets) checks that the resources equal the first records of the real files.
 */
public final class MakeMnistSubset {
    private MakeMnistSubset() {}

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: MakeMnistSubset <mnist folder> <output folder>");
            System.exit(2);
        }
        make(Path.of(args[0]), Path.of(args[1]), 6_000, 1_000);
    }

    public static void make(Path mnistDir, Path outDir, int trainCount, int testCount) throws IOException {
        Path[] f = Mnist.findFiles(mnistDir);
        String[] out = {"train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"};
        int[] magic = {IdxReader.IMAGES_MAGIC, IdxReader.LABELS_MAGIC, IdxReader.IMAGES_MAGIC, IdxReader.LABELS_MAGIC};
        int[] count = {trainCount, trainCount, testCount, testCount};
        for (int i = 0; i < 4; i++) {
            IdxReader.Idx idx = IdxReader.read(f[i], magic[i], count[i]);
            Path target = outDir.resolve(out[i]);
            IdxWriter.write(target, idx.dims(), idx.data(), true);
            System.out.println(target + ": " + java.util.Arrays.toString(idx.dims()) + ", " + java.nio.file.Files.size(target) + " bytes");
        }
    }
}
