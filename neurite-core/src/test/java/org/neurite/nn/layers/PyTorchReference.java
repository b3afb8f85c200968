package org.neurite.nn.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.neurite.io.Json;
import org.neurite.nn.Input;
import org.neurite.nn.Layer;
import org.neurite.nn.Model;
import org.neurite.nn.Sequential;
import org.neurite.tensor.Tensor;

/**
 * Reads the reference numbers that the scripts in {@code src/test/resources/pytorch/} computed with
 * PyTorch (nested lists in PyTorch layouts), and compares tensors reporting the max abs difference.
 * Also a save-and-load round trip for single layers.
 */
final class PyTorchReference {
    private final Map<String, Object> root;

    private PyTorchReference(Map<String, Object> root) {
        this.root = root;
    }

    @SuppressWarnings("unchecked")
    static PyTorchReference load(String name) {
        try (InputStream in = PyTorchReference.class.getResourceAsStream("/pytorch/" + name + ".json")) {
            if (in == null) throw new IllegalStateException("missing test resource /pytorch/" + name + ".json (run " + name + ".py)");
            return new PyTorchReference((Map<String, Object>) Json.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    PyTorchReference section(String key) {
        return new PyTorchReference((Map<String, Object>) root.get(key));
    }

    int i(String key) {
        return ((Number) root.get(key)).intValue();
    }

    /** The nested list at {@code key} as a float32 tensor of its nesting shape. */
    Tensor tensor(String key) {
        Object v = root.get(key);
        if (v == null) throw new IllegalArgumentException("no '" + key + "' in the reference; keys: " + root.keySet());
        List<Integer> dims = new ArrayList<>();
        Object cur = v;
        while (cur instanceof List<?> l) {
            dims.add(l.size());
            cur = l.get(0);
        }
        List<Float> flat = new ArrayList<>();
        flatten(v, flat);
        float[] data = new float[flat.size()];
        for (int k = 0; k < data.length; k++) data[k] = flat.get(k);
        return Tensor.of(data, dims.stream().mapToInt(Integer::intValue).toArray());
    }

    private static void flatten(Object v, List<Float> out) {
        if (v instanceof Number n) out.add(n.floatValue());
        else for (Object o : (List<?>) v) flatten(o, out);
    }

    /** NCHW (or NCL) to channels-last. */
    static Tensor channelsLast(Tensor t) {
        return switch (t.rank()) {
            case 4 -> t.permute(0, 2, 3, 1);
            case 3 -> t.permute(0, 2, 1);
            default -> t;
        };
    }

    /** Asserts same shape and max |e - a| <= tol; returns the max abs difference (printed). */
    static double assertClose(String label, Tensor expected, Tensor actual, double tol) {
        assertArrayEquals(expected.shape().dims(), actual.shape().dims(), label + ": shape");
        float[] e = expected.toArray(), a = actual.toArray();
        double max = 0;
        for (int k = 0; k < e.length; k++) max = Math.max(max, Math.abs(e[k] - a[k]));
        System.out.printf("%s: max abs diff vs PyTorch %.3g%n", label, max);
        if (!(max <= tol)) throw new AssertionError(label + ": max abs diff " + max + " > " + tol);
        return max;
    }

    /** Saves a one-layer model (with weights), loads it and checks equal outputs and config. */
    static void assertRoundTrip(Path dir, Layer layer, Tensor x) {
        int[] in = java.util.Arrays.copyOfRange(x.shape().dims(), 1, x.rank());
        Sequential model = new Sequential(Input.of(in), layer);
        try {
            Path file = dir.resolve(layer.name() + ".nrt");
            model.save(file);
            Model loaded = Model.load(file);
            assertArrayEquals(model.apply(x).data(), loaded.apply(x).data(), 0f, layer.name() + ": outputs after save/load");
            assertEquals(model.summary(), loaded.summary());
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Finite-difference check of the input gradient of a layer without weights. */
    static void checkInputGradient(Layer layer, Tensor x, double eps, double tol) {
        org.neurite.autograd.GradCheck.assertGradients(layer.name() + " input", in -> layer.forward(in.get(0), true), java.util.List.of(x), eps, tol);
    }
}
