package org.neurite.onnx;

import static org.neurite.onnx.OnnxExportTest.compare;
import static org.neurite.onnx.OnnxExportTest.randomize;

import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.neurite.examples.LstmForecaster;
import org.neurite.examples.TransformerClassifier;
import org.neurite.nn.Input;
import org.neurite.nn.Model;
import org.neurite.nn.Sequential;
import org.neurite.nn.SymbolicTensor;
import org.neurite.nn.layers.Activation;
import org.neurite.nn.layers.AveragePooling1D;
import org.neurite.nn.layers.Conv1D;
import org.neurite.nn.layers.DepthwiseConv2D;
import org.neurite.nn.layers.Dot;
import org.neurite.nn.layers.MaxPooling1D;
import org.neurite.nn.layers.Bidirectional;
import org.neurite.nn.layers.Dense;
import org.neurite.nn.layers.Embedding;
import org.neurite.nn.layers.GRU;
import org.neurite.nn.layers.GlobalAveragePooling1D;
import org.neurite.nn.layers.GlobalMaxPooling1D;
import org.neurite.nn.layers.LSTM;
import org.neurite.nn.layers.LayerNormalization;
import org.neurite.nn.layers.MultiHeadAttention;
import org.neurite.nn.layers.PReLU;
import org.neurite.nn.layers.PositionEmbedding;
import org.neurite.nn.layers.RepeatVector;
import org.neurite.nn.layers.Sampling;
import org.neurite.nn.layers.SimpleRNN;
import org.neurite.nn.layers.SinePositionEncoding;
import org.neurite.nn.layers.TransformerEncoder;
import org.neurite.tensor.Tensor;

/**
 * Sequence, attention and the remaining elementwise layers: each exported, run in ONNX Runtime and
 * compared with Neurite's predict to 1e-5 (OnnxExportTest.compare), plus the transformer example and
 * the LSTM forecaster whole.
 */
class OnnxSequenceLayersExportTest {
    @BeforeAll
    static void runtime() {
        OrtRunner.assumeAvailable();
    }

    /** Integer token ids in [0, vocab) as floats, (n, length). */
    private static Tensor tokens(int n, int length, int vocab, long seed) {
        float[] ids = new float[n * length];
        java.util.SplittableRandom r = new java.util.SplittableRandom(seed);
        for (int i = 0; i < ids.length; i++) ids[i] = r.nextInt(vocab);
        return Tensor.of(ids, n, length);
    }

    @Test
    void transformerExampleWholeAtOpsets13And17() throws Exception {
        Sequential m = randomize(TransformerClassifier.build(), 3);
        int length = m.inputs().get(0).shape().dim(0);
        int vocab = ((Embedding) m.layers().get(0)).inputDim();
        compare("transformer example opset 13", m, new OnnxExporter(), List.of(tokens(3, length, vocab, 5)));
        compare("transformer example opset 17", m, new OnnxExporter().opset(17), List.of(tokens(3, length, vocab, 6)));
    }

    @Test
    void lstmForecasterWhole() throws Exception {
        compare("lstm forecaster", randomize(LstmForecaster.build(), 4));
    }

    @Test
    void recurrentLayers() throws Exception {
        compare("gru reset_after", randomize(new Sequential(Input.of(6, 3), new GRU(5).returnSequences(true), new GRU(4)), 5));
        compare("gru reset_before", randomize(new Sequential(Input.of(6, 3), new GRU(5).resetAfter(false)), 6));
        compare("simple rnn", randomize(new Sequential(Input.of(6, 3), new SimpleRNN(5).returnSequences(true), new SimpleRNN(4, "relu")), 7));
        compare("go_backwards sequences", randomize(new Sequential(Input.of(6, 3), new LSTM(4).goBackwards(true).returnSequences(true),
                new GRU(3).goBackwards(true).returnSequences(true), new SimpleRNN(2).goBackwards(true)), 8));
        compare("bidirectional concat", randomize(new Sequential(Input.of(6, 3), new Bidirectional(new LSTM(4).returnSequences(true)),
                new Bidirectional(new GRU(3), "sum")), 9));
        compare("bidirectional ave/mul", randomize(new Sequential(Input.of(5, 2), new Bidirectional(new SimpleRNN(3).returnSequences(true), "ave"),
                new Bidirectional(new LSTM(2), "mul")), 10));
    }

    @Test
    void recurrentStateOutputs() throws Exception {
        Input x = Input.of(5, 3);
        List<SymbolicTensor> gru = new GRU(4).returnState(true).applyAll(List.of(x));
        compare("gru return_state", randomize(new Model(List.of(x), gru), 11));
    }

    @Test
    void embeddingsAndPositions() throws Exception {
        Sequential m = randomize(new Sequential(Input.of(7), new Embedding(20, 8), new PositionEmbedding(10),
                new SinePositionEncoding(), new GlobalMaxPooling1D(), new Dense(2)), 12);
        compare("embedding + positions", m, new OnnxExporter(), List.of(tokens(3, 7, 20, 13)));
        Sequential replaced = randomize(new Sequential(Input.of(4, 6), new PositionEmbedding(9).addToInput(false)), 14);
        compare("position embedding only", replaced);
    }

    @Test
    void layerNormalizationOperatorAndDecomposed() throws Exception {
        Sequential m = randomize(new Sequential(Input.of(5, 6), new LayerNormalization(), new LayerNormalization().center(false).scale(false).epsilon(0.1f)), 15);
        compare("layer norm opset 17", m, new OnnxExporter().opset(17), 3);
        compare("layer norm opset 13", m, new OnnxExporter().opset(13), 3);
    }

    @Test
    void attention() throws Exception {
        Input q = Input.of(4, 6), v = Input.of(5, 3);
        SymbolicTensor cross = new MultiHeadAttention(2, 3).apply(q, v);
        compare("cross attention", randomize(new Model(List.of(q, v), List.of(cross)), 16));
        Input s = Input.of(5, 6);
        SymbolicTensor causal = new MultiHeadAttention(3, 2).useCausalMask(true).apply(s, s);
        compare("causal self-attention", randomize(new Model(s, causal), 17));
        compare("transformer pre-norm gelu", randomize(new Sequential(Input.of(5, 8), new TransformerEncoder(12, 2).preNorm(true).activation("gelu"),
                new GlobalAveragePooling1D()), 18));
    }

    @Test
    void vectorsActivationsAndSampling() throws Exception {
        compare("repeat vector + prelu", randomize(new Sequential(Input.of(4), new RepeatVector(3), new PReLU(), new Activation("swish"),
                new Activation("gelu"), new Activation("elu")), 19));
        compare("prelu shared axes", randomize(new Sequential(Input.of(3, 4), new PReLU().sharedAxes(1)), 20));
        Input in = Input.of(4);
        SymbolicTensor z = new Sampling().apply(new Dense(2).apply(in), new Dense(2).apply(in));
        Model vae = randomize(new Model(in, z), 21);
        // Neurite samples in predict too; the export is the inference mean: ONNX Runtime must give mu
        Model mu = new Model(in, vae.nodes().get(0).output());
        Tensor x = Tensor.normal(22, 0, 1, 3, 4);
        Tensor expected = mu.predict(x);
        Tensor actual = OrtRunner.run(new OnnxExporter().toBytes(vae), List.of(in.layer().name()), List.of(x)).get(0);
        org.junit.jupiter.api.Assertions.assertArrayEquals(expected.data(), actual.data(), 1e-5f);
    }

    @Test
    void oneDimensionalConvolutionsAndPooling() throws Exception {
        compare("conv1d valid/same/causal", randomize(new Sequential(Input.of(11, 3), new Conv1D(4, 3).activation("relu"),
                new Conv1D(5, 2).padding("same").strides(2), new Conv1D(3, 2).padding("causal").dilationRate(2)), 23));
        compare("pool1d", randomize(new Sequential(Input.of(11, 3), new MaxPooling1D(2), new AveragePooling1D(2).padding("same"),
                new MaxPooling1D(2, 1).padding("same")), 24));
        compare("avg pool1d valid", randomize(new Sequential(Input.of(9, 2), new AveragePooling1D(3, 2)), 25));
    }

    @Test
    void depthwiseConvolution() throws Exception {
        compare("depthwise conv2d", randomize(new Sequential(Input.of(7, 8, 3), new DepthwiseConv2D(3).depthMultiplier(2).padding("same"),
                new DepthwiseConv2D(2).strides(2).activation("relu")), 26));
    }

    @Test
    void dotProducts() throws Exception {
        Input a = Input.of(5), b = Input.of(5);
        compare("dot vectors normalized", randomize(new Model(List.of(a, b), List.of(new Dot(1, true).apply(a, b))), 27));
        Input p = Input.of(4, 3), q = Input.of(6, 3);
        compare("dot sequences", randomize(new Model(List.of(p, q), List.of(new Dot(2, 2, false).apply(p, q))), 28));
        Input r = Input.of(4, 3), t = Input.of(4, 5);
        compare("dot axis 1", randomize(new Model(List.of(r, t), List.of(new Dot(1, false).apply(r, t))), 29));
    }
}
