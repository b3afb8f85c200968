package org.neurite.conformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.neurite.analysis.receptivefield.FieldRow;
import org.neurite.analysis.receptivefield.FieldRow.Kind;
import org.neurite.analysis.receptivefield.ReceptiveField;
import org.neurite.autograd.Autograd;
import org.neurite.conformance.ConformanceCases.Case;
import org.neurite.nn.Initializers;
import org.neurite.nn.Input;
import org.neurite.nn.Layer;
import org.neurite.nn.Model;
import org.neurite.nn.Sequential;
import org.neurite.nn.layers.Conv2D;
import org.neurite.nn.layers.Dense;
import org.neurite.nn.layers.Flatten;
import org.neurite.nn.layers.MaxPooling2D;
import org.neurite.tensor.Padding;
import org.neurite.tensor.Tensor;

/**
 * The receptive-field cases (kind {@code receptive_field}, and the receptive-field parts of
 * C004-08) through {@link ReceptiveField#analyze}. C004-33 is also measured independently: the
 * support of the gradient of one output unit with respect to the input, with all-ones weights.
 */
class ReceptiveFieldConformanceTest {

    /** Rows without the input row. */
    private static List<FieldRow> layers(Model m) {
        List<FieldRow> rows = ReceptiveField.analyze(m);
        return rows.subList(m.inputs().size(), rows.size());
    }

    @Test
    @DisplayName("C004-04 RF of 3 stacked 3x3 convs; single-layer RF 1 and full image")
    void C004_04() {
        Case c = ConformanceCases.require("C004-04");
        Model d = new Sequential(Input.of(224, 224, 1), new Conv2D(1, 3), new Conv2D(1, 3), new Conv2D(1, 3));
        List<FieldRow> rows = ReceptiveField.analyze(d);
        int[] seq = new int[rows.size()];
        for (int i = 0; i < seq.length; i++) seq[i] = rows.get(i).size()[0];
        assertArrayEquals(c.ints("expected.d_rf_sequence"), seq, "C004-04 d_rf_sequence (input, conv1, conv2, conv3)");
        assertArrayEquals(c.ints("expected.d_receptive_field"), rows.get(rows.size() - 1).size(), "C004-04 d_receptive_field");

        assertArrayEquals(c.ints("expected.e_rf_1x1_conv"), layers(new Sequential(Input.of(224, 224, 1), new Conv2D(1, 1))).get(0).size());
        assertArrayEquals(c.ints("expected.e_rf_conv_224"), layers(new Sequential(Input.of(224, 224, 1), new Conv2D(1, 224))).get(0).size());
        FieldRow fc = layers(new Sequential(Input.of(224, 224, 1), new Flatten(), new Dense(10))).get(1);
        assertEquals(Kind.WHOLE_INPUT, fc.kind(), "C004-04 e: a fully connected layer sees the whole input");
        assertArrayEquals(c.ints("expected.e_rf_fully_connected"), fc.size());
    }

    @Test
    @DisplayName("C004-06 LeNet: RF after maxpool1 (6x6) and of f1 (32x32)")
    void C004_06() {
        Case c = ConformanceCases.require("C004-06");
        Model lenet = new Sequential(Input.of(32, 32, 1), new Conv2D(6, 5), new MaxPooling2D(2, 2), new Conv2D(16, 5), new MaxPooling2D(2, 2),
                new Flatten(), new Dense(120), new Dense(84), new Dense(10));
        List<FieldRow> rows = layers(lenet);
        for (int i = 0; i < 8; i++) {
            int[] chw = c.ints("expected.shapes_32." + i + ".1");
            int[] expected = chw.length == 3 ? ConformanceCases.chwToHwc(chw) : chw;
            assertArrayEquals(expected, rows.get(i).outputShape().dims(), "C004-06 shapes_32 row " + i);
        }
        int[] seq = new int[4];
        for (int i = 0; i < 4; i++) seq[i] = rows.get(i).size()[0];
        assertArrayEquals(c.ints("expected.rf_sequence"), seq, "C004-06 rf_sequence");
        assertArrayEquals(c.ints("expected.rf_after_maxpool1"), rows.get(1).size(), "C004-06 rf_after_maxpool1");
        FieldRow f1 = rows.get(5);
        assertEquals(Kind.WHOLE_INPUT, f1.kind(), "C004-06: f1 sees the whole image");
        assertArrayEquals(c.ints("expected.rf_f1"), f1.size(), "C004-06 rf_f1");
        assertEquals(c.integer("expected.params_lenet32_10cls"), lenet.countParams());
    }

    @Test
    @DisplayName("C004-08 Seg-net encoder: RF 6x6 after maxpool1, fc1 sees 64x64")
    void C004_08() {
        Case c = ConformanceCases.require("C004-08");
        int k = c.i("spec.conv.kernel");
        int s = c.i("spec.conv.stride");
        int p = c.i("spec.conv.padding");
        int pk = c.i("spec.maxpool.kernel");
        int ps = c.i("spec.maxpool.stride");
        int[] in = ConformanceCases.chwToHwc(c.ints("spec.input"));
        Model enc = new Sequential(Input.of(in), new Conv2D(50, k).strides(s).padding(Padding.of(p, p)), new MaxPooling2D(pk, ps),
                new Conv2D(100, k).strides(s).padding(Padding.of(p, p)), new MaxPooling2D(pk, ps), new Flatten(), new Dense(c.i("expected.fc1_out")));
        List<FieldRow> rows = layers(enc);
        String[] names = {"conv1", "maxpool1", "conv2", "maxpool2"};
        for (int i = 0; i < 4; i++) {
            assertArrayEquals(ConformanceCases.chwToHwc(c.ints("expected.encoder_shapes_CHW." + names[i])), rows.get(i).outputShape().dims(), "C004-08 " + names[i]);
        }
        assertEquals(c.integer("expected.fc1_in"), rows.get(4).outputShape().dim(0));
        assertArrayEquals(c.ints("expected.rf_after_maxpool1"), rows.get(1).size(), "C004-08 rf_after_maxpool1");
        assertEquals(Kind.WHOLE_INPUT, rows.get(5).kind());
        assertArrayEquals(c.ints("expected.rf_fc1"), rows.get(5).size(), "C004-08 rf_fc1");
        // padding 1 moves the first unit's centre: conv1 start = (4-1)/2 - 1 = 0.5, jump 2
        assertEquals(0.5, rows.get(0).axes().get(0).start(), 1e-12);
        assertEquals(2, rows.get(0).axes().get(0).jump(), 1e-12);
    }

    @Test
    @DisplayName("C004-33 Receptive-field recurrence over layer stacks (and measured gradient support)")
    void C004_33() {
        Case c = ConformanceCases.require("C004-33");
        List<?> table = (List<?>) c.get("expected.rows");
        for (int row = 0; row < table.size(); row++) {
            String at = "expected.rows." + row;
            List<?> ks = (List<?>) c.get(at + ".layers_kernel_stride");
            int[] expected = c.ints(at + ".rf_after_each_layer");
            List<Layer> stack = new ArrayList<>();
            for (int i = 0; i < ks.size(); i++) {
                int[] kernelStride = c.ints(at + ".layers_kernel_stride." + i);
                stack.add(new Conv2D(1, kernelStride[0]).strides(kernelStride[1]).useBias(false).kernelInitializer(Initializers.ones()));
            }
            int size = 96;
            Sequential m = new Sequential(Input.of(size, size, 1));
            for (Layer l : stack) m.add(l);
            List<FieldRow> rows = layers(m);
            int[] got = new int[rows.size()];
            for (int i = 0; i < got.length; i++) got[i] = rows.get(i).size()[0];
            assertArrayEquals(expected, got, c.id() + " " + c.string(at + ".source") + ": rf_after_each_layer");
            assertArrayEquals(c.ints(at + ".empirical_final"), rows.get(rows.size() - 1).size(), c.id() + " row " + row + " final");
            assertArrayEquals(c.ints(at + ".empirical_final"), measuredSupport(m, size), c.id() + " row " + row + ": measured gradient support");
        }
    }

    /** Rows and columns of the input on which output unit (0, 0) depends (all-ones weights: no cancellation). */
    private static int[] measuredSupport(Model m, int size) {
        Tensor x = Tensor.ones(1, size, size, 1).requiresGrad(true);
        Tensor y = m.forward(x, false);
        Tensor unit = y.slice(1, 0, 1).slice(2, 0, 1).sum();
        Tensor g = Autograd.grad(unit, List.of(x), false).get(0);
        int rows = 0;
        int cols = 0;
        for (int i = 0; i < size; i++) {
            boolean anyRow = false;
            boolean anyCol = false;
            for (int j = 0; j < size; j++) {
                anyRow |= g.get(0, i, j, 0) != 0;
                anyCol |= g.get(0, j, i, 0) != 0;
            }
            rows += anyRow ? 1 : 0;
            cols += anyCol ? 1 : 0;
        }
        return new int[] {rows, cols};
    }
}
