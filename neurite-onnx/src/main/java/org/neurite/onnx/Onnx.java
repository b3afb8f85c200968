package org.neurite.onnx;

import org.neurite.io.ProtoWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Builders for the few ONNX protobuf messages an inference graph needs, with the field numbers of
 * {@code onnx.proto} (ModelProto, GraphProto, NodeProto, AttributeProto, TensorProto,
 * ValueInfoProto with its TypeProto / TensorShapeProto, OperatorSetIdProto).
 */
final class Onnx {
    static final int FLOAT = 1, INT64 = 7; // TensorProto.DataType
    // AttributeProto.AttributeType
    private static final int ATTR_FLOAT = 1, ATTR_INT = 2, ATTR_STRING = 3, ATTR_FLOATS = 6, ATTR_INTS = 7, ATTR_STRINGS = 8;

    private Onnx() {}

    /** ModelProto: ir_version 1, producer_name 2, producer_version 3, graph 7, opset_import 8. */
    static byte[] model(long irVersion, int opset, String producer, String version, ProtoWriter graph) {
        ProtoWriter opsetId = new ProtoWriter().string(1, "").int64(2, opset);
        return new ProtoWriter()
                .int64(1, irVersion)
                .string(2, producer)
                .string(3, version)
                .message(7, graph)
                .message(8, opsetId)
                .toByteArray();
    }

    /** TensorProto: dims 1, data_type 2, name 8, raw_data 9 (little-endian). */
    static ProtoWriter floatTensor(String name, long[] dims, float[] data) {
        ByteBuffer raw = ByteBuffer.allocate(4 * data.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float f : data) raw.putFloat(f);
        return tensor(name, dims, FLOAT, raw.array());
    }

    static ProtoWriter int64Tensor(String name, long[] dims, long[] data) {
        ByteBuffer raw = ByteBuffer.allocate(8 * data.length).order(ByteOrder.LITTLE_ENDIAN);
        for (long v : data) raw.putLong(v);
        return tensor(name, dims, INT64, raw.array());
    }

    private static ProtoWriter tensor(String name, long[] dims, int type, byte[] raw) {
        ProtoWriter t = new ProtoWriter();
        for (long d : dims) t.int64(1, d);
        return t.int64(2, type).string(8, name).bytes(9, raw);
    }

    /**
     * ValueInfoProto (name 1, type 2) of a float tensor; a dimension of -1 is the symbolic batch
     * dimension {@code N} (TensorShapeProto.Dimension: dim_value 1, dim_param 2).
     */
    static ProtoWriter valueInfo(String name, long[] dims) {
        ProtoWriter shape = new ProtoWriter();
        for (long d : dims) {
            ProtoWriter dim = d < 0 ? new ProtoWriter().string(2, "N") : new ProtoWriter().int64(1, d);
            shape.message(1, dim);
        }
        ProtoWriter tensorType = new ProtoWriter().int64(1, FLOAT).message(2, shape);
        ProtoWriter type = new ProtoWriter().message(1, tensorType);
        return new ProtoWriter().string(1, name).message(2, type);
    }

    // ---------------------------------------------------------------- attributes (name 1, type 20)

    static ProtoWriter attr(String name, long value) {
        return new ProtoWriter().string(1, name).int64(3, value).int64(20, ATTR_INT);
    }

    static ProtoWriter attr(String name, float value) {
        return new ProtoWriter().string(1, name).float32(2, value).int64(20, ATTR_FLOAT);
    }

    static ProtoWriter attr(String name, String value) {
        return new ProtoWriter().string(1, name).string(4, value).int64(20, ATTR_STRING);
    }

    static ProtoWriter attr(String name, long[] values) {
        ProtoWriter a = new ProtoWriter().string(1, name);
        for (long v : values) a.int64(8, v);
        return a.int64(20, ATTR_INTS);
    }

    static ProtoWriter attr(String name, float[] values) {
        ProtoWriter a = new ProtoWriter().string(1, name);
        for (float v : values) a.float32(7, v);
        return a.int64(20, ATTR_FLOATS);
    }

    static ProtoWriter attr(String name, String[] values) {
        ProtoWriter a = new ProtoWriter().string(1, name);
        for (String v : values) a.string(9, v);
        return a.int64(20, ATTR_STRINGS);
    }
}
