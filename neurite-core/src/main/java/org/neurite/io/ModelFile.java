package org.neurite.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import org.neurite.nn.Input;
import org.neurite.nn.Layer;
import org.neurite.nn.Model;
import org.neurite.nn.Sequential;
import org.neurite.nn.SymbolicTensor;
import org.neurite.nn.Weight;
import org.neurite.nn.layers.InputLayer;
import org.neurite.nn.layers.LayerConfig;
import org.neurite.nn.layers.LayerRegistry;
import org.neurite.tensor.Shape;

/**
 * Saves and loads a model (architecture and weights) as ONE file, in the format described in
 * {@code docs/model-format.md}:
 *
 * <pre>
 * bytes 0..7    magic "NRTMODEL"
 * bytes 8..11   format version, uint32 little-endian (1)
 * bytes 12..19  header length H, uint64 little-endian
 * next H bytes  header: UTF-8 JSON with the architecture and a weight index (shape, offset, length)
 * the rest      weight data: float32 little-endian, in index order, with a CRC32 in the header
 * </pre>
 *
 * Saving is atomic (see {@link AtomicFile}). Loading checks every size against the file size
 * before allocating anything and reports a truncated or corrupt file with its name and the problem.
 */
public final class ModelFile {
    static final byte[] MAGIC = "NRTMODEL".getBytes(StandardCharsets.US_ASCII);
    static final int VERSION = 1;
    static final int PREAMBLE = 20;
    /** A header larger than this is certainly not one of ours (guards the allocation). */
    static final long MAX_HEADER = 64L << 20;
    /** Most layers a model file (or a Keras JSON) may declare: far above real networks, a bound on what loading costs. */
    public static final int MAX_LAYERS = 100_000;

    private ModelFile() {}

    // ---------------------------------------------------------------- save

    /**
     * Saves architecture and weights in one file, atomically (see docs/model-format.md).
     *
     * @param model the model, built
     * @param file the file to write
     * @throws IOException if it cannot be written (a previous file of that name is kept)
     */
    public static void save(Model model, Path file) throws IOException {
        // Everything that can fail for a reason other than I/O happens before the file is touched.
        List<Weight> weights = new ArrayList<>();
        java.util.Set<String> names = new java.util.HashSet<>();
        for (Layer l : model.layers()) {
            for (Weight w : l.weights()) {
                if (!names.add(w.fullName())) {
                    throw new IllegalArgumentException(model.name() + ": two weights are named " + w.fullName() + " (a nested model has a layer named like "
                            + "another layer); rename one of the layers so that the file can be loaded");
                }
                weights.add(w);
            }
        }
        CRC32 crc = new CRC32();
        List<Object> index = new ArrayList<>();
        long offset = 0;
        for (Weight w : weights) {
            float[] data = w.value().data();
            updateCrc(crc, data);
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("name", w.fullName());
            e.put("dtype", "float32");
            e.put("shape", LayerConfig.dims(w.shape()));
            e.put("offset", offset);
            e.put("length", 4L * data.length);
            index.add(e);
            offset += 4L * data.length;
        }
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("format", "neurite-model");
        header.put("version", VERSION);
        header.put("model", architecture(model));
        header.put("weights", index);
        header.put("data_crc32", crc.getValue());
        if (model.preprocessor() != null) header.put("preprocessing", model.preprocessor().toJson());
        byte[] json = Json.write(header).getBytes(StandardCharsets.UTF_8);

        AtomicFile.write(file, out -> {
            ByteBuffer pre = ByteBuffer.allocate(PREAMBLE).order(ByteOrder.LITTLE_ENDIAN);
            pre.put(MAGIC).putInt(VERSION).putLong(json.length);
            out.write(pre.array());
            out.write(json);
            for (Weight w : weights) writeFloats(out, w.value().data());
        });
    }

    /**
     * The architecture part of the file header: model class, name, layers with their configs, and
     * the graph. A model used as a layer of another ({@link org.neurite.nn.layers.ModelLayer})
     * keeps its own in its config.
     *
     * @param model a built model
     * @return a JSON-ready map (strings, numbers, lists, maps)
     */
    public static Map<String, Object> architecture(Model model) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("class", model instanceof Sequential ? "Sequential" : "Model");
        m.put("name", model.name());
        List<Object> layers = new ArrayList<>();
        for (Layer l : model.layers()) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("class", l.className());
            e.put("name", l.name());
            e.put("trainable", l.trainable());
            e.put("config", l.config());
            layers.add(e);
        }
        m.put("layers", layers);
        Input in = model.inputs().get(0);
        if (model instanceof Sequential) {
            Map<String, Object> input = new LinkedHashMap<>();
            input.put("name", in.layer().name());
            input.put("shape", LayerConfig.dims(in.shape()));
            m.put("input", input);
            return m;
        }
        // Tensors are named by (layer, n): the n-th application of that layer within this model.
        Map<SymbolicTensor, List<Object>> refs = new IdentityHashMap<>();
        Map<Layer, Integer> uses = new IdentityHashMap<>();
        for (Input i : model.inputs()) refs.put(i, List.of(i.layer().name(), 0));
        List<Object> nodes = new ArrayList<>();
        for (Model.Node n : model.nodes()) {
            List<Object> args = new ArrayList<>();
            for (SymbolicTensor t : n.inputs()) args.add(refs.get(t));
            int k = uses.merge(n.layer(), 1, Integer::sum) - 1;
            for (SymbolicTensor o : n.output().nodeOutputs()) {
                // [layer, k] for a main output, [layer, k, i] for output i of a multi-output layer
                refs.put(o, o.outputIndex() == 0 ? List.of(n.layer().name(), k) : List.of(n.layer().name(), k, o.outputIndex()));
            }
            Map<String, Object> node = new LinkedHashMap<>();
            node.put("layer", n.layer().name());
            node.put("inputs", args);
            nodes.add(node);
        }
        List<Object> ins = new ArrayList<>();
        for (Input i : model.inputs()) ins.add(refs.get(i));
        List<Object> outs = new ArrayList<>();
        for (SymbolicTensor o : model.outputs()) outs.add(refs.get(o));
        m.put("nodes", nodes);
        m.put("inputs", ins);
        m.put("outputs", outs);
        return m;
    }

    private static void updateCrc(CRC32 crc, float[] data) {
        ByteBuffer buf = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < data.length; ) {
            buf.clear();
            while (i < data.length && buf.remaining() >= 4) buf.putFloat(data[i++]);
            buf.flip();
            crc.update(buf);
        }
    }

    private static void writeFloats(OutputStream out, float[] data) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < data.length; ) {
            buf.clear();
            while (i < data.length && buf.remaining() >= 4) buf.putFloat(data[i++]);
            out.write(buf.array(), 0, buf.position());
        }
    }

    // ---------------------------------------------------------------- load

    /**
     * Loads a model saved by {@link #save}.
     *
     * @param file the file
     * @return the model with its weights
     * @throws IOException if it cannot be read, or a {@link ModelFormatException} naming what is wrong
     */
    public static Model load(Path file) throws IOException {
        InputFiles.requireRegular(file, "model file");
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size < PREAMBLE) {
                throw new ModelFormatException(file, "too short to be a Neurite model (" + size + " bytes; the fixed preamble alone is " + PREAMBLE + ")");
            }
            ByteBuffer pre = readFully(ch, 0, PREAMBLE, file).order(ByteOrder.LITTLE_ENDIAN);
            byte[] magic = new byte[MAGIC.length];
            pre.get(magic);
            if (!java.util.Arrays.equals(magic, MAGIC)) {
                throw new ModelFormatException(file, "not a Neurite model file (it should start with \"NRTMODEL\", it starts with "
                        + ErrorText.bytes(magic) + ")");
            }
            int version = pre.getInt();
            if (version != VERSION) throw new ModelFormatException(file, "format version " + version + " is not supported (this library reads version " + VERSION + ")");
            long headerLength = pre.getLong();
            if (headerLength < 2 || headerLength > MAX_HEADER || headerLength > size - PREAMBLE) {
                throw new ModelFormatException(file, "truncated or corrupt: the header length field says " + headerLength
                        + " bytes, but the file has " + (size - PREAMBLE) + " bytes after the preamble");
            }
            String text = StandardCharsets.UTF_8.newDecoder()
                    .decode(readFully(ch, PREAMBLE, (int) headerLength, file)).toString();
            Map<String, Object> header;
            try {
                if (!(Json.parse(text) instanceof Map<?, ?> h)) throw new ModelFormatException(file, "corrupt header: not a JSON object");
                @SuppressWarnings("unchecked")
                Map<String, Object> cast = (Map<String, Object>) h;
                header = cast;
            } catch (Json.JsonException e) {
                throw new ModelFormatException(file, "corrupt header: " + e.getMessage(), e);
            }
            long dataStart = PREAMBLE + headerLength;
            List<WeightEntry> entries = WeightEntry.parseIndex(header, size - dataStart, file);
            CRC32 crc = new CRC32();
            Map<String, float[]> values = new HashMap<>();
            for (WeightEntry e : entries) {
                ByteBuffer buf = readFully(ch, dataStart + e.offset(), (int) e.length(), file);
                crc.update(buf.duplicate());
                float[] v = new float[(int) (e.length() / 4)];
                buf.order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(v);
                values.put(e.name(), v);
            }
            if (!(header.get("data_crc32") instanceof Long stored) || stored != crc.getValue()) {
                throw new ModelFormatException(file, "weight data is corrupt (CRC32 in header " + ErrorText.value(header.get("data_crc32")) + ", data gives " + crc.getValue() + ")");
            }
            try {
                Model model = fromArchitecture(asMap(header.get("model"), "model"));
                assignWeights(model, entries, values);
                if (header.get("preprocessing") != null) {
                    model.preprocessor(org.neurite.data.InputPreprocessor.fromJson(asMap(header.get("preprocessing"), "preprocessing")));
                }
                return model;
            } catch (org.neurite.tensor.MemoryBudget.InsufficientMemoryException e) {
                throw e; // the model is well formed but too large for this heap: said as such
            } catch (RuntimeException | StackOverflowError e) {
                // whatever a hostile description makes a layer constructor throw is a format error of this file
                String why = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
                throw new ModelFormatException(file, "invalid model description: " + why, e);
            }
        } catch (NoSuchFileException e) {
            throw new NoSuchFileException(file.toString(), null, "no such model file");
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new ModelFormatException(file, "corrupt header: not valid UTF-8", e);
        }
    }

    private static ByteBuffer readFully(FileChannel ch, long position, int length, Path file) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(length);
        while (buf.hasRemaining()) {
            int n = ch.read(buf, position + buf.position());
            if (n < 0) throw new ModelFormatException(file, "truncated: expected " + length + " bytes at offset " + position + ", the file ends first");
        }
        return buf.flip();
    }

    // ---------------------------------------------------------------- rebuilding the model

    /**
     * A new model (fresh weights) from an {@link #architecture} description.
     *
     * @param m the description, as parsed from a file header
     * @return the model, with freshly initialized weights
     * @throws IllegalArgumentException if the description is malformed, too large, or names an
     *     unknown layer class (the message says which)
     */
    public static Model fromArchitecture(Map<String, Object> m) {
        String kind = string(m, "class");
        String name = name(m, "name");
        List<Object> layerList = list(m.get("layers"), "layers");
        if (layerList.size() > MAX_LAYERS) {
            throw new IllegalArgumentException("the file declares " + layerList.size() + " layers, more than the " + MAX_LAYERS + " a model file may declare");
        }
        Map<String, Layer> layers = new LinkedHashMap<>();
        List<Layer> ordered = new ArrayList<>();
        for (Object o : layerList) {
            Map<String, Object> e = asMap(o, "layer entry");
            String cls = string(e, "class");
            String layerName = name(e, "name");
            Map<String, Object> config = asMap(e.get("config"), "config of " + layerName);
            LayerConfig c = new LayerConfig(layerName, config);
            Layer layer = cls.equals("InputLayer")
                    ? new InputLayer(layerName, Shape.of(c.getInts("shape")))
                    : LayerRegistry.create(cls, c).name(layerName);
            if (e.get("trainable") instanceof Boolean t) layer.trainable(t);
            if (layers.put(layerName, layer) != null) throw new IllegalArgumentException("layer name '" + layerName + "' appears twice");
            ordered.add(layer);
        }
        if (kind.equals("Sequential")) {
            Map<String, Object> in = asMap(m.get("input"), "input");
            Sequential s = new Sequential(Input.of(name(in, "name"), new LayerConfig("input", in).getInts("shape")));
            for (Layer l : ordered) s.add(l);
            s.name(name);
            s.layers(); // builds the graph so that weights exist
            return s;
        }
        if (!kind.equals("Model")) throw new IllegalArgumentException("unknown model class '" + kind + "' (expected Sequential or Model)");
        Map<String, List<List<SymbolicTensor>>> made = new HashMap<>();
        for (Layer l : ordered) {
            if (l instanceof InputLayer il) made.computeIfAbsent(il.name(), k -> new ArrayList<>()).add(List.of(Input.of(il)));
        }
        for (Object o : list(m.get("nodes"), "nodes")) {
            Map<String, Object> n = asMap(o, "node");
            Layer layer = layers.get(string(n, "layer"));
            if (layer == null) throw new IllegalArgumentException("node refers to unknown layer " + ErrorText.value(n.get("layer")));
            List<SymbolicTensor> args = new ArrayList<>();
            for (Object ref : list(n.get("inputs"), "node inputs")) args.add(resolve(made, ref));
            made.computeIfAbsent(layer.name(), k -> new ArrayList<>()).add(layer.applyAll(args));
        }
        List<SymbolicTensor> ins = new ArrayList<>();
        for (Object ref : list(m.get("inputs"), "inputs")) ins.add(resolve(made, ref));
        List<SymbolicTensor> outs = new ArrayList<>();
        for (Object ref : list(m.get("outputs"), "outputs")) outs.add(resolve(made, ref));
        return new Model(ins, outs).name(name);
    }

    private static SymbolicTensor resolve(Map<String, List<List<SymbolicTensor>>> made, Object ref) {
        List<Object> r = list(ref, "tensor reference");
        if (r.size() < 2 || r.size() > 3 || !(r.get(0) instanceof String layer) || !(r.get(1) instanceof Long k)
                || (r.size() == 3 && !(r.get(2) instanceof Long))) {
            throw new IllegalArgumentException("a tensor reference must be [layer name, index] or [layer name, index, output], got " + ErrorText.value(ref));
        }
        long i = r.size() == 3 ? (Long) r.get(2) : 0;
        List<List<SymbolicTensor>> outs = made.get(layer);
        if (outs == null || k < 0 || k >= outs.size() || i < 0 || i >= outs.get((int) (long) k).size()) {
            throw new IllegalArgumentException("reference " + ErrorText.value(ref) + " points to a tensor not computed before it");
        }
        return outs.get((int) (long) k).get((int) i);
    }

    private static void assignWeights(Model model, List<WeightEntry> entries, Map<String, float[]> values) {
        Map<String, Weight> byName = new LinkedHashMap<>();
        for (Layer l : model.layers()) for (Weight w : l.weights()) byName.put(w.fullName(), w);
        List<String> problems = new ArrayList<>();
        for (WeightEntry e : entries) {
            Weight w = byName.remove(e.name());
            if (w == null) {
                problems.add("the file has weight " + e.name() + " that the model does not");
            } else if (!w.shape().equals(e.shape())) {
                problems.add(e.name() + " has shape " + e.shape() + " in the file but " + w.shape() + " in the model");
            } else {
                w.assign(values.get(e.name()));
            }
        }
        for (String missing : byName.keySet()) problems.add("weight " + missing + " is missing from the file");
        if (!problems.isEmpty()) throw new IllegalArgumentException(String.join("; ", problems));
    }

    // ---------------------------------------------------------------- small typed accessors

    /** A name that is printed in summaries and messages: no control characters, at most 200 characters. */
    static String name(Map<String, Object> m, String key) {
        String s = string(m, key);
        if (!ErrorText.quote(s).equals(s)) {
            throw new IllegalArgumentException("name " + ErrorText.value(s) + " holds control characters or is longer than " + ErrorText.MAX_QUOTED);
        }
        return s;
    }

    static String string(Map<String, Object> m, String key) {
        if (m.get(key) instanceof String s) return s;
        throw new IllegalArgumentException("'" + key + "' must be a string, got " + ErrorText.value(m.get(key)));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> asMap(Object o, String what) {
        if (o instanceof Map<?, ?> m) return (Map<String, Object>) m;
        throw new IllegalArgumentException(what + " must be a JSON object, got " + ErrorText.value(o));
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object o, String what) {
        if (o instanceof List<?> l) return (List<Object>) l;
        throw new IllegalArgumentException(what + " must be a JSON array, got " + ErrorText.value(o));
    }
}
