package org.neurite.onnx;

import org.neurite.io.ProtoWriter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.neurite.io.AtomicFile;
import org.neurite.nn.Input;
import org.neurite.nn.Model;
import org.neurite.nn.SymbolicTensor;

/**
 * Exports the inference graph of a model (training = false: Dropout is the identity, batch
 * normalization uses its moving statistics) to an ONNX file, opset 13 to 17.
 *
 * <pre>
 * OnnxExporter.save(model, Path.of("lenet5.onnx"));                           // opset 13, BN as an op
 * new OnnxExporter().opset(17).foldBatchNorm(true).export(model, Path.of("m.onnx"));
 * </pre>
 *
 * <p>Inputs and outputs keep Neurite's layout: images are {@code (N, H, W, C)}, the batch axis is
 * the symbolic dimension {@code N}; graph inputs are named after the input layers and outputs after
 * the layers that produce them. Inside, image tensors are carried in ONNX's NCHW layout: a
 * Transpose is inserted only where the layout changes (before the first convolution, before
 * Flatten / Dense / Softmax on an image and before an image output), so Flatten gives the
 * channels-last order of Keras and Dense weights need no permutation. See {@code docs/onnx.md}
 * for the layer-to-operator table. Layers without an ONNX form are all listed in one error.
 *
 * <p>The protobuf bytes are written by {@link ProtoWriter}: the module has no dependency besides
 * neurite-core.
 */
public final class OnnxExporter {
    /** IR version 8 goes with opsets 13 to 17 (ONNX 1.10 to 1.12). */
    static final long IR_VERSION = 8;
    private int opset = 13;
    private boolean foldBatchNorm;
    private String producerVersion = "0.1.0";

    /**
     * Exports with the defaults (opset 13, batch normalization as an operator).
     *
     * @param model the model, built (its weights are written)
     * @param file where the {@code .onnx} file goes, written atomically
     * @throws IOException if the file cannot be written
     * @throws IllegalArgumentException naming every layer that cannot be exported
     */
    public static void save(Model model, Path file) throws IOException {
        new OnnxExporter().export(model, file);
    }

    /**
     * The ONNX opset version of the file.
     *
     * @param version 13 to 17 (default 13); at 17 LayerNormalization is one operator, below it is decomposed
     * @return this exporter
     * @throws IllegalArgumentException outside 13 to 17
     */
    public OnnxExporter opset(int version) {
        if (version < 13 || version > 17) throw new IllegalArgumentException("onnx export: opset must be 13 to 17, got " + version);
        this.opset = version;
        return this;
    }

    /**
     * The opset version the next export writes.
     *
     * @return 13 to 17
     */
    public int opset() {
        return opset;
    }

    /**
     * Folds a BatchNormalization that directly follows a Conv2D without activation (and is its only
     * consumer) into the convolution's kernel and bias: {@code k = gamma / sqrt(var + eps)},
     * {@code W' = W k}, {@code b' = (b - mean) k + beta}. Other BatchNormalization layers stay
     * operators.
     *
     * @param value true to fold (default false)
     * @return this exporter
     */
    public OnnxExporter foldBatchNorm(boolean value) {
        this.foldBatchNorm = value;
        return this;
    }

    /**
     * Whether BatchNormalization after a Conv2D is folded into it.
     *
     * @return the setting (default false)
     */
    public boolean foldBatchNorm() {
        return foldBatchNorm;
    }

    /**
     * Writes the ONNX file atomically (temporary file, then rename).
     *
     * @param model the model, built
     * @param file where the {@code .onnx} file goes
     * @throws IOException if the file cannot be written
     * @throws IllegalArgumentException naming every layer that cannot be exported
     */
    public void export(Model model, Path file) throws IOException {
        byte[] bytes = toBytes(model);
        AtomicFile.write(file, out -> out.write(bytes));
    }

    /**
     * The serialized {@code ModelProto}.
     *
     * @param model the model, built
     * @return the bytes of an ONNX file
     * @throws IllegalArgumentException naming every layer that cannot be exported
     */
    public byte[] toBytes(Model model) {
        OnnxGraph graph = new OnnxGraph();
        LayerConverter converter = new LayerConverter(graph, model, foldBatchNorm, opset);
        Map<SymbolicTensor, Value> values = new IdentityHashMap<>();
        for (Input in : model.inputs()) {
            String name = graph.reserve(in.layer().name());
            graph.input(name, batchDims(in.shape().dims()));
            values.put(in, new Value(name, in.shape(), false));
        }
        List<String> unsupported = new ArrayList<>();
        for (Model.Node node : model.nodes()) {
            List<Value> inputs = new ArrayList<>();
            for (SymbolicTensor t : node.inputs()) inputs.add(values.get(t));
            List<SymbolicTensor> outs = node.output().nodeOutputs();
            List<Value> results;
            try {
                results = converter.convert(node, inputs);
            } catch (UnsupportedOperationException e) {
                unsupported.add(e.getMessage());
                results = new ArrayList<>();
                for (SymbolicTensor t : outs) results.add(new Value("unsupported", t.shape(), false));
            }
            if (results.size() != outs.size()) {
                throw new IllegalStateException("onnx export: " + node.layer().name() + " gave " + results.size() + " outputs, expected " + outs.size());
            }
            for (int i = 0; i < outs.size(); i++) values.put(outs.get(i), results.get(i));
        }
        if (!unsupported.isEmpty()) {
            throw new UnsupportedOperationException("onnx export of model '" + model.name() + "': " + unsupported.size()
                    + " layer(s) cannot be exported:\n  " + String.join("\n  ", unsupported));
        }
        for (SymbolicTensor out : model.outputs()) {
            Value v = converter.nhwc(values.get(out));
            String name = graph.fresh(out.layer().name() + (out.outputIndex() > 0 ? "_" + out.outputIndex() : ""));
            graph.nodeOutputs("Identity", List.of(v.name()), List.of(name));
            graph.output(name, batchDims(out.shape().dims()));
        }
        return Onnx.model(IR_VERSION, opset, "neurite", producerVersion, graph.build(model.name()));
    }

    static long[] batchDims(int[] dims) {
        long[] d = new long[dims.length + 1];
        d[0] = -1;
        for (int i = 0; i < dims.length; i++) d[i + 1] = dims[i];
        return d;
    }
}
