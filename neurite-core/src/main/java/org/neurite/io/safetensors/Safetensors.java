package org.neurite.io.safetensors;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.neurite.io.AtomicFile;
import org.neurite.io.Json;
import org.neurite.nn.Layer;
import org.neurite.nn.Model;
import org.neurite.nn.Weight;
import org.neurite.tensor.Shape;
import org.neurite.tensor.Tensor;

/**
 * The safetensors format (Hugging Face), read and written without any dependency:
 *
 * <pre>
 * bytes 0..7   N, uint64 little-endian
 * next N bytes UTF-8 JSON header {"name": {"dtype": "F32", "shape": [2, 3], "data_offsets": [begin, end]}, ...,
 *              "__metadata__": {"key": "string value"}}, padded with spaces (Python pads to 8 bytes)
 * the rest     the data buffer; offsets are relative to its start, little-endian, C order
 * </pre>
 *
 * Reading converts F32, F16, BF16, F64 and the integer types (I8..I64, U8, BOOL) to float32 tensors
 * (integers exactly up to 2^24); writing writes F32. Like Python's {@code safetensors}, a file is
 * valid only if the tensors tile the data buffer exactly (no overlap, no hole, nothing after).
 * Every size is checked against the file size before anything is allocated, and no code is run:
 * a malformed file fails with a {@link SafetensorsFormatException} naming the file and the problem.
 *
 * <p>Model weights are stored by their full Neurite names ({@code conv2d/kernel},
 * {@code dense_1/bias}), in the Keras layouts (Dense kernel {@code (in, out)}, Conv2D kernel
 * {@code (kh, kw, in, out)}); {@link PyTorchWeights} maps a PyTorch {@code state_dict} instead.
 */
public final class Safetensors {
    /** The header is at most this large (Python's safetensors uses the same 100 MB limit). */
    static final long MAX_HEADER = 100_000_000L;
    static final String METADATA = "__metadata__";

    private Safetensors() {}

    /**
     * The tensors of a file (in data order) and its string metadata.
     *
     * @param tensors the tensors by name, as float32
     * @param dtypes each tensor's dtype in the file ({@code F32}, {@code F16}, ...)
     * @param metadata the header's {@code __metadata__} strings
     */
    public record Contents(Map<String, Tensor> tensors, Map<String, String> dtypes, Map<String, String> metadata) {
        /**
         * @param name the tensor's name in the file
         * @return the tensor, or null when the file has none of that name
         */
        public Tensor get(String name) {
            return tensors.get(name);
        }
    }

    // ---------------------------------------------------------------- reading

    /**
     * Reads a safetensors file; every numeric dtype is converted to float32.
     *
     * @param file the file
     * @return its tensors and metadata
     * @throws IOException if it cannot be read, or a {@link SafetensorsFormatException} naming what is malformed
     */
    public static Contents read(Path file) throws IOException {
        org.neurite.io.InputFiles.requireRegular(file, "safetensors file");
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size < 8) throw new SafetensorsFormatException(file, "too short for safetensors (" + size + " bytes; the header length alone takes 8)");
            long n = readFully(ch, 0, 8, file).order(ByteOrder.LITTLE_ENDIAN).getLong();
            if (n < 2 || n > MAX_HEADER || n > size - 8) {
                throw new SafetensorsFormatException(file, "header length " + Long.toUnsignedString(n) + " is impossible (the file has "
                        + (size - 8) + " bytes after the length field; the limit is " + MAX_HEADER + ")");
            }
            String text;
            try {
                text = StandardCharsets.UTF_8.newDecoder().decode(readFully(ch, 8, (int) n, file)).toString();
            } catch (CharacterCodingException e) {
                throw new SafetensorsFormatException(file, "the header is not valid UTF-8");
            }
            if (!text.startsWith("{")) throw new SafetensorsFormatException(file, "the header does not start with '{'");
            Object parsed;
            try {
                parsed = Json.parse(text);
            } catch (IllegalArgumentException e) {
                throw new SafetensorsFormatException(file, "the header is not valid JSON: " + e.getMessage());
            }
            if (!(parsed instanceof Map<?, ?> header)) throw new SafetensorsFormatException(file, "the header is not a JSON object");
            long dataStart = 8 + n;
            long dataLength = size - dataStart;
            Map<String, String> metadata = metadata(file, header.get(METADATA));
            List<Entry> entries = entries(file, header, dataLength);
            Map<String, Tensor> tensors = new LinkedHashMap<>();
            Map<String, String> dtypes = new LinkedHashMap<>();
            for (Entry e : entries) {
                ByteBuffer buf = readFully(ch, dataStart + e.begin, (int) (e.end - e.begin), file).order(ByteOrder.LITTLE_ENDIAN);
                tensors.put(e.name, Tensor.of(e.dtype.toFloats(buf, (int) e.count), Shape.of(e.shape)));
                dtypes.put(e.name, e.dtype.name());
            }
            return new Contents(tensors, dtypes, metadata);
        }
    }

    private record Entry(String name, DType dtype, int[] shape, long count, long begin, long end) {}

    private static List<Entry> entries(Path file, Map<?, ?> header, long dataLength) throws SafetensorsFormatException {
        List<Entry> out = new ArrayList<>();
        for (Map.Entry<?, ?> kv : header.entrySet()) {
            String name = (String) kv.getKey();
            if (name.equals(METADATA)) continue;
            if (!(kv.getValue() instanceof Map<?, ?> info)) throw new SafetensorsFormatException(file, "tensor '" + name + "': entry is not an object");
            if (!(info.get("dtype") instanceof String dt)) throw new SafetensorsFormatException(file, "tensor '" + name + "': no dtype");
            DType dtype = DType.of(dt);
            if (dtype == null) throw new SafetensorsFormatException(file, "tensor '" + name + "': dtype " + dt + " is not supported (F64, F32, F16, BF16, I64, I32, I16, I8, U8, BOOL)");
            if (!(info.get("shape") instanceof List<?> dims)) throw new SafetensorsFormatException(file, "tensor '" + name + "': no shape list");
            int[] shape = new int[dims.size()];
            long count = 1;
            for (int i = 0; i < shape.length; i++) {
                if (!(dims.get(i) instanceof Long d) || d < 0 || d > Integer.MAX_VALUE) {
                    throw new SafetensorsFormatException(file, "tensor '" + name + "': shape " + dims + " has an invalid dimension");
                }
                shape[i] = (int) (long) d;
                count = d == 0 ? 0 : (count > Long.MAX_VALUE / d ? Long.MAX_VALUE : count * d);
            }
            if (!(info.get("data_offsets") instanceof List<?> off) || off.size() != 2 || !(off.get(0) instanceof Long begin)
                    || !(off.get(1) instanceof Long end)) {
                throw new SafetensorsFormatException(file, "tensor '" + name + "': data_offsets must be [begin, end]");
            }
            if (begin < 0 || end < begin || end > dataLength) {
                throw new SafetensorsFormatException(file, "tensor '" + name + "': data_offsets [" + begin + ", " + end
                        + "] lie outside the data buffer of " + dataLength + " bytes (truncated file?)");
            }
            if (count > (Integer.MAX_VALUE - 8) || count * dtype.bytes != end - begin) {
                throw new SafetensorsFormatException(file, "tensor '" + name + "': shape " + dims + " of " + dt + " needs "
                        + (count > Integer.MAX_VALUE ? "too many" : String.valueOf(count * dtype.bytes)) + " bytes, data_offsets give " + (end - begin));
            }
            out.add(new Entry(name, dtype, shape, count, begin, end));
        }
        out.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
        long at = 0;
        for (Entry e : out) {
            if (e.begin < at) throw new SafetensorsFormatException(file, "tensor '" + e.name + "' overlaps the tensor before it (offset " + e.begin + " < " + at + ")");
            if (e.begin > at) throw new SafetensorsFormatException(file, "tensor '" + e.name + "' leaves a hole in the data buffer (bytes " + at + ".." + e.begin + ")");
            at = e.end;
        }
        if (at != dataLength) {
            throw new SafetensorsFormatException(file, "the data buffer has " + dataLength + " bytes but the tensors cover " + at);
        }
        return out;
    }

    private static Map<String, String> metadata(Path file, Object m) throws SafetensorsFormatException {
        Map<String, String> out = new LinkedHashMap<>();
        if (m == null) return out;
        if (!(m instanceof Map<?, ?> map)) throw new SafetensorsFormatException(file, "__metadata__ must be an object of strings");
        for (Map.Entry<?, ?> e : map.entrySet()) {
            if (!(e.getValue() instanceof String s)) throw new SafetensorsFormatException(file, "__metadata__ value of '" + e.getKey() + "' is not a string");
            out.put((String) e.getKey(), s);
        }
        return out;
    }

    private static ByteBuffer readFully(FileChannel ch, long position, int length, Path file) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(length);
        while (buf.hasRemaining()) {
            int r = ch.read(buf, position + buf.position());
            if (r < 0) throw new SafetensorsFormatException(file, "truncated: expected " + length + " bytes at offset " + position);
        }
        return buf.flip();
    }

    // ---------------------------------------------------------------- writing

    /**
     * Writes float32 tensors (F32) and string metadata, atomically (temporary file, then rename).
     *
     * @param file the file to write
     * @param tensors the tensors by name, written in this order
     * @param metadata strings for the header's {@code __metadata__}
     * @throws IOException if the file cannot be written
     */
    public static void write(Path file, Map<String, Tensor> tensors, Map<String, String> metadata) throws IOException {
        Map<String, Object> header = new LinkedHashMap<>();
        if (metadata != null && !metadata.isEmpty()) header.put(METADATA, new LinkedHashMap<>(metadata));
        long offset = 0;
        List<Tensor> order = new ArrayList<>();
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            if (e.getKey().equals(METADATA)) throw new IllegalArgumentException("a tensor cannot be named " + METADATA);
            Tensor t = e.getValue();
            Map<String, Object> info = new LinkedHashMap<>();
            info.put("dtype", "F32");
            List<Long> shape = new ArrayList<>();
            for (int d : t.shape().dims()) shape.add((long) d);
            info.put("shape", shape);
            long bytes = 4L * t.size();
            info.put("data_offsets", List.of(offset, offset + bytes));
            offset += bytes;
            header.put(e.getKey(), info);
            order.add(t);
        }
        byte[] json = Json.write(header).getBytes(StandardCharsets.UTF_8);
        int padded = (json.length + 7) / 8 * 8; // 8 + header is a multiple of 8, as Python writes
        AtomicFile.write(file, out -> {
            ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(padded);
            out.write(len.array());
            out.write(json);
            for (int i = json.length; i < padded; i++) out.write(' ');
            for (Tensor t : order) writeFloats(out, t.data());
        });
    }

    private static void writeFloats(OutputStream out, float[] data) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < data.length; ) {
            buf.clear();
            while (i < data.length && buf.remaining() >= 4) buf.putFloat(data[i++]);
            out.write(buf.array(), 0, buf.position());
        }
    }

    // ---------------------------------------------------------------- model weights by name

    /**
     * Every weight of the model under its full name ({@code conv2d/kernel}), F32, metadata {"format": "neurite"}.
     *
     * @param model the model, built
     * @param file the file to write
     * @throws IOException if the file cannot be written
     */
    public static void saveWeights(Model model, Path file) throws IOException {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        for (Layer l : model.layers()) for (Weight w : l.weights()) tensors.put(w.fullName(), w.value());
        write(file, tensors, Map.of("format", "neurite"));
    }

    /**
     * Assigns every weight of the model from the tensor of the same full name. All problems
     * (missing, extra and mis-shaped tensors) are listed in one exception, and nothing is
     * assigned unless everything matches.
     *
     * @param model the model, built
     * @param file a file written by {@link #saveWeights}
     * @throws IOException if it cannot be read, or listing every tensor that does not match
     */
    public static void loadWeights(Model model, Path file) throws IOException {
        Contents c = read(file);
        Map<String, Weight> byName = new LinkedHashMap<>();
        for (Layer l : model.layers()) for (Weight w : l.weights()) byName.put(w.fullName(), w);
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, Weight> e : byName.entrySet()) {
            Tensor t = c.get(e.getKey());
            if (t == null) problems.add("weight " + e.getKey() + " " + e.getValue().shape() + " is missing from the file");
            else if (!t.shape().equals(e.getValue().shape())) problems.add(e.getKey() + " has shape " + t.shape() + " in the file but " + e.getValue().shape() + " in the model");
        }
        for (String name : c.tensors().keySet()) if (!byName.containsKey(name)) problems.add("the file has tensor " + name + " that the model does not");
        if (!problems.isEmpty()) throw new SafetensorsFormatException(file, "does not fit model " + model.name() + ":\n  - " + String.join("\n  - ", problems));
        for (Map.Entry<String, Weight> e : byName.entrySet()) e.getValue().assign(c.get(e.getKey()).data());
    }
}
