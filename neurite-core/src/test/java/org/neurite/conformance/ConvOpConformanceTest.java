package org.neurite.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.neurite.conformance.ConformanceCases.Case;
import org.neurite.tensor.Padding;
import org.neurite.tensor.Tensor;

/**
 * Conformance cases of kind {@code conv_op}: single-channel cross-correlations computed with
 * {@link Tensor#conv2d} on NHWC tensors, inputs and expected maps read from {@code cases.json}.
 * Tolerances as described in {@link ConformanceCases}.
 */
class ConvOpConformanceTest {

    /** A single-channel image (H, W) as an NHWC batch of one: (1, H, W, 1). */
    static Tensor image(Case c, String path) {
        int[] d = c.dims(path);
        return c.tensor(path, 1, d[0], d[1], 1);
    }

    /** A single-channel, single-filter kernel (KH, KW) as (KH, KW, 1, 1). */
    static Tensor kernel(Case c, String path) {
        int[] d = c.dims(path);
        return c.tensor(path, d[0], d[1], 1, 1);
    }

    static Tensor conv(Tensor image, Tensor kernel, int stride, int padding) {
        return image.conv2d(kernel, new int[] {stride}, Padding.of(padding, padding), new int[] {1});
    }

    @Test
    @DisplayName("C000-02 Single-channel 2D convolution, 5x5 input, 3x3 kernel, stride 1, valid")
    void C000_02() {
        Case c = ConformanceCases.require("C000-02");
        Tensor k = kernel(c, "spec.kernel");
        Tensor out = conv(image(c, "spec.input"), k, c.i("spec.stride"), c.i("spec.padding")).add(c.f("spec.bias"));

        c.assertClose("expected.output", out);
        assertEquals(c.ints("expected.output_shape")[0], out.dim(1), "C000-02 output height");
        assertEquals(c.ints("expected.output_shape")[1], out.dim(2), "C000-02 output width");
        // the two cells hidden in the exam's figure, at (row, col) = (1,1) and (2,2)
        c.assertClose("expected.missing_values.(1,1)", out.get(0, 1, 1, 0));
        c.assertClose("expected.missing_values.(2,2)", out.get(0, 2, 2, 0));
    }

    @Test
    @DisplayName("C004-01 Box-blur C1 and vertical-edge C2 / 3x3 vertical-edge kernel applied to edge images")
    void C004_01() {
        Case c = ConformanceCases.require("C004-01");
        assertEquals("1/9 * ones(3,3)", c.string("spec.C1"), "C004-01: the spec's C1 changed, update this test");
        Tensor c1 = Tensor.full(1f / 9f, 3, 3, 1, 1);
        Tensor c2 = kernel(c, "spec.C2");
        Tensor kv = kernel(c, "spec.K_vertical_3x3");
        Tensor vertical = image(c, "spec.image_vertical_edge_6x6");
        Tensor horizontal = image(c, "spec.image_horizontal_edge_6x6");
        int s = c.i("spec.stride"), p = c.i("spec.padding");

        c.assertClose("expected.C1_on_vertical_edge", conv(vertical, c1, s, p));
        c.assertClose("expected.C2_on_vertical_edge", conv(vertical, c2, s, p));
        c.assertClose("expected.C2_on_horizontal_edge", conv(horizontal, c2, s, p));
        c.assertClose("expected.Kv3x3_on_vertical_edge", conv(vertical, kv, s, p));
        c.assertClose("expected.Kv3x3_on_horizontal_edge", conv(horizontal, kv, s, p));
    }

    @Test
    @DisplayName("C004-10 Hand-crafted black-cross detector response")
    void C004_10() {
        Case c = ConformanceCases.require("C004-10");
        Tensor k = kernel(c, "spec.kernel");
        int s = c.i("spec.stride"), p = c.i("spec.padding");
        Tensor response = conv(image(c, "spec.image"), k, s, p);

        c.assertClose("expected.response_map", response);
        c.assertClose("expected.max_response", response.max().item());
        int flat = (int) response.reshape(-1).argmax(0).item();
        int width = response.dim(2);
        int[] argmax = c.ints("expected.argmax_output_index");
        assertEquals(argmax[0], flat / width, "C004-10 argmax row");
        assertEquals(argmax[1], flat % width, "C004-10 argmax column");
        // with stride 1 and no padding, output (i, j) is centred on input (i + kh/2, j + kw/2)
        int[] centre = c.ints("expected.cross_centre_input");
        assertEquals(centre[0], flat / width + k.dim(0) / 2, "C004-10 cross centre row");
        assertEquals(centre[1], flat % width + k.dim(1) / 2, "C004-10 cross centre column");

        // for pixels in [0, 1] the best response puts 1 under every positive weight and 0 under the rest
        Tensor best = k.gt(Tensor.scalar(0f)).reshape(1, k.dim(0), k.dim(1), 1);
        c.assertClose("expected.theoretical_max_for_pixels_in_[0,1]", conv(best, k, 1, 0).item());
        c.assertClose("expected.response_all_white", conv(Tensor.ones(1, k.dim(0), k.dim(1), 1), k, 1, 0).item());
        // a '+'-shaped black cross: white corners, black middle row and column
        Tensor plus = Tensor.of(new float[] {1, 0, 1, 0, 0, 0, 1, 0, 1}, 1, 3, 3, 1);
        c.assertClose("expected.response_plus_shaped_black_cross", conv(plus, k, 1, 0).item());
    }
}
