package org.neurite.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurite.examples.LeNet5;
import org.neurite.nn.Input;
import org.neurite.nn.Model;
import org.neurite.nn.Sequential;
import org.neurite.nn.layers.Dense;
import org.neurite.nn.layers.AdaptiveAveragePooling2D;
import org.neurite.nn.layers.Flatten;
import org.neurite.nn.layers.ReLU;

/** Parses the exported protobuf back with an independent decoder; needs no ONNX Runtime. */
class OnnxStructureTest {
    @TempDir
    Path dir;

    static List<String> opTypes(byte[] onnx) {
        Map<Integer, List<Object>> graph = ProtoReader.message(ProtoReader.parse(onnx), 7);
        List<String> ops = new ArrayList<>();
        for (Map<Integer, List<Object>> node : ProtoReader.messages(graph, 1)) ops.add(ProtoReader.string(node, 4));
        return ops;
    }

    @Test
    void modelProtoHasTheExpectedFields() throws Exception {
        Sequential lenet = LeNet5.build(10);
        Path file = dir.resolve("lenet5.onnx");
        new OnnxExporter().opset(15).export(lenet, file);
        Map<Integer, List<Object>> model = ProtoReader.parse(Files.readAllBytes(file));
        assertEquals(8, ProtoReader.number(model, 1), "ir_version");
        assertEquals("neurite", ProtoReader.string(model, 2));
        Map<Integer, List<Object>> opset = ProtoReader.message(model, 8);
        assertEquals(15, ProtoReader.number(opset, 2));

        Map<Integer, List<Object>> graph = ProtoReader.message(model, 7);
        assertEquals(List.of("Transpose", "Conv", "Relu", "MaxPool", "Conv", "Relu", "MaxPool", "Transpose", "Flatten",
                "Gemm", "Relu", "Gemm", "Relu", "Gemm", "Softmax", "Identity"), opTypes(Files.readAllBytes(file)));

        // the graph input: float, (N, 28, 28, 1) with a symbolic batch dimension
        Map<Integer, List<Object>> input = ProtoReader.messages(graph, 11).get(0);
        assertEquals(lenet.inputs().get(0).layer().name(), ProtoReader.string(input, 1));
        Map<Integer, List<Object>> tensorType = ProtoReader.message(ProtoReader.message(input, 2), 1);
        assertEquals(1, ProtoReader.number(tensorType, 1), "elem_type FLOAT");
        List<Map<Integer, List<Object>>> dims = ProtoReader.messages(ProtoReader.message(tensorType, 2), 1);
        assertEquals("N", ProtoReader.string(dims.get(0), 2));
        assertEquals(List.of(28L, 28L, 1L), List.of(ProtoReader.number(dims.get(1), 1), ProtoReader.number(dims.get(2), 1), ProtoReader.number(dims.get(3), 1)));

        // initializers: every weight, with its values as raw little-endian floats
        long params = 0;
        for (Map<Integer, List<Object>> t : ProtoReader.messages(graph, 5)) {
            long n = 1;
            for (Object d : t.getOrDefault(1, List.of())) n *= (Long) d;
            assertEquals(1, ProtoReader.number(t, 2), "data_type FLOAT");
            assertEquals(4 * n, ((byte[]) t.get(9).get(0)).length);
            params += n;
        }
        assertEquals(lenet.countParams(), params);

        // the first conv kernel: OIHW of the HWIO kernel
        Map<Integer, List<Object>> kernel = ProtoReader.messages(graph, 5).get(0);
        float[] hwio = lenet.layers().stream().filter(l -> l instanceof org.neurite.nn.layers.Conv2D).findFirst().orElseThrow().weights().get(0).value().data();
        ByteBuffer raw = ByteBuffer.wrap((byte[]) kernel.get(9).get(0)).order(ByteOrder.LITTLE_ENDIAN);
        // O=2, I=0, H=3, W=4 in OIHW (6, 1, 5, 5) is HWIO (3, 4, 0, 2) in (5, 5, 1, 6)
        assertEquals(hwio[((3 * 5 + 4) * 1 + 0) * 6 + 2], raw.getFloat(4 * (((2 * 1 + 0) * 5 + 3) * 5 + 4)));

        Map<Integer, List<Object>> conv = ProtoReader.messages(graph, 1).get(1);
        List<String> attrs = new ArrayList<>();
        for (Map<Integer, List<Object>> a : ProtoReader.messages(conv, 5)) attrs.add(ProtoReader.string(a, 1));
        assertEquals(List.of("kernel_shape", "strides", "dilations", "pads"), attrs);
        Map<Integer, List<Object>> pads = ProtoReader.messages(conv, 5).get(3);
        assertEquals(List.of(2L, 2L, 2L, 2L), pads.get(8), "'same' 5x5: 2 on every side");
    }

    @Test
    void unsupportedLayersAreListedTogether() {
        Input in = Input.of(5);
        Model m = new Sequential(Input.of(6, 6, 2), new AdaptiveAveragePooling2D(4), new ReLU().threshold(0.5), new Flatten(), new Dense(2));
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class, () -> new OnnxExporter().toBytes(m));
        assertTrue(e.getMessage().contains("AdaptiveAveragePooling2D") && e.getMessage().contains("ReLU with negative_slope or threshold"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new OnnxExporter().opset(12));
        assertThrows(IllegalArgumentException.class, () -> new OnnxExporter().opset(18));
        new Dense(1).apply(in);
    }
}
