package org.neurite.nn.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.neurite.nn.layers.LayerChecks.assertValues;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurite.autograd.GradCheck;
import org.neurite.nn.Input;
import org.neurite.nn.LayerNames;
import org.neurite.nn.Sequential;
import org.neurite.tensor.Shape;
import org.neurite.tensor.Tensor;

/** Reshape, Permute, RepeatVector, Lambda. */
class ReshapingLayersTest {
    @TempDir
    Path dir;

    @BeforeEach
    void reset() {
        LayerNames.reset();
    }

    @Test
    void reshape() {
        Tensor x = Tensor.of(new float[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}, 2, 6);
        Tensor y = new Reshape(3, 2).apply(x);
        assertEquals(Shape.of(2, 3, 2), y.shape());
        assertValues(new float[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}, y, 0);
        assertEquals(Shape.of(2, 3), new Reshape(-1, 3).build(Shape.of(6)));
        assertEquals(Shape.of(7, 7, 64), new Reshape(7, 7, 64).build(Shape.of(3136))); // a DCGAN generator's first step
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Reshape(4, 2).build(Shape.of(6)));
        assertEquals("reshape_3: cannot reshape input (None, 6) (6 values per sample) to (4, 2)", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Reshape(-1, -1));
        assertThrows(IllegalArgumentException.class, () -> new Reshape(-1, 4).build(Shape.of(6)));
        WeightGradients.checkInput(new Reshape(2, -1), GradCheck.randomInput(1, 2, 3, 2), 1e-3, 1e-3);
    }

    @Test
    void permuteIsOneBased() {
        // (1, 2, 3): x[0, t, f] = 10 t + f
        Tensor x = Tensor.of(new float[] {0, 1, 2, 10, 11, 12}, 1, 2, 3);
        Tensor y = new Permute(2, 1).apply(x);
        assertEquals(Shape.of(1, 3, 2), y.shape());
        assertValues(new float[] {0, 10, 1, 11, 2, 12}, y, 0);
        assertEquals(Shape.of(5, 3, 4), new Permute(3, 1, 2).build(Shape.of(3, 4, 5)));
        assertThrows(IllegalArgumentException.class, () -> new Permute(0, 1));
        assertThrows(IllegalArgumentException.class, () -> new Permute(1, 1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Permute(2, 1).build(Shape.of(2, 3, 4)));
        assertTrue(e.getMessage().startsWith("permute_") && e.getMessage().contains("need inputs of rank 3"), e.getMessage());
        WeightGradients.checkInput(new Permute(3, 1, 2), GradCheck.randomInput(2, 2, 3, 2, 2), 1e-3, 1e-3);
    }

    @Test
    void repeatVector() {
        Tensor y = new RepeatVector(3).apply(Tensor.of(new float[] {1, 2, 3, 4}, 2, 2));
        assertEquals(Shape.of(2, 3, 2), y.shape());
        assertValues(new float[] {1, 2, 1, 2, 1, 2, 3, 4, 3, 4, 3, 4}, y, 0);
        assertThrows(IllegalArgumentException.class, () -> new RepeatVector(2).build(Shape.of(2, 2)));
        // the gradient of each input element is the sum over its copies
        WeightGradients.checkInput(new RepeatVector(4), GradCheck.randomInput(3, 2, 3), 1e-3, 1e-3);
    }

    @Test
    void lambdaInfersShapeAndDifferentiates() {
        Lambda mean = new Lambda(t -> t.mean(1, false));
        assertEquals(Shape.of(4), mean.build(Shape.of(5, 4)));
        assertValues(new float[] {2, 3}, mean.apply(Tensor.of(new float[] {1, 2, 3, 4}, 1, 2, 2)), 1e-7);
        Lambda explicit = new Lambda(t -> t.square()).outputShape(s -> s);
        assertEquals(Shape.of(3), explicit.build(Shape.of(3)));
        WeightGradients.checkInput(new Lambda(t -> t.square().sum(2, false)), GradCheck.randomInput(5, 2, 3, 2), 1e-3, 1e-3);
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> new Lambda(t -> t.sum()).build(Shape.of(3)));
        assertTrue(bad.getMessage().contains("must keep the batch axis"), bad.getMessage());
    }

    @Test
    void lambdaCannotBeSaved() {
        Sequential model = new Sequential(Input.of(4), new Dense(3).seed(1), new Lambda(t -> t.mul(2f)).name("double_it"));
        Path file = dir.resolve("lambda.nrt");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> model.save(file));
        assertTrue(e.getMessage().startsWith("double_it: a Lambda layer holds Java code"), e.getMessage());
        assertTrue(!Files.exists(file), "nothing written");
    }

    @Test
    void saveLoadAndSummary() throws IOException {
        Sequential model = new Sequential(Input.of(12), new Reshape(3, 4), new Permute(2, 1), new Flatten(), new RepeatVector(2), new Reshape(-1));
        String s = model.summary();
        assertEquals("""
                Model: "sequential"
                _________________________________________________________________
                 Layer (type)                Output Shape              Param #
                =================================================================
                 reshape (Reshape)           (None, 3, 4)              0

                 permute (Permute)           (None, 4, 3)              0

                 flatten (Flatten)           (None, 12)                0

                 repeat_vector (RepeatVector  (None, 2, 12)            0
                 )

                 reshape_1 (Reshape)         (None, 24)                0

                =================================================================
                Total params: 0
                Trainable params: 0
                Non-trainable params: 0
                _________________________________________________________________
                """, s.replaceAll(" +\n", "\n")); // Keras 2 layout (trailing spaces aside)
        Tensor x = GradCheck.randomInput(8, 2, 12);
        Path f = dir.resolve("r.nrt");
        model.save(f);
        var loaded = org.neurite.nn.Model.load(f);
        org.junit.jupiter.api.Assertions.assertArrayEquals(model.apply(x).data(), loaded.apply(x).data(), 0f);
        assertEquals(s, loaded.summary());
    }
}
