package org.neurite.onnx;

import org.neurite.io.ProtoWriter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A GraphProto under construction: nodes in execution order, initializers (weights and
 * constants), graph inputs and outputs. Every value name is unique; {@link #fresh} makes one from a hint.
 * GraphProto fields: node 1, name 2, initializer 5, input 11, output 12.
 */
final class OnnxGraph {
    private final List<ProtoWriter> nodes = new ArrayList<>();
    private final List<ProtoWriter> initializers = new ArrayList<>();
    private final List<ProtoWriter> inputs = new ArrayList<>();
    private final List<ProtoWriter> outputs = new ArrayList<>();
    private final Set<String> names = new HashSet<>();
    private final List<String> opTypes = new ArrayList<>();

    /** A name not used yet: the hint itself, else hint_1, hint_2, ... */
    String fresh(String hint) {
        String name = hint;
        for (int i = 1; !names.add(name); i++) name = hint + "_" + i;
        return name;
    }

    /** Reserves an exact name (graph inputs and outputs); fails if it is taken. */
    String reserve(String name) {
        if (!names.add(name)) throw new IllegalArgumentException("onnx export: the name '" + name + "' is used twice");
        return name;
    }

    /** Adds a node with one output named from {@code hint}; returns the output name. */
    String node(String opType, String hint, List<String> in, ProtoWriter... attributes) {
        return nodeOutputs(opType, in, List.of(fresh(hint)), attributes).get(0);
    }

    /** Adds a node with the given (already unique) output names. NodeProto: input 1, output 2, name 3, op_type 4, attribute 5. */
    List<String> nodeOutputs(String opType, List<String> in, List<String> out, ProtoWriter... attributes) {
        ProtoWriter n = new ProtoWriter();
        for (String s : in) n.string(1, s);
        for (String s : out) n.string(2, s);
        n.string(3, fresh("node_" + opType + "_" + nodes.size()));
        n.string(4, opType);
        for (ProtoWriter a : attributes) n.message(5, a);
        nodes.add(n);
        opTypes.add(opType);
        return out;
    }

    String floatConstant(String hint, long[] dims, float[] data) {
        String name = fresh(hint);
        initializers.add(Onnx.floatTensor(name, dims, data));
        return name;
    }

    String int64Constant(String hint, long... data) {
        String name = fresh(hint);
        initializers.add(Onnx.int64Tensor(name, new long[] {data.length}, data));
        return name;
    }

    String scalar(String hint, float value) {
        String name = fresh(hint);
        initializers.add(Onnx.floatTensor(name, new long[0], new float[] {value}));
        return name;
    }

    void input(String name, long[] dims) {
        inputs.add(Onnx.valueInfo(name, dims));
    }

    void output(String name, long[] dims) {
        outputs.add(Onnx.valueInfo(name, dims));
    }

    /** The op types of the nodes so far, in order (for tests and messages). */
    List<String> opTypes() {
        return List.copyOf(opTypes);
    }

    ProtoWriter build(String name) {
        ProtoWriter g = new ProtoWriter();
        for (ProtoWriter n : nodes) g.message(1, n);
        g.string(2, name);
        for (ProtoWriter t : initializers) g.message(5, t);
        for (ProtoWriter i : inputs) g.message(11, i);
        for (ProtoWriter o : outputs) g.message(12, o);
        return g;
    }
}
