package org.neurite.nn.layers;

import java.util.Map;
import org.neurite.nn.Summary;
import org.neurite.tensor.Padding;
import org.neurite.tensor.Shape;
import org.neurite.tensor.Tensor;
import org.neurite.tensor.ops.Convolution;

/**
 * 3-d convolution (video, volumes), channels-last, as Keras' {@code Conv3D}:
 * {@code activation(conv3d(x, kernel) + bias)}, computed as a sum over the kernel's depth of 2-d
 * convolutions (see {@link DepthWindows}), so its gradients are those of conv2d.
 *
 * <p>Input {@code (N, D, H, W, C)}, output {@code (N, OD, OH, OW, filters)}, per axis 'valid':
 * {@code floor((in - k) / s) + 1}, 'same': {@code ceil(in / s)}. Weights: kernel
 * {@code (KD, KH, KW, C, filters)} (glorot_uniform), bias {@code (filters)}. Parameters
 * {@code KD*KH*KW*C*filters + filters}. Dilation is not offered.
 */
public final class Conv3D extends ConvLayer {
    private final int filters;

    /**
     * A 3-d convolution with a cubic window, stride 1, 'valid' padding, linear activation and a bias.
     *
     * @param filters the number of output channels; &gt; 0
     * @param kernelSize the window's depth, height and width; &gt; 0
     * @throws IllegalArgumentException if filters or a kernel size is not positive
     */
    public Conv3D(int filters, int kernelSize) {
        this(filters, kernelSize, kernelSize, kernelSize);
    }

    /**
     * A 3-d convolution with a KD x KH x KW window, stride 1, 'valid' padding, linear activation and a bias.
     *
     * @param filters the number of output channels; &gt; 0
     * @param kernelDepth KD; &gt; 0
     * @param kernelHeight KH; &gt; 0
     * @param kernelWidth KW; &gt; 0
     * @throws IllegalArgumentException if filters or a kernel size is not positive
     */
    public Conv3D(int filters, int kernelDepth, int kernelHeight, int kernelWidth) {
        super(kernelDepth, kernelHeight, kernelWidth);
        if (filters <= 0) throw new IllegalArgumentException("Conv3D: filters must be positive, got " + filters);
        this.filters = filters;
    }

    /**
     * Keras' {@code strides}, the same on every axis.
     *
     * @param stride the step between window positions, in input cells (default 1); &gt; 0
     * @return this layer
     * @throws IllegalArgumentException if the stride is not positive
     * @throws IllegalStateException if the layer is already built
     */
    public Conv3D strides(int stride) {
        return strides(stride, stride, stride);
    }

    /**
     * Keras' {@code strides}, one per spatial axis.
     *
     * @param strideD the step along the depth, in input cells (default 1); &gt; 0
     * @param strideH the step along the height, in input cells (default 1); &gt; 0
     * @param strideW the step along the width, in input cells (default 1); &gt; 0
     * @return this layer
     * @throws IllegalArgumentException if a stride is not positive
     * @throws IllegalStateException if the layer is already built
     */
    public Conv3D strides(int strideD, int strideH, int strideW) {
        setStrides(strideD, strideH, strideW);
        return this;
    }

    /**
     * "same" or "valid".
     *
     * @param name {@code "valid"} (default: no padding) or {@code "same"} (output size ceil(input / stride))
     * @return this layer
     * @throws IllegalArgumentException if the name is neither
     * @throws IllegalStateException if the layer is already built
     */
    public Conv3D padding(String name) {
        Padding p = Padding.parse(name);
        setPadding(p);
        return this;
    }

    /**
     * Keras' {@code activation}, applied to the layer's output.
     *
     * @param name an activation name such as {@code relu} (default linear); null or empty means linear
     * @return this layer
     * @throws IllegalArgumentException if the name is unknown
     * @throws IllegalStateException if the layer is already built
     */
    public Conv3D activation(String name) {
        setActivation(name);
        return this;
    }

    /**
     * Keras' {@code use_bias}.
     *
     * @param value whether the layer adds a learned bias (default true)
     * @return this layer
     * @throws IllegalStateException if the layer is already built
     */
    public Conv3D useBias(boolean value) {
        setUseBias(value);
        return this;
    }

    /**
     * The number of output channels.
     *
     * @return filters, the size of the output's last axis
     */
    public int filters() {
        return filters;
    }

    @Override
    public Conv3D name(String newName) {
        super.name(newName);
        return this;
    }

    @Override
    public Conv3D seed(long value) {
        super.seed(value);
        return this;
    }

    @Override
    protected Shape computeOutputShape(Shape in) {
        if (in.rank() != 4) throw error("expected input (None, depth, height, width, channels), got " + Summary.shapeString(in));
        int od = DepthWindows.outputDepth(padding, in.dim(0), kernelSize[0], strides[0]);
        if (od < 1) throw error("a kernel of depth " + kernelSize[0] + " does not fit input " + Summary.shapeString(in) + " with padding " + padding);
        int[] hw = Pool2D.outputHW(this, Shape.of(in.dim(1), in.dim(2), in.dim(3)), new int[] {kernelSize[1], kernelSize[2]},
                new int[] {strides[1], strides[2]}, padding, new int[] {1, 1});
        return Shape.of(od, hw[0], hw[1], filters);
    }

    @Override
    protected void createWeights(Shape in) {
        addKernelAndBias("kernel", Shape.of(kernelSize[0], kernelSize[1], kernelSize[2], in.dim(3), filters), filters);
    }

    @Override
    protected Tensor call(Tensor x, boolean training) {
        int kd = kernelSize[0], od = DepthWindows.outputDepth(padding, x.dim(1), kd, strides[0]);
        Tensor padded = DepthWindows.padDepth(x, DepthWindows.padding(padding, x.dim(1), kd, strides[0]), 0f);
        Tensor k = kernel.value();
        Tensor sum = null;
        for (int d = 0; d < kd; d++) {
            Tensor plane = k.slice(0, d, d + 1).reshape(k.dim(1), k.dim(2), k.dim(3), k.dim(4));
            Tensor y = Convolution.conv2d(DepthWindows.slices(padded, d, strides[0], od), plane, new int[] {strides[1], strides[2]}, padding, new int[] {1, 1});
            sum = sum == null ? y : sum.add(y);
        }
        return biasAndActivation(sum.reshape(x.dim(0), od, sum.dim(1), sum.dim(2), filters));
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = super.config();
        c.put("filters", filters);
        c.put("kernel_size", LayerConfig.ints(kernelSize));
        c.put("strides", LayerConfig.ints(strides));
        c.put("padding", padding.mode() == Padding.Mode.SAME ? "same" : "valid");
        c.put("dilation_rate", LayerConfig.ints(1, 1, 1));
        putActivationAndWeightOptions(c);
        return c;
    }

    static Conv3D fromConfig(LayerConfig c) {
        int[] k = c.getInts("kernel_size");
        int[] s = c.getInts("strides");
        if (k.length != 3 || s.length != 3) throw new IllegalArgumentException("Conv3D config: kernel_size and strides need 3 values");
        if (c.has("dilation_rate") && java.util.Arrays.stream(c.getInts("dilation_rate")).anyMatch(v -> v != 1)) {
            throw new IllegalArgumentException("Conv3D: dilation_rate other than 1 is not supported");
        }
        Conv3D layer = new Conv3D(c.getInt("filters"), k[0], k[1], k[2]).strides(s[0], s[1], s[2]).padding(c.getString("padding", "valid"));
        return configure(layer, c);
    }
}
