package org.neurite.nn.layers.preprocessing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.neurite.nn.layers.Dense;
import org.neurite.tensor.Tensor;

/** Geometry of the random image layers against small images worked out by hand. */
class AugmentationLayersTest {
    /** A batch of n copies of one single-channel h x w image given row by row. */
    static Tensor images(int n, int h, int w, float... rowMajor) {
        float[] d = new float[n * h * w];
        for (int i = 0; i < n; i++) System.arraycopy(rowMajor, 0, d, i * h * w, h * w);
        return Tensor.of(d, n, h, w, 1);
    }

    static float[] image(Tensor batch, int i) {
        int size = batch.size() / batch.dim(0);
        return Arrays.copyOfRange(batch.data(), i * size, (i + 1) * size);
    }

    static void assertClose(float[] expected, float[] actual) {
        assertEquals(expected.length, actual.length);
        for (int i = 0; i < expected.length; i++) assertEquals(expected[i], actual[i], 1e-5, "element " + i + " of " + Arrays.toString(actual));
    }

    @Test
    void randomFlipGivesTheFourHandFlipsAndIsTheIdentityInInference() {
        float[] img = {1, 2, 3, 4, 5, 6}; // 2 x 3
        float[] left = {3, 2, 1, 6, 5, 4}, up = {4, 5, 6, 1, 2, 3}, both = {6, 5, 4, 3, 2, 1};
        Tensor x = images(64, 2, 3, img);
        RandomFlip flip = new RandomFlip().seed(1);
        Tensor y = flip.forward(x, true);
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 64; i++) {
            float[] out = image(y, i);
            String which = Arrays.equals(out, img) ? "none" : Arrays.equals(out, left) ? "left" : Arrays.equals(out, up) ? "up" : Arrays.equals(out, both) ? "both" : null;
            assertTrue(which != null, Arrays.toString(out));
            seen.add(which);
        }
        assertEquals(Set.of("none", "left", "up", "both"), seen);
        Tensor h = new RandomFlip("horizontal").seed(1).forward(x, true);
        for (int i = 0; i < 64; i++) assertTrue(Arrays.equals(image(h, i), img) || Arrays.equals(image(h, i), left));
        assertSame(x, flip.forward(x, false));
        assertThrows(IllegalArgumentException.class, () -> new RandomFlip("diagonal"));
    }

    @Test
    void translationByOneRowUnderEachFillMode() {
        float[] img = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16}; // 4 x 4
        // height factor [0.25, 0.25] of 4 rows = 1 row down; width factor [-0.25, -0.25] = 1 column left
        RandomTranslation down = new RandomTranslation(new float[] {0.25f, 0.25f}, new float[] {0, 0});
        assertClose(new float[] {1, 2, 3, 4, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}, image(down.seed(2).forward(images(1, 4, 4, img), true), 0));
        down.fillMode("constant").fillValue(-1);
        assertClose(new float[] {-1, -1, -1, -1, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}, image(down.forward(images(1, 4, 4, img), true), 0));
        down.fillMode("wrap");
        assertClose(new float[] {13, 14, 15, 16, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}, image(down.forward(images(1, 4, 4, img), true), 0));
        RandomTranslation left = new RandomTranslation(new float[] {0, 0}, new float[] {-0.25f, -0.25f}).seed(1);
        left.fillMode("nearest");
        assertClose(new float[] {2, 3, 4, 4, 6, 7, 8, 8, 10, 11, 12, 12, 14, 15, 16, 16}, image(left.forward(images(1, 4, 4, img), true), 0));
        // half a pixel right (width factor 1/8 of 4 columns): bilinear averages neighbours, reflect repeats the edge
        RandomTranslation half = new RandomTranslation(new float[] {0, 0}, new float[] {0.125f, 0.125f}).seed(1);
        assertClose(new float[] {1, 1.5f, 2.5f, 3.5f}, Arrays.copyOf(image(half.forward(images(1, 4, 4, img), true), 0), 4));
    }

    @Test
    void multiChannelPixelsMoveTogether() {
        // 2 x 3 image, 2 channels: pixel (r, c) = (10 r + c, -(10 r + c)); one column right (width factor 1/3 of 3)
        float[] img = {0, 0, 1, -1, 2, -2, 10, -10, 11, -11, 12, -12};
        Tensor x = Tensor.of(img.clone(), 1, 2, 3, 2);
        RandomTranslation right = new RandomTranslation(new float[] {0, 0}, new float[] {1f / 3, 1f / 3}).seed(1);
        assertClose(new float[] {0, 0, 0, 0, 1, -1, 10, -10, 10, -10, 11, -11}, right.forward(x, true).data());
        RandomFlip flip = new RandomFlip("horizontal").seed(1);
        for (int i = 0; i < 8; i++) {
            float[] out = flip.forward(x, true).data();
            assertTrue(Arrays.equals(out, img) || Arrays.equals(out, new float[] {2, -2, 1, -1, 0, 0, 12, -12, 11, -11, 10, -10}), Arrays.toString(out));
        }
    }

    @Test
    void aQuarterTurnRotatesCounterClockwise() {
        float[] img = {1, 2, 3, 4, 5, 6, 7, 8, 9};
        RandomRotation quarter = new RandomRotation(0.25f, 0.25f);
        assertClose(new float[] {3, 6, 9, 2, 5, 8, 1, 4, 7}, image(quarter.seed(3).forward(images(2, 3, 3, img), true), 1));
        RandomRotation half = new RandomRotation(-0.5f, -0.5f);
        assertClose(new float[] {9, 8, 7, 6, 5, 4, 3, 2, 1}, image(half.seed(3).forward(images(1, 3, 3, img), true), 0));
        // a 90 degree turn of a non-square image (2 x 4) keeps the centre (1.5, 0.5) and reflects what falls outside
        float[] wide = {1, 2, 3, 4, 5, 6, 7, 8};
        float[] out = image(new RandomRotation(0.25f, 0.25f).seed(1).interpolation("nearest").forward(images(1, 2, 4, wide), true), 0);
        // output (x, y) reads input (col, row) = (-y + 2, x - 1): row 0 -> cols 2, rows -1,0,1,2 -> reflect rows 0,0,1,1
        assertClose(new float[] {3, 3, 7, 7, 2, 2, 6, 6}, out);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"reflect, 1 0 2 4 3", "constant, 9 0 2 4 9", "nearest, 0 0 2 4 4", "wrap, 3 0 2 4 1"})
    void zoomingOutTwiceReadsPastTheEdgesThroughTheFillMode(String mode, String expected) {
        float[] ramp = new float[25];
        for (int i = 0; i < 25; i++) ramp[i] = i % 5; // value = column
        RandomZoom out = new RandomZoom(new float[] {1, 1}, null);
        out.fillMode(mode).fillValue(9);
        // the middle row (y = 2 reads row 2 * 2 - 2 = 2, inside the image)
        float[] row = Arrays.copyOfRange(image(out.seed(1).forward(images(1, 5, 5, ramp), true), 0), 10, 15);
        String[] e = expected.split(" ");
        float[] want = new float[5];
        for (int i = 0; i < 5; i++) want[i] = Float.parseFloat(e[i]);
        assertClose(want, row);
    }

    @Test
    void zoomingInTwiceInterpolatesAboutTheCentre() {
        float[] ramp = new float[25];
        for (int i = 0; i < 25; i++) ramp[i] = i % 5;
        float[] out = image(new RandomZoom(new float[] {-0.5f, -0.5f}, new float[] {-0.5f, -0.5f}).seed(1).forward(images(1, 5, 5, ramp), true), 0);
        for (int r = 0; r < 5; r++) assertClose(new float[] {1, 1.5f, 2, 2.5f, 3}, Arrays.copyOfRange(out, 5 * r, 5 * r + 5));
        assertThrows(IllegalArgumentException.class, () -> new RandomZoom(new float[] {-1.5f, 0}, null));
    }

    @Test
    void randomCropTakesAWindowInTrainingAndResizesTheCentreInInference() {
        float[] img = new float[16];
        for (int i = 0; i < 16; i++) img[i] = i;
        RandomCrop crop = new RandomCrop(2, 2).seed(4);
        Tensor y = crop.forward(images(200, 4, 4, img), true);
        assertArrayEquals(new int[] {200, 2, 2, 1}, y.shape().dims());
        Set<Float> corners = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            float[] w = image(y, i);
            float c = w[0];
            assertClose(new float[] {c, c + 1, c + 4, c + 5}, w); // a 2x2 window of the image
            corners.add(c);
        }
        assertEquals(Set.of(0f, 1f, 2f, 4f, 5f, 6f, 8f, 9f, 10f), corners, "every offset is drawn");
        // inference: the whole 4x4 (already the target's aspect) resized to 2x2 = 2x2 average pooling
        assertClose(new float[] {2.5f, 4.5f, 10.5f, 12.5f}, image(crop.forward(images(1, 4, 4, img), false), 0));
        // 4 x 6: the centred 4 x 4 window (columns 1..4), then resized
        float[] wide = new float[24];
        for (int i = 0; i < 24; i++) wide[i] = i;
        assertClose(new float[] {4.5f, 6.5f, 16.5f, 18.5f}, image(new RandomCrop(2, 2).forward(images(1, 4, 6, wide), false), 0));
        assertEquals("(None, 2, 2, 1)", org.neurite.nn.Summary.shapeString(crop.outputShape()));
    }

    @Test
    void randomContrastScalesEachImageAboutItsChannelMeansAndClips() {
        float[] img = {0.2f, 0.4f, 0.6f, 0.8f};
        RandomContrast contrast = new RandomContrast(0.5f).seed(5);
        Tensor y = contrast.forward(images(20, 2, 2, img), true);
        Set<Float> factors = new HashSet<>();
        for (int i = 0; i < 20; i++) {
            float[] out = image(y, i);
            float k = (out[3] - 0.5f) / (0.8f - 0.5f); // mean 0.5
            assertTrue(k >= 0.5f - 1e-5 && k <= 1.5f + 1e-5, "factor " + k);
            for (int p = 0; p < 4; p++) assertEquals((img[p] - 0.5f) * k + 0.5f, out[p], 1e-5);
            factors.add(Math.round(k * 1000) / 1000f);
        }
        assertTrue(factors.size() > 10, "one factor per image");
        RandomContrast clipped = new RandomContrast(new float[] {0, 4}).valueRange(0, 1).seed(5);
        for (float v : clipped.forward(images(20, 2, 2, img), true).data()) assertTrue(v >= 0 && v <= 1, "clipped: " + v);
    }

    @Test
    void sameSeedSameDrawsAndCheckpointedPositionsResume() {
        Tensor x = Tensor.uniform(1, 0, 1, 8, 6, 6, 3);
        RandomRotation a = new RandomRotation(0.2).seed(7), b = new RandomRotation(0.2).seed(7);
        float[] first = a.forward(x, true).data();
        assertArrayEquals(first, b.forward(x, true).data(), "same seed, same rotations");
        float[] second = a.forward(x, true).data();
        assertFalse(Arrays.equals(first, second), "each call draws anew");
        RandomRotation resumed = new RandomRotation(0.2).seed(7);
        resumed.randomPosition(1); // as a checkpoint restores it
        assertArrayEquals(second, resumed.forward(x, true).data());
        assertFalse(Arrays.equals(first, new RandomRotation(0.2).seed(8).forward(x, true).data()), "another seed, other rotations");
    }

    @Test
    void aRandomLayerAfterWeightsFailsInTraining() {
        Tensor x = Tensor.uniform(1, 0, 1, 2, 4, 4, 1);
        Dense dense = new Dense(1);
        Tensor features = dense.forward(x, true);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new RandomFlip().forward(features, true));
        assertTrue(e.getMessage().contains("preprocessing layer"), e.getMessage());
    }
}
