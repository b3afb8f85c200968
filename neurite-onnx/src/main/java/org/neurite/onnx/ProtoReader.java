package org.neurite.onnx;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A generic protobuf decoder (the importer; the tests parse exported bytes with it): a message becomes a map from field number to the list
 * of its values (Long for varints and fixed64, Integer for fixed32, byte[] for length-delimited).
 * Independent of the writer, so that parsing the exported bytes back checks the wire format.
 * Malformed input fails with IllegalArgumentException.
 */
final class ProtoReader {
    private final byte[] b;
    private int pos;

    private ProtoReader(byte[] bytes) {
        this.b = bytes;
    }

    static Map<Integer, List<Object>> parse(byte[] bytes) {
        ProtoReader r = new ProtoReader(bytes);
        Map<Integer, List<Object>> fields = new LinkedHashMap<>();
        while (r.pos < bytes.length) {
            long key = r.varint();
            int field = (int) (key >>> 3), type = (int) (key & 7);
            Object v = switch (type) {
                case 0 -> r.varint();
                case 1 -> { if (r.pos + 8 > bytes.length) throw new IllegalArgumentException("truncated fixed64 at " + r.pos); long x = 0; for (int i = 0; i < 8; i++) x |= (long) (bytes[r.pos++] & 0xFF) << (8 * i); yield x; }
                case 2 -> { long len = r.varint(); if (len < 0 || len > bytes.length - r.pos) throw new IllegalArgumentException("field " + field + " of " + len + " bytes at " + r.pos + " runs past the end (" + bytes.length + " bytes)"); int n = (int) len; byte[] s = java.util.Arrays.copyOfRange(bytes, r.pos, r.pos + n); r.pos += n; yield s; }
                case 5 -> { if (r.pos + 4 > bytes.length) throw new IllegalArgumentException("truncated fixed32 at " + r.pos); int x = 0; for (int i = 0; i < 4; i++) x |= (bytes[r.pos++] & 0xFF) << (8 * i); yield x; }
                default -> throw new IllegalArgumentException("wire type " + type + " at " + r.pos);
            };
            if (r.pos > bytes.length) throw new IllegalArgumentException("truncated field " + field);
            fields.computeIfAbsent(field, k -> new ArrayList<>()).add(v);
        }
        return fields;
    }

    private long varint() {
        long v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (pos >= b.length) throw new IllegalArgumentException("truncated varint at " + pos);
            byte x = b[pos++];
            v |= (long) (x & 0x7F) << shift;
            if ((x & 0x80) == 0) return v;
        }
        throw new IllegalArgumentException("varint too long");
    }

    static List<Map<Integer, List<Object>>> messages(Map<Integer, List<Object>> m, int field) {
        List<Map<Integer, List<Object>>> out = new ArrayList<>();
        for (Object o : m.getOrDefault(field, List.of())) out.add(parse((byte[]) o));
        return out;
    }

    static Map<Integer, List<Object>> message(Map<Integer, List<Object>> m, int field) {
        return parse((byte[]) m.get(field).get(0));
    }

    static String string(Map<Integer, List<Object>> m, int field) {
        return new String((byte[]) m.get(field).get(0), StandardCharsets.UTF_8);
    }

    static List<String> strings(Map<Integer, List<Object>> m, int field) {
        List<String> out = new ArrayList<>();
        for (Object o : m.getOrDefault(field, List.of())) out.add(new String((byte[]) o, StandardCharsets.UTF_8));
        return out;
    }

    static long number(Map<Integer, List<Object>> m, int field) {
        return (Long) m.get(field).get(0);
    }

    /** The values of a packed repeated varint field (e.g. int64 dims or data). */
    static long[] packedVarints(byte[] packed) {
        ProtoReader r = new ProtoReader(packed);
        List<Long> out = new ArrayList<>();
        while (r.pos < packed.length) out.add(r.varint());
        return out.stream().mapToLong(Long::longValue).toArray();
    }

    /** How many values a repeated varint field holds, packed or not. */
    static long packedOrPlainCount(List<Object> values) {
        return !values.isEmpty() && values.get(0) instanceof byte[] packed ? packedVarints(packed).length : values.size();
    }
}
