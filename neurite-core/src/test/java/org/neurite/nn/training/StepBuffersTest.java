package org.neurite.nn.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.neurite.nn.Input;
import org.neurite.nn.Sequential;
import org.neurite.nn.Variable;
import org.neurite.nn.layers.BatchNormalization;
import org.neurite.nn.layers.Conv2D;
import org.neurite.nn.layers.Dense;
import org.neurite.nn.layers.Flatten;
import org.neurite.nn.layers.MaxPooling2D;
import org.neurite.nn.losses.Loss;
import org.neurite.nn.losses.SparseCategoricalCrossentropy;
import org.neurite.nn.optimizers.Adam;
import org.neurite.tensor.Tensor;

/** The trainer reuses a step's arrays in its next step; training must give the same numbers as without reuse. */
class StepBuffersTest {
    private static Sequential model() {
        return (Sequential) new Sequential(Input.of(12, 12, 2),
                new Conv2D(8, 3).padding("same").activation("relu"), new BatchNormalization(),
                new MaxPooling2D(2), new Flatten(), new Dense(16, "relu"), new Dense(4, "softmax")).seed(3);
    }

    private static Tensor[] batch(int i) {
        Tensor x = Tensor.normal(10 + i, 0, 1, 16, 12, 12, 2);
        float[] y = new float[16];
        for (int j = 0; j < y.length; j++) y[j] = (j * 7 + i) % 4;
        return new Tensor[] {x, Tensor.of(y, 16)};
    }

    @Test
    void trainingWithReusedStepArraysMatchesPlainTraining() {
        Sequential recycled = model();
        Trainer trainer = new Trainer(recycled, new Adam(0.01f), new SparseCategoricalCrossentropy(false), List.of());
        Sequential plain = model();
        Adam opt = new Adam(0.01f);
        Loss loss = new SparseCategoricalCrossentropy(false);
        for (int step = 0; step < 5; step++) {
            Tensor[] b = batch(step);
            float l1 = trainer.trainOnBatch(b[0], b[1]).get("loss");
            opt.zeroGrad(plain.variables());
            Tensor l2 = loss.compute(b[1], plain.forward(b[0], true));
            l2.backward();
            opt.step(plain.trainableVariables());
            assertEquals(l2.item(), l1, 0f, "loss at step " + step);
            // gradients stay readable after the step (callbacks read them) until the next step begins
            for (Variable v : recycled.trainableVariables()) {
                for (float g : v.value().grad().data()) assertFalse(Float.isNaN(g), v.name());
            }
        }
        List<Variable> a = recycled.variables(), b = plain.variables();
        for (int i = 0; i < a.size(); i++) {
            assertArrayEquals(b.get(i).value().data(), a.get(i).value().data(), 0f, a.get(i).name());
        }
    }
}
