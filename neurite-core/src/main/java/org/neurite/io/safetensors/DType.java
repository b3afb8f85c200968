package org.neurite.io.safetensors;

import java.nio.ByteBuffer;

/** The safetensors element types this reader converts to float32, with their byte sizes. */
enum DType {
    F64(8), F32(4), F16(2), BF16(2), I64(8), I32(4), I16(2), I8(1), U8(1), BOOL(1);

    final int bytes;

    DType(int bytes) {
        this.bytes = bytes;
    }

    static DType of(String name) {
        for (DType d : values()) if (d.name().equals(name)) return d;
        return null;
    }

    /** Reads {@code count} little-endian elements from the buffer (already in LITTLE_ENDIAN order). */
    float[] toFloats(ByteBuffer b, int count) {
        float[] out = new float[count];
        switch (this) {
            case F32 -> b.asFloatBuffer().get(out);
            case F64 -> { for (int i = 0; i < count; i++) out[i] = (float) b.getDouble(); }
            case F16 -> { for (int i = 0; i < count; i++) out[i] = halfToFloat(b.getShort()); }
            case BF16 -> { for (int i = 0; i < count; i++) out[i] = Float.intBitsToFloat((b.getShort() & 0xffff) << 16); }
            case I64 -> { for (int i = 0; i < count; i++) out[i] = b.getLong(); }
            case I32 -> { for (int i = 0; i < count; i++) out[i] = b.getInt(); }
            case I16 -> { for (int i = 0; i < count; i++) out[i] = b.getShort(); }
            case I8 -> { for (int i = 0; i < count; i++) out[i] = b.get(); }
            case U8, BOOL -> { for (int i = 0; i < count; i++) out[i] = b.get() & 0xff; }
        }
        return out;
    }

    /** IEEE 754 binary16 to float (subnormals, infinities and NaN included); Java 17 has no Float.float16ToFloat. */
    static float halfToFloat(short h) {
        int bits = h & 0xffff;
        int sign = (bits & 0x8000) << 16;
        int exp = (bits >>> 10) & 0x1f;
        int mant = bits & 0x3ff;
        if (exp == 0x1f) return Float.intBitsToFloat(sign | 0x7f800000 | (mant << 13));
        if (exp == 0) {
            float v = mant * 0x1p-24f; // subnormal: mant * 2^-24
            return sign != 0 ? -v : v;
        }
        return Float.intBitsToFloat(sign | ((exp + 112) << 23) | (mant << 13));
    }
}
