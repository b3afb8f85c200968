package org.neurite.data;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;
import org.neurite.tensor.Tensor;

/**
 * Writes unsigned-byte IDX files (the MNIST format read by {@link IdxReader}), plain or gzipped
 * (maximum compression). Files are written to a temporary file and then renamed.
 */
public final class IdxWriter {
    private IdxWriter() {}

    /**
     * Writes raw IDX content: {@code data.length} must equal the product of {@code dims}.
     *
     * @param file the target file
     * @param dims the dimensions, first the record count
     * @param data the unsigned bytes, row-major
     * @param gzip whether to gzip the file
     * @throws IOException if the file cannot be written
     */
    public static void write(Path file, int[] dims, byte[] data, boolean gzip) throws IOException {
        if (dims.length < 1 || dims.length > 255) {
            throw new IllegalArgumentException("IDX needs 1..255 dimensions, got " + Arrays.toString(dims));
        }
        long n = 1;
        for (int d : dims) {
            if (d < 0) throw new IllegalArgumentException("negative dimension in " + Arrays.toString(dims));
            n *= d;
        }
        if (n != data.length) {
            throw new IllegalArgumentException("dims " + Arrays.toString(dims) + " need " + n + " bytes, got " + data.length);
        }
        org.neurite.io.AtomicFile.write(file, raw -> {
            OutputStream sink = gzip ? new MaxGzipOutputStream(raw) : raw;
            DataOutputStream out = new DataOutputStream(sink);
            out.writeInt(0x00000800 | dims.length);
            for (int d : dims) out.writeInt(d);
            out.write(data);
            out.close(); // finishes the gzip trailer and releases the deflater; closing twice is harmless
        });
    }

    /**
     * Writes images {@code (N, rows, cols)} or {@code (N, rows, cols, 1)} with values in [0, 1] as bytes {@code round(255 x)}.
     *
     * @param file the target file
     * @param images the images
     * @param gzip whether to gzip the file
     * @throws IOException if the file cannot be written
     */
    public static void writeImages(Path file, Tensor images, boolean gzip) throws IOException {
        int[] d = images.shape().dims();
        if (!(d.length == 3 || d.length == 4 && d[3] == 1)) {
            throw new IllegalArgumentException(file.getFileName() + ": images must be (N, rows, cols) or (N, rows, cols, 1), got " + images.shape());
        }
        float[] x = images.data();
        byte[] b = new byte[x.length];
        for (int i = 0; i < x.length; i++) {
            float v = x[i];
            if (!(v >= 0f && v <= 1f)) {
                throw new IllegalArgumentException(file.getFileName() + ": pixel " + i + " is " + v + ", outside [0, 1]");
            }
            b[i] = (byte) Math.round(v * 255f);
        }
        write(file, new int[] {d[0], d[1], d[2]}, b, gzip);
    }

    /**
     * Writes class labels {@code (N,)}, integers 0..255.
     *
     * @param file the target file
     * @param labels the labels
     * @param gzip whether to gzip the file
     * @throws IOException if the file cannot be written
     */
    public static void writeLabels(Path file, Tensor labels, boolean gzip) throws IOException {
        if (labels.rank() != 1) {
            throw new IllegalArgumentException(file.getFileName() + ": labels must be (N,), got " + labels.shape());
        }
        float[] y = labels.data();
        byte[] b = new byte[y.length];
        for (int i = 0; i < y.length; i++) {
            float v = y[i];
            if (!(v >= 0 && v <= 255 && v == Math.rint(v))) {
                throw new IllegalArgumentException(file.getFileName() + ": label " + i + " is " + v + ", not an integer in 0..255");
            }
            b[i] = (byte) (int) v;
        }
        write(file, new int[] {y.length}, b, gzip);
    }

    private static final class MaxGzipOutputStream extends GZIPOutputStream {
        MaxGzipOutputStream(OutputStream out) throws IOException {
            super(out, 1 << 16);
            def.setLevel(Deflater.BEST_COMPRESSION);
        }
    }
}
