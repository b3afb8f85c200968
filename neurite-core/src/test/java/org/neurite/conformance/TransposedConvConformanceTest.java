package org.neurite.conformance;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.neurite.conformance.ConformanceCases.Case;
import org.neurite.nn.Input;
import org.neurite.nn.Layer;
import org.neurite.nn.LayerNames;
import org.neurite.nn.Model;
import org.neurite.nn.Sequential;
import org.neurite.nn.SymbolicTensor;
import org.neurite.nn.layers.BatchNormalization;
import org.neurite.nn.layers.Conv2D;
import org.neurite.nn.layers.Conv2DTranspose;
import org.neurite.nn.layers.Dropout;
import org.neurite.nn.layers.MaxPooling2D;
import org.neurite.tensor.Padding;
import org.neurite.tensor.Shape;
import org.neurite.tensor.Tensor;

/**
 * Conformance cases with transposed convolutions: the transposed-conv rows of the output-size table
 * (C004-32; ShapeConformanceTest checks its conv and pool rows) and the exam-003 encoder-decoder
 * summary (C003-01). Every number is read from cases.json.
 */
class TransposedConvConformanceTest {
    @BeforeEach
    void clearSession() {
        LayerNames.reset();
    }

    @Test
    @DisplayName("C004-32 transposed-conv rows: out = (n-1)s - 2p + d(k-1) + output_padding + 1")
    void C004_32_transposedConvRows() {
        Case c = ConformanceCases.require("C004-32");
        List<?> rows = (List<?>) c.get("expected.rows");
        List<Executable> checks = new ArrayList<>();
        for (int r = 0; r < rows.size(); r++) {
            String at = "expected.rows." + r;
            if (!c.string(at + ".op").equals("convT")) continue;
            String label = "C004-32 row " + r + " (" + c.string(at + ".source") + ")";
            int n = c.i(at + ".n"), k = c.i(at + ".kernel"), s = c.i(at + ".stride"), p = c.i(at + ".padding");
            int op = c.i(at + ".output_padding"), expected = c.i(at + ".out");
            assertEquals(1, c.i(at + ".dilation"), label + ": Conv2DTranspose supports dilation 1 only");
            checks.add(() -> {
                // PyTorch-style explicit padding p and output_padding (ConvTranspose2d)
                Conv2DTranspose layer = new Conv2DTranspose(1, k).strides(s).padding(Padding.of(p, p)).outputPadding(op).inputShape(n, n, 1);
                Sequential model = new Sequential(layer);
                model.layers();
                assertArrayEquals(new int[] {expected, expected, 1}, layer.outputShape().dims(), label + ": layer output shape");
                Tensor y = model.apply(Tensor.zeros(1, n, n, 1));
                assertArrayEquals(new int[] {1, expected, expected, 1}, y.shape().dims(), label + ": forward output shape");
            });
        }
        assertTrue(checks.size() > 0, "C004-32: no transposed-conv rows");
        assertAll("C004-32 transposed-conv rows", checks.stream());
    }

    /** One layer of the C003-01 spec (a map of Keras arguments). */
    private static Layer layerOf(Case c, String at) {
        String type = c.string(at + ".type");
        String name = c.string(at + ".name");
        return switch (type) {
            case "Conv2D" -> {
                int[] k = c.ints(at + ".kernel_size");
                Conv2D l = new Conv2D(c.i(at + ".filters"), k[0], k[1]).padding(c.string(at + ".padding")).activation(c.string(at + ".activation"));
                if (c.has(at + ".strides")) l.strides(c.i(at + ".strides"));
                yield l.name(name);
            }
            case "MaxPooling2D" -> new MaxPooling2D(c.i(at + ".pool_size")).name(name);
            case "Dropout" -> new Dropout(c.number(at + ".rate")).name(name);
            case "BatchNormalization" -> new BatchNormalization().axis(c.i(at + ".axis")).name(name);
            case "Conv2DTranspose" -> {
                int[] k = c.ints(at + ".kernel_size");
                yield new Conv2DTranspose(c.i(at + ".filters"), k[0], k[1]).strides(c.i(at + ".strides"))
                        .padding(c.string(at + ".padding")).activation(c.string(at + ".activation")).name(name);
            }
            default -> throw new AssertionError(c.id() + ": no Neurite layer for spec type " + type + " at " + at);
        };
    }

    @Test
    @DisplayName("C003-01 exam segmentation encoder-decoder: full summary table, 52,163 / 51,907 / 256")
    void C003_01() {
        Case c = ConformanceCases.require("C003-01");
        String inputName = c.string("expected.summary.layers.0.name");
        SymbolicTensor x = Input.of(inputName, c.ints("spec.input_shape"));
        Input in = (Input) x;
        List<?> spec = (List<?>) c.get("spec.layers");
        for (int i = 0; i < spec.size(); i++) x = layerOf(c, "spec.layers." + i).apply(x);
        Model model = new Model(in, x);
        assertSummaryRows(c, "expected.summary", model);
        // and a real forward pass (batch 1) gives the last row's shape
        int[] s = c.ints("spec.input_shape");
        Tensor y = model.apply(Tensor.zeros(1, s[0], s[1], s[2]));
        assertEquals(Shape.of(1, 128, 256, 3), y.shape(), "C003-01 forward output");
    }

    /** Compares name, type, output shape and (non-)trainable counts of every row, the totals, and the printed table. */
    static void assertSummaryRows(Case c, String prefix, Model model) {
        List<Layer> built = model.layers();
        List<?> rows = (List<?>) c.get(prefix + ".layers");
        assertEquals(rows.size(), built.size(), c.id() + " number of summary rows");
        String summary = model.summary();
        for (int i = 0; i < rows.size(); i++) {
            String at = prefix + ".layers." + i;
            Layer l = built.get(i);
            String label = c.id() + " row " + i + " (" + c.string(at + ".name") + ")";
            assertEquals(c.string(at + ".name"), l.name(), label + " name");
            assertEquals(c.string(at + ".type"), l.className(), label + " type");
            List<?> shape = (List<?>) c.get(at + ".output_shape");
            assertEquals(null, shape.get(0), label + ": the batch axis is None");
            int[] dims = new int[shape.size() - 1];
            for (int d = 0; d < dims.length; d++) dims[d] = c.i(at + ".output_shape." + (d + 1));
            Shape out = l.isBuilt() ? l.outputShape() : ((org.neurite.nn.layers.InputLayer) l).shape();
            assertEquals(Shape.of(dims), out, label + " output shape");
            c.assertCount(at + ".params", l.countParams());
            c.assertCount(at + ".trainable", l.trainableParams());
            c.assertCount(at + ".non_trainable", l.countParams() - l.trainableParams());
            String row = " " + l.name() + " ("; // long class names wrap onto a second line, as in Keras
            assertTrue(summary.contains(row), label + ": summary should list '" + row + "':\n" + summary);
        }
        c.assertCount(prefix + ".total_params", model.countParams());
        c.assertCount(prefix + ".trainable_params", model.trainableParams());
        c.assertCount(prefix + ".non_trainable_params", model.countParams() - model.trainableParams());
        for (String[] line : new String[][] {
            {"Total params", prefix + ".total_params"},
            {"Trainable params", prefix + ".trainable_params"},
            {"Non-trainable params", prefix + ".non_trainable_params"}}) {
            String want = String.format(Locale.ROOT, "%s: %,d\n", line[0], c.integer(line[1]));
            assertTrue(summary.contains(want), c.id() + ": summary should contain '" + want.trim() + "':\n" + summary);
        }
        System.out.println(c.id() + ":\n" + summary);
    }
}
