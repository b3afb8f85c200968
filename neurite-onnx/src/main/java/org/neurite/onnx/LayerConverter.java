package org.neurite.onnx;

import org.neurite.io.ProtoWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.neurite.nn.Activations;
import org.neurite.nn.Layer;
import org.neurite.nn.Model;
import org.neurite.nn.SymbolicTensor;
import org.neurite.nn.Weight;
import org.neurite.nn.layers.Activation;
import org.neurite.nn.layers.Add;
import org.neurite.nn.layers.Average;
import org.neurite.nn.layers.AveragePooling2D;
import org.neurite.nn.layers.BatchNormalization;
import org.neurite.nn.layers.Concatenate;
import org.neurite.nn.layers.Conv2D;
import org.neurite.nn.layers.Conv2DTranspose;
import org.neurite.nn.layers.Cropping2D;
import org.neurite.nn.layers.Dense;
import org.neurite.nn.layers.Dropout;
import org.neurite.nn.layers.ELU;
import org.neurite.nn.layers.Flatten;
import org.neurite.nn.layers.GlobalAveragePooling2D;
import org.neurite.nn.layers.GlobalMaxPooling2D;
import org.neurite.nn.layers.AveragePooling1D;
import org.neurite.nn.layers.Bidirectional;
import org.neurite.nn.layers.Conv1D;
import org.neurite.nn.layers.DepthwiseConv2D;
import org.neurite.nn.layers.Dot;
import org.neurite.nn.layers.MaxPooling1D;
import org.neurite.nn.layers.Embedding;
import org.neurite.nn.layers.GRU;
import org.neurite.nn.layers.GlobalAveragePooling1D;
import org.neurite.nn.layers.GlobalMaxPooling1D;
import org.neurite.nn.layers.GlobalPooling;
import org.neurite.nn.layers.LSTM;
import org.neurite.nn.layers.LayerNormalization;
import org.neurite.nn.layers.MultiHeadAttention;
import org.neurite.nn.layers.PReLU;
import org.neurite.nn.layers.PositionEmbedding;
import org.neurite.nn.layers.RecurrentLayer;
import org.neurite.nn.layers.RepeatVector;
import org.neurite.nn.layers.Sampling;
import org.neurite.nn.layers.SimpleRNN;
import org.neurite.nn.layers.SinePositionEncoding;
import org.neurite.nn.layers.TransformerEncoder;
import org.neurite.nn.layers.LeakyReLU;
import org.neurite.nn.layers.MaxPooling2D;
import org.neurite.nn.layers.Maximum;
import org.neurite.nn.layers.Minimum;
import org.neurite.nn.layers.Multiply;
import org.neurite.nn.layers.Permute;
import org.neurite.nn.layers.ReLU;
import org.neurite.nn.layers.Reshape;
import org.neurite.nn.layers.Softmax;
import org.neurite.nn.layers.Subtract;
import org.neurite.nn.layers.UpSampling2D;
import org.neurite.nn.layers.ZeroPadding2D;
import org.neurite.tensor.Padding;
import org.neurite.tensor.Shape;

/**
 * Turns one layer application into ONNX nodes. Image tensors travel in NCHW between the
 * operators that need it (Conv, ConvTranspose, pooling, BatchNormalization, Resize, Pad) and are
 * turned back to NHWC only where the channels-last order matters (Flatten, Dense, Reshape,
 * Softmax over the channels, outputs). Elementwise layers keep whatever layout their input has.
 * A layer or option without an ONNX form throws UnsupportedOperationException naming the layer.
 */
final class LayerConverter {
    private static final long[] TO_NCHW = {0, 3, 1, 2};
    private static final long[] TO_NHWC = {0, 2, 3, 1};
    /** Position in NCHW of each NHWC axis (batch, height, width, channels). */
    private static final int[] NHWC_AXIS_IN_NCHW = {0, 2, 3, 1};
    /** ONNX LSTM gates are i, o, f, c; Keras' are i, f, c, o: the Keras block of each ONNX gate. */
    private static final int[] LSTM_KERAS_GATE = {0, 3, 1, 2};

    private final OnnxGraph g;
    private final boolean foldBatchNorm;
    private final int opset;
    private final Map<SymbolicTensor, Integer> consumers = new IdentityHashMap<>();
    private final Map<Layer, Boolean> foldedBatchNorms = new IdentityHashMap<>();
    private final Map<String, Value> layoutCache = new HashMap<>();

    LayerConverter(OnnxGraph graph, Model model, boolean foldBatchNorm, int opset) {
        this.g = graph;
        this.opset = opset;
        this.foldBatchNorm = foldBatchNorm;
        for (Model.Node n : model.nodes()) for (SymbolicTensor t : n.inputs()) consumers.merge(t, 1, Integer::sum);
        for (SymbolicTensor t : model.outputs()) consumers.merge(t, 1, Integer::sum);
        this.model = model;
    }

    private final Model model;

    List<Value> convert(Model.Node node, List<Value> in) {
        Layer l = node.layer();
        Shape outShape = node.output().shape();
        Value x = in.get(0);
        if (l instanceof Dense d) return one(dense(d, x, outShape));
        if (l instanceof Conv2D c) return one(conv2d(c, node, x, outShape));
        if (l instanceof Conv2DTranspose c) return one(conv2dTranspose(c, x, outShape));
        if (l instanceof MaxPooling2D || l instanceof AveragePooling2D) return one(pool(l, x, outShape));
        if (l instanceof BatchNormalization bn) return one(batchNorm(bn, x));
        if (l instanceof Flatten) return one(flatten(l, x, outShape));
        if (l instanceof Dropout) return one(x);
        if (l instanceof Activation a) return one(activation(l, a.function(), x));
        if (l instanceof Softmax s) return one(softmax(l, x, s.axis(), "Softmax"));
        if (l instanceof LeakyReLU r) return one(unary(l, "LeakyRelu", x, Onnx.attr("alpha", r.alpha())));
        if (l instanceof ELU e) return one(unary(l, "Elu", x, Onnx.attr("alpha", e.alpha())));
        if (l instanceof ReLU) return one(relu(l, x));
        if (l instanceof Add) return one(merge(l, "Sum", in));
        if (l instanceof Subtract) return one(merge(l, "Sub", in));
        if (l instanceof Multiply) return one(merge(l, "Mul", in));
        if (l instanceof Maximum) return one(merge(l, "Max", in));
        if (l instanceof Minimum) return one(merge(l, "Min", in));
        if (l instanceof Average) return one(merge(l, "Mean", in));
        if (l instanceof Concatenate c) return one(concat(c, in, outShape));
        if (l instanceof UpSampling2D u) return one(upsampling(u, x, outShape));
        if (l instanceof ZeroPadding2D z) return one(zeroPadding(z, x, outShape));
        if (l instanceof Cropping2D c) return one(cropping(c, x, outShape));
        if (l instanceof GlobalAveragePooling2D || l instanceof GlobalMaxPooling2D) return one(globalPool(l, x, outShape));
        if (l instanceof Reshape r) return one(reshape(l, x, outShape));
        if (l instanceof Permute p) return one(permute(p, x, outShape));
        if (l instanceof RecurrentLayer rnn) return recurrent(rnn, node.output().nodeOutputs().stream().map(SymbolicTensor::shape).toList(), in, true);
        if (l instanceof Bidirectional b) return one(bidirectional(b, x, outShape));
        if (l instanceof Embedding e) return one(embedding(e, x, outShape));
        if (l instanceof PositionEmbedding p) return one(positionAdd(l, x, p.embeddings().value().data(), Boolean.TRUE.equals(l.config().get("add_to_input"))));
        if (l instanceof SinePositionEncoding) return one(positionAdd(l, x,
                SinePositionEncoding.encoding(x.shape().dim(0), x.shape().dim(1), ((Number) l.config().get("max_wavelength")).doubleValue()).data(),
                Boolean.TRUE.equals(l.config().get("add_to_input"))));
        if (l instanceof GlobalAveragePooling1D || l instanceof GlobalMaxPooling1D) return one(globalPool1d((GlobalPooling) l, x, outShape));
        if (l instanceof LayerNormalization ln) return one(layerNorm(ln, x));
        if (l instanceof MultiHeadAttention m) return one(attention(m, m.name(), nhwc(x), nhwc(in.get(1)), nhwc(in.size() == 3 ? in.get(2) : in.get(1)), outShape));
        if (l instanceof TransformerEncoder t) return one(transformerEncoder(t, nhwc(x)));
        if (l instanceof RepeatVector r) return one(repeatVector(r, x, outShape));
        if (l instanceof Sampling) return one(nhwc(x)); // inference: the mean mu (the noise is left out)
        if (l instanceof PReLU p) return one(prelu(p, x));
        if (l instanceof Conv1D c) return one(conv1d(c, x, outShape));
        if (l instanceof MaxPooling1D || l instanceof AveragePooling1D) return one(pool1d(l, x, outShape));
        if (l instanceof DepthwiseConv2D d) return one(depthwiseConv2d(d, x, outShape));
        if (l instanceof Dot d) return one(dot(d, nhwc(x), nhwc(in.get(1)), outShape));
        throw unsupported(l, "no ONNX conversion for " + l.className());
    }

    // ---------------------------------------------------------------- layouts

    Value nhwc(Value v) {
        if (!v.nchw()) return v;
        return layoutCache.computeIfAbsent(v.name() + "->nhwc", k ->
                new Value(g.node("Transpose", v.name() + "/to_nhwc", List.of(v.name()), Onnx.attr("perm", TO_NHWC)), v.shape(), false));
    }

    Value nchw(Value v) {
        if (v.nchw()) return v;
        if (!v.isImage()) throw new IllegalStateException("onnx export: " + v.name() + " of shape " + v.shape() + " is not an image");
        return layoutCache.computeIfAbsent(v.name() + "->nchw", k ->
                new Value(g.node("Transpose", v.name() + "/to_nchw", List.of(v.name()), Onnx.attr("perm", TO_NCHW)), v.shape(), true));
    }

    // ---------------------------------------------------------------- layers

    private Value dense(Dense d, Value x, Shape out) {
        x = nhwc(x);
        Weight kernel = d.kernel();
        String w = weight(d, kernel);
        String y;
        if (x.shape().rank() == 1) {
            List<String> ins = new ArrayList<>(List.of(x.name(), w));
            if (d.bias() != null) ins.add(weight(d, d.bias()));
            y = g.node("Gemm", d.name() + "/Gemm", ins);
        } else {
            y = g.node("MatMul", d.name() + "/MatMul", List.of(x.name(), w));
            if (d.bias() != null) y = g.node("Add", d.name() + "/BiasAdd", List.of(y, weight(d, d.bias())));
        }
        return activation(d, d.activation(), new Value(y, out, false));
    }

    private Value conv2d(Conv2D c, Model.Node node, Value x, Shape out) {
        Map<String, Object> cfg = c.config();
        int[] k = ints(cfg, "kernel_size"), s = ints(cfg, "strides"), dil = ints(cfg, "dilation_rate");
        Shape in = x.shape();
        int[] p = padding(cfg).resolve(in.dim(0), in.dim(1), dil[0] * (k[0] - 1) + 1, dil[1] * (k[1] - 1) + 1, s[0], s[1]);
        float[] w = hwioToOihw(c.kernel().value().data(), k[0], k[1], in.dim(2), c.filters());
        float[] b = c.bias() == null ? null : c.bias().value().data().clone();
        String activation = String.valueOf(cfg.get("activation"));
        BatchNormalization bn = foldableBatchNorm(node, activation);
        if (bn != null) {
            int f = c.filters(), per = w.length / f;
            float[][] kb = batchNormScaleShift(bn);
            if (b == null) b = new float[f];
            for (int o = 0; o < f; o++) {
                for (int i = 0; i < per; i++) w[o * per + i] *= kb[0][o];
                b[o] = (b[o] - kb[2][o]) * kb[0][o] + kb[3][o];
            }
            foldedBatchNorms.put(bn, true);
        }
        x = nchw(x);
        List<String> ins = new ArrayList<>(List.of(x.name(), g.floatConstant(c.name() + "/kernel_oihw", new long[] {c.filters(), in.dim(2), k[0], k[1]}, w)));
        if (b != null) ins.add(g.floatConstant(c.name() + "/bias", new long[] {b.length}, b));
        String y = g.node("Conv", c.name() + "/Conv", ins,
                Onnx.attr("kernel_shape", longs(k)), Onnx.attr("strides", longs(s)), Onnx.attr("dilations", longs(dil)),
                Onnx.attr("pads", new long[] {p[0], p[2], p[1], p[3]}));
        return activation(c, activation, new Value(y, out, true));
    }

    /** The BatchNormalization to fold into this Conv2D, or null. */
    private BatchNormalization foldableBatchNorm(Model.Node conv, String activation) {
        if (!foldBatchNorm || !activation.equals("linear") || consumers.getOrDefault(conv.output(), 0) != 1) return null;
        for (Model.Node n : model.nodes()) {
            if (n.inputs().size() == 1 && n.inputs().get(0) == conv.output() && n.layer() instanceof BatchNormalization bn) {
                int axis = ((Number) bn.config().get("axis")).intValue();
                return axis == -1 || axis == 3 ? bn : null;
            }
        }
        return null;
    }

    private Value conv2dTranspose(Conv2DTranspose c, Value x, Shape out) {
        Map<String, Object> cfg = c.config();
        int[] k = ints(cfg, "kernel_size"), s = ints(cfg, "strides");
        Shape in = x.shape();
        int[] pads = new int[4], extra = new int[2];
        for (int a = 0; a < 2; a++) {
            // Neurite's transposed conv is the input gradient of a Conv2D from the output (size
            // out[a], padding before/after) to the input: before/after are ONNX's pads, and the rows
            // that conv never reached are ONNX's output_padding.
            int o = out.dim(a), i = in.dim(a);
            int total = (i - 1) * s[a] + k[a] - o; // before + after - output_padding
            int before, after;
            Padding p = padding(cfg);
            switch (p.mode()) {
                case VALID -> { before = 0; after = 0; }
                case SAME -> {
                    int t = Math.max(((o + s[a] - 1) / s[a] - 1) * s[a] + k[a] - o, 0);
                    before = t / 2;
                    after = t - before;
                }
                default -> {
                    int[] r = p.resolve(0, 0, 1, 1, 1, 1);
                    before = r[2 * a];
                    after = r[2 * a + 1];
                }
            }
            pads[a] = before;
            pads[a + 2] = after;
            extra[a] = before + after - total;
            if (extra[a] < 0 || extra[a] >= s[a]) {
                throw unsupported(c, "output padding " + extra[a] + " on axis " + a + " has no ONNX ConvTranspose form");
            }
        }
        float[] w = hwioToOihw(c.kernel().value().data(), k[0], k[1], c.filters(), in.dim(2)); // (C_in, C_out, kh, kw)
        x = nchw(x);
        List<String> ins = new ArrayList<>(List.of(x.name(), g.floatConstant(c.name() + "/kernel", new long[] {in.dim(2), c.filters(), k[0], k[1]}, w)));
        if (c.bias() != null) ins.add(weight(c, c.bias()));
        String y = g.node("ConvTranspose", c.name() + "/ConvTranspose", ins,
                Onnx.attr("kernel_shape", longs(k)), Onnx.attr("strides", longs(s)),
                Onnx.attr("pads", longs(pads)), Onnx.attr("output_padding", longs(extra)));
        return activation(c, String.valueOf(cfg.get("activation")), new Value(y, out, true));
    }

    private Value pool(Layer l, Value x, Shape out) {
        Map<String, Object> cfg = l.config();
        int[] k = ints(cfg, "pool_size"), s = ints(cfg, "strides");
        Shape in = x.shape();
        Padding padding = padding(cfg);
        int[] p = padding.resolve(in.dim(0), in.dim(1), k[0], k[1], s[0], s[1]);
        long[] pads = {p[0], p[2], p[1], p[3]};
        x = nchw(x);
        String y;
        if (l instanceof MaxPooling2D) {
            Object pv = cfg.get("pad_value");
            boolean anyPad = p[0] + p[1] + p[2] + p[3] > 0;
            if (anyPad && !"-inf".equals(pv)) {
                // Padded cells take a finite value v: max(MaxPool with ignored padding, M), where M is v
                // for the windows that reach into the padding and -inf elsewhere. (Not Pad + MaxPool:
                // ONNX Runtime's Pad/MaxPool fusion wrongly folds a zero Pad into MaxPool's pads.)
                float value = ((Number) pv).floatValue();
                int oh = out.dim(0), ow = out.dim(1);
                float[] mask = new float[oh * ow];
                for (int i = 0; i < oh; i++) {
                    for (int j = 0; j < ow; j++) {
                        int r0 = i * s[0] - p[0], c0 = j * s[1] - p[2];
                        boolean padded = r0 < 0 || c0 < 0 || r0 + k[0] > in.dim(0) || c0 + k[1] > in.dim(1);
                        mask[i * ow + j] = padded ? value : Float.NEGATIVE_INFINITY;
                    }
                }
                y = g.node("MaxPool", l.name() + "/MaxPool", List.of(x.name()),
                        Onnx.attr("kernel_shape", longs(k)), Onnx.attr("strides", longs(s)), Onnx.attr("pads", pads));
                y = g.node("Max", l.name() + "/pad_value", List.of(y, g.floatConstant(l.name() + "/pad_mask", new long[] {1, 1, oh, ow}, mask)));
            } else {
                y = g.node("MaxPool", l.name() + "/MaxPool", List.of(x.name()),
                        Onnx.attr("kernel_shape", longs(k)), Onnx.attr("strides", longs(s)), Onnx.attr("pads", pads));
            }
        } else {
            // AveragePooling2D: Keras' 'same' excludes padded cells from the divisor, explicit (PyTorch) padding includes them
            long include = padding.mode() == Padding.Mode.EXPLICIT ? 1 : 0;
            y = g.node("AveragePool", l.name() + "/AveragePool", List.of(x.name()),
                    Onnx.attr("kernel_shape", longs(k)), Onnx.attr("strides", longs(s)), Onnx.attr("pads", pads),
                    Onnx.attr("count_include_pad", include));
        }
        return new Value(y, out, true);
    }

    private Value batchNorm(BatchNormalization bn, Value x) {
        if (foldedBatchNorms.containsKey(bn)) return x;
        int axis = ((Number) bn.config().get("axis")).intValue();
        int rank = x.shape().rank() + 1;
        if (axis != -1 && axis != rank - 1) throw unsupported(bn, "only the channels-last axis (-1) is exported, got axis " + axis);
        float[][] kb = batchNormScaleShift(bn);
        int c = kb[0].length;
        if (x.isImage() || rank == 2) {
            // the ONNX operator (inference mode) normalizes axis 1: NCHW images and (N, C) vectors
            x = x.isImage() ? nchw(x) : x;
            String y = g.node("BatchNormalization", bn.name() + "/BatchNormalization", List.of(x.name(),
                    g.floatConstant(bn.name() + "/scale", new long[] {c}, kb[4]), g.floatConstant(bn.name() + "/B", new long[] {c}, kb[5]),
                    g.floatConstant(bn.name() + "/mean", new long[] {c}, kb[2]), g.floatConstant(bn.name() + "/var", new long[] {c}, kb[6])),
                    Onnx.attr("epsilon", bn.epsilon()));
            return new Value(y, x.shape(), x.nchw());
        }
        // other ranks: x k + (beta - mean k) along the last axis, as Neurite computes it
        String y = g.node("Mul", bn.name() + "/scale", List.of(x.name(), g.floatConstant(bn.name() + "/k", new long[] {c}, kb[0])));
        y = g.node("Add", bn.name() + "/shift", List.of(y, g.floatConstant(bn.name() + "/shift_value", new long[] {c}, kb[1])));
        return new Value(y, x.shape(), false);
    }

    /**
     * Rows: 0 k = gamma / sqrt(var + eps), 1 shift = beta - mean k, 2 mean, 3 beta, 4 gamma, 5 beta,
     * 6 variance (gamma 1 and beta 0 when the layer has no scale or center).
     */
    private static float[][] batchNormScaleShift(BatchNormalization bn) {
        float[] mean = bn.movingMean().value().data(), var = bn.movingVariance().value().data();
        int c = mean.length;
        float[] gamma = bn.gamma() != null ? bn.gamma().value().data() : filled(c, 1f);
        float[] beta = bn.beta() != null ? bn.beta().value().data() : new float[c];
        float[] k = new float[c], shift = new float[c];
        for (int i = 0; i < c; i++) {
            k[i] = (float) (gamma[i] / Math.sqrt((double) var[i] + bn.epsilon()));
            shift[i] = beta[i] - mean[i] * k[i];
        }
        return new float[][] {k, shift, mean.clone(), beta.clone(), gamma.clone(), beta.clone(), var.clone()};
    }

    private Value flatten(Layer l, Value x, Shape out) {
        x = nhwc(x); // Keras flattens channels-last
        return new Value(g.node("Flatten", l.name() + "/Flatten", List.of(x.name()), Onnx.attr("axis", 1L)), out, false);
    }

    private Value reshape(Layer l, Value x, Shape out) {
        x = nhwc(x);
        long[] target = new long[out.rank() + 1];
        target[0] = 0; // copy the batch dimension
        for (int i = 0; i < out.rank(); i++) target[i + 1] = out.dim(i);
        return new Value(g.node("Reshape", l.name() + "/Reshape", List.of(x.name(), g.int64Constant(l.name() + "/shape", target))), out, false);
    }

    private Value permute(Permute p, Value x, Shape out) {
        x = nhwc(x);
        int[] dims = p.dims();
        long[] perm = new long[dims.length + 1];
        for (int i = 0; i < dims.length; i++) perm[i + 1] = dims[i];
        return new Value(g.node("Transpose", p.name() + "/Transpose", List.of(x.name()), Onnx.attr("perm", perm)), out, false);
    }

    private Value relu(Layer l, Value x) {
        Map<String, Object> cfg = l.config();
        float slope = ((Number) cfg.get("negative_slope")).floatValue(), threshold = ((Number) cfg.get("threshold")).floatValue();
        Object max = cfg.get("max_value");
        if (slope != 0f || threshold != 0f) throw unsupported(l, "ReLU with negative_slope or threshold has no single ONNX operator");
        if (max == null) return unary(l, "Relu", x);
        String y = g.node("Clip", l.name() + "/Clip", List.of(x.name(), g.scalar(l.name() + "/min", 0f), g.scalar(l.name() + "/max", ((Number) max).floatValue())));
        return new Value(y, x.shape(), x.nchw());
    }

    private Value merge(Layer l, String op, List<Value> in) {
        boolean allImages = in.stream().allMatch(Value::isImage);
        boolean anyNchw = in.stream().anyMatch(Value::nchw);
        List<String> names = new ArrayList<>();
        List<Value> aligned = new ArrayList<>();
        for (Value v : in) aligned.add(allImages && anyNchw ? nchw(v) : nhwc(v));
        for (Value v : aligned) names.add(v.name());
        String y;
        if (op.equals("Sub") || op.equals("Mul") && names.size() == 2) {
            y = g.node(op, l.name() + "/" + op, names);
        } else if (op.equals("Mul")) {
            y = names.get(0);
            for (int i = 1; i < names.size(); i++) y = g.node("Mul", l.name() + "/Mul", List.of(y, names.get(i)));
        } else {
            y = g.node(op, l.name() + "/" + op, names);
        }
        return new Value(y, in.get(0).shape(), aligned.get(0).nchw());
    }

    private Value concat(Concatenate c, List<Value> in, Shape out) {
        int rank = out.rank() + 1;
        int axis = c.axis() < 0 ? c.axis() + rank : c.axis();
        boolean images = in.stream().allMatch(Value::isImage) && in.stream().anyMatch(Value::nchw);
        List<String> names = new ArrayList<>();
        for (Value v : in) names.add((images ? nchw(v) : nhwc(v)).name());
        long onnxAxis = images ? NHWC_AXIS_IN_NCHW[axis] : axis;
        return new Value(g.node("Concat", c.name() + "/Concat", names, Onnx.attr("axis", onnxAxis)), out, images);
    }

    private Value upsampling(UpSampling2D u, Value x, Shape out) {
        Map<String, Object> cfg = u.config();
        int[] size = ints(cfg, "size");
        boolean nearest = "nearest".equals(cfg.get("interpolation"));
        x = nchw(x);
        String scales = g.floatConstant(u.name() + "/scales", new long[] {4}, new float[] {1f, 1f, size[0], size[1]});
        String y = nearest
                ? g.node("Resize", u.name() + "/Resize", List.of(x.name(), "", scales), Onnx.attr("mode", "nearest"),
                        Onnx.attr("coordinate_transformation_mode", "asymmetric"), Onnx.attr("nearest_mode", "floor"))
                : g.node("Resize", u.name() + "/Resize", List.of(x.name(), "", scales), Onnx.attr("mode", "linear"),
                        Onnx.attr("coordinate_transformation_mode", "half_pixel"));
        return new Value(y, out, true);
    }

    private Value zeroPadding(ZeroPadding2D z, Value x, Shape out) {
        int[] p = ints(z.config(), "padding"); // top, bottom, left, right
        x = nchw(x);
        String y = g.node("Pad", z.name() + "/Pad", List.of(x.name(), g.int64Constant(z.name() + "/pads", 0, 0, p[0], p[2], 0, 0, p[1], p[3])));
        return new Value(y, out, true);
    }

    private Value cropping(Cropping2D c, Value x, Shape out) {
        int[] p = ints(c.config(), "cropping");
        Shape in = x.shape();
        x = nchw(x);
        String y = g.node("Slice", c.name() + "/Slice", List.of(x.name(),
                g.int64Constant(c.name() + "/starts", p[0], p[2]),
                g.int64Constant(c.name() + "/ends", in.dim(0) - p[1], in.dim(1) - p[3]),
                g.int64Constant(c.name() + "/axes", 2, 3)));
        return new Value(y, out, true);
    }

    private Value globalPool(Layer l, Value x, Shape out) {
        String op = l instanceof GlobalAveragePooling2D ? "GlobalAveragePool" : "GlobalMaxPool";
        x = nchw(x);
        String y = g.node(op, l.name() + "/" + op, List.of(x.name())); // (N, C, 1, 1)
        if (out.rank() == 3) return new Value(y, out, true); // keepdims: (N, 1, 1, C) is (N, C, 1, 1) in NCHW
        return new Value(g.node("Flatten", l.name() + "/Flatten", List.of(y), Onnx.attr("axis", 1L)), out, false);
    }

    /** Keras' gate block for each ONNX gate: LSTM i, o, f, c from Keras i, f, c, o; GRU z, r, h in both. */
    private static int[] kerasGates(RecurrentLayer l) {
        if (l instanceof LSTM) return LSTM_KERAS_GATE;
        if (l instanceof GRU) return new int[] {0, 1, 2};
        return new int[] {0};
    }

    /**
     * LSTM, GRU and SimpleRNN as ONNX's LSTM, GRU and RNN: time-major, weights regrouped per ONNX
     * gate, input bias Wb and recurrent bias Rb (only GRU with reset_after has its own Rb). With
     * go_backwards ONNX runs "reverse" and returns Y in input order; Keras returns it in processing
     * order, so a standalone layer flips it back ({@code standalone} false: Bidirectional wants
     * input order).
     */
    private List<Value> recurrent(RecurrentLayer layer, List<Shape> outShapes, List<Value> in, boolean standalone) {
        String op = layer instanceof LSTM ? "LSTM" : layer instanceof GRU ? "GRU" : layer instanceof SimpleRNN ? "RNN" : null;
        if (op == null) throw unsupported(layer, "no ONNX conversion for " + layer.className());
        Value x = nhwc(in.get(0));
        int u = layer.units(), features = x.shape().dim(1);
        int[] gates = kerasGates(layer);
        int ng = gates.length;
        float[] kernel = layer.kernel().value().data(), rk = layer.recurrentKernel().value().data();
        float[] bias = layer.bias() == null ? null : layer.bias().value().data();
        boolean twoBiases = layer instanceof GRU gru && gru.resetAfter();
        float[] w = new float[ng * u * features], r = new float[ng * u * u], b = new float[2 * ng * u];
        for (int gate = 0; gate < ng; gate++) {
            int kg = gates[gate];
            for (int j = 0; j < u; j++) {
                for (int k = 0; k < features; k++) w[(gate * u + j) * features + k] = kernel[k * ng * u + kg * u + j];
                for (int k = 0; k < u; k++) r[(gate * u + j) * u + k] = rk[k * ng * u + kg * u + j];
                if (bias != null) {
                    b[gate * u + j] = bias[kg * u + j]; // Wb
                    if (twoBiases) b[(ng + gate) * u + j] = bias[ng * u + kg * u + j]; // Rb
                }
            }
        }
        String name = layer.name();
        String seq = g.node("Transpose", name + "/time_major", List.of(x.name()), Onnx.attr("perm", new long[] {1, 0, 2}));
        List<String> ins = new ArrayList<>(List.of(seq,
                g.floatConstant(name + "/W", new long[] {1, ng * u, features}, w),
                g.floatConstant(name + "/R", new long[] {1, ng * u, u}, r),
                g.floatConstant(name + "/B", new long[] {1, 2 * ng * u}, b)));
        int states = layer instanceof LSTM ? 2 : 1;
        if (in.size() == 1 + states) { // initial_state = [h0] or [h0, c0]
            String axes0 = g.int64Constant(name + "/axes0", 0);
            ins.add("");
            ins.add(g.node("Unsqueeze", name + "/initial_h", List.of(nhwc(in.get(1)).name(), axes0)));
            if (states == 2) ins.add(g.node("Unsqueeze", name + "/initial_c", List.of(nhwc(in.get(2)).name(), axes0)));
        } else if (in.size() != 1) {
            throw unsupported(layer, "expected 1 input or " + (1 + states) + " (x and the initial states), got " + in.size());
        }
        String f = onnxActivation(layer, layer.recurrentActivation()), act = onnxActivation(layer, layer.activation());
        String[] activations = switch (op) {
            case "LSTM" -> new String[] {f, act, act};
            case "GRU" -> new String[] {f, act};
            default -> new String[] {act};
        };
        List<String> outNames = new ArrayList<>(List.of(g.fresh(name + "/Y"), g.fresh(name + "/Y_h")));
        if (states == 2) outNames.add(g.fresh(name + "/Y_c"));
        List<ProtoWriter> attrs = new ArrayList<>(List.of(Onnx.attr("hidden_size", (long) u), Onnx.attr("activations", activations),
                Onnx.attr("direction", layer.goBackwards() ? "reverse" : "forward")));
        if (op.equals("GRU")) attrs.add(Onnx.attr("linear_before_reset", twoBiases ? 1L : 0L));
        List<String> outs = g.nodeOutputs(op, ins, outNames, attrs.toArray(new ProtoWriter[0]));
        List<Value> result = new ArrayList<>();
        String axes0 = g.int64Constant(name + "/squeeze0", 0);
        if (layer.returnSequences()) {
            String y = g.node("Squeeze", name + "/Y_squeezed", List.of(outs.get(0), g.int64Constant(name + "/squeeze1", 1)));
            if (layer.goBackwards() && standalone) { // Keras: the outputs in processing order (last time step first)
                y = g.node("Slice", name + "/processing_order", List.of(y, g.int64Constant(name + "/rev_start", -1),
                        g.int64Constant(name + "/rev_end", Long.MIN_VALUE), g.int64Constant(name + "/rev_axis", 0), g.int64Constant(name + "/rev_step", -1)));
            }
            result.add(new Value(g.node("Transpose", name + "/batch_major", List.of(y), Onnx.attr("perm", new long[] {1, 0, 2})), outShapes.get(0), false));
        } else {
            result.add(new Value(g.node("Squeeze", name + "/h", List.of(outs.get(1), axes0)), outShapes.get(0), false));
        }
        if (layer.returnState()) {
            for (int i = 0; i < states; i++) {
                result.add(new Value(g.node("Squeeze", name + (i == 0 ? "/state_h" : "/state_c"), List.of(outs.get(1 + i), axes0)), outShapes.get(1 + i), false));
            }
        }
        return result;
    }

    private Value bidirectional(Bidirectional b, Value x, Shape out) {
        RecurrentLayer fwd = b.forwardLayer(), bwd = b.backwardLayer();
        if (fwd.returnState()) throw unsupported(b, "returnState is not exported");
        Shape half = fwd.returnSequences() ? out.withDim(-1, fwd.units()) : Shape.of(fwd.units());
        Value y = recurrent(fwd, List.of(half), List.of(x), true).get(0);
        Value yb = recurrent(bwd, List.of(half), List.of(x), false).get(0);
        String name = b.name();
        String merged = switch (b.mergeMode()) {
            case "concat" -> g.node("Concat", name + "/Concat", List.of(y.name(), yb.name()), Onnx.attr("axis", -1L));
            case "sum" -> g.node("Add", name + "/Add", List.of(y.name(), yb.name()));
            case "mul" -> g.node("Mul", name + "/Mul", List.of(y.name(), yb.name()));
            case "ave" -> g.node("Mul", name + "/Average", List.of(g.node("Add", name + "/Add", List.of(y.name(), yb.name())), g.scalar(name + "/half", 0.5f)));
            default -> throw unsupported(b, "merge mode '" + b.mergeMode() + "' is not exported");
        };
        return new Value(merged, out, false);
    }

    /** Token ids arrive as floats (Neurite's inputs are float32): cast to int64, then Gather the rows. */
    private Value embedding(Embedding e, Value x, Shape out) {
        x = nhwc(x);
        String ids = g.node("Cast", e.name() + "/ids", List.of(x.name()), Onnx.attr("to", 7L)); // 7 = INT64
        return new Value(g.node("Gather", e.name() + "/Gather", List.of(weight(e, e.embeddings()), ids), Onnx.attr("axis", 0L)), out, false);
    }

    /** x (N, T, D) plus, or replaced by, the first T rows of a (positions, D) table (row-major, so a prefix). */
    private Value positionAdd(Layer l, Value x, float[] table, boolean add) {
        x = nhwc(x);
        int t = x.shape().dim(0), d = x.shape().dim(1);
        String p = g.floatConstant(l.name() + "/positions", new long[] {t, d}, java.util.Arrays.copyOf(table, t * d));
        String y = add ? g.node("Add", l.name() + "/Add", List.of(x.name(), p))
                : g.node("Expand", l.name() + "/Expand", List.of(p, g.node("Shape", l.name() + "/Shape", List.of(x.name()))));
        return new Value(y, x.shape(), false);
    }

    private Value globalPool1d(GlobalPooling l, Value x, Shape out) {
        x = nhwc(x);
        String op = l instanceof GlobalAveragePooling1D ? "ReduceMean" : "ReduceMax";
        long keep = Boolean.TRUE.equals(l.config().get("keepdims")) ? 1 : 0;
        return new Value(g.node(op, l.name() + "/" + op, List.of(x.name()), Onnx.attr("axes", new long[] {1}), Onnx.attr("keepdims", keep)), out, false);
    }

    /** The opset-17 LayerNormalization operator, or (opsets 13 to 16) its formula over the last axis. */
    private Value layerNorm(LayerNormalization ln, Value x) {
        x = nhwc(x);
        int d = x.shape().dim(x.shape().rank() - 1);
        float eps = ((Number) ln.config().get("epsilon")).floatValue();
        String n = ln.name();
        String gamma = ln.gamma() != null ? weight(ln, ln.gamma()) : g.floatConstant(n + "/ones", new long[] {d}, filled(d, 1f));
        String beta = ln.beta() != null ? weight(ln, ln.beta()) : g.floatConstant(n + "/zeros", new long[] {d}, new float[d]);
        if (opset >= 17) {
            return new Value(g.node("LayerNormalization", n + "/LayerNormalization", List.of(x.name(), gamma, beta),
                    Onnx.attr("axis", -1L), Onnx.attr("epsilon", eps)), x.shape(), false);
        }
        String mean = g.node("ReduceMean", n + "/mean", List.of(x.name()), Onnx.attr("axes", new long[] {-1}), Onnx.attr("keepdims", 1L));
        String xc = g.node("Sub", n + "/centered", List.of(x.name(), mean));
        String var = g.node("ReduceMean", n + "/variance", List.of(g.node("Mul", n + "/square", List.of(xc, xc))),
                Onnx.attr("axes", new long[] {-1}), Onnx.attr("keepdims", 1L));
        String std = g.node("Sqrt", n + "/std", List.of(g.node("Add", n + "/var_eps", List.of(var, g.scalar(n + "/epsilon", eps)))));
        String y = g.node("Div", n + "/normalized", List.of(xc, std));
        y = g.node("Mul", n + "/scale", List.of(y, gamma));
        return new Value(g.node("Add", n + "/shift", List.of(y, beta)), x.shape(), false);
    }

    private static Weight namedWeight(Layer l, String suffix) {
        for (Weight w : l.weights()) if (w.name().endsWith(suffix)) return w;
        return null;
    }

    /** x (N, L, D) times a (D, H, d) kernel as (D, H d), plus the (H, d) bias: (N, L, H, d), then the axes of perm. */
    private String headProjection(MultiHeadAttention m, String prefix, String part, Value x, int heads, long[] perm) {
        Weight k = namedWeight(m, part + "/kernel"), b = namedWeight(m, part + "/bias");
        int din = k.shape().dim(0), d = k.shape().dim(2);
        String y = g.node("MatMul", prefix + "/" + part, List.of(x.name(),
                g.floatConstant(prefix + "/" + part + "_kernel", new long[] {din, (long) heads * d}, k.value().data().clone())));
        if (b != null) y = g.node("Add", prefix + "/" + part + "_bias", List.of(y, g.floatConstant(prefix + "/" + part + "_b", new long[] {(long) heads * d}, b.value().data().clone())));
        y = g.node("Reshape", prefix + "/" + part + "_heads", List.of(y, g.int64Constant(prefix + "/" + part + "_shape", 0, x.shape().dim(0), heads, d)));
        return g.node("Transpose", prefix + "/" + part + "_perm", List.of(y), Onnx.attr("perm", perm));
    }

    /** Multi-head attention as MatMuls and a Softmax (Keras' formula, as MultiHeadAttention computes it). */
    private Value attention(MultiHeadAttention m, String prefix, Value q, Value v, Value k, Shape out) {
        int h = m.numHeads(), t = q.shape().dim(0), s = v.shape().dim(0);
        String qh = headProjection(m, prefix, "query", q, h, new long[] {0, 2, 1, 3});   // (N, H, T, kd)
        qh = g.node("Mul", prefix + "/query_scaled", List.of(qh, g.scalar(prefix + "/scale", (float) (1 / Math.sqrt(m.keyDim())))));
        String kh = headProjection(m, prefix, "key", k, h, new long[] {0, 2, 3, 1});     // (N, H, kd, S)
        String vh = headProjection(m, prefix, "value", v, h, new long[] {0, 2, 1, 3});   // (N, H, S, vd)
        String scores = g.node("MatMul", prefix + "/scores", List.of(qh, kh));           // (N, H, T, S)
        if (Boolean.TRUE.equals(m.config().get("use_causal_mask"))) {
            float[] tri = new float[t * s];
            for (int i = 0; i < t; i++) for (int j = 0; j <= i && j < s; j++) tri[i * s + j] = 1f;
            String allowed = g.node("Cast", prefix + "/causal", List.of(g.floatConstant(prefix + "/causal_mask", new long[] {1, 1, t, s}, tri)), Onnx.attr("to", 9L)); // 9 = BOOL
            scores = g.node("Where", prefix + "/masked", List.of(allowed, scores, g.scalar(prefix + "/masked_value", -1e9f)));
        }
        String weights = g.node("Softmax", prefix + "/attention", List.of(scores), Onnx.attr("axis", -1L));
        String ctx = g.node("MatMul", prefix + "/context", List.of(weights, vh));           // (N, H, T, vd)
        ctx = g.node("Transpose", prefix + "/context_perm", List.of(ctx), Onnx.attr("perm", new long[] {0, 2, 1, 3}));
        Weight wo = namedWeight(m, "attention_output/kernel"), bo = namedWeight(m, "attention_output/bias");
        int hv = wo.shape().dim(0) * wo.shape().dim(1), dout = wo.shape().dim(2);
        ctx = g.node("Reshape", prefix + "/context_flat", List.of(ctx, g.int64Constant(prefix + "/context_shape", 0, t, hv)));
        String y = g.node("MatMul", prefix + "/output", List.of(ctx, g.floatConstant(prefix + "/output_kernel", new long[] {hv, dout}, wo.value().data().clone())));
        if (bo != null) y = g.node("Add", prefix + "/output_bias", List.of(y, weight(m, bo)));
        return new Value(y, out, false);
    }

    /** keras_nlp's TransformerEncoder from its sublayers: attention and feed-forward blocks with residuals, post- or pre-norm. */
    private Value transformerEncoder(TransformerEncoder t, Value x) {
        boolean preNorm = Boolean.TRUE.equals(t.config().get("normalize_first"));
        Shape shape = x.shape();
        Value h = preNorm ? layerNorm(t.attentionNorm(), x) : x;
        h = attention(t.attention(), t.attention().name(), h, h, h, shape);
        h = new Value(g.node("Add", t.name() + "/attention_residual", List.of(h.name(), x.name())), shape, false);
        if (!preNorm) h = layerNorm(t.attentionNorm(), h);
        Value f = preNorm ? layerNorm(t.feedforwardNorm(), h) : h;
        Dense inner = t.intermediateDense(), outer = t.outputDense();
        f = dense(inner, f, shape.withDim(-1, inner.units()));
        f = dense(outer, f, shape);
        f = new Value(g.node("Add", t.name() + "/feedforward_residual", List.of(f.name(), h.name())), shape, false);
        return preNorm ? f : layerNorm(t.feedforwardNorm(), f);
    }

    private Value repeatVector(RepeatVector r, Value x, Shape out) {
        x = nhwc(x);
        String y = g.node("Unsqueeze", r.name() + "/Unsqueeze", List.of(x.name(), g.int64Constant(r.name() + "/axis1", 1)));
        return new Value(g.node("Tile", r.name() + "/Tile", List.of(y, g.int64Constant(r.name() + "/repeats", 1, out.dim(0), 1))), out, false);
    }

    private Value prelu(PReLU p, Value x) {
        x = nhwc(x); // alpha has the channels-last sample shape (shared axes 1), which broadcasts over the batch
        return new Value(g.node("PRelu", p.name() + "/PRelu", List.of(x.name(), weight(p, p.alpha()))), x.shape(), false);
    }

    /** (N, L, C) as ONNX's (N, C, L); pads [before, after] of a 1-d window of this (dilated) size. */
    private static int[] pads1d(Map<String, Object> cfg, int length, int window, int stride) {
        if ("causal".equals(cfg.get("padding"))) return new int[] {window - 1, 0};
        int[] p = padding(cfg).resolve(1, length, 1, window, 1, stride);
        return new int[] {p[2], p[3]};
    }

    private String channelsFirst1d(Layer l, Value x) {
        return g.node("Transpose", l.name() + "/to_ncl", List.of(nhwc(x).name()), Onnx.attr("perm", new long[] {0, 2, 1}));
    }

    private String channelsLast1d(Layer l, String y) {
        return g.node("Transpose", l.name() + "/to_nlc", List.of(y), Onnx.attr("perm", new long[] {0, 2, 1}));
    }

    private Value conv1d(Conv1D c, Value x, Shape out) {
        Map<String, Object> cfg = c.config();
        int k = ints(cfg, "kernel_size")[0], s = ints(cfg, "strides")[0], d = ints(cfg, "dilation_rate")[0];
        int length = x.shape().dim(0), channels = x.shape().dim(1), filters = out.dim(1);
        int[] p = pads1d(cfg, length, d * (k - 1) + 1, s);
        float[] kernel = c.kernel().value().data(); // (K, C, F) -> (F, C, K)
        float[] w = new float[kernel.length];
        for (int t = 0; t < k; t++) for (int i = 0; i < channels; i++) for (int o = 0; o < filters; o++) w[(o * channels + i) * k + t] = kernel[(t * channels + i) * filters + o];
        List<String> ins = new ArrayList<>(List.of(channelsFirst1d(c, x), g.floatConstant(c.name() + "/kernel_ock", new long[] {filters, channels, k}, w)));
        if (c.bias() != null) ins.add(weight(c, c.bias()));
        String y = g.node("Conv", c.name() + "/Conv", ins, Onnx.attr("kernel_shape", new long[] {k}), Onnx.attr("strides", new long[] {s}),
                Onnx.attr("dilations", new long[] {d}), Onnx.attr("pads", new long[] {p[0], p[1]}));
        return activation(c, String.valueOf(cfg.get("activation")), new Value(channelsLast1d(c, y), out, false));
    }

    private Value pool1d(Layer l, Value x, Shape out) {
        Map<String, Object> cfg = l.config();
        int k = ints(cfg, "pool_size")[0], s = ints(cfg, "strides")[0];
        int[] p = pads1d(cfg, x.shape().dim(0), k, s);
        String in = channelsFirst1d(l, x), y;
        if (l instanceof MaxPooling1D) {
            y = g.node("MaxPool", l.name() + "/MaxPool", List.of(in), Onnx.attr("kernel_shape", new long[] {k}), Onnx.attr("strides", new long[] {s}),
                    Onnx.attr("pads", new long[] {p[0], p[1]}));
        } else { // Keras' 'same' leaves the padded cells out of each average
            y = g.node("AveragePool", l.name() + "/AveragePool", List.of(in), Onnx.attr("kernel_shape", new long[] {k}), Onnx.attr("strides", new long[] {s}),
                    Onnx.attr("pads", new long[] {p[0], p[1]}), Onnx.attr("count_include_pad", 0L));
        }
        return new Value(channelsLast1d(l, y), out, false);
    }

    /** A grouped Conv with one group per input channel; output channel c * multiplier + m, as Keras orders them. */
    private Value depthwiseConv2d(DepthwiseConv2D d, Value x, Shape out) {
        Map<String, Object> cfg = d.config();
        int[] k = ints(cfg, "kernel_size"), s = ints(cfg, "strides"), dil = ints(cfg, "dilation_rate");
        Shape in = x.shape();
        int channels = in.dim(2), outChannels = out.dim(2);
        int[] p = padding(cfg).resolve(in.dim(0), in.dim(1), dil[0] * (k[0] - 1) + 1, dil[1] * (k[1] - 1) + 1, s[0], s[1]);
        // (KH, KW, C, M) is (KH, KW, 1, C M) read as HWIO
        float[] w = hwioToOihw(d.kernel().value().data(), k[0], k[1], 1, outChannels);
        x = nchw(x);
        List<String> ins = new ArrayList<>(List.of(x.name(), g.floatConstant(d.name() + "/kernel_oihw", new long[] {outChannels, 1, k[0], k[1]}, w)));
        if (d.bias() != null) ins.add(weight(d, d.bias()));
        String y = g.node("Conv", d.name() + "/Conv", ins, Onnx.attr("group", (long) channels),
                Onnx.attr("kernel_shape", longs(k)), Onnx.attr("strides", longs(s)), Onnx.attr("dilations", longs(dil)),
                Onnx.attr("pads", new long[] {p[0], p[2], p[1], p[3]}));
        return activation(d, String.valueOf(cfg.get("activation")), new Value(y, out, true));
    }

    /** Keras' batched Dot, as Neurite computes it: the dot axis of a moved last, of b second, one MatMul, the output shape. */
    private Value dot(Dot d, Value a, Value b, Shape out) {
        int[] axes = d.axes();
        int ra = a.shape().rank() + 1, rb = b.shape().rank() + 1;
        int ia = axes[0] < 0 ? axes[0] + ra : axes[0], ib = axes[1] < 0 ? axes[1] + rb : axes[1];
        int len = a.shape().dim(ia - 1);
        String an = a.name(), bn = b.name(), n = d.name();
        if (d.normalize()) {
            an = l2Normalize(n + "/a", an, ia);
            bn = l2Normalize(n + "/b", bn, ib);
        }
        an = g.node("Transpose", n + "/a_dot_last", List.of(an), Onnx.attr("perm", moveAxis(ra, ia, ra - 1)));
        an = g.node("Reshape", n + "/a_matrix", List.of(an, g.int64Constant(n + "/a_shape", 0, -1, len)));
        if (rb == 2) {
            bn = g.node("Unsqueeze", n + "/b_column", List.of(bn, g.int64Constant(n + "/axis2", 2)));
        } else {
            bn = g.node("Transpose", n + "/b_dot_second", List.of(bn), Onnx.attr("perm", moveAxis(rb, ib, 1)));
            bn = g.node("Reshape", n + "/b_matrix", List.of(bn, g.int64Constant(n + "/b_shape", 0, len, -1)));
        }
        String y = g.node("MatMul", n + "/MatMul", List.of(an, bn));
        long[] dims = new long[out.rank() + 1];
        for (int i = 0; i < out.rank(); i++) dims[i + 1] = out.dim(i);
        return new Value(g.node("Reshape", n + "/Reshape", List.of(y, g.int64Constant(n + "/shape", dims))), out, false);
    }

    private static long[] moveAxis(int rank, int from, int to) {
        List<Long> order = new ArrayList<>();
        for (int i = 0; i < rank; i++) if (i != from) order.add((long) i);
        order.add(to, (long) from);
        return order.stream().mapToLong(Long::longValue).toArray();
    }

    /** x / sqrt(max(sum x^2, 1e-12)) along one axis (Keras' l2_normalize, as Dot does it). */
    private String l2Normalize(String hint, String x, int axis) {
        String sq = g.node("ReduceSumSquare", hint + "/sum_sq", List.of(x), Onnx.attr("axes", new long[] {axis}), Onnx.attr("keepdims", 1L));
        String norm = g.node("Sqrt", hint + "/norm", List.of(g.node("Max", hint + "/floor", List.of(sq, g.scalar(hint + "/eps", 1e-12f)))));
        return g.node("Div", hint + "/normalized", List.of(x, norm));
    }

    private static String onnxActivation(Layer l, String name) {
        return switch (name) {
            case "sigmoid" -> "Sigmoid";
            case "tanh" -> "Tanh";
            case "relu" -> "Relu";
            default -> throw unsupported(l, "recurrent activation '" + name + "' (sigmoid, tanh and relu are exported)");
        };
    }

    // ---------------------------------------------------------------- activations

    /** Keras activation names (as in org.neurite.nn.Activations) as ONNX operators. */
    Value activation(Layer l, String fn, Value x) {
        return switch (fn) {
            case "linear" -> x;
            case "relu" -> unary(l, "Relu", x);
            case "sigmoid" -> unary(l, "Sigmoid", x);
            case "tanh" -> unary(l, "Tanh", x);
            case "softplus" -> unary(l, "Softplus", x);
            case "elu" -> unary(l, "Elu", x, Onnx.attr("alpha", 1f));
            case "leaky_relu" -> unary(l, "LeakyRelu", x, Onnx.attr("alpha", Activations.LEAKY_RELU_SLOPE));
            case "hard_sigmoid" -> unary(l, "HardSigmoid", x, Onnx.attr("alpha", 1f / 6f), Onnx.attr("beta", 0.5f));
            case "softmax" -> softmax(l, x, -1, "Softmax");
            case "log_softmax" -> softmax(l, x, -1, "LogSoftmax");
            case "swish", "silu" -> {
                String s = g.node("Sigmoid", l.name() + "/Sigmoid", List.of(x.name()));
                yield new Value(g.node("Mul", l.name() + "/Swish", List.of(x.name(), s)), x.shape(), x.nchw());
            }
            case "gelu" -> { // exact: x * (1 + erf(x / sqrt 2)) / 2
                String e = g.node("Div", l.name() + "/gelu_div", List.of(x.name(), g.scalar(l.name() + "/sqrt2", (float) Math.sqrt(2))));
                e = g.node("Erf", l.name() + "/gelu_erf", List.of(e));
                e = g.node("Add", l.name() + "/gelu_add", List.of(e, g.scalar(l.name() + "/one", 1f)));
                e = g.node("Mul", l.name() + "/gelu_mul", List.of(x.name(), e));
                yield new Value(g.node("Mul", l.name() + "/gelu", List.of(e, g.scalar(l.name() + "/half", 0.5f))), x.shape(), x.nchw());
            }
            default -> throw unsupported(l, "activation '" + fn + "' has no ONNX conversion");
        };
    }

    private Value softmax(Layer l, Value x, int axis, String op) {
        x = nhwc(x); // the axis is counted in Neurite's (channels-last) order
        return new Value(g.node(op, l.name() + "/" + op, List.of(x.name()), Onnx.attr("axis", (long) axis)), x.shape(), false);
    }

    private Value unary(Layer l, String op, Value x, ProtoWriter... attrs) {
        return new Value(g.node(op, l.name() + "/" + op, List.of(x.name()), attrs), x.shape(), x.nchw());
    }

    // ---------------------------------------------------------------- helpers

    private String weight(Layer l, Weight w) {
        long[] dims = new long[w.shape().rank()];
        for (int i = 0; i < dims.length; i++) dims[i] = w.shape().dim(i);
        return g.floatConstant(l.name() + "/" + w.name(), dims, w.value().data().clone());
    }

    /** (KH, KW, I, O) to (O, I, KH, KW). */
    private static float[] hwioToOihw(float[] k, int kh, int kw, int in, int out) {
        float[] r = new float[k.length];
        for (int y = 0; y < kh; y++)
            for (int x = 0; x < kw; x++)
                for (int i = 0; i < in; i++)
                    for (int o = 0; o < out; o++) r[((o * in + i) * kh + y) * kw + x] = k[((y * kw + x) * in + i) * out + o];
        return r;
    }

    private static Padding padding(Map<String, Object> cfg) {
        Object p = cfg.get("padding");
        if (p instanceof String s) return Padding.parse(s);
        int[] v = toInts(p);
        return Padding.of(v[0], v[1], v[2], v[3]);
    }

    private static int[] ints(Map<String, Object> cfg, String key) {
        return toInts(cfg.get(key));
    }

    private static int[] toInts(Object o) {
        List<?> list = (List<?>) o;
        int[] r = new int[list.size()];
        for (int i = 0; i < r.length; i++) r[i] = ((Number) list.get(i)).intValue();
        return r;
    }

    private static long[] longs(int[] v) {
        long[] r = new long[v.length];
        for (int i = 0; i < v.length; i++) r[i] = v[i];
        return r;
    }

    private static float[] filled(int n, float v) {
        float[] r = new float[n];
        java.util.Arrays.fill(r, v);
        return r;
    }

    private static List<Value> one(Value v) {
        return List.of(v);
    }

    private static UnsupportedOperationException unsupported(Layer l, String why) {
        return new UnsupportedOperationException(l.name() + " (" + l.className() + "): " + why);
    }
}
