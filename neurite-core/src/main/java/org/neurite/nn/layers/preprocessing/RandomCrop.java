package org.neurite.nn.layers.preprocessing;

import java.util.Map;
import java.util.SplittableRandom;
import org.neurite.nn.layers.LayerConfig;
import org.neurite.tensor.Shape;
import org.neurite.tensor.Tensor;

/**
 * Keras {@code RandomCrop(height, width)}: {@code (N, H, W, C) -> (N, height, width, C)}.
 * In training each image gets its own window at a uniformly drawn offset (Keras draws one offset
 * per batch; one per image varies more). In inference, and in training when the image is smaller
 * than the window, it does what Keras does: take the largest centred window with the target's
 * aspect ratio ({@code crop_to_aspect_ratio}) and resize it bilinearly to (height, width) with
 * half-pixel centres, no antialiasing. So a 32x32 image under RandomCrop(28, 28) is resized whole
 * to 28x28 at inference, as in Keras, not centre-cropped to 28x28. No parameters.
 */
public final class RandomCrop extends RandomImageLayer {
    private final int height;
    private final int width;

    /**
     * A layer that crops (in training) or resizes (in inference) to {@code height x width}.
     *
     * @param height output height in pixels, at least 1
     * @param width output width in pixels, at least 1
     * @throws IllegalArgumentException if either is below 1
     */
    public RandomCrop(int height, int width) {
        if (height < 1 || width < 1) throw new IllegalArgumentException("RandomCrop: height and width must be >= 1, got " + height + "x" + width);
        this.height = height;
        this.width = width;
    }

    /** @return the output height in pixels */
    public int height() {
        return height;
    }

    /** @return the output width in pixels */
    public int width() {
        return width;
    }

    @Override
    protected Shape computeOutputShape(Shape in) {
        super.computeOutputShape(in);
        return Shape.of(height, width, in.dim(2));
    }

    @Override
    protected boolean acceptsInput(Shape built, Shape got) {
        return got.rank() == 3 && got.dim(2) == built.dim(2);
    }

    @Override
    protected void augment(float[] in, int inOffset, int h, int w, int c, float[] out, int outOffset, SplittableRandom r) {
        if (h < height || w < width) {
            resizeToAspect(in, inOffset, h, w, c, out, outOffset);
            return;
        }
        int top = r.nextInt(h - height + 1), left = r.nextInt(w - width + 1);
        for (int y = 0; y < height; y++) {
            System.arraycopy(in, inOffset + ((top + y) * w + left) * c, out, outOffset + y * width * c, width * c);
        }
    }

    @Override
    protected Tensor inference(Tensor x) {
        int[] d = x.shape().dims();
        float[] out = new float[d[0] * height * width * d[3]];
        for (int n = 0; n < d[0]; n++) resizeToAspect(x.data(), n * d[1] * d[2] * d[3], d[1], d[2], d[3], out, n * height * width * d[3]);
        return Tensor.of(out, d[0], height, width, d[3]);
    }

    /** Keras' resize with crop_to_aspect_ratio: the centred window of the target's aspect, resized. */
    private void resizeToAspect(float[] in, int inOffset, int h, int w, int c, float[] out, int outOffset) {
        int ch = Math.max(1, Math.min(h, (int) ((float) (w * height) / width)));
        int cw = Math.max(1, Math.min(w, (int) ((float) (h * width) / height)));
        int top = (int) ((float) (h - ch) / 2), left = (int) ((float) (w - cw) / 2);
        ImageSampler.resize(in, inOffset, w, c, top, left, ch, cw, out, outOffset, height, width);
    }

    @Override
    public RandomCrop seed(long value) {
        super.seed(value);
        return this;
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = super.config();
        c.put("height", height);
        c.put("width", width);
        return c;
    }

    /**
     * Builds the layer from its Keras config (the inverse of {@link #config()}).
     *
     * @param c the layer's config, with {@code height} and {@code width}
     * @return a new layer with that config
     * @throws IllegalArgumentException if a value is missing or out of range
     */
    public static RandomCrop fromConfig(LayerConfig c) {
        return new RandomCrop(c.getInt("height"), c.getInt("width"));
    }
}
