package org.neurite.conformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.neurite.conformance.ConformanceCases.Case;
import org.neurite.nn.Layer;
import org.neurite.nn.LayerNames;
import org.neurite.nn.Sequential;
import org.neurite.nn.layers.Conv2D;
import org.neurite.nn.layers.Dense;
import org.neurite.nn.layers.Flatten;
import org.neurite.nn.layers.MaxPooling2D;
import org.neurite.tensor.Shape;

/**
 * Conformance cases about whole models: parameter counts and Keras summaries of real
 * {@link Sequential} models ({@code param_count}, {@code model_summary}, the shape and parameter
 * parts of the LeNet case). Counts and shapes are compared exactly.
 */
class ModelConformanceTest {
    @BeforeEach
    void clearSession() {
        LayerNames.reset();
    }

    /** LeNet-5 as the case describes it: conv 6@5x5, pool 2/2, conv 16@5x5, pool 2/2, f1 120, f2 84, classes; no padding. */
    private static Sequential lenet(int size, int channels, int classes) {
        return new Sequential(
                new Conv2D(6, 5).activation("tanh").inputShape(size, size, channels),
                new MaxPooling2D(2, 2),
                new Conv2D(16, 5).activation("tanh"),
                new MaxPooling2D(2, 2),
                new Flatten(),
                new Dense(120, "tanh"),
                new Dense(84, "tanh"),
                new Dense(classes, "softmax"));
    }

    @Test
    @DisplayName("C004-06 LeNet: RF after maxpool1 (6x6) and of f1 (32x32); 26-class head; 68x68 input -> f1 input 16x14x14=3136")
    void C004_06() {
        // Shapes and parameter counts; the receptive-field parts are left to the analysis package's tests.
        Case c = ConformanceCases.require("C004-06");
        assertTrue(c.string("spec.architecture").startsWith("LeNet-5: conv 6@5x5 -> maxpool 2x2/2 -> conv 16@5x5 -> maxpool 2x2/2 -> f1 120 -> f2 84 -> f3 10"),
                "C004-06: the spec's architecture changed, update this test");
        int[] in = c.ints("spec.input"); // (C, H, W)

        Sequential net = lenet(in[1], in[0], 10);
        List<Layer> layers = net.layers();
        List<?> shapes = (List<?>) c.get("expected.shapes_32");
        assertEquals(shapes.size(), layers.size(), "C004-06 number of layers");
        for (int i = 0; i < shapes.size(); i++) {
            int[] expected = c.ints("expected.shapes_32." + i + ".1");
            if (expected.length == 3) expected = ConformanceCases.chwToHwc(expected);
            assertArrayEquals(expected, layers.get(i).outputShape().dims(), "C004-06 shape of layer " + i + " (" + c.string("expected.shapes_32." + i + ".0") + ")");
        }
        c.assertCount("expected.params_lenet32_10cls", net.countParams());
        c.assertCount("expected.params_output_layer_10", layers.get(layers.size() - 1).countParams());

        LayerNames.reset();
        Sequential net26 = lenet(in[1], in[0], 26);
        c.assertCount("expected.params_lenet32_26cls", net26.countParams());
        c.assertCount("expected.params_output_layer_26", net26.layers().get(net26.layers().size() - 1).countParams());

        LayerNames.reset();
        Sequential net68 = lenet(68, in[0], 10);
        List<Layer> l68 = net68.layers();
        int[] conv1AndPool1 = c.ints("expected.conv5x5_plus_pool_68_to_32");
        assertEquals(conv1AndPool1[0], l68.get(0).outputShape().dim(0), "C004-06 68x68: conv1 output size");
        assertEquals(conv1AndPool1[1], l68.get(1).outputShape().dim(0), "C004-06 68x68: pool1 output size");
        assertArrayEquals(ConformanceCases.chwToHwc(c.ints("expected.f1_input_shape_68")), l68.get(3).outputShape().dims(), "C004-06 68x68: input of f1 (before flatten)");
        c.assertCount("expected.f1_input_for_68x68", l68.get(4).outputShape().dim(0));
        c.assertCount("expected.f1_input_for_68x68", ((Dense) l68.get(5)).kernel().shape().dim(0));
        c.assertCount("expected.params_lenet68_10cls", net68.countParams());
    }

    /** A stack of Dense layers on a flat input, as the parameter-count cases describe. */
    private static Sequential mlp(int input, int[] units) {
        List<Layer> layers = new ArrayList<>();
        for (int i = 0; i < units.length; i++) {
            Dense d = new Dense(units[i], i == units.length - 1 ? "sigmoid" : "relu");
            if (i == 0) d.inputShape(input);
            layers.add(d);
        }
        return new Sequential(layers);
    }

    private static void assertPerLayer(Case c, String path, Sequential model) {
        List<Layer> layers = model.layers();
        int[] perLayer = c.ints(path);
        long[] got = layers.stream().mapToLong(Layer::countParams).toArray();
        long[] want = java.util.Arrays.stream(perLayer).asLongStream().toArray();
        assertArrayEquals(want, got, c.id() + " " + path);
    }

    @Test
    @DisplayName("C004-29 MLP 30 -> 7x8 -> 1: trainable parameters")
    void C004_29() {
        Case c = ConformanceCases.require("C004-29");
        Matcher m = Pattern.compile("(\\d+) x (\\d+) units").matcher(c.string("spec.hidden"));
        assertTrue(m.find(), "C004-29: cannot read the hidden layers from '" + c.string("spec.hidden") + "'");
        int depth = Integer.parseInt(m.group(1)), width = Integer.parseInt(m.group(2));
        assertTrue(c.string("spec.output").startsWith("1 sigmoid unit"), "C004-29: the spec's output changed");

        int[] units = new int[depth + 1];
        java.util.Arrays.fill(units, width);
        units[depth] = 1;
        Sequential model = mlp(c.i("spec.input"), units);
        assertPerLayer(c, "expected.per_layer", model);
        c.assertCount("expected.total_sigmoid_output", model.countParams());
        c.assertCount("expected.total_sigmoid_output", model.trainableParams());

        LayerNames.reset();
        units[depth] = 2; // two softmax outputs instead of one sigmoid
        c.assertCount("expected.if_2_softmax_outputs", mlp(c.i("spec.input"), units).countParams());
    }

    @Test
    @DisplayName("C004-18 DNN 50-64-128-256-1 trainable parameters")
    void C004_18() {
        Case c = ConformanceCases.require("C004-18");
        int[] hidden = c.ints("spec.hidden");
        int[] units = java.util.Arrays.copyOf(hidden, hidden.length + 1);
        units[hidden.length] = c.i("spec.output");
        Sequential model = mlp(c.i("spec.input"), units);
        assertPerLayer(c, "expected.per_layer", model);
        c.assertCount("expected.total", model.countParams());
        c.assertCount("expected.total", model.trainableParams());
        String summary = model.summary();
        String total = String.format(Locale.ROOT, "Trainable params: %,d", c.integer("expected.total"));
        assertTrue(summary.contains(total), "C004-18: summary should contain '" + total + "':\n" + summary);
    }

    /** "Conv2D(64,(5,5),relu)" and friends, as the case's spec lists them. */
    private static Layer parseKerasLayer(String spec) {
        Matcher m;
        if ((m = Pattern.compile("Conv2D\\((\\d+),\\((\\d+),(\\d+)\\),(\\w+)\\)").matcher(spec)).matches()) {
            return new Conv2D(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3))).activation(m.group(4));
        }
        if ((m = Pattern.compile("MaxPooling2D\\(\\((\\d+),(\\d+)\\)\\)").matcher(spec)).matches()) {
            int ph = Integer.parseInt(m.group(1)), pw = Integer.parseInt(m.group(2));
            return new MaxPooling2D(ph, pw, ph, pw);
        }
        if (spec.equals("Flatten()")) return new Flatten();
        if ((m = Pattern.compile("Dense\\((\\d+), ?(\\w+)\\)").matcher(spec)).matches()) {
            return new Dense(Integer.parseInt(m.group(1)), m.group(2));
        }
        throw new AssertionError("C004-13: cannot read the layer '" + spec + "'");
    }

    @Test
    @DisplayName("C004-13 Keras CNN + Flatten + Dense(64) + Dense(1,sigmoid) summary")
    void C004_13() {
        Case c = ConformanceCases.require("C004-13");
        int[] in = c.ints("spec.input_shape");
        List<?> specLayers = (List<?>) c.get("spec.layers");
        List<Layer> layers = new ArrayList<>();
        for (int i = 0; i < specLayers.size(); i++) layers.add(parseKerasLayer(c.string("spec.layers." + i)));
        layers.get(0).inputShape(in);
        Sequential model = new Sequential(layers);

        List<Layer> built = model.layers();
        List<?> rows = (List<?>) c.get("expected.summary.layers");
        assertEquals(rows.size(), built.size(), "C004-13 number of summary rows");
        for (int i = 0; i < rows.size(); i++) {
            String at = "expected.summary.layers." + i;
            Layer l = built.get(i);
            assertEquals(c.string(at + ".name"), l.name(), "C004-13 row " + i + " name");
            assertEquals(c.string(at + ".type"), l.className(), "C004-13 row " + i + " type");
            List<?> shape = (List<?>) c.get(at + ".output_shape");
            assertEquals(null, shape.get(0), "C004-13 row " + i + ": the batch axis is None");
            int[] dims = new int[shape.size() - 1];
            for (int d = 0; d < dims.length; d++) dims[d] = c.i(at + ".output_shape." + (d + 1));
            assertEquals(Shape.of(dims), l.outputShape(), "C004-13 row " + i + " output shape");
            c.assertCount(at + ".params", l.countParams());
            c.assertCount(at + ".trainable", l.trainableParams());
            c.assertCount(at + ".non_trainable", l.countParams() - l.trainableParams());
        }
        c.assertCount("expected.summary.total_params", model.countParams());
        c.assertCount("expected.summary.trainable_params", model.trainableParams());
        c.assertCount("expected.summary.non_trainable_params", model.countParams() - model.trainableParams());

        String summary = model.summary();
        for (String[] line : new String[][] {
            {"Total params", "expected.summary.total_params"},
            {"Trainable params", "expected.summary.trainable_params"},
            {"Non-trainable params", "expected.summary.non_trainable_params"}}) {
            String want = String.format(Locale.ROOT, "%s: %,d\n", line[0], c.integer(line[1]));
            assertTrue(summary.contains(want), "C004-13: summary should contain '" + want.trim() + "':\n" + summary);
        }
        for (int i = 0; i < rows.size(); i++) {
            String name = c.string("expected.summary.layers." + i + ".name");
            assertTrue(summary.contains(" " + name + " ("), "C004-13: summary should list " + name + ":\n" + summary);
        }
    }
}
