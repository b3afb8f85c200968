package org.neurite.io.keras.h5;

import io.jhdf.HdfFile;
import io.jhdf.api.Attribute;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.neurite.io.ErrorText;
import org.neurite.io.InputFiles;
import org.neurite.io.keras.KerasImportException;
import org.neurite.io.keras.KerasJson;
import org.neurite.nn.Model;

/**
 * A whole Keras model (architecture and weights) from one file:
 * <ul>
 *   <li>{@code .keras} (Keras 3): a zip with {@code config.json} (the model JSON, Keras 3
 *       flavour), {@code model.weights.h5} (see {@link KerasWeights}) and {@code metadata.json};</li>
 *   <li>legacy {@code .h5} ({@code model.save("x.h5")} in Keras 2): the JSON in the root
 *       attribute {@code model_config}, the weights under {@code model_weights}.</li>
 * </ul>
 * The kind is recognised from the file's first bytes, not its name. Zip entries are read with a
 * size limit, so a zip bomb fails instead of filling the memory.
 */
public final class KerasModelFile {
    /** Largest zip entry read into memory (config or weights). */
    static final long MAX_ENTRY = 2L << 30;

    private KerasModelFile() {}

    /**
     * Reads a whole Keras model file, architecture and weights, with the strict import options.
     *
     * @param file a {@code .keras} (Keras 3 zip) or {@code .h5} (Keras 2 HDF5) file
     * @return the model with its weights
     * @throws IOException naming the file, if it is unreadable, truncated or not a Keras model
     */
    public static Model load(Path file) throws IOException {
        return load(file, new KerasJson.Options());
    }

    /**
     * Reads a whole Keras model file, architecture and weights.
     *
     * @param file a {@code .keras} (Keras 3 zip) or {@code .h5} (Keras 2 HDF5) file
     * @param options how the architecture is imported (strict or lenient, fields to ignore)
     * @return the model with its weights
     * @throws IOException naming the file, if it is unreadable, truncated or not a Keras model
     */
    public static Model load(Path file, KerasJson.Options options) throws IOException {
        InputFiles.requireRegular(file, "Keras model file (.keras or .h5)");
        String name = ErrorText.path(file);
        byte[] magic = new byte[4];
        try (InputStream in = Files.newInputStream(file)) {
            if (in.readNBytes(magic, 0, 4) < 4) throw new IOException(name + ": too short to be a Keras model file");
        }
        try {
            if (magic[0] == 'P' && magic[1] == 'K') return loadZip(file, options);
            if ((magic[0] & 0xff) == 0x89 && magic[1] == 'H' && magic[2] == 'D' && magic[3] == 'F') return loadLegacy(file, options);
        } catch (KerasImportException e) {
            throw new KerasImportException(name, e.problems()); // the list of unsupported items, now naming the file
        } catch (IOException e) {
            // ZipException, EOFException and the like from a truncated or corrupt file: always with its name
            String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            throw m.startsWith(name) ? e : new IOException(name + ": truncated or corrupt (" + ErrorText.quote(m) + ")", e);
        } catch (RuntimeException e) {
            // jHDF's HdfException and anything else a damaged file makes the parsers throw
            throw new IOException(name + ": truncated or corrupt (" + ErrorText.quote(String.valueOf(e.getMessage())) + ")", e);
        }
        throw new IOException(name + ": neither a .keras zip nor an HDF5 (.h5) file");
    }

    private static Model loadZip(Path file, KerasJson.Options options) throws IOException {
        String name = ErrorText.path(file);
        try (ZipFile zip = new ZipFile(file.toFile())) {
            ZipEntry config = zip.getEntry("config.json");
            ZipEntry weights = zip.getEntry("model.weights.h5");
            if (config == null) throw new IOException(name + ": the .keras zip has no config.json");
            Model model = KerasJson.read(new String(read(zip, config, 64L << 20, file), StandardCharsets.UTF_8), options);
            if (weights == null) throw new IOException(name + ": the .keras zip has no model.weights.h5");
            // the weights file of a model is about its parameter bytes: a bound that stops a zip bomb early
            long bound = Math.min(MAX_ENTRY, 2 * Float.BYTES * model.countParams() + (64L << 20));
            byte[] h5 = read(zip, weights, bound, file);
            HdfFile hdf;
            try {
                hdf = HdfFile.fromBytes(h5);
            } catch (RuntimeException e) {
                throw new IOException(name + "!model.weights.h5: not a readable HDF5 file (" + ErrorText.quote(String.valueOf(e.getMessage())) + ")", e);
            }
            try (hdf) {
                KerasWeights.load(model, hdf, name + "!model.weights.h5");
            }
            return model;
        }
    }

    private static byte[] read(ZipFile zip, ZipEntry e, long limit, Path file) throws IOException {
        try (InputStream in = zip.getInputStream(e)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buf = new byte[1 << 16];
            long total = 0;
            for (int n; (n = in.read(buf)) > 0; ) {
                total += n;
                if (total > limit) {
                    throw new IOException(ErrorText.path(file) + "!" + ErrorText.quote(e.getName()) + ": larger than " + limit + " bytes");
                }
                out.write(buf, 0, n);
            }
            return out.toByteArray();
        } catch (java.util.zip.ZipException | java.io.EOFException x) {
            throw new IOException(ErrorText.path(file) + "!" + ErrorText.quote(e.getName()) + ": truncated or corrupt ("
                    + ErrorText.quote(String.valueOf(x.getMessage())) + ")", x);
        }
    }

    private static Model loadLegacy(Path file, KerasJson.Options options) throws IOException {
        try (HdfFile h5 = KerasWeights.open(file)) {
            Attribute config = h5.getAttribute("model_config");
            if (config == null) {
                throw new IOException(file + ": an .h5 with weights only (no model_config attribute); build the model "
                        + "(e.g. KerasJson.read) and use KerasWeights.load");
            }
            Object json = config.getData();
            if (json instanceof String[] arr && arr.length == 1) json = arr[0];
            if (!(json instanceof String text)) throw new IOException(file + ": model_config is not a string");
            Model model = KerasJson.read(text, options);
            KerasWeights.load(model, h5, file.toString());
            return model;
        }
    }
}
