package org.neurite.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.neurite.data.Dataset;
import org.neurite.nn.callbacks.History;
import org.neurite.tensor.Tensor;

/** The README's fit-on-a-source snippet runs: augmentation, adapted normalization, prefetch, data_wait. */
class ReadmeStreamingSnippetTest {
    @Test
    void snippetTrainsOnSources() {
        Tensor x = Tensor.uniform(1, 0, 1, 96, 12, 12, 3), y = Tensor.of(new float[96], 96);
        for (int i = 0; i < 96; i++) y.data()[i] = i % 10;
        Dataset train = new Dataset(x, y).slice(0, 64), validation = new Dataset(x, y).slice(64, 96);
        History h = ReadmeSnippets.fitOnSource(train, validation);
        assertEquals(2, h.get("data_wait").size());
        for (float w : h.get("data_wait")) assertTrue(w >= 0 && w <= 1, "data_wait " + w);
        assertTrue(h.history().containsKey("val_accuracy"));
    }
}
