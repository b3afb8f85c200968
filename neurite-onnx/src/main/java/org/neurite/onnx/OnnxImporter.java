package org.neurite.onnx;

import static org.neurite.onnx.ProtoReader.message;
import static org.neurite.onnx.ProtoReader.messages;
import static org.neurite.onnx.ProtoReader.string;
import static org.neurite.onnx.ProtoReader.strings;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.neurite.nn.Input;
import org.neurite.nn.Layer;
import org.neurite.nn.Model;
import org.neurite.nn.SymbolicTensor;
import org.neurite.nn.layers.Activation;
import org.neurite.nn.layers.AveragePooling2D;
import org.neurite.nn.layers.Conv2D;
import org.neurite.nn.layers.Dense;
import org.neurite.nn.layers.Flatten;
import org.neurite.nn.layers.LSTM;
import org.neurite.nn.layers.MaxPooling2D;
import org.neurite.nn.layers.Permute;
import org.neurite.nn.layers.Softmax;
import org.neurite.tensor.Padding;

/**
 * Reads an ONNX file (as PyTorch's {@code torch.onnx.export} writes it, fixed input shapes) into a
 * Neurite functional {@link Model} with its weights, ready to predict, fine-tune or save.
 *
 * <pre>{@code
 * Model m = OnnxImporter.load(Path.of("model.onnx"));
 * }</pre>
 *
 * <p>The model keeps the file's layouts at its inputs and outputs: an image input stays
 * {@code (N, C, H, W)} as in PyTorch; inside, it is permuted once to Neurite's channels-last
 * layout, and permuted back before a Flatten (so a following Linear sees PyTorch's order).
 * Operators read: Gemm, Conv (group 1), MaxPool, AveragePool, Pad (zero pads), Flatten, Relu,
 * Sigmoid, Tanh, Softmax (last axis), LSTM (forward, batch-first input with PyTorch's transposes,
 * zero or absent initial states), Gather/Squeeze of its final state, and the shape arithmetic
 * (Shape, Gather, Unsqueeze, Concat, Expand of zeros) PyTorch writes for the initial states.
 * Every operator outside that set is listed in one error before anything is built.
 */
public final class OnnxImporter {
    private static final Set<String> SUPPORTED = Set.of("Gemm", "Conv", "MaxPool", "AveragePool", "Pad", "Flatten", "Relu", "Sigmoid", "Tanh",
            "Softmax", "LSTM", "Transpose", "Gather", "Squeeze", "Unsqueeze", "Shape", "Concat", "Expand", "Constant", "Identity");
    /** Keras' gate block (i, f, c, o) of each ONNX LSTM gate (i, o, f, c). */
    private static final int[] LSTM_KERAS_GATE = {0, 3, 1, 2};

    /** How a graph value is held while converting. */
    private enum Kind {
        /** sym is the value itself. */
        TENSOR,
        /** sym (N, H, W, C) stands for the file's (N, C, H, W). */
        IMAGE,
        /** sym (N, T, F) stands for the file's time-major (T, N, F). */
        TIME_MAJOR,
        /** sym (N, T, u) stands for the file's (T, 1, N, u) (an LSTM's Y, one direction). */
        SEQ_DIRECTION,
        /** sym (N, u) stands for the file's (1, N, u) (an LSTM's final state, one direction). */
        LEADING_ONE,
        /** a constant (data, dims). */
        CONSTANT,
        /** shape arithmetic on a graph value (only used to size zero initial states). */
        SHAPE,
        /** zeros of a computed shape (Expand of a zero constant). */
        ZEROS
    }

    private record V(Kind kind, SymbolicTensor sym, float[] data, long[] dims) {
        static V of(Kind k, SymbolicTensor s) {
            return new V(k, s, null, null);
        }
    }

    private final String file;
    private final Map<String, V> values = new HashMap<>();
    private final Map<String, Integer> uses = new HashMap<>();

    private OnnxImporter(String file) {
        this.file = file;
    }

    /**
     * Reads an ONNX file into a Neurite model with its weights.
     *
     * @param path an ONNX file (as {@code torch.onnx.export} writes them)
     * @return a functional model; image inputs keep PyTorch's NCHW layout
     * @throws IOException if the file cannot be read
     * @throws IllegalArgumentException naming the file and every unsupported operator at once
     */
    public static Model load(Path path) throws IOException {
        return fromBytes(Files.readAllBytes(path), path.toString());
    }

    /**
     * Reads ONNX bytes into a Neurite model with its weights.
     *
     * @param onnx the bytes of an ONNX file
     * @param source what to call them in error messages (a file name)
     * @return a functional model
     * @throws IllegalArgumentException naming the source and every unsupported operator, or a malformed file
     */
    public static Model fromBytes(byte[] onnx, String source) {
        Map<Integer, List<Object>> model;
        Map<Integer, List<Object>> graph;
        try {
            model = ProtoReader.parse(onnx);
            if (!model.containsKey(7)) throw new IllegalArgumentException("no graph");
            graph = message(model, 7);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(source + ": not an ONNX model (" + e.getMessage() + ")", e);
        }
        try {
            return new OnnxImporter(source).convert(graph);
        } catch (IllegalArgumentException e) {
            if (e.getMessage() != null && e.getMessage().startsWith(source + ": ")) throw e;
            throw new IllegalArgumentException(source + ": malformed ONNX model (" + e.getMessage() + ")", e); // from a nested message
        }
    }

    private Model convert(Map<Integer, List<Object>> graph) {
        List<Map<Integer, List<Object>>> nodes = messages(graph, 1);
        Map<String, Integer> unsupported = new TreeMap<>();
        for (Map<Integer, List<Object>> n : nodes) {
            String op = string(n, 4);
            if (!SUPPORTED.contains(op)) unsupported.merge(op, 1, Integer::sum);
            for (String in : strings(n, 1)) uses.merge(in, 1, Integer::sum);
        }
        if (!unsupported.isEmpty()) {
            List<String> list = new ArrayList<>();
            unsupported.forEach((op, count) -> list.add(op + (count > 1 ? " (x" + count + ")" : "")));
            throw new UnsupportedOperationException(file + ": " + unsupported.size() + " ONNX operator type(s) cannot be imported: "
                    + String.join(", ", list) + " (supported: " + String.join(", ", new java.util.TreeSet<>(SUPPORTED)) + ")");
        }
        for (Map<Integer, List<Object>> t : messages(graph, 5)) values.put(string(t, 8), constant(t));
        List<Input> inputs = new ArrayList<>();
        for (Map<Integer, List<Object>> vi : messages(graph, 11)) {
            String name = string(vi, 1);
            if (values.containsKey(name)) continue; // an initializer listed as input (older exporters)
            int[] dims = inputDims(vi);
            Input in = Input.of(name, java.util.Arrays.copyOfRange(dims, 1, dims.length));
            inputs.add(in);
            values.put(name, dims.length == 4 ? V.of(Kind.IMAGE, new Permute(2, 3, 1).name(name + "_to_nhwc").apply(in)) : V.of(Kind.TENSOR, in));
        }
        for (Map<Integer, List<Object>> n : nodes) node(n);
        List<SymbolicTensor> outputs = new ArrayList<>();
        for (Map<Integer, List<Object>> vi : messages(graph, 12)) {
            String name = string(vi, 1);
            V v = values.get(name);
            outputs.add(switch (v.kind()) {
                case TENSOR -> v.sym();
                case IMAGE -> new Permute(3, 1, 2).name(name + "_to_nchw").apply(v.sym());
                default -> throw new UnsupportedOperationException(file + ": output " + name + " is a " + v.kind() + " value, which is not imported");
            });
        }
        return new Model(inputs, outputs);
    }

    private int[] inputDims(Map<Integer, List<Object>> valueInfo) {
        Map<Integer, List<Object>> tensorType = message(message(valueInfo, 2), 1);
        List<Map<Integer, List<Object>>> dims = messages(message(tensorType, 2), 1);
        int[] out = new int[dims.size()];
        for (int i = 0; i < out.length; i++) {
            Map<Integer, List<Object>> d = dims.get(i);
            if (i > 0 && !d.containsKey(1)) throw new UnsupportedOperationException(file + ": input " + string(valueInfo, 1) + " has a symbolic dimension " + i + "; export with fixed shapes");
            out[i] = d.containsKey(1) ? (int) ProtoReader.number(d, 1) : -1;
        }
        return out;
    }

    // ---------------------------------------------------------------- constants and attributes

    /** A TensorProto of FLOAT (1) or INT64 (7) as floats with its dims. */
    private V constant(Map<Integer, List<Object>> t) {
        List<Object> dimList = t.getOrDefault(1, List.of());
        long[] dims = !dimList.isEmpty() && dimList.get(0) instanceof byte[] packed ? ProtoReader.packedVarints(packed)
                : dimList.stream().mapToLong(o -> (Long) o).toArray();
        long count = 1;
        for (long d : dims) {
            if (d < 0 || d > Integer.MAX_VALUE) throw new IllegalArgumentException(file + ": tensor " + tensorName(t) + " has dimension " + d);
            count = Math.min(count * d, Integer.MAX_VALUE + 1L);
        }
        int type = (int) ProtoReader.number(t, 2);
        long available = t.containsKey(9) ? ((byte[]) t.get(9).get(0)).length / (type == 7 ? 8 : 4)
                : type == 1 && t.containsKey(4) ? floatCount(t.get(4)) : type == 7 && t.containsKey(7) ? ProtoReader.packedOrPlainCount(t.get(7)) : 0;
        if (count > available) {
            throw new IllegalArgumentException(file + ": tensor " + tensorName(t) + " of shape " + java.util.Arrays.toString(dims) + " holds only " + available + " values");
        }
        int size = (int) count;
        float[] data = new float[size];
        if (t.containsKey(9)) {
            ByteBuffer raw = ByteBuffer.wrap((byte[]) t.get(9).get(0)).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < size; i++) data[i] = type == 1 ? raw.getFloat() : type == 7 ? raw.getLong() : Float.NaN;
        } else if (type == 1 && t.containsKey(4)) {
            List<Object> f = t.get(4);
            if (f.get(0) instanceof byte[] packed) {
                ByteBuffer b = ByteBuffer.wrap(packed).order(ByteOrder.LITTLE_ENDIAN);
                for (int i = 0; i < size; i++) data[i] = b.getFloat();
            } else {
                for (int i = 0; i < size; i++) data[i] = Float.intBitsToFloat((Integer) f.get(i));
            }
        } else if (type == 7 && t.containsKey(7)) {
            List<Object> l = t.get(7);
            if (l.get(0) instanceof byte[] packed) {
                long[] vals = ProtoReader.packedVarints(packed);
                for (int i = 0; i < size; i++) data[i] = vals[i];
            } else {
                for (int i = 0; i < size; i++) data[i] = (Long) l.get(i);
            }
        }
        if (type != 1 && type != 7) throw new UnsupportedOperationException(file + ": tensor " + (t.containsKey(8) ? string(t, 8) : "") + " has data type " + type + " (float32 and int64 are read)");
        return new V(Kind.CONSTANT, null, data, dims);
    }

    private static String tensorName(Map<Integer, List<Object>> t) {
        return t.containsKey(8) ? string(t, 8) : "(unnamed)";
    }

    private static long floatCount(List<Object> floatData) {
        return floatData.get(0) instanceof byte[] packed ? packed.length / 4 : floatData.size();
    }

    private static Map<String, Map<Integer, List<Object>>> attributes(Map<Integer, List<Object>> node) {
        Map<String, Map<Integer, List<Object>>> out = new LinkedHashMap<>();
        for (Map<Integer, List<Object>> a : messages(node, 5)) out.put(string(a, 1), a);
        return out;
    }

    private static long attrInt(Map<String, Map<Integer, List<Object>>> a, String name, long fallback) {
        return a.containsKey(name) ? ProtoReader.number(a.get(name), 3) : fallback;
    }

    private static float attrFloat(Map<String, Map<Integer, List<Object>>> a, String name, float fallback) {
        return a.containsKey(name) ? Float.intBitsToFloat((Integer) a.get(name).get(2).get(0)) : fallback;
    }

    private static int[] attrInts(Map<String, Map<Integer, List<Object>>> a, String name, int[] fallback) {
        if (!a.containsKey(name)) return fallback;
        List<Object> v = a.get(name).getOrDefault(8, List.of());
        if (!v.isEmpty() && v.get(0) instanceof byte[] packed) {
            long[] l = ProtoReader.packedVarints(packed);
            int[] r = new int[l.length];
            for (int i = 0; i < r.length; i++) r[i] = (int) l[i];
            return r;
        }
        int[] r = new int[v.size()];
        for (int i = 0; i < r.length; i++) r[i] = (int) (long) (Long) v.get(i);
        return r;
    }

    // ---------------------------------------------------------------- operators

    private RuntimeException unsupported(String node, String op, String why) {
        return new UnsupportedOperationException(file + ": node " + node + " (" + op + "): " + why);
    }

    private V in(List<String> inputs, int i) {
        return i < inputs.size() && !inputs.get(i).isEmpty() ? values.get(inputs.get(i)) : null;
    }

    private void node(Map<Integer, List<Object>> n) {
        String op = string(n, 4);
        String name = n.containsKey(3) ? string(n, 3) : op;
        List<String> ins = strings(n, 1), outs = strings(n, 2);
        Map<String, Map<Integer, List<Object>>> a = attributes(n);
        for (int i = 0; i < ins.size(); i++) {
            if (!ins.get(i).isEmpty() && !values.containsKey(ins.get(i))) throw unsupported(name, op, "input " + ins.get(i) + " is not produced before this node");
        }
        V x = in(ins, 0);
        String layerName = safeName(name);
        switch (op) {
            case "Constant" -> values.put(outs.get(0), constant(message(a.get("value"), 5)));
            case "Identity" -> values.put(outs.get(0), x);
            case "Shape" -> values.put(outs.get(0), new V(Kind.SHAPE, null, null, null));
            case "Gather" -> values.put(outs.get(0), gather(name, x, in(ins, 1), a));
            case "Unsqueeze", "Concat" -> {
                for (int i = 0; i < ins.size(); i++) {
                    V v = in(ins, i);
                    if (v != null && v.kind() != Kind.SHAPE && v.kind() != Kind.CONSTANT) throw unsupported(name, op, "only shape arithmetic is imported");
                }
                values.put(outs.get(0), new V(Kind.SHAPE, null, null, null));
            }
            case "Expand" -> {
                if (x.kind() != Kind.CONSTANT || !allZero(x.data())) throw unsupported(name, op, "only zeros of a computed shape (initial states) are imported");
                values.put(outs.get(0), new V(Kind.ZEROS, null, null, null));
            }
            case "Transpose" -> {
                int[] perm = attrInts(a, "perm", null);
                if (x.kind() == Kind.TENSOR && x.sym().shape().rank() == 2 && java.util.Arrays.equals(perm, new int[] {1, 0, 2})) {
                    values.put(outs.get(0), V.of(Kind.TIME_MAJOR, x.sym()));
                } else if (x.kind() == Kind.TIME_MAJOR && java.util.Arrays.equals(perm, new int[] {1, 0, 2})) {
                    values.put(outs.get(0), V.of(Kind.TENSOR, x.sym()));
                } else {
                    throw unsupported(name, op, "only the batch/time swap (perm 1,0,2) around an LSTM is imported");
                }
            }
            case "Squeeze" -> {
                if (x.kind() == Kind.LEADING_ONE) values.put(outs.get(0), V.of(Kind.TENSOR, x.sym()));
                else if (x.kind() == Kind.SEQ_DIRECTION) values.put(outs.get(0), V.of(Kind.TIME_MAJOR, x.sym()));
                else throw unsupported(name, op, "only the direction axis of an LSTM's outputs is imported");
            }
            case "Relu", "Sigmoid", "Tanh" -> values.put(outs.get(0), new V(x.kind(), new Activation(op.toLowerCase(java.util.Locale.ROOT)).name(layerName).apply(x.sym()), null, null));
            case "Softmax" -> {
                long axis = attrInt(a, "axis", -1);
                int rank = x.sym().shape().rank() + 1;
                if (x.kind() != Kind.TENSOR || (axis != -1 && axis != rank - 1)) throw unsupported(name, op, "only the last axis of a non-image tensor is imported, got axis " + axis);
                values.put(outs.get(0), V.of(Kind.TENSOR, new Softmax(-1).name(layerName).apply(x.sym())));
            }
            case "Flatten" -> {
                if (attrInt(a, "axis", 1) != 1) throw unsupported(name, op, "only axis 1 is imported");
                SymbolicTensor s = x.sym();
                if (x.kind() == Kind.IMAGE) s = new Permute(3, 1, 2).name(layerName + "_to_nchw").apply(s); // PyTorch flattens C, H, W
                values.put(outs.get(0), V.of(Kind.TENSOR, new Flatten().name(layerName).apply(s)));
            }
            case "Gemm" -> values.put(outs.get(0), gemm(name, layerName, x, in(ins, 1), in(ins, 2), a));
            case "Conv" -> values.put(outs.get(0), conv(name, layerName, x, in(ins, 1), in(ins, 2), a));
            case "MaxPool", "AveragePool" -> values.put(outs.get(0), pool(name, op, layerName, x, a));
            case "Pad" -> {
                V pads = in(ins, 1);
                if (pads == null || pads.kind() != Kind.CONSTANT || !allZero(pads.data())) throw unsupported(name, op, "only zero (no-op) pads are imported");
                values.put(outs.get(0), x);
            }
            case "LSTM" -> lstm(name, layerName, ins, outs, a);
            default -> throw unsupported(name, op, "not supported");
        }
    }

    private static String safeName(String onnxName) {
        String s = onnxName.replaceAll("^[/]+", "").replaceAll("[^A-Za-z0-9_.]+", "_");
        return s.isEmpty() ? "onnx" : s;
    }

    private static boolean allZero(float[] d) {
        for (float f : d) if (f != 0f) return false;
        return true;
    }

    private V gather(String name, V data, V index, Map<String, Map<Integer, List<Object>>> a) {
        if (data.kind() == Kind.SHAPE) return new V(Kind.SHAPE, null, null, null);
        if (data.kind() == Kind.LEADING_ONE && index != null && index.kind() == Kind.CONSTANT && index.data().length == 1
                && (index.data()[0] == 0 || index.data()[0] == -1) && attrInt(a, "axis", 0) == 0) {
            return V.of(Kind.TENSOR, data.sym()); // h[-1] of a one-layer, one-direction LSTM
        }
        throw unsupported(name, "Gather", "only shape arithmetic and h[-1] of an LSTM state are imported");
    }

    private V gemm(String name, String layerName, V x, V b, V c, Map<String, Map<Integer, List<Object>>> a) {
        if (x.kind() != Kind.TENSOR || x.sym().shape().rank() != 1) throw unsupported(name, "Gemm", "A must be a (N, features) graph value");
        if (b == null || b.kind() != Kind.CONSTANT || (c != null && c.kind() != Kind.CONSTANT)) throw unsupported(name, "Gemm", "B and C must be constants (weights)");
        if (attrInt(a, "transA", 0) != 0 || attrFloat(a, "alpha", 1f) != 1f || attrFloat(a, "beta", 1f) != 1f) {
            throw unsupported(name, "Gemm", "only alpha = beta = 1 without transA is imported");
        }
        boolean transB = attrInt(a, "transB", 0) == 1;
        int in = x.sym().shape().dim(0), units = (int) (transB ? b.dims()[0] : b.dims()[1]);
        float[] kernel = new float[in * units];
        for (int i = 0; i < in; i++) for (int o = 0; o < units; o++) kernel[i * units + o] = transB ? b.data()[o * in + i] : b.data()[i * units + o];
        Dense d = new Dense(units).useBias(c != null);
        d.name(layerName);
        SymbolicTensor y = d.apply(x.sym());
        d.kernel().assign(kernel);
        if (c != null) {
            if (c.data().length != units) throw unsupported(name, "Gemm", "bias C of " + c.data().length + " values for " + units + " units (broadcast C is not imported)");
            d.bias().assign(c.data());
        }
        return V.of(Kind.TENSOR, y);
    }

    private V conv(String name, String layerName, V x, V w, V b, Map<String, Map<Integer, List<Object>>> a) {
        if (x.kind() != Kind.IMAGE) throw unsupported(name, "Conv", "only 2-d convolutions of (N, C, H, W) images are imported");
        if (attrInt(a, "group", 1) != 1) throw unsupported(name, "Conv", "grouped convolutions are not imported");
        if (a.containsKey("auto_pad") && !"NOTSET".equals(new String((byte[]) a.get("auto_pad").get(4).get(0), java.nio.charset.StandardCharsets.UTF_8))) {
            throw unsupported(name, "Conv", "auto_pad is not imported (explicit pads are)");
        }
        int filters = (int) w.dims()[0], channels = (int) w.dims()[1], kh = (int) w.dims()[2], kw = (int) w.dims()[3];
        int[] s = attrInts(a, "strides", new int[] {1, 1}), d = attrInts(a, "dilations", new int[] {1, 1}), p = attrInts(a, "pads", new int[4]);
        Conv2D conv = new Conv2D(filters, kh, kw).strides(s[0], s[1]).dilationRate(d[0], d[1]).padding(Padding.of(p[0], p[2], p[1], p[3]));
        conv.useBias(b != null);
        conv.name(layerName);
        SymbolicTensor y = conv.apply(x.sym());
        float[] hwio = new float[w.data().length];
        for (int o = 0; o < filters; o++)
            for (int i = 0; i < channels; i++)
                for (int r = 0; r < kh; r++)
                    for (int c = 0; c < kw; c++) hwio[((r * kw + c) * channels + i) * filters + o] = w.data()[((o * channels + i) * kh + r) * kw + c];
        conv.kernel().assign(hwio);
        if (b != null) conv.bias().assign(b.data());
        return V.of(Kind.IMAGE, y);
    }

    private V pool(String name, String op, String layerName, V x, Map<String, Map<Integer, List<Object>>> a) {
        if (x.kind() != Kind.IMAGE) throw unsupported(name, op, "only 2-d pooling of (N, C, H, W) images is imported");
        if (attrInt(a, "ceil_mode", 0) != 0) throw unsupported(name, op, "ceil_mode is not imported");
        int[] k = attrInts(a, "kernel_shape", null), s = attrInts(a, "strides", new int[] {1, 1}), p = attrInts(a, "pads", new int[4]);
        boolean padded = p[0] + p[1] + p[2] + p[3] > 0;
        Layer pool;
        if (op.equals("MaxPool")) {
            MaxPooling2D m = new MaxPooling2D(k[0], k[1], s[0], s[1]);
            if (padded) m.padding(Padding.of(p[0], p[2], p[1], p[3])).padValue(Float.NEGATIVE_INFINITY);
            pool = m;
        } else {
            if (padded && attrInt(a, "count_include_pad", 0) == 0) throw unsupported(name, op, "padding left out of the average is not imported");
            AveragePooling2D m = new AveragePooling2D(k[0], k[1], s[0], s[1]);
            if (padded) m.padding(Padding.of(p[0], p[2], p[1], p[3]));
            pool = m;
        }
        pool.name(layerName);
        return V.of(Kind.IMAGE, pool.apply(x.sym()));
    }

    private void lstm(String name, String layerName, List<String> ins, List<String> outs, Map<String, Map<Integer, List<Object>>> a) {
        V x = in(ins, 0), w = in(ins, 1), r = in(ins, 2), b = in(ins, 3), seqLens = in(ins, 4), h0 = in(ins, 5), c0 = in(ins, 6);
        if (x.kind() != Kind.TIME_MAJOR) throw unsupported(name, "LSTM", "the input must be a batch-first sequence transposed to time-major (PyTorch's batch_first=True)");
        if (seqLens != null || in(ins, 7) != null) throw unsupported(name, "LSTM", "sequence_lens and peepholes are not imported");
        for (V s : new V[] {h0, c0}) {
            if (s != null && s.kind() != Kind.ZEROS && !(s.kind() == Kind.CONSTANT && allZero(s.data()))) throw unsupported(name, "LSTM", "only zero initial states are imported");
        }
        if (a.containsKey("direction") && !"forward".equals(new String((byte[]) a.get("direction").get(4).get(0), java.nio.charset.StandardCharsets.UTF_8))) {
            throw unsupported(name, "LSTM", "only direction=forward is imported");
        }
        if (a.containsKey("activations") || a.containsKey("clip") || attrInt(a, "input_forget", 0) != 0) throw unsupported(name, "LSTM", "only the default activations without clip or input_forget are imported");
        int u = (int) attrInt(a, "hidden_size", -1), features = (int) w.dims()[2];
        boolean wantSeq = uses.getOrDefault(outs.get(0), 0) > 0 && !outs.get(0).isEmpty();
        LSTM lstm = new LSTM(u).returnSequences(wantSeq).returnState(true);
        lstm.name(layerName);
        List<SymbolicTensor> y = lstm.applyAll(List.of(x.sym()));
        float[] kernel = new float[features * 4 * u], rk = new float[u * 4 * u], bias = new float[4 * u];
        for (int gate = 0; gate < 4; gate++) {
            int kg = LSTM_KERAS_GATE[gate];
            for (int j = 0; j < u; j++) {
                for (int k = 0; k < features; k++) kernel[k * 4 * u + kg * u + j] = w.data()[(gate * u + j) * features + k];
                for (int k = 0; k < u; k++) rk[k * 4 * u + kg * u + j] = r.data()[(gate * u + j) * u + k];
                if (b != null) bias[kg * u + j] = b.data()[gate * u + j] + b.data()[(4 + gate) * u + j]; // Wb + Rb
            }
        }
        lstm.kernel().assign(kernel);
        lstm.recurrentKernel().assign(rk);
        lstm.bias().assign(bias);
        if (wantSeq) values.put(outs.get(0), V.of(Kind.SEQ_DIRECTION, y.get(0)));
        if (outs.size() > 1 && !outs.get(1).isEmpty()) values.put(outs.get(1), V.of(Kind.LEADING_ONE, y.get(1)));
        if (outs.size() > 2 && !outs.get(2).isEmpty()) values.put(outs.get(2), V.of(Kind.LEADING_ONE, y.get(2)));
    }
}
