package org.neurite.io;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The protocol-buffers wire format, as much of it as ONNX models and TensorBoard event files
 * need, written by hand (no protobuf dependency): varints (wire type 0), little-endian fixed64
 * and fixed32 (wire types 1 and 5), and length-delimited fields (wire type 2: strings, bytes,
 * nested messages, packed doubles). A message is built into a byte array; a nested message is
 * written as the bytes of its own writer; fields come out in the order the caller writes them.
 * Repeated scalars are written unpacked unless a method says otherwise, which every protobuf
 * parser accepts.
 */
public final class ProtoWriter {
    private static final int VARINT = 0, FIXED64 = 1, LENGTH_DELIMITED = 2, FIXED32 = 5;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    /** An empty message. */
    public ProtoWriter() {}

    /**
     * An {@code int64} / {@code int32} / {@code bool} / enum field as a varint.
     *
     * @param field the field number
     * @param value the value (negative numbers take ten bytes, two's complement)
     * @return this writer
     */
    public ProtoWriter int64(int field, long value) {
        tag(field, VARINT);
        varint(value);
        return this;
    }

    /**
     * A {@code double} field (fixed64, little-endian).
     *
     * @param field the field number
     * @param value the value
     * @return this writer
     */
    public ProtoWriter float64(int field, double value) {
        tag(field, FIXED64);
        fixed64(Double.doubleToRawLongBits(value));
        return this;
    }

    /**
     * A {@code float} field (fixed32, little-endian).
     *
     * @param field the field number
     * @param value the value
     * @return this writer
     */
    public ProtoWriter float32(int field, float value) {
        tag(field, FIXED32);
        int bits = Float.floatToRawIntBits(value);
        for (int i = 0; i < 4; i++) out.write(bits >>> (8 * i));
        return this;
    }

    /**
     * A {@code string} field in UTF-8.
     *
     * @param field the field number
     * @param value the text
     * @return this writer
     */
    public ProtoWriter string(int field, String value) {
        return bytes(field, value.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * A {@code bytes} field: the length as a varint, then the bytes.
     *
     * @param field the field number
     * @param value the bytes
     * @return this writer
     */
    public ProtoWriter bytes(int field, byte[] value) {
        tag(field, LENGTH_DELIMITED);
        varint(value.length);
        out.writeBytes(value);
        return this;
    }

    /**
     * A nested message field.
     *
     * @param field the field number
     * @param nested the message, written as its bytes
     * @return this writer
     */
    public ProtoWriter message(int field, ProtoWriter nested) {
        return bytes(field, nested.toByteArray());
    }

    /**
     * A {@code repeated double} with {@code [packed = true]}: one length-delimited run of fixed64s.
     *
     * @param field the field number
     * @param values the values
     * @return this writer
     */
    public ProtoWriter packedDoubles(int field, double[] values) {
        tag(field, LENGTH_DELIMITED);
        varint(8L * values.length);
        for (double v : values) fixed64(Double.doubleToRawLongBits(v));
        return this;
    }

    /**
     * The encoded message.
     *
     * @return a copy of the bytes written so far
     */
    public byte[] toByteArray() {
        return out.toByteArray();
    }

    private void tag(int field, int wireType) {
        varint(((long) field << 3) | wireType);
    }

    /** Base-128 varint, least significant group first. */
    private void varint(long v) {
        while ((v & ~0x7FL) != 0) {
            out.write((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        out.write((int) v);
    }

    private void fixed64(long bits) {
        for (int i = 0; i < 8; i++) out.write((int) (bits >>> (8 * i)));
    }
}
