package org.neurite.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.neurite.nn.layers.AveragePooling2D;
import org.neurite.nn.layers.Conv2D;
import org.neurite.nn.layers.Dense;
import org.neurite.nn.layers.Flatten;
import org.neurite.nn.layers.MaxPooling2D;
import org.neurite.tensor.Shape;

class NamesAndInitializersTest {
    @BeforeEach
    void clearSession() {
        LayerNames.reset();
    }

    @Test
    void snakeCaseAsKeras() {
        assertEquals("conv2d", LayerNames.snakeCase("Conv2D"));
        assertEquals("max_pooling2d", LayerNames.snakeCase("MaxPooling2D"));
        assertEquals("average_pooling2d", LayerNames.snakeCase("AveragePooling2D"));
        assertEquals("conv2d_transpose", LayerNames.snakeCase("Conv2DTranspose"));
        assertEquals("batch_normalization", LayerNames.snakeCase("BatchNormalization"));
        assertEquals("up_sampling2d", LayerNames.snakeCase("UpSampling2D"));
        assertEquals("lstm", LayerNames.snakeCase("LSTM"));
    }

    @Test
    void autoNamesCountPerBaseAndResetLikeClearSession() {
        assertEquals("conv2d", new Conv2D(1, 1).name());
        assertEquals("conv2d_1", new Conv2D(1, 1).name());
        assertEquals("dense", new Dense(1).name());
        assertEquals("mine", new Conv2D(1, 1).name("mine").name()); // explicit: no number used
        assertEquals("conv2d_2", new Conv2D(1, 1).name());
        assertEquals("max_pooling2d", new MaxPooling2D().name());
        assertEquals("average_pooling2d", new AveragePooling2D().name());
        assertEquals("flatten", new Flatten().name());
        assertEquals("input_1", Input.of(3).layer().name());
        assertEquals("input_2", Input.of(3).layer().name());
        assertEquals("sequential", new Sequential().name());
        assertEquals("sequential_1", new Sequential().name());
        LayerNames.reset();
        assertEquals("conv2d", new Conv2D(1, 1).name());
        assertEquals("input_1", Input.of(3).layer().name());
    }

    @Test
    void glorotUniformUsesKerasFans() {
        assertEquals(144, Initializers.fanIn(Shape.of(3, 3, 16, 32)));
        assertEquals(288, Initializers.fanOut(Shape.of(3, 3, 16, 32)));
        assertEquals(100, Initializers.fanIn(Shape.of(100, 50)));
        float[] w = Initializers.glorotUniform().sample(Shape.of(3, 3, 16, 32), new SplittableRandom(1));
        double limit = Math.sqrt(6.0 / (144 + 288));
        double sumSq = 0;
        for (float v : w) {
            assertTrue(Math.abs(v) <= limit, v + " > " + limit);
            sumSq += v * v;
        }
        assertEquals(limit * limit / 3, sumSq / w.length, 0.05 * limit * limit / 3); // variance of U(-a, a)
    }

    @Test
    void heNormalIsTruncatedWithKerasStddev() {
        Shape shape = Shape.of(200, 500);
        float[] w = Initializers.heNormal().sample(shape, new SplittableRandom(3));
        double target = Math.sqrt(2.0 / 200);
        double bound = 2 * target / 0.87962566103423978;
        double sumSq = 0;
        for (float v : w) {
            assertTrue(Math.abs(v) <= bound + 1e-6, "cut at 2 sd: " + v);
            sumSq += v * v;
        }
        assertEquals(target, Math.sqrt(sumSq / w.length), 0.02 * target);
    }

    @Test
    void initializersAreReproducibleAndBiasesStartAtZero() {
        assertArrayEquals(Initializers.heNormal().sample(Shape.of(10), new SplittableRandom(9)), Initializers.heNormal().sample(Shape.of(10), new SplittableRandom(9)));
        assertArrayEquals(new float[] {0.5f, 0.5f}, Initializers.constant(0.5f).sample(Shape.of(2), null));
        Dense d = new Dense(3).kernelInitializer(Initializers.get("he_normal"));
        d.build(Shape.of(4));
        assertArrayEquals(new float[3], d.bias().value().data());
        assertEquals("he_normal", d.kernel().initializer().name());
    }
}
