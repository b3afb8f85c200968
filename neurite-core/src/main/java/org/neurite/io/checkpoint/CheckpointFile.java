package org.neurite.io.checkpoint;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.zip.CRC32;
import org.neurite.io.AtomicFile;
import org.neurite.io.Json;
import org.neurite.nn.Layer;
import org.neurite.nn.Model;
import org.neurite.nn.Network;
import org.neurite.nn.Stochastic;
import org.neurite.nn.Variable;
import org.neurite.nn.optimizers.Optimizer;
import org.neurite.nn.training.Trainer;

/**
 * Saves and restores the whole training state of a {@link Trainer} in one file: every variable's
 * values, the optimizer's per-variable state (step counts and buffers such as Adam's moments)
 * and step count and learning rate, the number of epochs completed, the fit's shuffling seed and
 * the random position of each {@link Stochastic} layer (Dropout masks, Sampling noise). A fit
 * resumed from it (same data, same thread count) gives bitwise the weights of an uninterrupted one.
 *
 * <pre>
 * bytes 0..7    magic "NRTCKPT1"
 * bytes 8..11   format version, uint32 little-endian (1)
 * bytes 12..19  header length H, uint64 little-endian
 * next H bytes  header: UTF-8 JSON (epoch, seed, optimizer, a variable index with offsets, random positions, data CRC32)
 * the rest      float32 little-endian: per variable its values, then its optimizer buffers
 * </pre>
 *
 * Writing is atomic (temporary file + fsync + rename, {@link AtomicFile}): a crash while writing
 * leaves the previous checkpoint as it was. Reading checks every size against the file's length
 * before allocating, and the CRC of the data.
 */
public final class CheckpointFile {
    static final byte[] MAGIC = "NRTCKPT1".getBytes(StandardCharsets.US_ASCII);
    static final int VERSION = 1;
    static final int PREAMBLE = 20;
    static final long MAX_HEADER = 64L << 20;
    static final int MAX_RANK = 8;
    /** Test hook: wraps the output stream of a write (to simulate a failure half-way). */
    static UnaryOperator<OutputStream> streamHook = UnaryOperator.identity();

    private CheckpointFile() {}

    // ---------------------------------------------------------------- save

    /**
     * Writes the trainer's state after {@code epochsDone} epochs of a fit with this shuffling
     * seed, atomically (a crash leaves the previous file intact).
     *
     * @param file the checkpoint file
     * @param trainer the trainer of a compiled model
     * @param epochsDone epochs completed, &gt;= 0; a resumed fit starts at this epoch
     * @param fitSeed the fit's shuffling seed, restored by {@link Checkpoint#resume}
     * @throws IOException if the file cannot be written (the message names the path and reason)
     * @throws IllegalArgumentException if epochsDone is negative
     */
    public static void save(Path file, Trainer trainer, int epochsDone, long fitSeed) throws IOException {
        if (epochsDone < 0) throw new IllegalArgumentException("checkpoint: epochs done must be >= 0, got " + epochsDone);
        Network network = trainer.network();
        Optimizer opt = trainer.optimizer();
        List<Variable> vars = network.variables();
        List<float[]> blocks = new ArrayList<>();
        List<Object> index = new ArrayList<>();
        long offset = 0;
        CRC32 crc = new CRC32();
        for (Variable v : vars) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("name", v.name());
            List<Integer> shape = new ArrayList<>();
            for (int d : v.value().shape().dims()) shape.add(d);
            e.put("shape", shape);
            e.put("offset", offset);
            float[] values = v.value().data().clone();
            blocks.add(values);
            offset += 4L * values.length;
            Optimizer.State s = opt.state(v);
            e.put("step", s == null ? -1 : s.step());
            if (s != null) {
                List<Object> slotOffsets = new ArrayList<>();
                for (int i = 0; i < opt.slotCount(); i++) {
                    slotOffsets.add(offset);
                    float[] buf = s.slot(i).clone();
                    blocks.add(buf);
                    offset += 4L * buf.length;
                }
                e.put("slots", slotOffsets);
            }
            index.add(e);
        }
        for (float[] b : blocks) updateCrc(crc, b);
        List<Object> random = new ArrayList<>(); // [layer name, seed, position] per stochastic layer, in layer order
        for (Layer l : layers(network)) {
            if (l instanceof Stochastic s) random.add(List.of(l.name(), Long.toString(l.seed()), s.randomPosition()));
        }
        Map<String, Object> optimizer = new LinkedHashMap<>();
        optimizer.put("name", opt.name());
        optimizer.put("iterations", opt.iterations());
        optimizer.put("learning_rate", opt.learningRate());
        optimizer.put("slots", opt.slotCount());
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("format", "neurite-checkpoint");
        header.put("version", VERSION);
        header.put("epoch", epochsDone);
        header.put("fit_seed", Long.toString(fitSeed));
        header.put("optimizer", optimizer);
        header.put("variables", index);
        header.put("random", random);
        header.put("data_bytes", offset);
        header.put("data_crc32", crc.getValue());
        byte[] json = Json.write(header).getBytes(StandardCharsets.UTF_8);
        AtomicFile.write(file, raw -> {
            OutputStream out = streamHook.apply(raw);
            ByteBuffer pre = ByteBuffer.allocate(PREAMBLE).order(ByteOrder.LITTLE_ENDIAN);
            pre.put(MAGIC).putInt(VERSION).putLong(json.length);
            out.write(pre.array());
            out.write(json);
            ByteBuffer buf = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
            for (float[] b : blocks) {
                for (float f : b) {
                    if (buf.remaining() < 4) {
                        out.write(buf.array(), 0, buf.position());
                        buf.clear();
                    }
                    buf.putFloat(f);
                }
            }
            out.write(buf.array(), 0, buf.position());
            out.flush();
        });
    }

    /** The layers of a network (Model's; other networks have none that are stochastic to us). */
    private static List<Layer> layers(Network network) {
        if (network instanceof Model m) {
            List<Layer> all = new ArrayList<>();
            Map<Layer, Boolean> seen = new IdentityHashMap<>();
            collect(m, all, seen);
            return all;
        }
        return List.of();
    }

    private static void collect(Model m, List<Layer> all, Map<Layer, Boolean> seen) {
        for (Layer l : m.layers()) if (seen.put(l, true) == null) all.add(l);
        for (Model c : m.components()) collect(c, all, seen);
    }

    // ---------------------------------------------------------------- read

    /**
     * Reads and checks a checkpoint; nothing is applied.
     *
     * @param file the checkpoint file
     * @return its contents
     * @throws IOException if it cannot be read; {@link CheckpointFormatException} if it is not a
     *     checkpoint, or is truncated or corrupt
     */
    public static CheckpointData read(Path file) throws IOException {
        org.neurite.io.InputFiles.requireRegular(file, "checkpoint file");
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size < PREAMBLE) throw new CheckpointFormatException(file, "too short to be a Neurite checkpoint (" + size + " bytes)");
            ByteBuffer pre = readFully(ch, 0, PREAMBLE, file);
            byte[] magic = new byte[8];
            pre.get(magic);
            if (!java.util.Arrays.equals(magic, MAGIC)) throw new CheckpointFormatException(file, "not a Neurite checkpoint (it should start with \"NRTCKPT1\")");
            int version = pre.getInt();
            if (version != VERSION) throw new CheckpointFormatException(file, "checkpoint format version " + Integer.toUnsignedString(version) + " is not supported (this library reads " + VERSION + ")");
            long headerLength = pre.getLong();
            if (headerLength < 2 || headerLength > MAX_HEADER || headerLength > size - PREAMBLE) {
                throw new CheckpointFormatException(file, "truncated or corrupt: the header length field says " + headerLength + " bytes, the file has " + (size - PREAMBLE) + " after the preamble");
            }
            String text;
            try {
                text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(readFully(ch, PREAMBLE, (int) headerLength, file)).toString();
            } catch (CharacterCodingException e) {
                throw new CheckpointFormatException(file, "corrupt header: not valid UTF-8", e);
            }
            long dataStart = PREAMBLE + headerLength, dataBytes = size - dataStart;
            try {
                Map<String, Object> h = map(Json.parse(text), "header");
                if (!"neurite-checkpoint".equals(h.get("format"))) throw new IllegalArgumentException("format must be \"neurite-checkpoint\", got " + h.get("format"));
                long declared = number(h, "data_bytes", 0, dataBytes);
                if (declared != dataBytes) throw new IllegalArgumentException("the header declares " + declared + " data bytes, the file has " + dataBytes);
                int epoch = (int) number(h, "epoch", 0, Integer.MAX_VALUE);
                long seed = Long.parseLong(string(h, "fit_seed"));
                Map<String, Object> o = map(h.get("optimizer"), "optimizer");
                int slots = (int) number(o, "slots", 0, 16);
                List<CheckpointData.VariableState> vars = new ArrayList<>();
                CRC32 crc = new CRC32();
                long[] budget = {dataBytes}; // blocks must not overlap: all of them together fit the data
                for (Object entry : list(h.get("variables"), "variables")) {
                    Map<String, Object> e = map(entry, "variable entry");
                    List<Object> shapeList = list(e.get("shape"), "shape");
                    if (shapeList.size() > MAX_RANK) throw new IllegalArgumentException("shape of rank " + shapeList.size() + " (at most " + MAX_RANK + ")");
                    int[] shape = new int[shapeList.size()];
                    long count = 1;
                    for (int i = 0; i < shape.length; i++) {
                        if (!(shapeList.get(i) instanceof Long d) || d < 0 || d > dataBytes / 4) throw new IllegalArgumentException("bad dimension " + shapeList.get(i) + " in " + e.get("name"));
                        shape[i] = (int) (long) d;
                        count *= d;
                        if (count > dataBytes / 4) throw new IllegalArgumentException(e.get("name") + ": shape " + shapeList + " is larger than the data");
                    }
                    int n = (int) count;
                    float[] values = floats(ch, dataStart, dataBytes, number(e, "offset", 0, dataBytes), n, file, crc, budget);
                    int step = (int) number(e, "step", -1, Integer.MAX_VALUE);
                    float[][] buffers = null;
                    if (step >= 0) {
                        List<Object> offsets = list(e.get("slots"), "slots");
                        if (offsets.size() != slots) throw new IllegalArgumentException(e.get("name") + " has " + offsets.size() + " state buffers, the optimizer " + slots);
                        buffers = new float[slots][];
                        for (int i = 0; i < slots; i++) {
                            if (!(offsets.get(i) instanceof Long off)) throw new IllegalArgumentException("state offset must be an integer, got " + offsets.get(i));
                            buffers[i] = floats(ch, dataStart, dataBytes, off, n, file, crc, budget);
                        }
                    }
                    vars.add(new CheckpointData.VariableState(string(e, "name"), shape, values, step, buffers));
                }
                long expectedCrc = number(h, "data_crc32", 0, 0xFFFFFFFFL);
                if (crc.getValue() != expectedCrc) throw new CheckpointFormatException(file, "data is corrupt (CRC32 in header " + expectedCrc + ", data gives " + crc.getValue() + ")");
                List<CheckpointData.RandomState> random = new ArrayList<>();
                for (Object r : list(h.get("random"), "random")) {
                    List<Object> t = list(r, "random state");
                    if (t.size() != 3 || !(t.get(0) instanceof String layer) || !(t.get(1) instanceof String layerSeed) || !(t.get(2) instanceof Long p) || p < 0) {
                        throw new IllegalArgumentException("a random state must be [\"layer\", \"seed\", position >= 0], got " + r);
                    }
                    random.add(new CheckpointData.RandomState(layer, Long.parseLong(layerSeed), p));
                }
                Object lr = o.get("learning_rate");
                if (!(lr instanceof Number lrNumber)) throw new IllegalArgumentException("learning_rate must be a number, got " + lr);
                return new CheckpointData(epoch, seed, string(o, "name"), number(o, "iterations", 0, Long.MAX_VALUE), lrNumber.floatValue(), slots, List.copyOf(vars), random);
            } catch (IllegalArgumentException e) { // JSON errors, bad fields, bad numbers
                throw new CheckpointFormatException(file, "corrupt header: " + e.getMessage(), e);
            }
        }
    }

    /** Reads n floats at a data offset; the CRC runs over the blocks in file order, as they were written. */
    private static float[] floats(FileChannel ch, long dataStart, long dataBytes, long offset, int n, Path file, CRC32 crc, long[] budget) throws IOException {
        budget[0] -= 4L * n;
        if (budget[0] < 0) throw new IllegalArgumentException("the variable index asks for more data than the file holds (" + dataBytes + " bytes)");
        if (offset < 0 || offset > dataBytes || 4L * n > dataBytes - offset) {
            throw new IllegalArgumentException("a block of " + n + " floats at offset " + offset + " does not fit the " + dataBytes + " data bytes");
        }
        ByteBuffer b = readFully(ch, dataStart + offset, 4 * n, file);
        crc.update(b.duplicate());
        float[] out = new float[n];
        b.order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(out);
        return out;
    }

    private static ByteBuffer readFully(FileChannel ch, long position, int length, Path file) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(length);
        while (b.hasRemaining()) {
            int n = ch.read(b, position + b.position());
            if (n < 0) throw new CheckpointFormatException(file, "truncated: expected " + length + " bytes at offset " + position);
        }
        b.flip();
        return b.order(ByteOrder.LITTLE_ENDIAN);
    }

    // ---------------------------------------------------------------- restore

    /**
     * Reads a checkpoint and applies it to a trainer whose network has the same variables (same
     * architecture, built): values, optimizer state, step count, learning rate (unless a schedule
     * drives it) and random positions. Returns what was read; resume with
     * {@code config.initialEpoch(data.epoch()).seed(data.fitSeed())}.
     *
     * @param file the checkpoint file
     * @param trainer the trainer of a compiled, built model with the same architecture
     * @return what was read
     * @throws IOException if it cannot be read; {@link CheckpointFormatException} if it is not a
     *     valid checkpoint or does not match the model's variables (all mismatches listed)
     */
    public static CheckpointData restore(Path file, Trainer trainer) throws IOException {
        CheckpointData data = read(file);
        Network network = trainer.network();
        Optimizer opt = trainer.optimizer();
        List<Variable> vars = network.variables();
        List<String> problems = new ArrayList<>();
        if (vars.size() != data.variables().size()) problems.add("the network has " + vars.size() + " variables, the checkpoint " + data.variables().size());
        if (!opt.name().equals(data.optimizer())) problems.add("the optimizer is " + opt.name() + ", the checkpoint's " + data.optimizer());
        if (opt.slotCount() != data.slotCount()) problems.add("the optimizer keeps " + opt.slotCount() + " buffers per variable, the checkpoint " + data.slotCount());
        for (int i = 0; i < Math.min(vars.size(), data.variables().size()); i++) {
            Variable v = vars.get(i);
            CheckpointData.VariableState s = data.variables().get(i);
            if (!java.util.Arrays.equals(v.value().shape().dims(), s.shape())) {
                problems.add("variable " + i + " (" + v.name() + ") has shape " + v.value().shape() + ", the checkpoint's " + s.name() + " " + java.util.Arrays.toString(s.shape()));
            }
        }
        List<Layer> stochastic = new ArrayList<>();
        for (Layer l : layers(network)) if (l instanceof Stochastic) stochastic.add(l);
        if (stochastic.size() != data.random().size()) {
            problems.add("the network has " + stochastic.size() + " stochastic layers (Dropout, Sampling), the checkpoint " + data.random().size());
        }
        if (!problems.isEmpty()) throw new CheckpointFormatException(file, "does not match the model: " + String.join("; ", problems));
        opt.reset();
        for (int i = 0; i < vars.size(); i++) {
            CheckpointData.VariableState s = data.variables().get(i);
            vars.get(i).assign(s.values());
            if (s.step() >= 0) opt.restoreState(vars.get(i), s.step(), s.slots());
        }
        opt.restoreIterations(data.iterations());
        if (opt.learningRateSchedule() == null) opt.setLearningRate(data.learningRate());
        for (int i = 0; i < stochastic.size(); i++) { // matched by order, as the variables (auto-names differ between runs)
            CheckpointData.RandomState r = data.random().get(i);
            stochastic.get(i).seed(r.seed());
            ((Stochastic) stochastic.get(i)).randomPosition(r.position());
        }
        return data;
    }

    // ---------------------------------------------------------------- helpers

    private static void updateCrc(CRC32 crc, float[] data) {
        ByteBuffer b = ByteBuffer.allocate(4 * Math.min(data.length, 1 << 14)).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < data.length; ) {
            b.clear();
            int n = Math.min(data.length - i, b.capacity() / 4);
            for (int j = 0; j < n; j++) b.putFloat(data[i + j]);
            b.flip();
            crc.update(b);
            i += n;
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o, String what) {
        if (o instanceof Map<?, ?> m) return (Map<String, Object>) m;
        throw new IllegalArgumentException(what + " must be a JSON object, got " + o);
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object o, String what) {
        if (o instanceof List<?> l) return (List<Object>) l;
        throw new IllegalArgumentException(what + " must be a JSON array, got " + o);
    }

    private static String string(Map<String, Object> m, String key) {
        if (m.get(key) instanceof String s) return s;
        throw new IllegalArgumentException("'" + key + "' must be a string, got " + m.get(key));
    }

    private static long number(Map<String, Object> m, String key, long min, long max) {
        if (m.get(key) instanceof Long v && v >= min && v <= max) return v;
        throw new IllegalArgumentException("'" + key + "' must be an integer in [" + min + ", " + max + "], got " + m.get(key));
    }

    /** For tests: a stream that fails after {@code bytes} bytes, as a disk that fills up or a process that dies. */
    static OutputStream failingAfter(OutputStream out, long bytes) {
        return new FilterOutputStream(out) {
            long written;

            @Override
            public void write(int b) throws IOException {
                if (++written > bytes) throw new IOException("simulated failure after " + bytes + " bytes");
                out.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                for (int i = 0; i < len; i++) write(b[off + i]);
            }
        };
    }
}
