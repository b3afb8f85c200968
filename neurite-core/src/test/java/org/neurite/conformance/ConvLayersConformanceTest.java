package org.neurite.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.neurite.conformance.ConformanceCases.Case;
import org.neurite.nn.Input;
import org.neurite.nn.Layer;
import org.neurite.nn.LayerNames;
import org.neurite.nn.Model;
import org.neurite.nn.SymbolicTensor;
import org.neurite.nn.layers.BatchNormalization;
import org.neurite.nn.layers.Conv1D;
import org.neurite.nn.layers.Conv2D;
import org.neurite.nn.layers.Dense;
import org.neurite.nn.layers.Flatten;
import org.neurite.nn.layers.MaxPooling2D;
import org.neurite.nn.layers.UpSampling2D;
import org.neurite.tensor.Shape;
import org.neurite.tensor.Tensor;

/**
 * Model-summary conformance cases of the convolution-family and normalisation layers: the exam-000
 * MNIST conv autoencoder (C000-04, UpSampling2D) and the 1-d CNN with BatchNormalization (C004-17,
 * both paddings). Architectures are read from the case specs; every expected number from cases.json.
 */
class ConvLayersConformanceTest {
    @BeforeEach
    void clearSession() {
        LayerNames.reset();
    }

    private static final Pattern CONV = Pattern.compile("Conv2D\\((\\d+),(\\d+),(\\w+),(\\w+)\\)");
    private static final Pattern POOL = Pattern.compile("MaxPool\\((\\d+),(\\w+)\\)");
    private static final Pattern UP = Pattern.compile("UpSampling2D\\((\\d+)\\)");

    /** One item of the C000-04 chain notation, e.g. {@code Conv2D(16,3,relu,same)}. */
    private static Layer parseChainItem(String item) {
        Matcher m;
        if ((m = CONV.matcher(item)).matches()) {
            return new Conv2D(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))).activation(m.group(3)).padding(m.group(4));
        }
        if ((m = POOL.matcher(item)).matches()) return new MaxPooling2D(Integer.parseInt(m.group(1))).padding(m.group(2));
        if ((m = UP.matcher(item)).matches()) return new UpSampling2D(Integer.parseInt(m.group(1)));
        throw new AssertionError("C000-04: cannot read the layer '" + item + "'");
    }

    @Test
    @DisplayName("C000-04 MNIST conv autoencoder summary (UpSampling2D), 4,385 params")
    void C000_04() {
        Case c = ConformanceCases.require("C000-04");
        Input in = Input.of(c.ints("spec.input_shape"));
        SymbolicTensor x = in;
        for (String part : List.of("spec.encoder", "spec.decoder")) {
            for (String item : c.string(part).split("-")) x = parseChainItem(item).apply(x);
        }
        Model model = new Model(in, x);
        TransposedConvConformanceTest.assertSummaryRows(c, "expected.summary", model);
        Tensor y = model.apply(Tensor.uniform(1, 0, 1, 2, 28, 28, 1));
        assertEquals(Shape.of(2, 28, 28, 1), y.shape(), "C000-04 forward output (the autoencoder reproduces the input size)");
    }

    /** C004-17: Conv1D(64, 3, padding) - BatchNormalization - Flatten - Dense(128) on (100, 1). */
    private static void conv1dBatchNorm(Case c, String padding, String prefix) {
        LayerNames.reset();
        List<?> spec = (List<?>) c.get("spec.layers");
        assertEquals(4, spec.size(), "C004-17: the spec's layer list changed, update this test");
        assertEquals("Conv1D(64, 3, padding='same')", c.string("spec.layers.0"), "C004-17: the spec's Conv1D changed, update this test");
        assertEquals("Dense(128)", c.string("spec.layers.3"), "C004-17: the spec's Dense changed, update this test");
        // no InputLayer row in this case's table: a Sequential whose first layer declares the input shape
        Conv1D conv = new Conv1D(64, 3).padding(padding).inputShape(c.ints("spec.input_shape"));
        org.neurite.nn.Sequential model = new org.neurite.nn.Sequential(conv, new BatchNormalization(), new Flatten(), new Dense(128));
        TransposedConvConformanceTest.assertSummaryRows(c, prefix, model);
        // a training step updates only the trainable weights' gradients, and moves the BN statistics
        Tensor x = Tensor.uniform(3, -1, 1, 4, 100, 1);
        model.forward(x, true).sum().backward();
        BatchNormalization bn = (BatchNormalization) model.layers().get(1);
        assertEquals(null, bn.movingMean().value().grad(), "C004-17: moving statistics get no gradient");
    }

    @Test
    @DisplayName("C004-17 1D CNN + BatchNorm + Dense(128): 'same' 819,712 / 128 and 'valid' 803,328 / 128")
    void C004_17() {
        Case c = ConformanceCases.require("C004-17");
        conv1dBatchNorm(c, "same", "expected.summary_padding_same");
        conv1dBatchNorm(c, "valid", "expected.summary_padding_valid");
    }
}
