package org.neurite.io.tensorboard;

import java.util.zip.CRC32C;

/**
 * TFRecord framing, as TensorFlow's {@code record_writer.cc}: each record is its length as a
 * little-endian uint64, the masked CRC32C of those 8 bytes, the data, and the masked CRC32C of
 * the data (all CRCs little-endian uint32).
 */
public final class TfRecords {
    private static final int MASK_DELTA = 0xa282ead8;

    private TfRecords() {}

    /**
     * CRC32C (Castagnoli) of a byte range.
     *
     * @param data the bytes
     * @param offset the first byte
     * @param length how many bytes
     * @return the checksum's 32 bits
     */
    public static int crc32c(byte[] data, int offset, int length) {
        CRC32C crc = new CRC32C();
        crc.update(data, offset, length);
        return (int) crc.getValue();
    }

    /**
     * TensorFlow's masked CRC: rotate right by 15 bits, add a constant (so that CRCs of CRCs stay useful).
     *
     * @param crc a CRC32C
     * @return the masked value stored in the file
     */
    public static int mask(int crc) {
        return ((crc >>> 15) | (crc << 17)) + MASK_DELTA;
    }

    /**
     * One framed record.
     *
     * @param data the record's payload (a serialized {@code Event})
     * @return length, masked CRC of the length, data, masked CRC of the data
     */
    public static byte[] frame(byte[] data) {
        byte[] out = new byte[8 + 4 + data.length + 4];
        putLittleEndian(out, 0, data.length, 8);
        putLittleEndian(out, 8, mask(crc32c(out, 0, 8)), 4);
        System.arraycopy(data, 0, out, 12, data.length);
        putLittleEndian(out, 12 + data.length, mask(crc32c(data, 0, data.length)), 4);
        return out;
    }

    private static void putLittleEndian(byte[] out, int at, long value, int bytes) {
        for (int i = 0; i < bytes; i++) out[at + i] = (byte) (value >>> (8 * i));
    }
}
