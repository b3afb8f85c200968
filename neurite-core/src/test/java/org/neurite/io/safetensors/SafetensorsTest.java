package org.neurite.io.safetensors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurite.io.Json;
import org.neurite.nn.Input;
import org.neurite.nn.Sequential;
import org.neurite.nn.layers.BatchNormalization;
import org.neurite.nn.layers.Conv2D;
import org.neurite.nn.layers.Dense;
import org.neurite.nn.layers.Flatten;
import org.neurite.tensor.Shape;
import org.neurite.tensor.Tensor;

/**
 * safetensors: the fixtures written by {@code src/test/resources/safetensors/make_fixtures.py}
 * (PyTorch tensors, the Python library's byte layout), our own round trip, and rejection of
 * malformed files with clear messages.
 */
class SafetensorsTest {
    static Path resource(Path dir, String name) throws IOException {
        try (InputStream in = SafetensorsTest.class.getResourceAsStream("/safetensors/" + name)) {
            if (in == null) throw new IOException("missing test resource safetensors/" + name);
            Path p = dir.resolve(name);
            Files.write(p, in.readAllBytes());
            return p;
        }
    }

    @Test
    void readsEveryDtypeWrittenFromPython(@TempDir Path dir) throws IOException {
        Safetensors.Contents c = Safetensors.read(resource(dir, "dtypes.safetensors"));
        Map<?, ?> expected = (Map<?, ?>) Json.parse(Files.readString(resource(dir, "dtypes.json")));
        assertEquals(expected.keySet(), c.tensors().keySet());
        for (Map.Entry<?, ?> e : expected.entrySet()) {
            Map<?, ?> info = (Map<?, ?>) e.getValue();
            Tensor t = c.get((String) e.getKey());
            List<?> shape = (List<?>) info.get("shape");
            int[] dims = shape.stream().mapToInt(o -> ((Number) o).intValue()).toArray();
            assertEquals(Shape.of(dims), t.shape(), e.getKey() + " shape");
            List<?> values = (List<?>) info.get("values");
            for (int i = 0; i < values.size(); i++) {
                assertEquals(((Number) values.get(i)).floatValue(), t.data()[i], 0f, e.getKey() + "[" + i + "]");
            }
        }
        assertEquals("F16", c.dtypes().get("f16"));
        assertEquals("BF16", c.dtypes().get("bf16"));
        assertEquals(Map.of("source", "make_fixtures.py"), c.metadata());
    }

    @Test
    void halfPrecisionEdgeCases() {
        assertEquals(0x1p-24f, DType.halfToFloat((short) 0x0001));           // smallest subnormal
        assertEquals(0x1p-14f, DType.halfToFloat((short) 0x0400));           // smallest normal
        assertEquals(Float.NEGATIVE_INFINITY, DType.halfToFloat((short) 0xfc00));
        assertTrue(Float.isNaN(DType.halfToFloat((short) 0x7e00)));
        assertEquals(-2f, DType.halfToFloat((short) 0xc000));
    }

    @Test
    void writeThenReadIsExactAndLayoutIsPythons(@TempDir Path dir) throws IOException {
        Map<String, Tensor> t = new LinkedHashMap<>();
        t.put("a", Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3));
        t.put("b/c", Tensor.scalar(-0.5f));
        t.put("empty", Tensor.zeros(0, 4));
        Path f = dir.resolve("x.safetensors");
        Safetensors.write(f, t, Map.of("k", "v"));
        byte[] bytes = Files.readAllBytes(f);
        long n = ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertEquals(0, (8 + n) % 8, "header padded to 8 bytes");
        String header = new String(bytes, 8, (int) n, StandardCharsets.UTF_8);
        assertTrue(header.startsWith("{\"__metadata__\""), header);
        assertTrue(header.contains("\"a\":{\"dtype\":\"F32\",\"shape\":[2,3],\"data_offsets\":[0,24]}") || header.contains("\"data_offsets\": [0, 24]"), header);
        Safetensors.Contents c = Safetensors.read(f);
        assertArrayEquals(t.get("a").data(), c.get("a").data());
        assertEquals(Shape.of(), c.get("b/c").shape());
        assertEquals(-0.5f, c.get("b/c").data()[0]);
        assertEquals(Shape.of(0, 4), c.get("empty").shape());
        assertEquals(Map.of("k", "v"), c.metadata());
    }

    @Test
    void modelWeightsByName(@TempDir Path dir) throws IOException {
        Sequential a = new Sequential(Input.of(6, 6, 2), new Conv2D(3, 3), new BatchNormalization(), new Flatten(), new Dense(4));
        a.seed(1);
        Sequential b = new Sequential(Input.of(6, 6, 2), new Conv2D(3, 3).name(a.layers().get(0).name()),
                new BatchNormalization().name(a.layers().get(1).name()), new Flatten(), new Dense(4).name(a.layers().get(3).name()));
        Path f = dir.resolve("w.safetensors");
        Safetensors.saveWeights(a, f);
        assertTrue(Safetensors.read(f).tensors().containsKey(a.layers().get(0).name() + "/kernel"));
        Safetensors.loadWeights(b, f);
        Tensor x = Tensor.uniform(3, -1, 1, 2, 6, 6, 2);
        assertArrayEquals(a.predict(x).data(), b.predict(x).data(), 0f);

        Sequential other = new Sequential(Input.of(6, 6, 2), new Conv2D(5, 3).name(a.layers().get(0).name()), new Flatten(), new Dense(4).name("head"));
        SafetensorsFormatException e = assertThrows(SafetensorsFormatException.class, () -> Safetensors.loadWeights(other, f));
        String m = e.getMessage();
        assertTrue(m.contains("/kernel has shape (3, 3, 2, 3) in the file but (3, 3, 2, 5)") || m.contains("kernel has shape"), m);
        assertTrue(m.contains("weight head/kernel"), m);
        assertTrue(m.contains("the file has tensor " + a.layers().get(1).name() + "/gamma"), m);
    }

    // ---------------------------------------------------------------- malformed files

    private static Path file(Path dir, long declaredHeader, String header, byte[] data) throws IOException {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + h.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(declaredHeader).put(h).put(data);
        Path p = Files.createTempFile(dir, "bad", ".safetensors");
        Files.write(p, b.array());
        return p;
    }

    private static String rejected(Path f) {
        return assertThrows(SafetensorsFormatException.class, () -> Safetensors.read(f)).getMessage();
    }

    @Test
    void rejectsMalformedFiles(@TempDir Path dir) throws IOException {
        String ok = "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}";
        assertEquals(2, Safetensors.read(file(dir, ok.length(), ok, new byte[8])).get("a").size());

        Path tiny = dir.resolve("tiny");
        Files.write(tiny, new byte[3]);
        assertTrue(rejected(tiny).contains("too short"));
        assertTrue(rejected(file(dir, 1L << 40, ok, new byte[8])).contains("header length"));
        assertTrue(rejected(file(dir, -1, ok, new byte[8])).contains("header length"));
        assertTrue(rejected(file(dir, ok.length(), ok, new byte[4])).contains("outside the data buffer"), "truncated data");
        assertTrue(rejected(file(dir, 4, "[1] ", new byte[0])).contains("does not start with '{'"));
        assertTrue(rejected(file(dir, 5, "{\"a\":", new byte[0])).contains("not valid JSON"));
        String overlap = "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}";
        assertTrue(rejected(file(dir, overlap.length(), overlap, new byte[8])).contains("overlaps"));
        String hole = "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}";
        assertTrue(rejected(file(dir, hole.length(), hole, new byte[8])).contains("hole"));
        String wrongSize = "{\"a\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}";
        assertTrue(rejected(file(dir, wrongSize.length(), wrongSize, new byte[8])).contains("needs 12 bytes"));
        String huge = "{\"a\":{\"dtype\":\"F32\",\"shape\":[2147483647,2147483647,2147483647],\"data_offsets\":[0,8]}}";
        assertTrue(rejected(file(dir, huge.length(), huge, new byte[8])).contains("too many"));
        String dtype = "{\"a\":{\"dtype\":\"C64\",\"shape\":[1],\"data_offsets\":[0,8]}}";
        assertTrue(rejected(file(dir, dtype.length(), dtype, new byte[8])).contains("dtype C64 is not supported"));
        String trailing = ok;
        assertTrue(rejected(file(dir, trailing.length(), trailing, new byte[12])).contains("the tensors cover 8"));
        String meta = "{\"__metadata__\":{\"a\":1}}";
        assertTrue(rejected(file(dir, meta.length(), meta, new byte[0])).contains("not a string"));
    }
}
