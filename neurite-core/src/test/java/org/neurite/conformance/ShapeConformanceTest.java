package org.neurite.conformance;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.neurite.conformance.ConformanceCases.Case;
import org.neurite.nn.Layer;
import org.neurite.nn.LayerNames;
import org.neurite.nn.Sequential;
import org.neurite.nn.layers.Conv2D;
import org.neurite.nn.layers.Dense;
import org.neurite.nn.layers.Flatten;
import org.neurite.nn.layers.MaxPooling2D;
import org.neurite.tensor.Padding;
import org.neurite.tensor.Tensor;

/**
 * Conformance cases about convolution and pooling output shapes and weight shapes
 * ({@code conv_shape}, the shape parts of {@code param_count}). Every shape comes from a real
 * layer of a real model (Keras-style shape inference) and, where the tensors are small, from an
 * actual forward pass; no output-size formula is re-implemented here. Shapes and counts are
 * compared exactly. The cases write PyTorch (C, H, W) shapes; Neurite is channels-last (H, W, C),
 * the conversion is {@link ConformanceCases#chwToHwc}.
 */
class ShapeConformanceTest {
    @BeforeEach
    void clearSession() {
        LayerNames.reset();
    }

    @Test
    @DisplayName("C004-02 Conv output dims: 26x26x26 input, 5 filters 7x7, s3, p1")
    void C004_02() {
        Case c = ConformanceCases.require("C004-02");
        assertEquals("26x26 spatial, 26 channels", c.string("spec.input"), "C004-02: the spec's input changed, update this test");
        int p = c.i("spec.padding");
        Conv2D conv = new Conv2D(c.i("spec.filters"), c.i("spec.kernel")).strides(c.i("spec.stride"));
        conv.padding(Padding.of(p, p));
        conv.inputShape(26, 26, 26);
        Sequential model = new Sequential(conv);
        model.layers();

        c.assertShape("expected.output_HWC", conv.outputShape());
        assertArrayEquals(ConformanceCases.chwToHwc(c.ints("expected.output_CHW")), conv.outputShape().dims(), "C004-02 output (C,H,W) as (H,W,C)");
        c.assertCount("expected.params_incl_bias", conv.countParams());
        // and a real forward pass gives the same shape
        Tensor y = model.apply(Tensor.zeros(1, 26, 26, 26));
        assertArrayEquals(c.ints("expected.output_HWC"), new int[] {y.dim(1), y.dim(2), y.dim(3)}, "C004-02 forward output shape");
    }

    @Test
    @DisplayName("C004-12 Two valid 5x5 convs + maxpool: 252x252x64, 248x248x128, 124x124x128; params")
    void C004_12() {
        Case c = ConformanceCases.require("C004-12");
        int[] in = c.ints("spec.input");
        Layer[] big = bitsStack(c, in[0], in[1], in[2]);
        c.assertShape("expected.shapes_256.conv1", big[0].outputShape());
        c.assertShape("expected.shapes_256.conv2", big[1].outputShape());
        c.assertShape("expected.shapes_256.maxpool", big[2].outputShape());
        c.assertCount("expected.params_conv1", big[0].countParams());
        c.assertCount("expected.params_conv2", big[1].countParams());

        Layer[] small = bitsStack(c, 128, 128, in[2]);
        c.assertShape("expected.shapes_128.conv1", small[0].outputShape());
        c.assertShape("expected.shapes_128.conv2", small[1].outputShape());
        c.assertShape("expected.shapes_128.maxpool", small[2].outputShape());
        assertTrue(c.bool("expected.params_unchanged_for_128_input"));
        c.assertCount("expected.params_conv1", small[0].countParams());
        c.assertCount("expected.params_conv2", small[1].countParams());
    }

    /** conv1 / conv2 / pool of BITS EC3 Q1, built as a Sequential on an (h, w, ch) input; filters and sizes parsed from the spec. */
    private static Layer[] bitsStack(Case c, int h, int w, int ch) {
        int[] conv1 = filtersAndKernel(c.string("spec.conv1"));
        int[] conv2 = filtersAndKernel(c.string("spec.conv2"));
        assertTrue(c.string("spec.conv1").contains("stride 1, valid") && c.string("spec.conv2").contains("stride 1, valid"), "C004-12 spec changed");
        assertEquals("max 2x2 stride 2", c.string("spec.pool"), "C004-12: the spec's pool changed, update this test");
        Layer l1 = new Conv2D(conv1[0], conv1[1]).padding("valid").inputShape(h, w, ch);
        Layer l2 = new Conv2D(conv2[0], conv2[1]).padding("valid");
        Layer l3 = new MaxPooling2D(2, 2);
        new Sequential(l1, l2, l3).layers();
        return new Layer[] {l1, l2, l3};
    }

    /** "64 filters 5x5, ..." -> {64, 5}. */
    private static int[] filtersAndKernel(String spec) {
        Matcher m = Pattern.compile("(\\d+) filters (\\d+)x(\\d+)").matcher(spec);
        assertTrue(m.find(), "cannot read filters and kernel from '" + spec + "'");
        assertEquals(m.group(2), m.group(3), "square kernel expected in '" + spec + "'");
        return new int[] {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))};
    }

    @Test
    @DisplayName("C002-05 Dense 100x100->50x50 weight count vs 3x3/s2/p1 conv shape & weights")
    void C002_05() {
        Case c = ConformanceCases.require("C002-05");
        int[] chw = c.ints("spec.conv.in");
        int[] k = c.ints("spec.conv.kernel"); // (KH, KW, C, F)
        int p = c.i("spec.conv.padding");

        // the affine map: flatten the image, 2500 outputs
        assertTrue(c.string("spec.affine").contains("-> 2500 outputs"), "C002-05: the spec's affine map changed");
        Dense affine = new Dense(2500);
        new Sequential(new Flatten().inputShape(chw[1], chw[2], chw[0]), affine).layers();
        c.assertCount("expected.affine_weights", affine.kernel().size());
        c.assertCount("expected.affine_bias", affine.bias().size());
        c.assertCount("expected.affine_total", affine.countParams());

        Conv2D conv = new Conv2D(k[3], k[0], k[1]).strides(c.i("spec.conv.stride"));
        conv.padding(Padding.of(p, p));
        conv.inputShape(chw[1], chw[2], chw[0]);
        Sequential model = new Sequential(conv);
        model.layers();
        int[] out = c.ints("expected.conv_output_shape");
        assertArrayEquals(new int[] {out[0], out[1], k[3]}, conv.outputShape().dims(), "C002-05 conv output shape");
        c.assertCount("expected.conv_weights", conv.kernel().size());
        c.assertCount("expected.conv_weights_with_bias", conv.countParams());
        Tensor y = model.apply(Tensor.zeros(1, chw[1], chw[2], chw[0]));
        assertArrayEquals(new int[] {1, out[0], out[1], k[3]}, y.shape().dims(), "C002-05 conv forward shape");
    }

    @Test
    @DisplayName("C004-03 Weight tensor shape of a 4-filter 5x5 conv on RGB")
    void C004_03() {
        Case c = ConformanceCases.require("C004-03");
        int kSize = c.i("spec.kernel");
        Conv2D conv = new Conv2D(c.i("spec.filters"), kSize).strides(c.i("spec.stride"));
        conv.padding(Padding.of(c.i("spec.padding"), c.i("spec.padding")));
        conv.inputShape(32, 32, c.i("spec.in_channels")); // any image size: the weights do not depend on it
        new Sequential(conv).layers();

        // Neurite documents the Keras layout (KH, KW, in, out)
        c.assertShape("expected.keras_Conv2D_kernel_shape_HWIO", conv.kernel().shape());
        c.assertShape("expected.keras_Conv2D_kernel_shape_HWIO", conv.kernel().value().shape());
        // PyTorch's (out, in, KH, KW) is the same tensor with its axes permuted
        c.assertShape("expected.pytorch_Conv2d_weight_shape_OIHW", conv.kernel().value().permute(3, 2, 0, 1).shape());
        c.assertCount("expected.weight_count", conv.kernel().size());
        c.assertCount("expected.bias_count", conv.bias().size());
    }

    @Test
    @DisplayName("C004-08 Seg-net: conv k4/s2/p1 + pool shapes, fc1 weight 1600x640, RF 6x6 after maxpool1, fc1 sees 64x64")
    void C004_08() {
        // Encoder shapes and fc1 only; the receptive fields are checked by the analysis conformance tests.
        Case c = ConformanceCases.require("C004-08");
        int[] in = c.ints("spec.input"); // (C, H, W)
        int k = c.i("spec.conv.kernel"), s = c.i("spec.conv.stride"), p = c.i("spec.conv.padding");
        int pk = c.i("spec.maxpool.kernel"), ps = c.i("spec.maxpool.stride");
        assertEquals(0, c.i("spec.maxpool.padding"), "C004-08: the spec's max-pool padding changed, update this test");
        String encoder = c.string("spec.encoder");
        int f1 = group(encoder, "conv1\\((\\d+)\\)");
        int f2 = group(encoder, "conv2\\((\\d+)\\)");
        int fcIn = group(encoder, "fc1\\((\\d+)->");
        int fcOut = group(encoder, "fc1\\(\\d+->(\\d+)");

        Conv2D conv1 = new Conv2D(f1, k).strides(s);
        conv1.padding(Padding.of(p, p)).inputShape(in[1], in[2], in[0]);
        Layer pool1 = new MaxPooling2D(pk, ps);
        Conv2D conv2 = new Conv2D(f2, k).strides(s);
        conv2.padding(Padding.of(p, p));
        Layer pool2 = new MaxPooling2D(pk, ps);
        Flatten flatten = new Flatten();
        Dense fc1 = new Dense(fcOut);
        Sequential model = new Sequential(conv1, pool1, conv2, pool2, flatten, fc1);
        model.layers();

        assertArrayEquals(ConformanceCases.chwToHwc(c.ints("expected.encoder_shapes_CHW.conv1")), conv1.outputShape().dims(), "C004-08 conv1");
        assertArrayEquals(ConformanceCases.chwToHwc(c.ints("expected.encoder_shapes_CHW.maxpool1")), pool1.outputShape().dims(), "C004-08 maxpool1");
        assertArrayEquals(ConformanceCases.chwToHwc(c.ints("expected.encoder_shapes_CHW.conv2")), conv2.outputShape().dims(), "C004-08 conv2");
        assertArrayEquals(ConformanceCases.chwToHwc(c.ints("expected.encoder_shapes_CHW.maxpool2")), pool2.outputShape().dims(), "C004-08 maxpool2");
        c.assertCount("expected.fc1_in", flatten.outputShape().dim(0));
        assertEquals(fcIn, flatten.outputShape().dim(0), "C004-08 fc1 input as the spec states it");
        c.assertCount("expected.fc1_out", fc1.outputShape().dim(0));
        // Neurite's Dense kernel is (in, out), as Keras; PyTorch's Linear weight is its transpose
        c.assertShape("expected.fc1_weight_matrix_in_x_out", fc1.kernel().shape());
        c.assertShape("expected.pytorch_linear_weight_shape", fc1.kernel().value().t().shape());

        // a real forward pass through the encoder gives the same shape
        Tensor y = model.apply(Tensor.zeros(1, in[1], in[2], in[0]));
        assertArrayEquals(new int[] {1, fcOut}, y.shape().dims(), "C004-08 forward output");
    }

    private static int group(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        assertTrue(m.find(), "cannot find /" + regex + "/ in '" + text + "'");
        return Integer.parseInt(m.group(1));
    }

    @Test
    @DisplayName("C004-32 Output-size formula table (conv, dilated, Keras 'same', pooling ceil, transposed conv)")
    void C004_32() {
        // Conv and pooling rows; the "convT" rows (transposed convolution) are TransposedConvConformanceTest's.
        Case c = ConformanceCases.require("C004-32");
        List<?> rows = (List<?>) c.get("expected.rows");
        List<Executable> checks = new ArrayList<>();
        int checked = 0;
        for (int r = 0; r < rows.size(); r++) {
            Map<?, ?> row = (Map<?, ?>) rows.get(r);
            String at = "expected.rows." + r;
            String op = c.string(at + ".op");
            String label = "C004-32 row " + r + " (" + c.string(at + ".source") + ", " + op + ")";
            if (op.equals("convT")) continue;
            int n = c.i(at + ".n"), k = c.i(at + ".kernel"), s = c.i(at + ".stride"), d = c.i(at + ".dilation");
            int expected = c.i(at + ".out");
            Padding padding = row.get("padding") instanceof String name ? Padding.parse(name) : Padding.of(c.i(at + ".padding"), c.i(at + ".padding"));
            Layer layer;
            if (op.equals("conv")) {
                layer = new Conv2D(1, k).strides(s).dilationRate(d).padding(padding);
            } else if (op.equals("pool")) {
                assertEquals(1, d, label + ": dilated pooling is not a Keras layer");
                layer = new MaxPooling2D(k, s).padding(padding);
            } else {
                throw new AssertionError(label + ": unknown op " + op);
            }
            layer.inputShape(n, n, 1);
            checked++;
            checks.add(() -> {
                Sequential model = new Sequential(layer);
                model.layers();
                assertArrayEquals(new int[] {expected, expected, 1}, layer.outputShape().dims(), label + ": layer output shape");
                Tensor y = model.apply(Tensor.zeros(1, n, n, 1));
                assertArrayEquals(new int[] {1, expected, expected, 1}, y.shape().dims(), label + ": forward output shape");
            });
        }
        assertTrue(checked > 0, "C004-32: no conv or pool rows");
        assertAll("C004-32 rows", checks.stream());
    }
}
