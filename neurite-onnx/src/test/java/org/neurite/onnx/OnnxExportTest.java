package org.neurite.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.neurite.examples.ExamCifarModel;
import org.neurite.examples.LeNet5;
import org.neurite.nn.Input;
import org.neurite.nn.Layer;
import org.neurite.nn.Model;
import org.neurite.nn.Sequential;
import org.neurite.nn.SymbolicTensor;
import org.neurite.nn.Variable;
import org.neurite.nn.layers.Activation;
import org.neurite.nn.layers.Add;
import org.neurite.nn.layers.AveragePooling2D;
import org.neurite.nn.layers.BatchNormalization;
import org.neurite.nn.layers.Concatenate;
import org.neurite.nn.layers.Conv2D;
import org.neurite.nn.layers.Conv2DTranspose;
import org.neurite.nn.layers.Cropping2D;
import org.neurite.nn.layers.Dense;
import org.neurite.nn.layers.Dropout;
import org.neurite.nn.layers.ELU;
import org.neurite.nn.layers.Flatten;
import org.neurite.nn.layers.GlobalAveragePooling2D;
import org.neurite.nn.layers.GlobalMaxPooling2D;
import org.neurite.nn.layers.LSTM;
import org.neurite.nn.layers.LeakyReLU;
import org.neurite.nn.layers.MaxPooling2D;
import org.neurite.nn.layers.Multiply;
import org.neurite.nn.layers.Permute;
import org.neurite.nn.layers.ReLU;
import org.neurite.nn.layers.Reshape;
import org.neurite.nn.layers.Softmax;
import org.neurite.nn.layers.Subtract;
import org.neurite.nn.layers.UpSampling2D;
import org.neurite.nn.layers.ZeroPadding2D;
import org.neurite.tensor.Padding;
import org.neurite.tensor.Tensor;

/**
 * Exports each layer type and the exam models, runs the file in ONNX Runtime and compares its
 * outputs with Neurite's predict (training=false) to 1e-5 (relative above 1). Skips with a
 * message when ONNX Runtime's native library cannot load; OnnxStructureTest runs regardless.
 */
class OnnxExportTest {
    static final double TOL = 1e-5;

    @BeforeAll
    static void runtime() {
        OrtRunner.assumeAvailable();
    }

    /** Gives every variable random values (BatchNormalization variances positive), so that biases and statistics matter. */
    static <M extends Model> M randomize(M model, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        for (Variable v : model.variables()) {
            float[] d = v.value().data();
            boolean variance = v.name().contains("moving_variance");
            boolean gamma = v.name().endsWith("gamma");
            for (int i = 0; i < d.length; i++) {
                float g = (float) (r.nextDouble() * 2 - 1);
                d[i] = variance ? 0.5f + Math.abs(g) : gamma ? 1 + 0.5f * g : d[i] + 0.3f * g;
            }
        }
        return model;
    }

    /** Exports, runs in ONNX Runtime and compares; returns the largest absolute difference. */
    static double compare(String what, Model model, OnnxExporter exporter, int batch) throws Exception {
        List<Tensor> xs = new ArrayList<>();
        long seed = 17;
        for (Input in : model.inputs()) {
            int[] dims = new int[in.shape().rank() + 1];
            dims[0] = batch;
            System.arraycopy(in.shape().dims(), 0, dims, 1, in.shape().rank());
            xs.add(Tensor.normal(seed++, 0, 1, dims));
        }
        return compare(what, model, exporter, xs);
    }

    /** Exports, runs these inputs in ONNX Runtime and compares; returns the largest absolute difference. */
    static double compare(String what, Model model, OnnxExporter exporter, List<Tensor> xs) throws Exception {
        List<String> names = new ArrayList<>();
        for (Input in : model.inputs()) names.add(in.layer().name());
        List<Tensor> expected = model.predict(xs, xs.get(0).dim(0));
        byte[] onnx = exporter.toBytes(model);
        List<Tensor> actual = OrtRunner.run(onnx, names, xs);
        assertEquals(expected.size(), actual.size(), what + ": number of outputs");
        double worst = 0;
        for (int o = 0; o < expected.size(); o++) {
            Tensor e = expected.get(o), a = actual.get(o);
            assertArrayEquals(e.shape().dims(), a.shape().dims(), what + ": output " + o + " shape");
            for (int i = 0; i < e.size(); i++) {
                double diff = Math.abs(e.data()[i] - a.data()[i]);
                worst = Math.max(worst, diff);
                assertTrue(diff <= TOL * Math.max(1, Math.abs(e.data()[i])),
                        what + ": output " + o + " element " + i + ": neurite " + e.data()[i] + ", onnxruntime " + a.data()[i] + " " + OnnxStructureTest.opTypes(onnx));
            }
        }
        System.out.printf("onnx %-28s %-70s max |diff| %.2e (%d bytes)%n", what, OnnxStructureTest.opTypes(onnx), worst, onnx.length);
        return worst;
    }

    static double compare(String what, Model model) throws Exception {
        return compare(what, model, new OnnxExporter(), 3);
    }

    @Test
    void dense() throws Exception {
        compare("dense", randomize(new Sequential(Input.of(10), new Dense(7, "relu"), new Dense(5, "tanh"), new Dropout(0.5), new Dense(3, "softmax")), 1));
        compare("dense on sequences", randomize(new Sequential(Input.of(4, 6), new Dense(5, "sigmoid"), new Dense(2)), 2));
    }

    @Test
    void convolutions() throws Exception {
        compare("conv2d same/stride/dilation", randomize(new Sequential(Input.of(9, 11, 3),
                new Conv2D(4, 3).padding("same").strides(2).activation("relu"),
                new Conv2D(5, 2, 3).dilationRate(2),
                new Conv2D(3, 3).padding(Padding.of(1, 2, 0, 1)).strides(1, 2).useBias(false),
                new Flatten(), new Dense(3)), 3));
        for (int opset = 13; opset <= 17; opset++) {
            compare("conv2d opset " + opset, randomize(new Sequential(Input.of(6, 6, 2), new Conv2D(3, 3).padding("same"), new Flatten()), 4),
                    new OnnxExporter().opset(opset), 2);
        }
    }

    @Test
    void flattenKeepsTheChannelsLastOrder() throws Exception {
        // Keras flattens (H, W, C) row-major; a Dense after it only agrees if the export does too
        compare("flatten", randomize(new Sequential(Input.of(4, 5, 3), new Conv2D(2, 3).padding("same"), new Flatten(), new Dense(4)), 5));
    }

    @Test
    void pooling() throws Exception {
        compare("max pooling", randomize(new Sequential(Input.of(11, 10, 2),
                new MaxPooling2D(3, 2).padding("same"), new MaxPooling2D(2), new Flatten()), 6));
        compare("max pooling zero pad", randomize(new Sequential(Input.of(5, 5, 2),
                new Conv2D(2, 1), new MaxPooling2D(2).padding("same").padValue(0f)), 6));
        compare("average pooling", randomize(new Sequential(Input.of(11, 10, 2),
                new AveragePooling2D(3, 2).padding("same"), new AveragePooling2D(2, 1), new AveragePooling2D(2).padding(Padding.of(1, 1)), new Flatten()), 7));
        compare("global pooling", randomize(new Sequential(Input.of(6, 5, 3), new Conv2D(4, 3), new GlobalAveragePooling2D()), 8));
        compare("global max keepdims", randomize(new Sequential(Input.of(6, 5, 3), new Conv2D(4, 3), new GlobalMaxPooling2D().keepDims(true)), 8));
    }

    @Test
    void batchNormalizationAsOperatorAndFolded() throws Exception {
        Sequential m = randomize(new Sequential(Input.of(8, 8, 3), new Conv2D(4, 3), new BatchNormalization(), new Activation("relu"),
                new Flatten(), new Dense(6), new BatchNormalization(), new Dense(2)), 9);
        compare("batchnorm op", m);
        compare("batchnorm folded", m, new OnnxExporter().foldBatchNorm(true), 3);
        List<String> ops = OnnxStructureTest.opTypes(new OnnxExporter().foldBatchNorm(true).toBytes(m));
        assertEquals(1, ops.stream().filter("BatchNormalization"::equals).count(), "the conv's BN is folded, the dense's stays: " + ops);
        compare("batchnorm on sequences", randomize(new Sequential(Input.of(5, 4), new BatchNormalization(), new Dense(2)), 10));
    }

    @Test
    void activations() throws Exception {
        for (String fn : List.of("relu", "sigmoid", "tanh", "softmax", "log_softmax", "leaky_relu", "elu", "gelu", "swish", "softplus", "hard_sigmoid")) {
            compare("activation " + fn, randomize(new Sequential(Input.of(6), new Dense(5, fn), new Activation(fn)), 11));
        }
        compare("activation layers", randomize(new Sequential(Input.of(5, 5, 2), new Conv2D(3, 3).padding("same"),
                new LeakyReLU(0.1), new ELU(0.7), new ReLU().maxValue(0.5), new Softmax(), new Flatten()), 12));
        compare("softmax over channels of an image", randomize(new Sequential(Input.of(4, 4, 3), new Conv2D(3, 1, 1).activation("softmax")), 13));
    }

    @Test
    void mergesInTheFunctionalApi() throws Exception {
        Input in = Input.of(6, 6, 3);
        SymbolicTensor a = new Conv2D(3, 3).padding("same").activation("relu").apply(in);
        SymbolicTensor b = new Conv2D(3, 1).apply(in);
        SymbolicTensor sum = new Add().apply(a, b, in);
        SymbolicTensor diff = new Subtract().apply(sum, in);
        SymbolicTensor prod = new Multiply().apply(diff, a);
        SymbolicTensor cat = new Concatenate().apply(prod, in); // one NCHW, one NHWC input
        SymbolicTensor out = new Dense(2).apply(new GlobalAveragePooling2D().apply(new Conv2D(4, 3).apply(cat)));
        compare("add/subtract/multiply/concat", randomize(new Model(in, out), 14));

        Input v = Input.of(5);
        Input w = Input.of(3);
        SymbolicTensor joined = new Concatenate().apply(new Dense(4).apply(v), w);
        compare("two inputs, two outputs", randomize(new Model(List.of(v, w), List.of(new Dense(2).apply(joined), joined)), 15));
    }

    @Test
    void upsamplingAndTransposedConvolutions() throws Exception {
        compare("conv2d transpose", randomize(new Sequential(Input.of(5, 6, 3),
                new Conv2DTranspose(4, 3).strides(2).padding("same").activation("relu"),
                new Conv2DTranspose(2, 3).strides(2),
                new Conv2DTranspose(3, 2, 3).strides(1, 2).padding("same"),
                new Conv2DTranspose(2, 3).strides(2).outputPadding(1)), 16));
        compare("upsampling nearest", randomize(new Sequential(Input.of(3, 4, 2), new UpSampling2D(2, 3)), 17));
        compare("upsampling bilinear", randomize(new Sequential(Input.of(3, 4, 2), new Conv2D(2, 1), new UpSampling2D(2).interpolation("bilinear")), 18));
    }

    @Test
    void paddingCroppingReshapePermute() throws Exception {
        compare("pad/crop/reshape/permute", randomize(new Sequential(Input.of(5, 6, 2),
                new ZeroPadding2D(1, 2, 0, 3), new Conv2D(3, 3), new Cropping2D(1, 0, 2, 1), new Permute(2, 1, 3),
                new Reshape(-1, 3), new Dense(2)), 19));
    }

    @Test
    void lstm() throws Exception {
        compare("lstm", randomize(new Sequential(Input.of(7, 4), new LSTM(5), new Dense(2)), 20));
        compare("lstm sequences", randomize(new Sequential(Input.of(7, 4), new LSTM(5).returnSequences(true), new LSTM(3)), 21));
        Input in = Input.of(6, 3);
        List<SymbolicTensor> outs = new LSTM(4).returnState(true).applyAll(List.of(in));
        compare("lstm state outputs", randomize(new Model(List.of(in), outs), 22));
        compare("lstm backwards", randomize(new Sequential(Input.of(6, 3), new LSTM(4).goBackwards(true)), 23));
    }

    @Test
    void examModels() throws Exception {
        compare("C000-01 CIFAR-10 model", randomize(ExamCifarModel.build(), 30), new OnnxExporter(), 4);
        compare("LeNet-5", randomize(LeNet5.build(10), 31), new OnnxExporter(), 4);
        Sequential seg = new Sequential(Input.of(128, 256, 3),                          // C003-01
                new Conv2D(16, 5).padding("same").activation("relu"),
                new MaxPooling2D(2),
                new Conv2D(32, 3).padding("same").activation("relu"),
                new MaxPooling2D(2),
                new Dropout(0.3),
                new Conv2D(128, 1).padding("same").activation("relu"),
                new BatchNormalization(),
                new Conv2DTranspose(32, 3).strides(2).padding("same").activation("relu"),
                new Conv2DTranspose(16, 3).strides(2).padding("same").activation("relu"),
                new Conv2DTranspose(3, 1).padding("same").activation("sigmoid"));
        assertEquals(52_163, seg.countParams());
        compare("C003-01 segmentation net", randomize(seg, 32), new OnnxExporter(), 2);
    }

    @Test
    void exportedTransposesOnlyAtLayoutChanges() throws Exception {
        List<String> ops = OnnxStructureTest.opTypes(new OnnxExporter().toBytes(ExamCifarModel.build()));
        assertEquals(2, ops.stream().filter("Transpose"::equals).count(), "one into NCHW at the input, one back before Flatten: " + ops);
        assertFalse(ops.contains("BatchNormalization"));
    }

    static List<Layer> layers(Model m) {
        return m.layers();
    }
}
