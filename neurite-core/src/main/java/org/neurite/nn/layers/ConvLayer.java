package org.neurite.nn.layers;

import java.util.Arrays;
import java.util.Map;
import org.neurite.nn.Activations;
import org.neurite.nn.Initializer;
import org.neurite.nn.Initializers;
import org.neurite.nn.Layer;
import org.neurite.nn.Regularizer;
import org.neurite.nn.Weight;
import org.neurite.tensor.Padding;
import org.neurite.tensor.Shape;
import org.neurite.tensor.Tensor;

/**
 * What the convolution layers {@link Conv1D}, {@link Conv2D}, {@link Conv2DTranspose} and
 * {@link DepthwiseConv2D} share: kernel size, strides, padding and dilation (one value per spatial
 * axis; dilation 1 where a layer does not offer it), the activation, the bias, the kernel and bias
 * initializers and regularizers, the two weights, and the Keras config keys of those options.
 *
 * <p>The public setters stay in the subclasses, so that option chains keep the concrete type
 * ({@code new Conv2D(8, 3).padding("same").activation("relu")} is a {@code Conv2D}); they delegate
 * to the {@code set...} methods here, which check that the layer is not built yet.
 */
public abstract class ConvLayer extends Layer {
    final int[] kernelSize;
    int[] strides;
    Padding padding = Padding.valid();
    int[] dilationRate;
    String activation = "linear";
    boolean useBias = true;
    Initializer kernelInitializer = Initializers.glorotUniform();
    Initializer biasInitializer = Initializers.zeros();
    Regularizer kernelRegularizer;
    Regularizer biasRegularizer;
    Weight kernel;
    Weight bias;

    /** One kernel size per spatial axis; strides and dilation start at 1. */
    ConvLayer(int... kernelSize) {
        this.kernelSize = positive("kernel size", kernelSize);
        this.strides = ones(kernelSize.length);
        this.dilationRate = ones(kernelSize.length);
    }

    /**
     * The kernel weight.
     *
     * @return the kernel, shaped as the subclass's Javadoc says (Keras' layout); null before build
     */
    public Weight kernel() {
        return kernel;
    }

    /**
     * The bias weight.
     *
     * @return shape {@code (output channels)}; null before build or without bias
     */
    public Weight bias() {
        return bias;
    }

    // ---------------------------------------------------------------- options, for the subclasses' setters

    void setStrides(int... values) {
        checkMutable("strides");
        this.strides = positive("strides", values);
    }

    void setPadding(Padding value) {
        checkMutable("padding");
        this.padding = value;
    }

    void setDilationRate(int... values) {
        checkMutable("dilationRate");
        this.dilationRate = positive("dilation rate", values);
    }

    void setActivation(String name) {
        checkMutable("activation");
        this.activation = Activations.normalize(name);
    }

    void setUseBias(boolean value) {
        checkMutable("useBias");
        this.useBias = value;
    }

    void setKernelInitializer(Initializer init) {
        checkMutable("kernelInitializer");
        this.kernelInitializer = init;
    }

    void setBiasInitializer(Initializer init) {
        checkMutable("biasInitializer");
        this.biasInitializer = init;
    }

    void setKernelRegularizer(Regularizer r) {
        checkMutable("kernelRegularizer");
        this.kernelRegularizer = r;
    }

    /** Keras' {@code kernel_constraint} ({@code depthwise_constraint} for DepthwiseConv2D) and {@code bias_constraint}. */
    @Override
    protected Map<String, String> constraintKeys() {
        return Dense.KERNEL_AND_BIAS;
    }

    void setBiasRegularizer(Regularizer r) {
        checkMutable("biasRegularizer");
        this.biasRegularizer = r;
    }

    /** The values, if all are positive; else an error naming the layer and the option. */
    private int[] positive(String what, int[] values) {
        for (int v : values) {
            if (v <= 0) {
                String got = values.length == 1 ? String.valueOf(values[0]) : Arrays.toString(values).replace('[', '(').replace(']', ')');
                throw new IllegalArgumentException(className() + ": " + what + " must be positive, got " + got);
            }
        }
        return values.clone();
    }

    private static int[] ones(int n) {
        int[] a = new int[n];
        Arrays.fill(a, 1);
        return a;
    }

    // ---------------------------------------------------------------- weights and computation

    /** Adds the kernel under the given name and shape, and a bias of {@code biasSize} unless {@code useBias} is off. */
    void addKernelAndBias(String kernelName, Shape kernelShape, int biasSize) {
        kernel = addWeight(kernelName, kernelShape, kernelInitializer, kernelRegularizer, true);
        if (useBias) bias = addWeight("bias", Shape.of(biasSize), biasInitializer, biasRegularizer, true);
    }

    /** Other spatial sizes are fine (fully convolutional use); the channels must match. */
    @Override
    protected boolean acceptsInput(Shape built, Shape got) {
        return got.rank() == built.rank() && got.dim(-1) == built.dim(-1);
    }

    /** {@code activation(y + bias)}. */
    Tensor biasAndActivation(Tensor y) {
        if (bias != null) y = y.add(bias.value());
        return Activations.get(activation).apply(y);
    }

    // ---------------------------------------------------------------- config

    /** The keys {@code activation} to {@code bias_regularizer}, in Keras' order. */
    void putActivationAndWeightOptions(Map<String, Object> c) {
        c.put("activation", activation);
        c.put("use_bias", useBias);
        c.put("kernel_initializer", Initializers.toConfig(kernelInitializer));
        c.put("bias_initializer", Initializers.toConfig(biasInitializer));
        c.put("kernel_regularizer", LayerConfig.regularizer(name(), "kernel_regularizer", kernelRegularizer));
        c.put("bias_regularizer", LayerConfig.regularizer(name(), "bias_regularizer", biasRegularizer));
    }

    /** Applies the keys {@code activation} to {@code bias_regularizer} of a config to a new layer. */
    static <L extends ConvLayer> L configure(L layer, LayerConfig c) {
        layer.setActivation(c.getString("activation", "linear"));
        layer.setUseBias(c.getBool("use_bias", true));
        layer.setKernelInitializer(c.getInitializer("kernel_initializer", Initializers.glorotUniform()));
        layer.setBiasInitializer(c.getInitializer("bias_initializer", Initializers.zeros()));
        layer.setKernelRegularizer(c.getRegularizer("kernel_regularizer"));
        layer.setBiasRegularizer(c.getRegularizer("bias_regularizer"));
        return layer;
    }
}
