package org.neurite.nn.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.neurite.data.Dataset;
import org.neurite.data.SampleSource;
import org.neurite.nn.Sequential;
import org.neurite.nn.Variable;
import org.neurite.nn.callbacks.Callback;
import org.neurite.nn.callbacks.History;
import org.neurite.nn.layers.Dense;
import org.neurite.nn.layers.Dropout;
import org.neurite.tensor.Shape;
import org.neurite.tensor.Tensor;

/** fit / evaluate / predict on sample sources: the same numbers as on tensors, with prefetch, callbacks and failures. */
class FitOnSourceTest {
    private static Sequential model() {
        Sequential m = new Sequential(new Dense(8, "relu").inputShape(2), new Dropout(0.2), new Dense(1, "sigmoid"));
        m.seed(5);
        m.compile("adam", "binary_crossentropy", "accuracy");
        return m;
    }

    private static float[] weights(Sequential m) {
        List<Float> all = new ArrayList<>();
        for (Variable v : m.variables()) for (float f : v.value().toArray()) all.add(f);
        float[] out = new float[all.size()];
        for (int i = 0; i < out.length; i++) out[i] = all.get(i);
        return out;
    }

    /** The data of a Dataset seen only through the SampleSource interface (as an image folder would be). */
    private static SampleSource opaque(Dataset d) {
        return new SampleSource() {
            @Override
            public int size() {
                return d.size();
            }

            @Override
            public Shape featureShape() {
                return d.featureShape();
            }

            @Override
            public Shape targetShape() {
                return d.targetShape();
            }

            @Override
            public void read(int index, float[] x, int xOffset, float[] y, int yOffset) {
                d.read(index, x, xOffset, y, yOffset);
            }
        };
    }

    @Test
    void fitOnASourceWithLoaderThreadsEqualsFitOnTensors() {
        Tensor[] data = TestNetworks.separable(90, 3);
        Tensor y = data[1].reshape(90, 1);
        Tensor[] val = TestNetworks.separable(30, 4);
        FitConfig config = new FitConfig().epochs(3).batchSize(16).seed(11).verbose(0);

        Sequential onTensors = model();
        History h1 = onTensors.fit(data[0], y, config.validationData(val[0], val[1].reshape(30, 1)));
        Sequential onSource = model();
        History h2 = onSource.fit(opaque(new Dataset(data[0], y)), opaque(new Dataset(val[0], val[1].reshape(30, 1))),
                new FitConfig().epochs(3).batchSize(16).seed(11).verbose(0).loaderThreads(3).prefetch(2));

        assertArrayEquals(weights(onTensors), weights(onSource));
        for (String key : List.of("loss", "accuracy", "val_loss", "val_accuracy")) assertEquals(h1.get(key), h2.get(key), key);
        assertFalse(h1.history().containsKey("data_wait"), "tensor fits keep their logs");
        for (float w : h2.get("data_wait")) assertTrue(w >= 0f && w <= 1f, "data_wait " + w);

        Tensor vy = val[1].reshape(30, 1);
        Map<String, Float> e1 = onTensors.evaluate(val[0], vy, 7), e2 = onSource.evaluate(opaque(new Dataset(val[0], vy)), 7);
        assertEquals(e1, e2);
        assertArrayEquals(onTensors.predict(val[0], 7).data(), onSource.predict(opaque(new Dataset(val[0], vy)), 7).data());
    }

    @Test
    void callbacksSeeEveryBatchAndStepsFollowDropRemainder() {
        Tensor[] data = TestNetworks.separable(50, 1);
        List<String> events = new ArrayList<>();
        Callback recorder = new Callback() {
            private Trainer trainer;

            @Override
            public void setTrainer(Trainer t) {
                trainer = t;
            }

            @Override
            public void onEpochBegin(int epoch, Map<String, Float> logs) {
                events.add("epoch " + epoch + " steps " + trainer.params().steps() + " samples " + trainer.params().samples());
            }

            @Override
            public void onBatchEnd(int batch, Map<String, Float> logs) {
                events.add("batch " + batch);
            }
        };
        model().fit(new Dataset(data[0], data[1].reshape(50, 1)), new FitConfig().epochs(1).batchSize(16).dropRemainder(true).verbose(0).callbacks(recorder));
        assertEquals(List.of("epoch 0 steps 3 samples 48", "batch 0", "batch 1", "batch 2"), events);
    }

    @Test
    void aFailingSourceStopsFitWithTheLoadersCause() throws Exception {
        Tensor[] data = TestNetworks.separable(64, 2);
        Dataset d = new Dataset(data[0], data[1].reshape(64, 1));
        SampleSource broken = new SampleSource() {
            @Override
            public int size() {
                return 64;
            }

            @Override
            public Shape featureShape() {
                return Shape.of(2);
            }

            @Override
            public Shape targetShape() {
                return Shape.of(1);
            }

            @Override
            public void read(int index, float[] x, int xOffset, float[] y, int yOffset) {
                if (index == 40) throw new IllegalStateException("photos/cat/040.png: not a PNG file");
                d.read(index, x, xOffset, y, yOffset);
            }
        };
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> model().fit(broken, new FitConfig().epochs(2).batchSize(8).shuffle(false).verbose(0).loaderThreads(2)));
        assertEquals("photos/cat/040.png: not a PNG file", e.getCause().getMessage());
        assertTrue(e.getMessage().contains("batch 5"), e.getMessage());
        org.neurite.data.BatchStreamTest.assertNoLoaderThreadsLeft();
    }

    @Test
    void aFailingStepStopsTheLoadersToo() throws Exception {
        Tensor wrongWidth = Tensor.uniform(1, -1, 1, 64, 3); // the model expects 2 features
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> model().fit(opaque(new Dataset(wrongWidth, Tensor.zeros(64, 1))), new FitConfig().batchSize(8).verbose(0).loaderThreads(3)));
        assertTrue(e.getMessage().contains("expected input (None, 2), got (None, 3)"), e.getMessage());
        org.neurite.data.BatchStreamTest.assertNoLoaderThreadsLeft();
    }

    @Test
    void validationSplitNeedsTensors() {
        Tensor[] data = TestNetworks.separable(20, 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> model().fit(new Dataset(data[0], data[1].reshape(20, 1)), new FitConfig().validationSplit(0.2f).verbose(0)));
        assertTrue(e.getMessage().contains("validation source"), e.getMessage());
    }

    @Test
    void multiInputSourcesTrainAsTheirTensors() {
        Tensor a = Tensor.uniform(1, -1, 1, 40, 3), b = Tensor.uniform(2, -1, 1, 40, 2), y = Tensor.uniform(3, 0, 1, 40, 1);
        java.util.function.Supplier<org.neurite.nn.Model> build = () -> {
            org.neurite.nn.Input ia = org.neurite.nn.Input.of(3), ib = org.neurite.nn.Input.of(2);
            org.neurite.nn.SymbolicTensor h = new org.neurite.nn.layers.Concatenate().apply(ia, ib);
            org.neurite.nn.Model m = new org.neurite.nn.Model(List.of(ia, ib), List.of(new Dense(1).apply(h)));
            m.seed(4);
            m.compile("sgd", "mse");
            return m;
        };
        org.neurite.nn.Model onTensors = build.get(), onSource = build.get();
        History h1 = onTensors.fit(List.of(a, b), List.of(y), new FitConfig().epochs(2).batchSize(8).seed(2).verbose(0));
        History h2 = onSource.fit(org.neurite.data.MultiSampleSource.of(List.of(a, b), List.of(y)), null,
                new FitConfig().epochs(2).batchSize(8).seed(2).verbose(0).loaderThreads(2));
        assertEquals(h1.get("loss"), h2.get("loss"));
        assertEquals(onTensors.evaluate(List.of(a, b), List.of(y), 8), onSource.evaluate(org.neurite.data.MultiSampleSource.of(List.of(a, b), List.of(y)), 8));
    }
}
