package org.neurite.io.tensorboard;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Just enough of the protocol-buffers wire format to write TensorBoard's messages by hand: tags,
 * varints, little-endian fixed32/fixed64, length-delimited strings and nested messages, packed
 * doubles. Fields are written in the order the caller gives.
 */
final class ProtoWriter {
    private static final int VARINT = 0, FIXED64 = 1, LENGTH_DELIMITED = 2, FIXED32 = 5;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    ProtoWriter int64(int field, long value) {
        tag(field, VARINT);
        varint(value);
        return this;
    }

    ProtoWriter doubleField(int field, double value) {
        tag(field, FIXED64);
        fixed64(Double.doubleToRawLongBits(value));
        return this;
    }

    ProtoWriter floatField(int field, float value) {
        tag(field, FIXED32);
        int bits = Float.floatToRawIntBits(value);
        for (int i = 0; i < 4; i++) out.write(bits >>> (8 * i));
        return this;
    }

    ProtoWriter string(int field, String value) {
        return bytes(field, value.getBytes(StandardCharsets.UTF_8));
    }

    ProtoWriter bytes(int field, byte[] value) {
        tag(field, LENGTH_DELIMITED);
        varint(value.length);
        out.writeBytes(value);
        return this;
    }

    ProtoWriter message(int field, ProtoWriter message) {
        return bytes(field, message.toByteArray());
    }

    /** A {@code repeated double} with {@code [packed = true]}: one length-delimited run of fixed64s. */
    ProtoWriter packedDoubles(int field, double[] values) {
        tag(field, LENGTH_DELIMITED);
        varint(8L * values.length);
        for (double v : values) fixed64(Double.doubleToRawLongBits(v));
        return this;
    }

    byte[] toByteArray() {
        return out.toByteArray();
    }

    private void tag(int field, int wireType) {
        varint(((long) field << 3) | wireType);
    }

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
