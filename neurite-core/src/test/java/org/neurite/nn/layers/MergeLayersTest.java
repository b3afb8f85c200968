package org.neurite.nn.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.neurite.nn.layers.LayerChecks.assertValues;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurite.autograd.GradCheck;
import org.neurite.nn.Input;
import org.neurite.nn.Layer;
import org.neurite.nn.LayerNames;
import org.neurite.nn.Model;
import org.neurite.nn.SymbolicTensor;
import org.neurite.tensor.Shape;
import org.neurite.tensor.Tensor;

/** Subtract, Multiply, Average, Maximum, Minimum, Dot, and Concatenate on every axis. */
class MergeLayersTest {
    @TempDir
    Path dir;

    private static final Tensor A = Tensor.of(new float[] {1, 5, -2, 4}, 2, 2);
    private static final Tensor B = Tensor.of(new float[] {3, 2, -2, 0}, 2, 2);
    private static final Tensor C = Tensor.of(new float[] {0, 8, 1, -1}, 2, 2);

    @BeforeEach
    void reset() {
        LayerNames.reset();
    }

    @Test
    void elementwiseByHand() {
        assertValues(new float[] {-2, 3, 0, 4}, new Subtract().forward(List.of(A, B), false), 0);
        assertValues(new float[] {0, 80, 4, 0}, new Multiply().forward(List.of(A, B, C), false), 0);
        assertValues(new float[] {4f / 3, 5, -1, 1}, new Average().forward(List.of(A, B, C), false), 1e-6);
        assertValues(new float[] {3, 8, 1, 4}, new Maximum().forward(List.of(A, B, C), false), 0);
        assertValues(new float[] {0, 2, -2, -1}, new Minimum().forward(List.of(A, B, C), false), 0);
        // broadcasting a (None, 1) gate over (None, 2)
        assertValues(new float[] {2, 10, -6, 12}, new Multiply().forward(List.of(A, Tensor.of(new float[] {2, 3}, 2, 1)), false), 0);
    }

    @Test
    void errorsNameTheLayer() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Subtract().build(Shape.of(3), Shape.of(3), Shape.of(3)));
        assertEquals("subtract: needs exactly 2 inputs, got 3", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new Multiply().build(Shape.of(3), Shape.of(4)));
        assertEquals("multiply: inputs must have the same shape (or broadcast), got (None, 3), (None, 4)", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Average().build(Shape.of(3)));
        e = assertThrows(IllegalArgumentException.class, () -> new Dot(1).build(Shape.of(3), Shape.of(4)));
        assertTrue(e.getMessage().startsWith("dot: the dot axes must have the same size, got 3"), e.getMessage());
    }

    @Test
    void gradients() {
        List<Layer> layers = List.of(new Subtract(), new Multiply(), new Average(), new Maximum(), new Minimum(), new Dot(1), new Dot(1, true));
        Tensor a = GradCheck.randomInput(1, 2, 3), b = GradCheck.randomInput(2, 2, 3);
        for (Layer l : layers) {
            GradCheck.assertGradients(l.name(), in -> l.forward(in, false), List.of(a, b), 1e-3, 2e-3);
        }
        Dot scores = new Dot(2);
        GradCheck.assertGradients("dot axes 2", in -> scores.forward(in, false),
                List.of(GradCheck.randomInput(3, 2, 3, 4), GradCheck.randomInput(4, 2, 5, 4)), 1e-3, 2e-3);
        Dot mixed = new Dot(1, 2, true);
        GradCheck.assertGradients("dot axes (1, 2)", in -> mixed.forward(in, false),
                List.of(GradCheck.randomInput(5, 2, 3, 4), GradCheck.randomInput(6, 2, 4, 3)), 1e-3, 2e-3);
    }

    @Test
    void dotByHand() {
        // rows [1, 5].[3, 2] = 13 and [-2, 4].[-2, 0] = 4
        Tensor y = new Dot(1).forward(List.of(A, B), false);
        assertEquals(Shape.of(2, 1), y.shape());
        assertValues(new float[] {13, 4}, y, 0);
        // cosine: 13 / (sqrt 26 sqrt 13) and 4 / (sqrt 20 * 2)
        assertValues(new float[] {(float) (13 / Math.sqrt(26 * 13)), (float) (4 / (Math.sqrt(20) * 2))}, new Dot(-1, true).forward(List.of(A, B), false), 1e-6);
        // (1, 2, 2) x (1, 3, 2), axes 2: q k^T
        Tensor q = Tensor.of(new float[] {1, 0, 0, 1}, 1, 2, 2);
        Tensor k = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 1, 3, 2);
        Tensor s = new Dot(2).forward(List.of(q, k), false);
        assertEquals(Shape.of(1, 2, 3), s.shape());
        assertValues(new float[] {1, 3, 5, 2, 4, 6}, s, 0);
        // axes 1 on (1, 2, 2) and (1, 2, 3): x^T y
        Tensor y2 = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 1, 2, 3);
        Tensor t = new Dot(1).forward(List.of(Tensor.of(new float[] {1, 2, 3, 4}, 1, 2, 2), y2), false);
        assertEquals(Shape.of(1, 2, 3), t.shape());
        assertValues(new float[] {1 + 12, 2 + 15, 3 + 18, 2 + 16, 4 + 20, 6 + 24}, t, 0);
        // mixed ranks: (N, d) . (N, d, e) -> (N, e)
        assertEquals(Shape.of(3), new Dot(1).build(Shape.of(2), Shape.of(2, 3)));
    }

    @Test
    void concatenateOnEveryAxis() {
        Tensor a = Tensor.arange(12).reshape(1, 2, 3, 2), b = Tensor.arange(12).add(100f).reshape(1, 2, 3, 2);
        assertEquals(Shape.of(1, 4, 3, 2), new Concatenate(1).forward(List.of(a, b), false).shape());
        assertEquals(Shape.of(1, 2, 6, 2), new Concatenate(2).forward(List.of(a, b), false).shape());
        assertEquals(Shape.of(1, 2, 3, 4), new Concatenate(-1).forward(List.of(a, b), false).shape());
        assertEquals(Shape.of(1, 2, 6, 2), new Concatenate(-2).forward(List.of(a, b), false).shape());
        Tensor y = new Concatenate(2).forward(List.of(a, b), false);
        assertEquals(100f, y.get(0, 0, 3, 0));
        assertEquals(7f, y.get(0, 1, 0, 1));
        Concatenate mid = new Concatenate(1);
        GradCheck.assertGradients("concat axis 1", in -> mid.forward(in, false),
                List.of(GradCheck.randomInput(1, 2, 2, 3), GradCheck.randomInput(2, 2, 1, 3)), 1e-3, 1e-3);
    }

    @Test
    void functionalSaveLoadAndSummary() throws Exception {
        Input a = Input.of(4), b = Input.of(4);
        SymbolicTensor d = new Subtract().apply(a, b);
        SymbolicTensor m = new Multiply().apply(a, b);
        SymbolicTensor av = new Average().apply(d, m);
        SymbolicTensor mx = new Maximum().apply(av, a);
        SymbolicTensor mn = new Minimum().apply(mx, b);
        SymbolicTensor dot = new Dot(1, true).apply(mn, a);
        Model model = new Model(List.of(a, b), List.of(new Concatenate().apply(dot, mn)));
        String s = model.summary();
        assertTrue(s.contains(" dot (Dot)                      (None, 1)            0           ['minimum[0][0]',"), s);
        Tensor xa = GradCheck.randomInput(1, 3, 4), xb = GradCheck.randomInput(2, 3, 4);
        Path f = dir.resolve("merge.nrt");
        model.save(f);
        Model loaded = Model.load(f);
        org.junit.jupiter.api.Assertions.assertArrayEquals(model.forward(List.of(xa, xb), false).get(0).data(),
                loaded.forward(List.of(xa, xb), false).get(0).data(), 0f);
        assertEquals(s, loaded.summary());
    }
}
