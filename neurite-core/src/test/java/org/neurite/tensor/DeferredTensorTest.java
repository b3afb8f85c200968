package org.neurite.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class DeferredTensorTest {
    @Test
    void valuesAreComputedOnFirstReadAndOnlyOnce() {
        AtomicInteger calls = new AtomicInteger();
        Tensor.Deferred recipe = () -> {
            calls.incrementAndGet();
            return new float[] {1, 2, 3, 4, 5, 6};
        };
        Tensor t = Tensor.deferred(Shape.of(2, 3), recipe);
        assertEquals(0, calls.get(), "nothing computed at creation");
        assertEquals(6, t.size());
        assertEquals(3, t.dim(1));
        assertSame(recipe, t.recipe());
        assertEquals(6f, t.get(1, 2));
        assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, t.toArray());
        assertTrue(t.detach().data() == t.data(), "a detached view shares the computed values");
        assertEquals(1, calls.get());
        assertNull(Tensor.of(new float[] {1}, 1).recipe());
    }

    @Test
    void aRecipeOfTheWrongSizeFailsClearly() {
        Tensor t = Tensor.deferred(Shape.of(2, 2), () -> new float[3]);
        IllegalStateException e = assertThrows(IllegalStateException.class, t::data);
        assertEquals("deferred values: 3 for shape (2, 2)", e.getMessage());
    }

    @Test
    void deferredTensorsTakePartInOpsAndGradients() {
        Tensor x = Tensor.vector(1, 2, 3).requiresGrad(true);
        Tensor d = Tensor.deferred(Shape.of(3), () -> new float[] {10, 20, 30});
        Tensor y = x.mul(d).sum();
        y.backward();
        assertEquals(140f, y.item());
        assertArrayEquals(new float[] {10, 20, 30}, x.grad().data());
    }
}
