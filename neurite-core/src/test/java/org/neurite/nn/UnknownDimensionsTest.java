package org.neurite.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.neurite.analysis.formulas.Formulas;
import org.neurite.analysis.receptivefield.ReceptiveField;
import org.neurite.io.keras.KerasJson;
import org.neurite.nn.layers.Concatenate;
import org.neurite.nn.layers.Conv2D;
import org.neurite.nn.layers.Dense;
import org.neurite.nn.layers.Embedding;
import org.neurite.nn.layers.Flatten;
import org.neurite.nn.layers.GRU;
import org.neurite.nn.layers.GlobalAveragePooling1D;
import org.neurite.nn.layers.GlobalAveragePooling2D;
import org.neurite.nn.layers.LSTM;
import org.neurite.nn.layers.MaxPooling2D;
import org.neurite.tensor.Shape;
import org.neurite.tensor.Tensor;

/**
 * Inputs with unknown (None) dimensions, as Keras allows: token sequences of any length through
 * Embedding and recurrent layers, fully convolutional nets on any image size. The summary prints
 * None where Keras does, counts parameters (Keras' formulas, worked in the comments), and the model
 * gives the same numbers as a model built for the fixed size with the same weights.
 */
class UnknownDimensionsTest {
    private static final int NONE = Input.NONE;

    @BeforeEach
    void clearSession() {
        LayerNames.reset();
    }

    private static void assertRow(String summary, String layer, String shape, long params) {
        Pattern row = Pattern.compile("(?m)^ " + Pattern.quote(layer) + " +" + Pattern.quote(shape) + " +" + params + " *$");
        assertTrue(row.matcher(summary).find(), layer + " " + shape + " " + params + " not in\n" + summary);
    }

    /** Copies every weight value of {@code from} into the same-position weight of {@code to}. */
    private static void copyWeights(Model from, Model to) {
        List<Variable> a = from.variables();
        List<Variable> b = to.variables();
        assertEquals(a.size(), b.size());
        for (int i = 0; i < a.size(); i++) b.get(i).assign(a.get(i).value().toArray());
    }

    @Test
    void shapeWithUnknownDimensions() {
        Shape s = Shape.of(Shape.UNKNOWN, Shape.UNKNOWN, 3);
        assertEquals("(None, None, 3)", s.toString());
        assertEquals("(None, None, None, 3)", Summary.shapeString(s));
        assertFalse(s.isKnown());
        assertTrue(s.admits(Shape.of(7, 9, 3)));
        assertFalse(s.admits(Shape.of(7, 9, 4)));
        assertFalse(s.admits(Shape.of(7, 3)));
        assertThrows(IllegalStateException.class, s::size);
        assertThrows(IllegalArgumentException.class, () -> Shape.of(-2, 3));
    }

    @Test
    void tokenSequencesOfAnyLengthThroughEmbeddingAndGru() {
        Sequential m = new Sequential(Input.of(NONE), new Embedding(1000, 16), new GRU(8));
        String summary = m.summary();
        assertRow(summary, "embedding (Embedding)", "(None, None, 16)", 16000); // 1000 * 16
        assertRow(summary, "gru (GRU)", "(None, 8)", 624); // 3 * (8 * (16 + 8) + 2 * 8), reset_after
        assertEquals(16624, m.countParams());

        Tensor five = Tensor.of(new float[] {3, 14, 15, 92, 65, 35, 89, 79, 323, 846}, 2, 5);
        Tensor nine = Tensor.of(new float[] {2, 7, 1, 8, 2, 8, 1, 8, 28}, 1, 9);
        assertArrayEquals(new int[] {2, 8}, m.predict(five).shape().dims());
        assertArrayEquals(new int[] {1, 8}, m.predict(nine).shape().dims());

        // the same weights in models built for lengths 5 and 9 give the same numbers
        for (Tensor x : List.of(five, nine)) {
            Sequential fixed = new Sequential(Input.of(x.dim(1)), new Embedding(1000, 16), new GRU(8));
            copyWeights(m, fixed);
            assertArrayEquals(fixed.predict(x).toArray(), m.predict(x).toArray(), 1e-6f);
        }
    }

    @Test
    void sequenceOutputsKeepTheUnknownLength() {
        Input in = Input.of(NONE);
        SymbolicTensor h = new Embedding(50, 4).apply(in);
        SymbolicTensor seq = new LSTM(6).returnSequences(true).apply(h);
        SymbolicTensor out = new Dense(2).apply(new GlobalAveragePooling1D().apply(seq));
        Model m = new Model(in, out);
        String summary = m.summary();
        assertTrue(summary.contains("(None, None, 6)"), summary);
        assertRow(summary, "lstm (LSTM)", "(None, None, 6)", 4 * (6 * (4 + 6) + 6)); // 264
        assertArrayEquals(new int[] {3, 2}, m.predict(Tensor.of(new float[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}, 3, 4)).shape().dims());
        assertArrayEquals(new int[] {1, 2}, m.predict(Tensor.of(new float[] {1, 2, 3, 4, 5, 6, 7}, 1, 7)).shape().dims());
    }

    @Test
    void fullyConvolutionalNetOnAnyImageSize() {
        Input in = Input.of(NONE, NONE, 3);
        SymbolicTensor a = new Conv2D(4, 3).padding("same").activation("relu").apply(in);
        SymbolicTensor p = new MaxPooling2D(2).apply(a);
        SymbolicTensor b = new Conv2D(2, 1).apply(p);
        SymbolicTensor c = new Conv2D(3, 3).padding("same").apply(p);
        SymbolicTensor cat = new Concatenate().apply(b, c);
        Model m = new Model(in, cat);
        String summary = m.summary();
        // Keras wraps these cells at the column width: "(None, None, None," then "5)" on the next line
        assertTrue(summary.contains(" input_1 (InputLayer)           [(None, None, None,  0 "), summary);
        assertTrue(Pattern.compile("(?m)^ concatenate \\(Concatenate\\) +\\(None, None, None, +0 .*\\n +5\\)").matcher(summary).find(), summary);
        assertEquals("(None, None, None, 5)", Summary.shapeString(cat.shape())); // 2 + 3 channels concatenated
        assertEquals((27 + 1) * 4 + (4 + 1) * 2 + (36 + 1) * 3, m.countParams()); // 112 + 10 + 111

        for (int[] hw : new int[][] {{8, 8}, {10, 6}, {7, 13}}) {
            Tensor x = Tensor.uniform(hw[0] * 31L + hw[1], -1, 1, 2, hw[0], hw[1], 3);
            Tensor y = m.predict(x);
            assertArrayEquals(new int[] {2, hw[0] / 2, hw[1] / 2, 5}, y.shape().dims());
            Input fixedIn = Input.of(hw[0], hw[1], 3);
            SymbolicTensor fp = new MaxPooling2D(2).apply(new Conv2D(4, 3).padding("same").activation("relu").apply(fixedIn));
            Model fixed = new Model(fixedIn, new Concatenate().apply(new Conv2D(2, 1).apply(fp), new Conv2D(3, 3).padding("same").apply(fp)));
            copyWeights(m, fixed);
            assertArrayEquals(fixed.predict(x).toArray(), y.toArray(), 1e-6f, "size " + hw[0] + "x" + hw[1]);
        }

        Model classifier = new Model(in, new Dense(3, "softmax").apply(new GlobalAveragePooling2D().apply(cat)));
        assertEquals("(None, 3)", Summary.shapeString(classifier.outputs().get(0).shape()));
        assertArrayEquals(new int[] {1, 3}, classifier.predict(Tensor.uniform(1, -1, 1, 1, 12, 20, 3)).shape().dims());
    }

    @Test
    void aWeightThatWouldDependOnAnUnknownDimensionIsAClearError() {
        Input in = Input.of(NONE, NONE, 3);
        SymbolicTensor f = new Flatten().apply(new Conv2D(4, 3).apply(in));
        assertEquals("(None, None)", Summary.shapeString(f.shape()));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Dense(10).apply(f));
        assertTrue(e.getMessage().startsWith("dense: weight 'kernel' would have shape (None, 10)"), e.getMessage());
        assertTrue(e.getMessage().contains("unknown (None)"), e.getMessage());
    }

    @Test
    void analysesOfAModelWithUnknownSizes() {
        Input in = Input.of(NONE, NONE, 3);
        SymbolicTensor a = new Conv2D(4, 3).padding("same").apply(in);
        SymbolicTensor p = new MaxPooling2D(2).apply(a);
        SymbolicTensor b = new Conv2D(8, 3).strides(2).padding("same").apply(p);
        Model m = new Model(in, new GlobalAveragePooling2D().apply(b));
        String rf = ReceptiveField.render(m);
        // r: 3, pool 4 (j 2), conv 3x3 stride 2: 4 + 2*2 = 8 (j 4); the sizes do not depend on the image size;
        // the start does ('same' with stride 2 pads 0 before for even sizes: 0.5 + 1*2 = 2.5), so the row says which size it takes
        assertTrue(Pattern.compile("(?m)^conv2d_1 \\(Conv2D\\) +\\(None, None, None, 8\\) +8x8 +4x4 +2.5x2.5 .*divisible by the stride").matcher(rf).find(), rf);
        assertTrue(Pattern.compile("(?m)^global_average_pooling2d .*\\(None, 8\\) +whole input +whole input: global pooling").matcher(rf).find(), rf);
        assertFalse(rf.contains("-1"), rf);
        String formulas = Formulas.render(m);
        assertTrue(formulas.contains("params: (3*3*4 + 1) * 8 = 296"), formulas);
        assertTrue(formulas.contains("Total params: 408"), formulas); // (27 + 1) * 4 + 296
        assertFalse(formulas.contains("-1"), formulas);
    }

    @Test
    void kerasJsonWithNoneDimensionsLoads() {
        String json = """
                {"module": "keras", "class_name": "Functional", "config": {"name": "tagger", "trainable": true, "layers": [
                  {"module": "keras.layers", "class_name": "InputLayer", "config": {"batch_shape": [null, null], "dtype": "int32", "sparse": false, "name": "tokens"}, "registered_name": null, "name": "tokens", "inbound_nodes": []},
                  {"module": "keras.layers", "class_name": "Embedding", "config": {"name": "embedding", "trainable": true, "dtype": {"module": "keras", "class_name": "DTypePolicy", "config": {"name": "float32"}, "registered_name": null}, "input_dim": 100, "output_dim": 8, "embeddings_initializer": {"module": "keras.initializers", "class_name": "RandomUniform", "config": {"seed": null, "minval": -0.05, "maxval": 0.05}, "registered_name": null}, "embeddings_regularizer": null, "activity_regularizer": null, "embeddings_constraint": null, "mask_zero": false}, "registered_name": null, "build_config": {"input_shape": [null, null]}, "name": "embedding",
                   "inbound_nodes": [{"args": [{"class_name": "__keras_tensor__", "config": {"shape": [null, null], "dtype": "int32", "keras_history": ["tokens", 0, 0]}}], "kwargs": {}}]},
                  {"module": "keras.layers", "class_name": "GRU", "config": {"name": "gru", "trainable": true, "dtype": "float32", "return_sequences": true, "return_state": false, "go_backwards": false, "stateful": false, "unroll": false, "zero_output_for_mask": false, "units": 5, "activation": "tanh", "recurrent_activation": "sigmoid", "use_bias": true, "kernel_initializer": {"module": "keras.initializers", "class_name": "GlorotUniform", "config": {"seed": null}, "registered_name": null}, "recurrent_initializer": {"module": "keras.initializers", "class_name": "OrthogonalInitializer", "config": {"gain": 1.0, "seed": null}, "registered_name": null}, "bias_initializer": {"module": "keras.initializers", "class_name": "Zeros", "config": {}, "registered_name": null}, "kernel_regularizer": null, "recurrent_regularizer": null, "bias_regularizer": null, "activity_regularizer": null, "kernel_constraint": null, "recurrent_constraint": null, "bias_constraint": null, "dropout": 0.0, "recurrent_dropout": 0.0, "reset_after": true, "seed": null}, "registered_name": null, "build_config": {"input_shape": [null, null, 8]}, "name": "gru",
                   "inbound_nodes": [{"args": [{"class_name": "__keras_tensor__", "config": {"shape": [null, null, 8], "dtype": "float32", "keras_history": ["embedding", 0, 0]}}], "kwargs": {"mask": null, "training": false}}]}],
                 "input_layers": [["tokens", 0, 0]], "output_layers": [["gru", 0, 0]]}, "registered_name": "Functional", "build_config": {"input_shape": null},
                 "compile_config": {"optimizer": "adam", "loss": "mse", "loss_weights": null, "metrics": null, "weighted_metrics": null, "run_eagerly": false, "steps_per_execution": 1, "jit_compile": false}}""";
        Model m = KerasJson.read(json);
        String summary = m.summary();
        assertTrue(summary.contains("[(None, None)]"), summary);
        assertTrue(summary.contains("(None, None, 8)"), summary);
        assertTrue(summary.contains("(None, None, 5)"), summary);
        assertEquals(800 + 3 * (5 * (8 + 5) + 2 * 5), m.countParams()); // 800 + 225
        assertArrayEquals(new int[] {2, 11, 5}, m.predict(Tensor.of(new float[22], 2, 11)).shape().dims());
        // written back (Keras 2 flavour) the None stays null, and the file reads back the same
        String written = KerasJson.write(m);
        assertTrue(written.contains("\"batch_input_shape\":[null,null]"), written);
        assertEquals(summary, KerasJson.read(written).summary());
    }

    @Test
    void aSavedModelKeepsItsUnknownDimensions(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws java.io.IOException {
        Sequential m = new Sequential(Input.of(NONE), new Embedding(20, 4), new GRU(3));
        m.save(dir.resolve("m.nrt"));
        Model back = Model.load(dir.resolve("m.nrt"));
        assertEquals(m.summary(), back.summary());
        Tensor x = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 1, 6);
        assertArrayEquals(m.predict(x).toArray(), back.predict(x).toArray(), 0f);
    }
}
