package org.neurite.nn.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.neurite.nn.layers.LayerChecks.assertValues;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurite.autograd.Autograd;
import org.neurite.autograd.GradCheck;
import org.neurite.nn.Input;
import org.neurite.nn.LayerNames;
import org.neurite.nn.Model;
import org.neurite.nn.Sequential;
import org.neurite.tensor.Shape;
import org.neurite.tensor.Tensor;
import org.neurite.tensor.ops.Gather;

/** Embedding, PositionEmbedding, SinePositionEncoding and the gather / scatter-add ops under them. */
class EmbeddingTest {
    @TempDir
    Path dir;

    @BeforeEach
    void reset() {
        LayerNames.reset();
    }

    private static Embedding table() {
        Embedding e = new Embedding(4, 2);
        e.build(Shape.of(3));
        e.embeddings().assign(new float[] {0, 0, 1, 2, 3, 4, 5, 6}); // row i = [2i-1, 2i] for i > 0
        return e;
    }

    @Test
    void lookupByHand() {
        Tensor ids = Tensor.of(new float[] {1, 3, 0, 2, 2, 1}, 2, 3);
        Tensor y = table().apply(ids);
        assertEquals(Shape.of(2, 3, 2), y.shape());
        assertValues(new float[] {1, 2, 5, 6, 0, 0, 3, 4, 3, 4, 1, 2}, y, 0);
        Embedding e = new Embedding(1000, 64);
        e.build(Shape.of(10));
        assertEquals(64000, e.countParams());
        assertEquals(Shape.of(10, 64), e.outputShape());
        assertEquals(Shape.of(7, 64), e.build(Shape.of(7))); // other sequence lengths are fine
    }

    @Test
    void backwardScatterAddsRepeatedIds() {
        Embedding e = table();
        Tensor ids = Tensor.of(new float[] {2, 2, 1}, 1, 3);
        Tensor g = Tensor.of(new float[] {1, 10, 100, 1000, 7, 8}, 1, 3, 2);
        e.apply(ids).mul(g).sum().backward();
        // row 2 gets two contributions, row 1 one, rows 0 and 3 none
        assertArrayEquals(new float[] {0, 0, 7, 8, 101, 1010, 0, 0}, e.embeddings().value().grad().data());
        Embedding f = new Embedding(5, 3).seed(3);
        Tensor x = Tensor.of(new float[] {4, 0, 4, 1, 3, 2}, 2, 3);
        f.build(Shape.of(3));
        WeightGradients.check(f, () -> f.apply(x), 1e-2, 1e-3);
        // gather and scatter-add are each other's backward: second order works
        Tensor t0 = GradCheck.randomInput(1, 4, 2);
        int[] rows = {3, 1, 3};
        GradCheck.assertGradients("gather twice", in -> {
            Tensor y = Gather.gather(in.get(0), rows, Shape.of(3)).square();
            return Autograd.grad(y.sum(), List.of(in.get(0)), true).get(0);
        }, List.of(t0), 1e-2, 1e-2);
    }

    @Test
    void invalidIdsAreReported() {
        Embedding e = table();
        IllegalArgumentException big = assertThrows(IllegalArgumentException.class, () -> e.apply(Tensor.of(new float[] {1, 4, 0}, 1, 3)));
        assertEquals("embedding: input values must be integer ids in [0, 4), got 4.0 at index [0, 1] of the input (1, 3)", big.getMessage());
        IllegalArgumentException frac = assertThrows(IllegalArgumentException.class, () -> e.apply(Tensor.of(new float[] {1, 0.5f, 0}, 1, 3)));
        assertTrue(frac.getMessage().contains("got 0.5 at index [0, 1]"), frac.getMessage());
        assertThrows(IllegalArgumentException.class, () -> e.apply(Tensor.of(new float[] {-1, 0, 0}, 1, 3)));
        assertThrows(IllegalArgumentException.class, () -> new Embedding(0, 3));
    }

    @Test
    void maskZero() {
        Tensor ids = Tensor.of(new float[] {3, 1, 0, 0}, 1, 4);
        assertNull(table().computeMask(ids));
        Embedding e = new Embedding(4, 2).maskZero(true);
        assertValues(new float[] {1, 1, 0, 0}, e.computeMask(ids), 0);
        assertEquals(Shape.of(1, 4, 2), e.apply(ids).shape()); // padding still looks up row 0
    }

    @Test
    void sinusoidalEncodingByHand() {
        // D = 4: PE[p] = [sin p, cos p, sin(p / 100), cos(p / 100)]  (10000^(2/4) = 100)
        Tensor pe = SinePositionEncoding.encoding(3, 4, 10000);
        for (int p = 0; p < 3; p++) {
            assertEquals((float) Math.sin(p), pe.get(p, 0), 1e-7);
            assertEquals((float) Math.cos(p), pe.get(p, 1), 1e-7);
            assertEquals((float) Math.sin(p / 100.0), pe.get(p, 2), 1e-7);
            assertEquals((float) Math.cos(p / 100.0), pe.get(p, 3), 1e-7);
        }
        Tensor x = Tensor.ones(2, 3, 4);
        Tensor y = new SinePositionEncoding().apply(x);
        assertValues(pe.add(1f).data(), y.slice(0, 1, 2), 1e-7);
        Tensor only = new SinePositionEncoding().addToInput(false).apply(x);
        assertValues(pe.data(), only.slice(0, 0, 1), 0);
        WeightGradients.checkInput(new SinePositionEncoding(), GradCheck.randomInput(2, 2, 3, 4), 1e-3, 1e-3);
    }

    @Test
    void learnedPositionEmbedding() {
        PositionEmbedding p = new PositionEmbedding(5, 2);
        p.build(Shape.of(5, 2));
        assertEquals(10, p.countParams());
        p.embeddings().assign(new float[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9});
        Tensor x = Tensor.of(new float[] {100, 200, 300, 400, 500, 600}, 1, 3, 2); // shorter sequence: positions 0..2
        assertValues(new float[] {100, 201, 302, 403, 504, 605}, p.apply(x), 0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new PositionEmbedding(4).build(Shape.of(6, 2)));
        assertTrue(e.getMessage().endsWith("sequence length 6 is longer than maxLength 4"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new PositionEmbedding(4, 3).build(Shape.of(4, 2)));
        PositionEmbedding g = new PositionEmbedding(4).seed(2);
        g.build(Shape.of(4, 3));
        LayerChecks.checkGradients(g, GradCheck.randomInput(3, 2, 3, 3), 1e-3, 1e-3);
        PositionEmbedding only = new PositionEmbedding(4).addToInput(false);
        only.build(Shape.of(3, 2));
        assertEquals(Shape.of(2, 3, 2), only.apply(Tensor.zeros(2, 3, 2)).shape());
    }

    @Test
    void sequentialSummaryAndRoundTrip() throws Exception {
        Sequential model = new Sequential(Input.of(6),
                new Embedding(20, 8).maskZero(true).seed(1), new PositionEmbedding(6).seed(2), new SinePositionEncoding(), new GlobalAveragePooling1D(), new Dense(2).seed(3));
        String s = model.summary();
        assertEquals("""
                Model: "sequential"
                _________________________________________________________________
                 Layer (type)                Output Shape              Param #
                =================================================================
                 embedding (Embedding)       (None, 6, 8)              160

                 position_embedding (Positio  (None, 6, 8)             48
                 nEmbedding)

                 sine_position_encoding (Sin  (None, 6, 8)             0
                 ePositionEncoding)

                 global_average_pooling1d (G  (None, 8)                0
                 lobalAveragePooling1D)

                 dense (Dense)               (None, 2)                 18

                =================================================================
                Total params: 226
                Trainable params: 226
                Non-trainable params: 0
                _________________________________________________________________
                """, s.replaceAll(" +\n", "\n"));
        Tensor x = Tensor.of(new float[] {1, 5, 19, 0, 0, 0, 3, 3, 3, 3, 3, 3}, 2, 6);
        Path f = dir.resolve("emb.nrt");
        model.save(f);
        Model loaded = Model.load(f);
        assertArrayEquals(model.apply(x).data(), loaded.apply(x).data(), 0f);
        assertEquals(s, loaded.summary());
    }
}
