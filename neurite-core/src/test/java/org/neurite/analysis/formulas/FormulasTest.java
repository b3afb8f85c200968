package org.neurite.analysis.formulas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.neurite.nn.Input;
import org.neurite.nn.Layer;
import org.neurite.nn.Model;
import org.neurite.nn.Sequential;
import org.neurite.nn.SymbolicTensor;
import org.neurite.nn.layers.*;
import org.neurite.tensor.Padding;
import org.neurite.tensor.Shape;

class FormulasTest {

    /** Every concrete layer class in org.neurite.nn.layers must have a formula. */
    @Test
    void everyLayerTypeHasAFormula() throws IOException, URISyntaxException, ClassNotFoundException {
        Path dir = Path.of(Dense.class.getProtectionDomain().getCodeSource().getLocation().toURI()).resolve("org/neurite/nn/layers");
        List<String> missing = new ArrayList<>();
        int found = 0;
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : files.toList()) {
                String file = p.getFileName().toString();
                if (!file.endsWith(".class") || file.contains("$")) continue;
                Class<?> c = Class.forName("org.neurite.nn.layers." + file.substring(0, file.length() - 6));
                if (!Layer.class.isAssignableFrom(c) || Modifier.isAbstract(c.getModifiers())) continue;
                found++;
                @SuppressWarnings("unchecked")
                Class<? extends Layer> lc = (Class<? extends Layer>) c;
                if (LayerFormulas.forClass(lc) == null) missing.add(c.getSimpleName());
            }
        }
        assertTrue(found > 40, "expected the layer package to have many layer classes, found " + found);
        assertTrue(missing.isEmpty(), "layer types without a formula in LayerFormulas: " + missing);
    }

    @Test
    void alexNetFirstLayerAsInTheLectures() {
        Model m = new Sequential(Input.of(256, 256, 3), new Conv2D(96, 11).strides(4).padding(Padding.of(5, 5)),
                new Conv2D(8, 3).strides(4).padding("same"));
        List<FormulaRow> rows = checkAll(m);
        assertEquals("height: floor((256 - 11 + 2*5) / 4) + 1 = 64", rows.get(0).shape().get(0).text());
        assertEquals("params: (11*11*3 + 1) * 96 = 34,944", rows.get(0).params().text());
        assertEquals("height: ceil(64 / 4)  ('same') = 16", rows.get(1).shape().get(0).text());
        String text = Formulas.render(m);
        assertTrue(text.contains("  height, width: floor((256 - 11 + 2*5) / 4) + 1 = 64\n"), text);
        assertTrue(text.contains("Total params: 34,944 + ".isEmpty() ? "" : "Total params: " + Term.group(34944 + 3 * 3 * 96 * 8 + 8)), text);
    }

    @Test
    void lenetDenseFlattenAndPooling() {
        Model m = new Sequential(Input.of(32, 32, 1), new Conv2D(6, 5), new MaxPooling2D(2), new Conv2D(16, 5), new MaxPooling2D(2),
                new Flatten(), new Dense(120), new Dense(84), new Dense(10));
        List<FormulaRow> rows = checkAll(m);
        assertEquals("height: floor((14 - 2) / 2) + 1 = 6".replace("14", "28").replace("6", "14").isEmpty() ? "" : "height: floor((28 - 2) / 2) + 1 = 14",
                rows.get(1).shape().get(0).text());
        assertEquals("features: 5*5*16 = 400", rows.get(4).shape().get(0).text());
        assertEquals("params: (400 + 1) * 120 = 48,120", rows.get(5).params().text());
        assertEquals(61706, m.countParams());
    }

    @Test
    void recurrentAndNormalizationFormulas() {
        Input in = Input.of(10, 8);
        SymbolicTensor x = new LSTM(16).returnSequences(true).apply(in);
        x = new GRU(4).apply(x);
        Model m = new Model(in, x);
        List<FormulaRow> rows = checkAll(m);
        assertEquals("params: 4 * (16*(8 + 16) + 16) = 1,600", rows.get(1).params().text());
        Model bn = new Sequential(Input.of(4, 4, 64), new BatchNormalization());
        FormulaRow r = checkAll(bn).get(0);
        assertTrue(r.params().text().startsWith("params: 4 * 64  (2 * 64 = 128 trainable: gamma, beta; 2 * 64 = 128 non-trainable"), r.params().text());
        assertEquals(256, r.params().value());
    }

    @Test
    void transposedConvolutionFormula() {
        Model m = new Sequential(Input.of(8, 8, 40), new Conv2DTranspose(30, 4).strides(2).padding(Padding.of(1, 1)),
                new Conv2DTranspose(20, 3).strides(2).padding("same"), new Conv2DTranspose(10, 3).strides(2), new Conv2DTranspose(5, 3).strides(2).padding("same").outputPadding(1));
        List<FormulaRow> rows = checkAll(m);
        assertEquals("height: (8 - 1)*2 + 4 - 2*1 + 0 = 16", rows.get(0).shape().get(0).text());
        assertEquals("height: 16 * 2  ('same') = 32", rows.get(1).shape().get(0).text());
        assertEquals("height: (32 - 1)*2 + 3 = 65", rows.get(2).shape().get(0).text());
    }

    /** A model with every other layer type: every row's formula agrees with the layer. */
    @Test
    void everyLayerTypeAgreesWithTheLayer() {
        Set<Class<?>> seen = new HashSet<>();
        List<Model> models = new ArrayList<>();
        models.add(new Sequential(Input.of(28, 28, 3), new ZeroPadding2D(1, 2, 3, 4), new Cropping2D(1), new DepthwiseConv2D(3).depthMultiplier(2).dilationRate(2),
                new AveragePooling2D(2), new MaxPooling2D(3, 3, 1, 2).padding("same"), new UpSampling2D(2, 3), new AdaptiveAveragePooling2D(3, 2),
                new Conv2D(4, 3).padding("same").useBias(false), new BatchNormalization().center(false), new Activation("relu"), new ReLU(), new LeakyReLU(),
                new ELU(), new PReLU(), new Dropout(0.5), new GlobalMaxPooling2D()));
        models.add(new Sequential(Input.of(12, 12, 3), new GlobalAveragePooling2D(), new Softmax(), new RepeatVector(12), new Conv1D(4, 3).dilationRate(2),
                new MaxPooling1D(2), new AveragePooling1D(2, 1), new Conv1D(6, 2).padding("causal"), new Permute(2, 1), new Reshape(3, 3, 2),
                new Flatten()));
        models.add(new Sequential(Input.of(6, 5), new Conv1D(4, 3).padding("same"), new GlobalMaxPooling1D()));
        models.add(new Sequential(Input.of(6, 5), new SpatialDropout1D(0.2), new GaussianNoise(0.1), new GaussianDropout(0.1),
                new ActivityRegularization(0.01, 0), new GlobalAveragePooling1D()));
        models.add(new Sequential(Input.of(4, 4, 2), new SpatialDropout2D(0.2)));
        models.add(new Sequential(Input.of(3), new CategoryEncoding(7, "count")));
        models.add(new Sequential(Input.of(7), new Embedding(50, 8), new PositionEmbedding(10), new SinePositionEncoding(), new TransformerEncoder(16, 2),
                new LayerNormalization(), new SimpleRNN(3, "tanh"), new Dense(2).useBias(false)));
        models.add(new Sequential(Input.of(7, 4), new Bidirectional(new GRU(3).resetAfter(false).returnSequences(true)), new Bidirectional(new LSTM(2), "sum")));
        models.add(new Sequential(Input.of(8, 8, 4), new Conv2DTranspose(3, 3).strides(2)));
        models.add(new Sequential(Input.of(7, 8, 9, 2), new Conv3D(3, 3).strides(2, 1, 2).padding("same"), new MaxPooling3D(2), new Conv3D(2, 2, 1, 2)));
        models.add(new Sequential(Input.of(9, 9, 3), new SeparableConv2D(5, 3).depthMultiplier(2).strides(2), new SeparableConv2D(4, 3).padding("same").useBias(false)));
        models.add(new Sequential(Input.of(7, 4), new Masking(), new LSTM(3).returnSequences(true), new GRU(2)));
        models.add(new Sequential(Input.of(4), new Sequential(Input.of(4), new Dense(3), new Dense(2)).asLayer(), new Dense(1)));
        models.add(new Sequential(Input.of(5, 6, 6, 2), new TimeDistributed(new Conv2D(3, 3).strides(2)), new TimeDistributed(new Flatten()),
                new TimeDistributed(new Dense(4))));
        Input a = Input.of(5, 8);
        Input b = Input.of(5, 8);
        SymbolicTensor att = new MultiHeadAttention(2, 3).apply(a, b);
        SymbolicTensor merged = new Concatenate().apply(new Add().apply(att, b), new Subtract().apply(a, b), new Multiply().apply(a, b),
                new Average().apply(a, b), new Maximum().apply(a, b), new Minimum().apply(a, b));
        SymbolicTensor dot = new Dot(1).apply(merged, a);
        SymbolicTensor lam = new Lambda(t -> t.mul(2f)).apply(dot);
        SymbolicTensor mu = new Dense(4).apply(lam);
        SymbolicTensor lv = new Dense(4).apply(lam);
        models.add(new Model(List.of(a, b), List.of(new Sampling().apply(mu, lv))));
        Input q = Input.of(3, 4);
        Input v = Input.of(5, 4);
        models.add(new Model(List.of(q, v), List.of(new Concatenate().apply(new Attention().useScale(true).scoreMode("concat").apply(q, v),
                new AdditiveAttention().apply(q, v, v)))));
        for (Model m : models) for (FormulaRow r : checkAll(m)) seen.add(classOf(r));
        Set<String> untested = new java.util.TreeSet<>();
        for (Class<? extends Layer> c : LayerFormulas.covered()) if (!seen.contains(c)) untested.add(c.getSimpleName());
        assertTrue(untested.isEmpty(), "layer types whose formula no model here exercises: " + untested);
    }

    private static Class<?> classOf(FormulaRow r) {
        if (r.className().equals("Sequential") || r.className().equals("Functional")) return ModelLayer.class; // a nested model's type name
        try {
            return Class.forName("org.neurite.nn.layers." + r.className());
        } catch (ClassNotFoundException e) {
            return null;
        }
    }

    /** Checks every row: params equal the layer's count, and each numeric axis term equals that output axis. */
    static List<FormulaRow> checkAll(Model m) {
        List<FormulaRow> rows = Formulas.explain(m);
        for (FormulaRow r : rows) {
            String where = r.layerName() + " (" + r.className() + ")";
            if (!r.consistent()) fail(where + ": params formula " + r.params().text() + " but the layer has " + r.actualParams());
            Shape out = r.outputShape();
            for (Term t : r.shape()) {
                if (t.value() == null) continue;
                int axis = switch (t.label().replaceAll(" \\(.*", "")) {
                    case "height", "steps" -> 0;
                    case "width" -> 1;
                    case "channels", "features", "last axis", "new last axis" -> out.rank() - 1;
                    default -> -1;
                };
                if (t.label().startsWith("depth")) axis = 0;
                if (axis < 0) fail(where + ": unexpected label " + t.label());
                if (r.className().endsWith("3D") && (t.label().startsWith("height") || t.label().startsWith("width"))) axis++; // after depth
                if (r.className().equals("TimeDistributed") && (t.label().startsWith("height") || t.label().startsWith("width"))) axis++; // the wrapped layer's axes follow the time axis
                if (r.className().contains("Global") && !t.label().equals("channels")) continue;
                if (out.dim(axis) != t.value()) fail(where + ": " + t.text() + " but the output is " + out);
            }
        }
        String text = Formulas.render(m);
        assertTrue(text.contains("Total params: " + Term.group(m.countParams())), text);
        return rows;
    }
}
