package org.neurite.io;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.neurite.tensor.Shape;

/**
 * One row of a model file's weight index: name, shape and where its float32 bytes are. The index
 * is validated as a whole against the real size of the data section before anything is read, so a
 * corrupt header cannot make the loader allocate more than the file holds.
 */
record WeightEntry(String name, Shape shape, long offset, long length) {
    static List<WeightEntry> parseIndex(Map<String, Object> header, long dataBytes, Path file) throws ModelFormatException {
        if (!(header.get("weights") instanceof List<?> list)) throw new ModelFormatException(file, "corrupt header: no \"weights\" index");
        List<WeightEntry> out = new ArrayList<>();
        Set<String> names = new HashSet<>();
        long expectedOffset = 0;
        for (Object o : list) {
            if (!(o instanceof Map<?, ?> e) || !(e.get("name") instanceof String name)) {
                throw new ModelFormatException(file, "corrupt header: weight index entry without a name: " + o);
            }
            if (!"float32".equals(e.get("dtype"))) throw new ModelFormatException(file, "weight " + name + ": dtype " + e.get("dtype") + " is not supported (float32 only)");
            if (!(e.get("shape") instanceof List<?> dims)) throw new ModelFormatException(file, "weight " + name + ": no shape");
            int[] d = new int[dims.size()];
            long count = 1;
            for (int i = 0; i < d.length; i++) {
                if (!(dims.get(i) instanceof Long v) || v < 0 || v > Integer.MAX_VALUE) throw new ModelFormatException(file, "weight " + name + ": bad shape " + dims);
                d[i] = (int) (long) v;
                count *= v;
                if (count > dataBytes / 4 + 1) throw new ModelFormatException(file, "weight " + name + ": shape " + dims + " is larger than the whole file");
            }
            if (!(e.get("offset") instanceof Long offset) || !(e.get("length") instanceof Long length)) {
                throw new ModelFormatException(file, "weight " + name + ": offset and length must be integers");
            }
            if (length != 4 * count) throw new ModelFormatException(file, "weight " + name + ": length " + length + " does not match shape " + dims + " (" + 4 * count + " bytes)");
            if (offset != expectedOffset) throw new ModelFormatException(file, "weight " + name + ": offset " + offset + " should be " + expectedOffset + " (weights are stored back to back)");
            if (offset + length > dataBytes) {
                throw new ModelFormatException(file, "truncated: weight " + name + " needs bytes " + offset + ".." + (offset + length)
                        + " of the data section, which has only " + dataBytes + " bytes");
            }
            if (!names.add(name)) throw new ModelFormatException(file, "weight " + name + " appears twice in the index");
            out.add(new WeightEntry(name, Shape.of(d), offset, length));
            expectedOffset = offset + length;
        }
        if (expectedOffset != dataBytes) {
            throw new ModelFormatException(file, "corrupt: " + (dataBytes - expectedOffset) + " unexpected bytes after the weight data");
        }
        return out;
    }
}
