package org.neurite.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.neurite.kernel.Parallel;
import org.neurite.nn.layers.Conv2D;
import org.neurite.nn.layers.Dense;
import org.neurite.nn.layers.Dropout;
import org.neurite.nn.layers.Flatten;
import org.neurite.nn.layers.LSTM;
import org.neurite.nn.layers.MaxPooling2D;
import org.neurite.nn.optimizers.Adam;
import org.neurite.nn.losses.MeanSquaredError;
import org.neurite.nn.losses.SparseCategoricalCrossentropy;
import org.neurite.nn.training.FitConfig;
import org.neurite.tensor.Tensor;

/** The design's promise: the same seed gives the same weights on any number of threads, bit for bit. */
class ThreadCountDeterminismTest {
    private final int threadsBefore = Parallel.threads();

    @AfterEach
    void restoreThreads() {
        Parallel.setThreads(threadsBefore);
    }

    private static List<float[]> trainWith(int threads, Supplier<Sequential> model, Tensor x, Tensor y, boolean classify) {
        Parallel.setThreads(threads);
        Sequential m = model.get();
        m.seed(7);
        m.compile(new Adam(0.01f), classify ? new SparseCategoricalCrossentropy() : new MeanSquaredError());
        m.fit(x, y, new FitConfig().epochs(2).batchSize(32).seed(3).verbose(0));
        List<float[]> weights = new ArrayList<>();
        for (Variable v : m.variables()) weights.add(v.value().data().clone());
        return weights;
    }

    private static void assertSameOnOneAndTwoThreads(Supplier<Sequential> model, Tensor x, Tensor y, boolean classify) {
        List<float[]> one = trainWith(1, model, x, y, classify);
        List<float[]> two = trainWith(2, model, x, y, classify);
        for (int i = 0; i < one.size(); i++) assertArrayEquals(one.get(i), two.get(i), "weight " + i);
    }

    @Test
    void convolutionalNetwork() {
        Tensor x = Tensor.uniform(1, 0f, 1f, 96, 16, 16, 3);
        float[] labels = new float[96];
        for (int i = 0; i < labels.length; i++) labels[i] = i % 4;
        Tensor y = Tensor.of(labels, 96);
        assertSameOnOneAndTwoThreads(() -> new Sequential(Input.of(16, 16, 3),
                new Conv2D(8, 3).padding("same").activation("relu"), new MaxPooling2D(2),
                new Conv2D(24, 3).activation("relu"), new Flatten(), new Dropout(0.2), new Dense(4, "softmax")), x, y, true);
    }

    @Test
    void recurrentNetwork() {
        Tensor x = Tensor.uniform(3, -1f, 1f, 80, 12, 2);
        Tensor y = Tensor.uniform(4, -1f, 1f, 80, 1);
        assertSameOnOneAndTwoThreads(() -> new Sequential(Input.of(12, 2),
                new LSTM(20).returnSequences(true), new LSTM(10), new Dense(1)), x, y, false);
    }
}
