package org.neurite.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.neurite.nn.layers.Activation;
import org.neurite.nn.layers.Add;
import org.neurite.nn.layers.Conv2D;
import org.neurite.nn.layers.Dense;
import org.neurite.nn.layers.Flatten;
import org.neurite.nn.layers.MaxPooling2D;

/**
 * Summaries against text produced by a line-by-line transcription of tf.keras 2.11's
 * {@code print_summary} (Python), fed with the rows of the conformance cases, so the expected
 * strings do not come from this implementation.
 */
class SummaryTest {
    @BeforeEach
    void clearSession() {
        LayerNames.reset();
    }

    /** C000-01: the CIFAR-10 model of exam 000, after two earlier conv/pool/dense layers and one flatten. */
    @Test
    void c000_01_cifarSequentialMatchesKerasTextExactly() {
        // The exam session had already created layers: conv2d, conv2d_1, max_pooling2d(_1), flatten, dense(_1).
        for (int i = 0; i < 2; i++) {
            new Conv2D(1, 1).name();
            new MaxPooling2D().name();
            new Dense(1).name();
        }
        new Flatten().name();
        Sequential model = new Sequential(
                new Conv2D(4, 3).activation("relu").padding("same").inputShape(32, 32, 3),
                new MaxPooling2D(2, 2),
                new Conv2D(8, 3).padding("same").activation("relu"),
                new MaxPooling2D(2, 2),
                new Flatten(),
                new Dense(28, "relu"),
                new Dense(10, "softmax"));
        String expected = ""
                + "Model: \"sequential\"\n"
                + "_________________________________________________________________\n"
                + " Layer (type)                Output Shape              Param #   \n"
                + "=================================================================\n"
                + " conv2d_2 (Conv2D)           (None, 32, 32, 4)         112       \n"
                + "                                                                 \n"
                + " max_pooling2d_2 (MaxPooling  (None, 16, 16, 4)        0         \n"
                + " 2D)                                                             \n"
                + "                                                                 \n"
                + " conv2d_3 (Conv2D)           (None, 16, 16, 8)         296       \n"
                + "                                                                 \n"
                + " max_pooling2d_3 (MaxPooling  (None, 8, 8, 8)          0         \n"
                + " 2D)                                                             \n"
                + "                                                                 \n"
                + " flatten_1 (Flatten)         (None, 512)               0         \n"
                + "                                                                 \n"
                + " dense_2 (Dense)             (None, 28)                14364     \n"
                + "                                                                 \n"
                + " dense_3 (Dense)             (None, 10)                290       \n"
                + "                                                                 \n"
                + "=================================================================\n"
                + "Total params: 15,062\n"
                + "Trainable params: 15,062\n"
                + "Non-trainable params: 0\n"
                + "_________________________________________________________________\n";
        assertEquals(expected, model.summary());
        assertEquals(15062, model.countParams());
    }

    /** The encoder half of C000-04 as a functional chain: Keras' short layout, with the input row. */
    @Test
    void c000_04_encoderChainUsesShortLayoutWithInputRow() {
        Input in = Input.of(28, 28, 1);
        SymbolicTensor x = new Conv2D(16, 3).activation("relu").padding("same").apply(in);
        x = new MaxPooling2D(2).padding("same").apply(x);
        x = new Conv2D(8, 3).activation("relu").padding("same").apply(x);
        x = new MaxPooling2D(2).padding("same").apply(x);
        x = new Conv2D(8, 3).activation("relu").padding("same").apply(x);
        SymbolicTensor encoded = new MaxPooling2D(2).padding("same").apply(x);
        Model model = new Model(in, encoded);
        String expected = ""
                + "Model: \"model\"\n"
                + "_________________________________________________________________\n"
                + " Layer (type)                Output Shape              Param #   \n"
                + "=================================================================\n"
                + " input_1 (InputLayer)        [(None, 28, 28, 1)]       0         \n"
                + "                                                                 \n"
                + " conv2d (Conv2D)             (None, 28, 28, 16)        160       \n"
                + "                                                                 \n"
                + " max_pooling2d (MaxPooling2D  (None, 14, 14, 16)       0         \n"
                + " )                                                               \n"
                + "                                                                 \n"
                + " conv2d_1 (Conv2D)           (None, 14, 14, 8)         1160      \n"
                + "                                                                 \n"
                + " max_pooling2d_1 (MaxPooling  (None, 7, 7, 8)          0         \n"
                + " 2D)                                                             \n"
                + "                                                                 \n"
                + " conv2d_2 (Conv2D)           (None, 7, 7, 8)           584       \n"
                + "                                                                 \n"
                + " max_pooling2d_2 (MaxPooling  (None, 4, 4, 8)          0         \n"
                + " 2D)                                                             \n"
                + "                                                                 \n"
                + "=================================================================\n"
                + "Total params: 1,904\n"
                + "Trainable params: 1,904\n"
                + "Non-trainable params: 0\n"
                + "_________________________________________________________________\n";
        assertEquals(expected, model.summary());
    }

    /** A residual block: branches, so Keras adds the "Connected to" column (98 wide). */
    @Test
    void residualBlockHasConnectedToColumn() {
        Input in = Input.of(8, 8, 4);
        SymbolicTensor x = new Conv2D(4, 3).padding("same").activation("relu").apply(in);
        x = new Conv2D(4, 3).padding("same").apply(x);
        SymbolicTensor out = new Activation("relu").apply(new Add().apply(x, in));
        Model model = new Model(in, out);
        String expected = ""
                + "Model: \"model\"\n"
                + "__________________________________________________________________________________________________\n"
                + " Layer (type)                   Output Shape         Param #     Connected to                     \n"
                + "==================================================================================================\n"
                + " input_1 (InputLayer)           [(None, 8, 8, 4)]    0           []                               \n"
                + "                                                                                                  \n"
                + " conv2d (Conv2D)                (None, 8, 8, 4)      148         ['input_1[0][0]']                \n"
                + "                                                                                                  \n"
                + " conv2d_1 (Conv2D)              (None, 8, 8, 4)      148         ['conv2d[0][0]']                 \n"
                + "                                                                                                  \n"
                + " add (Add)                      (None, 8, 8, 4)      0           ['conv2d_1[0][0]',               \n"
                + "                                                                  'input_1[0][0]']                \n"
                + "                                                                                                  \n"
                + " activation (Activation)        (None, 8, 8, 4)      0           ['add[0][0]']                    \n"
                + "                                                                                                  \n"
                + "==================================================================================================\n"
                + "Total params: 296\n"
                + "Trainable params: 296\n"
                + "Non-trainable params: 0\n"
                + "__________________________________________________________________________________________________\n";
        assertEquals(expected, model.summary());
    }

    /** C004-13: 126 million parameters are counted without allocating them. */
    @Test
    void c004_13_hugeModelSummaryWithoutAllocatingWeights() {
        Sequential model = new Sequential(
                new Conv2D(64, 5).activation("relu").inputShape(256, 256, 3),
                new Conv2D(128, 5).activation("relu"),
                new MaxPooling2D(2),
                new Flatten(),
                new Dense(64, "relu"),
                new Dense(1, "sigmoid"));
        String expected = ""
                + "Model: \"sequential\"\n"
                + "_________________________________________________________________\n"
                + " Layer (type)                Output Shape              Param #   \n"
                + "=================================================================\n"
                + " conv2d (Conv2D)             (None, 252, 252, 64)      4864      \n"
                + "                                                                 \n"
                + " conv2d_1 (Conv2D)           (None, 248, 248, 128)     204928    \n"
                + "                                                                 \n"
                + " max_pooling2d (MaxPooling2D  (None, 124, 124, 128)    0         \n"
                + " )                                                               \n"
                + "                                                                 \n"
                + " flatten (Flatten)           (None, 1968128)           0         \n"
                + "                                                                 \n"
                + " dense (Dense)               (None, 64)                125960256 \n"
                + "                                                                 \n"
                + " dense_1 (Dense)             (None, 1)                 65        \n"
                + "                                                                 \n"
                + "=================================================================\n"
                + "Total params: 126,170,113\n"
                + "Trainable params: 126,170,113\n"
                + "Non-trainable params: 0\n"
                + "_________________________________________________________________\n";
        assertEquals(expected, model.summary());
        for (Layer l : model.layers()) for (Weight w : l.weights()) assertFalse(w.isMaterialized(), w.fullName());
    }

    /** C004-18: DNN 50-64-128-256-1 has 3264 + 8320 + 33024 + 257 = 44,865 parameters (the key's 44,705 is wrong). */
    @Test
    void c004_18_dnnParamCount() {
        Sequential model = new Sequential(new Dense(64, "relu").inputShape(50), new Dense(128, "relu"), new Dense(256, "relu"), new Dense(1));
        long[] perLayer = model.layers().stream().mapToLong(Layer::countParams).toArray();
        assertEquals(java.util.List.of(3264L, 8320L, 33024L, 257L), java.util.Arrays.stream(perLayer).boxed().toList());
        assertEquals(44865, model.countParams());
        assertTrue(model.summary().contains("Total params: 44,865\n"));
    }

    /** C004-29: MLP 30 -> 7 hidden layers of 8 -> 1 sigmoid: 248 + 6*72 + 9 = 689. */
    @Test
    void c004_29_deepNarrowMlp() {
        Sequential model = new Sequential();
        model.add(new Dense(8, "relu").inputShape(30));
        for (int i = 0; i < 6; i++) model.add(new Dense(8, "relu"));
        model.add(new Dense(1, "sigmoid"));
        assertEquals(689, model.countParams());
        assertEquals(248, model.layers().get(0).countParams());
        assertEquals(9, model.layers().get(7).countParams());
    }

    /** C004-06: LeNet-5 on 32x32x1 with 10 classes has 61,706 parameters (26 classes: 63,066). */
    @Test
    void c004_06_lenet5() {
        assertEquals(61706, lenet(10).countParams());
        assertEquals(63066, lenet(26).countParams());
        Sequential m = lenet(10);
        assertEquals("(None, 5, 5, 16)", Summary.shapeString(m.layers().get(3).outputShape()));
        assertEquals("(None, 400)", Summary.shapeString(m.layers().get(4).outputShape()));
    }

    static Sequential lenet(int classes) {
        return new Sequential(
                new Conv2D(6, 5).activation("tanh").inputShape(32, 32, 1),
                new MaxPooling2D(2),
                new Conv2D(16, 5).activation("tanh"),
                new MaxPooling2D(2),
                new Flatten(),
                new Dense(120, "tanh"),
                new Dense(84, "tanh"),
                new Dense(classes, "softmax"));
    }

    @Test
    void frozenLayersCountAsNonTrainable() {
        Sequential model = new Sequential(new Dense(4).inputShape(3), new Dense(2));
        model.layers().get(0).trainable(false);
        String s = model.summary();
        assertTrue(s.contains("Total params: 26\nTrainable params: 10\nNon-trainable params: 16\n"), s);
    }

    @Test
    void unbuiltSequentialCannotBeSummarized() {
        Sequential model = new Sequential(new Dense(4), new Dense(2));
        IllegalStateException e = assertThrows(IllegalStateException.class, model::summary);
        assertTrue(e.getMessage().contains("has not been built yet"), e.getMessage());
        model.apply(org.neurite.tensor.Tensor.zeros(2, 3)); // building from a batch
        assertTrue(model.summary().contains("dense (Dense)               (None, 4)                 16"));
    }
}
