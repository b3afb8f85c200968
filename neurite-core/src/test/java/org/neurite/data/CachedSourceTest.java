package org.neurite.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurite.tensor.Shape;
import org.neurite.tensor.Tensor;

class CachedSourceTest {
    @TempDir
    Path dir;

    static Dataset data(int n) {
        float[] x = new float[n * 6], y = new float[n];
        for (int i = 0; i < x.length; i++) x[i] = i * 0.5f - 3;
        for (int i = 0; i < n; i++) y[i] = i % 3;
        return new Dataset(Tensor.of(x, n, 2, 3), Tensor.of(y, n));
    }

    static SampleSource source(Dataset d) {
        return new SampleSource() {
            public int size() {
                return d.size();
            }

            public Shape featureShape() {
                return d.sampleShape();
            }

            public Shape targetShape() {
                return Shape.scalar();
            }

            public void read(int i, float[] x, int xo, float[] y, int yo) {
                System.arraycopy(d.features().data(), i * 6, x, xo, 6);
                y[yo] = d.targets().data()[i];
            }
        };
    }

    @Test
    void writesTheDocumentedFormatAndReadsBackEverySample() throws IOException {
        Dataset d = data(5);
        Path f = dir.resolve("c.cache");
        CachedSource.write(source(d), f);
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(f)).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals("NRTCACHE", new String(b.array(), 0, 8, java.nio.charset.StandardCharsets.US_ASCII));
        b.position(8);
        assertEquals(1, b.getInt());
        assertEquals(5L, b.getLong());
        assertEquals(2, b.getInt());
        assertEquals(2, b.getInt());
        assertEquals(3, b.getInt());
        assertEquals(0, b.getInt()); // scalar target
        assertEquals(-3f, b.getFloat()); // first feature of sample 0
        assertEquals(8 + 4 + 8 + 4 + 8 + 4 + 5 * 7 * 4, Files.size(f));
        CachedSource c = CachedSource.open(f);
        assertEquals(Shape.of(2, 3), c.featureShape());
        assertEquals(Shape.scalar(), c.targetShape());
        Dataset back = Dataset.from(c);
        assertArrayEquals(d.features().data(), back.features().data());
        assertArrayEquals(d.targets().data(), back.targets().data());
    }

    @Test
    void severalMappingsAndConcurrentReads() throws IOException {
        int saved = CachedSource.maxChunkBytes;
        CachedSource.maxChunkBytes = 3 * 28 + 5; // 3 rows of 28 bytes per mapping: exercises the >2 GB path on a small file
        try {
            Dataset d = data(100);
            CachedSource c = CachedSource.cache(source(d), dir.resolve("m.cache"));
            assertTrue(c.toString().contains("34 mapping(s)"), c.toString());
            float[][] got = new float[100][];
            IntStream.range(0, 100 * 20).parallel().forEach(k -> {
                int i = k % 100;
                float[] x = new float[6], y = new float[1];
                c.read(i, x, 0, y, 0);
                float[] expect = java.util.Arrays.copyOfRange(d.features().data(), i * 6, i * 6 + 6);
                if (!java.util.Arrays.equals(expect, x) || y[0] != i % 3) throw new AssertionError("sample " + i + " read wrong");
                got[i] = x;
            });
            assertArrayEquals(new float[] {-3 + 99 * 3, -2.5f + 99 * 3, -2 + 99 * 3, -1.5f + 99 * 3, -1 + 99 * 3, -0.5f + 99 * 3}, got[99]);
        } finally {
            CachedSource.maxChunkBytes = saved;
        }
    }

    @Test
    void truncatedOrForeignFilesAreReportedByName() throws IOException {
        Path f = dir.resolve("t.cache");
        CachedSource.write(source(data(4)), f);
        byte[] all = Files.readAllBytes(f);
        Files.write(f, java.util.Arrays.copyOf(all, all.length - 3));
        DataFormatException e = assertThrows(DataFormatException.class, () -> CachedSource.open(f));
        assertTrue(e.getMessage().contains("t.cache") && e.getMessage().contains("truncated"), e.getMessage());
        Files.writeString(f, "hello, not a cache at all, but long enough to read a header");
        e = assertThrows(DataFormatException.class, () -> CachedSource.open(f));
        assertTrue(e.getMessage().contains("t.cache") && e.getMessage().contains("NRTCACHE"), e.getMessage());
        // cache() rewrites a file whose shapes do not match the source
        CachedSource.write(source(data(4)), f);
        CachedSource c = CachedSource.cache(source(data(7)), f);
        assertEquals(7, c.size());
    }
}
