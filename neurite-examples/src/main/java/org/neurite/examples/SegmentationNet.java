package org.neurite.examples;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.neurite.nn.Input;
import org.neurite.nn.Model;
import org.neurite.nn.SymbolicTensor;
import org.neurite.nn.layers.BatchNormalization;
import org.neurite.nn.layers.Conv2D;
import org.neurite.nn.layers.Conv2DTranspose;
import org.neurite.nn.layers.Dropout;
import org.neurite.nn.layers.MaxPooling2D;
import org.neurite.nn.optimizers.Adam;
import org.neurite.tensor.Tensor;

/**
 * The encoder–decoder segmentation network of exam paper 003, question 2 (conformance case C003-01):
 * two conv + pool stages down, a 1x1 convolution and BatchNormalization at the bottleneck, two
 * stride-2 transposed convolutions up, and a 1x1 transposed convolution with a sigmoid giving
 * 3 per-pixel masks. 52,163 parameters (51,907 trainable, 256 non-trainable: BN moving statistics).
 *
 * <pre>
 * input (H,W,3) conv1 16 5x5 same relu      (H,W,16)       5·5·3·16+16   = 1,216
 *   mp1 2 (H/2,W/2,16); conv2 32 3x3 same relu (H/2,W/2,32)  3·3·16·32+32  = 4,640
 *   mp2 2 (H/4,W/4,32); dropout 0.3; conv3 128 1x1 relu     1·1·32·128+128 = 4,224
 *   batchNorm (H/4,W/4,128)                                 4·128          =   512
 *   convt1 32 3x3 /2 same relu (H/2,W/2,32)                  3·3·128·32+32  = 36,896
 *   convt2 16 3x3 /2 same relu (H,W,16)                     3·3·32·16+16   = 4,624
 *   output 3 1x1 sigmoid (H,W,3)                            1·1·16·3+3     =    51
 * </pre>
 * The exam's input is 128x256x3. The network is fully convolutional, so the run trains the same
 * layers (same parameter count) on smaller synthetic pictures: reddish rectangles and greenish
 * discs on noise, with per-pixel labels rectangle / disc / background, binary cross-entropy per
 * pixel, and reports the intersection over union of each mask and their mean.
 */
public final class SegmentationNet implements Example {
    public static final String[] CLASSES = {"rectangle", "disc", "background"};

    /** The exam's network for (height, width, 3) inputs; height and width divisible by 4. */
    public static Model build(int height, int width) {
        Input in = Input.of("input", height, width, 3);
        SymbolicTensor x = new Conv2D(16, 5).padding("same").activation("relu").name("conv1").apply(in);
        x = new MaxPooling2D(2).name("mp1").apply(x);
        x = new Conv2D(32, 3).padding("same").activation("relu").name("conv2").apply(x);
        x = new MaxPooling2D(2).name("mp2").apply(x);
        x = new Dropout(0.3).name("dropout").apply(x);
        x = new Conv2D(128, 1).padding("same").activation("relu").name("conv3").apply(x);
        x = new BatchNormalization().axis(-1).name("batchNorm").apply(x);
        x = new Conv2DTranspose(32, 3).strides(2).padding("same").activation("relu").name("convt1").apply(x);
        x = new Conv2DTranspose(16, 3).strides(2).padding("same").activation("relu").name("convt2").apply(x);
        x = new Conv2DTranspose(3, 1).strides(1).padding("same").activation("sigmoid").name("output").apply(x);
        return new Model(in, x);
    }

    /** The exam's 128x256x3 version (for its summary). */
    public static Model build() {
        return build(128, 256);
    }

    /**
     * n pictures (h, w, 3) with 1-3 shapes each and their masks (h, w, 3): channel 0 rectangles,
     * 1 discs, 2 background. Returns [images, masks].
     */
    public static Tensor[] shapes(int n, int h, int w, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = new float[n * h * w * 3], y = new float[n * h * w * 3];
        for (int i = 0; i < n; i++) {
            int base = i * h * w * 3;
            for (int p = 0; p < h * w; p++) {
                for (int c = 0; c < 3; c++) x[base + p * 3 + c] = 0.35f * r.nextFloat();
                y[base + p * 3 + 2] = 1f;
            }
            int count = 1 + r.nextInt(3);
            for (int s = 0; s < count; s++) {
                boolean disc = r.nextBoolean();
                float[] colour = disc ? new float[] {0.2f * r.nextFloat(), 0.6f + 0.4f * r.nextFloat(), 0.3f * r.nextFloat()}
                        : new float[] {0.6f + 0.4f * r.nextFloat(), 0.2f * r.nextFloat(), 0.3f * r.nextFloat()};
                int cy = r.nextInt(h), cx = r.nextInt(w), a = 3 + r.nextInt(h / 4), b = 3 + r.nextInt(h / 4);
                for (int yy = 0; yy < h; yy++) {
                    for (int xx = 0; xx < w; xx++) {
                        boolean inside = disc ? (yy - cy) * (yy - cy) + (xx - cx) * (xx - cx) <= a * a : Math.abs(yy - cy) <= a && Math.abs(xx - cx) <= b;
                        if (!inside) continue;
                        int p = base + (yy * w + xx) * 3;
                        for (int c = 0; c < 3; c++) x[p + c] = colour[c];
                        y[p] = disc ? 0f : 1f;
                        y[p + 1] = disc ? 1f : 0f;
                        y[p + 2] = 0f;
                    }
                }
            }
        }
        return new Tensor[] {Tensor.of(x, n, h, w, 3), Tensor.of(y, n, h, w, 3)};
    }

    /** Intersection over union of each mask channel, predictions thresholded at 0.5. */
    public static float[] iou(Tensor predicted, Tensor target) {
        int k = target.dim(target.rank() - 1);
        long[] inter = new long[k], union = new long[k];
        float[] p = predicted.data(), t = target.data();
        for (int i = 0; i < p.length; i++) {
            boolean a = p[i] >= 0.5f, b = t[i] >= 0.5f;
            if (a && b) inter[i % k]++;
            if (a || b) union[i % k]++;
        }
        float[] out = new float[k];
        for (int c = 0; c < k; c++) out[c] = union[c] == 0 ? 1f : inter[c] / (float) union[c];
        return out;
    }

    @Override
    public String name() {
        return "segmentation";
    }

    @Override
    public String description() {
        return "the exam-003 encoder-decoder with transposed convolutions (case C003-01) on synthetic shapes; mean IoU";
    }

    @Override
    public Result run(ExampleOptions o) throws Exception {
        long start = System.nanoTime();
        int h = 32, w = 48;
        Tensor[] train = shapes(o.samplesOr(600), h, w, o.seed()), test = shapes(100, h, w, o.seed() + 1);
        if (o.verbose()) o.out().println(build().summary());   // the exam's 128x256 table
        Model model = build(h, w);
        model.seed(o.seed());
        model.compile(new Adam(3e-3f), org.neurite.nn.losses.Losses.get("binary_crossentropy"));
        model.fit(train[0], train[1], Runs.fit(o, o.epochsOr(6), 16));

        Tensor predicted = model.predict(test[0], 50);
        float[] iou = iou(predicted, test[1]);
        Map<String, Float> metrics = new LinkedHashMap<>();
        float mean = 0;
        for (int c = 0; c < iou.length; c++) {
            metrics.put("iou_" + CLASSES[c], iou[c]);
            mean += iou[c] / iou.length;
        }
        metrics.put("mean_iou", mean);
        metrics.put("params", (float) model.countParams());
        Path png = ImageGrid.save(Tensor.concat(List.of(Runs.rows(test[0], 0, 8), Runs.rows(test[1], 0, 8), Runs.rows(predicted, 0, 8)), 0),
                8, 2, Runs.output(o, "segmentation.png"));
        o.out().println("Rows: pictures, true masks (red rectangle, green disc, blue background), predicted masks.");
        return new Result(name(), "SYNTHETIC " + h + "x" + w + " shapes (" + train[0].dim(0) + " train / 100 test pictures)", metrics, List.of(png),
                Runs.secondsSince(start));
    }
}
