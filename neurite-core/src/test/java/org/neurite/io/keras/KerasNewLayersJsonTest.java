package org.neurite.io.keras;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.neurite.nn.Input;
import org.neurite.nn.LayerNames;
import org.neurite.nn.Model;
import org.neurite.nn.Sequential;
import org.neurite.nn.SymbolicTensor;
import org.neurite.nn.layers.ActivityRegularization;
import org.neurite.nn.layers.AdditiveAttention;
import org.neurite.nn.layers.Attention;
import org.neurite.nn.layers.CategoryEncoding;
import org.neurite.nn.layers.Concatenate;
import org.neurite.nn.layers.Conv2D;
import org.neurite.nn.layers.Dense;
import org.neurite.nn.layers.Embedding;
import org.neurite.nn.layers.GRU;
import org.neurite.nn.layers.GaussianDropout;
import org.neurite.nn.layers.GaussianNoise;
import org.neurite.nn.layers.GlobalAveragePooling1D;
import org.neurite.nn.layers.Masking;
import org.neurite.nn.layers.SeparableConv2D;
import org.neurite.nn.layers.SpatialDropout1D;
import org.neurite.nn.layers.SpatialDropout2D;
import org.neurite.nn.layers.TimeDistributed;

/** The layers of issue 11 in Keras JSON: Keras 3's nested Functional, and a write/read round trip of every new layer. */
class KerasNewLayersJsonTest {
    @BeforeEach
    void reset() {
        LayerNames.reset();
    }

    private static String tensor(String layer, int node, int... shape) {
        StringBuilder s = new StringBuilder("[null");
        for (int d : shape) s.append(", ").append(d);
        return "{\"args\": [{\"class_name\": \"__keras_tensor__\", \"config\": {\"shape\": " + s + "], \"dtype\": \"float32\", \"keras_history\": [\""
                + layer + "\", " + node + ", 0]}}], \"kwargs\": {}}";
    }

    private static String dense(String name, int units, String inbound) {
        return "{\"module\": \"keras.layers\", \"class_name\": \"Dense\", \"config\": {\"name\": \"" + name + "\", \"trainable\": true, \"dtype\": "
                + "{\"module\": \"keras\", \"class_name\": \"DTypePolicy\", \"config\": {\"name\": \"float32\"}, \"registered_name\": null}, \"units\": " + units
                + ", \"activation\": \"relu\", \"use_bias\": true, \"kernel_initializer\": {\"module\": \"keras.initializers\", \"class_name\": \"GlorotUniform\", "
                + "\"config\": {\"seed\": null}, \"registered_name\": null}, \"bias_initializer\": {\"module\": \"keras.initializers\", \"class_name\": \"Zeros\", "
                + "\"config\": {}, \"registered_name\": null}, \"kernel_regularizer\": null, \"bias_regularizer\": null, \"kernel_constraint\": null, "
                + "\"bias_constraint\": null}, \"registered_name\": null, \"build_config\": {\"input_shape\": [null, 8]}, \"name\": \"" + name
                + "\", \"inbound_nodes\": [" + inbound + "]}";
    }

    private static String input(String name, int dim) {
        return "{\"module\": \"keras.layers\", \"class_name\": \"InputLayer\", \"config\": {\"batch_shape\": [null, " + dim
                + "], \"dtype\": \"float32\", \"sparse\": false, \"name\": \"" + name + "\"}, \"registered_name\": null, \"name\": \"" + name
                + "\", \"inbound_nodes\": []}";
    }

    /** Keras 3 writes a model used as a layer as class Functional, its first call as node 1. */
    @Test
    void kerasThreeFunctionalInsideAFunctionalModel() {
        String base = "{\"module\": \"keras\", \"class_name\": \"Functional\", \"config\": {\"name\": \"base\", \"trainable\": false, \"layers\": ["
                + input("input_layer", 8) + ", " + dense("dense", 4, tensor("input_layer", 0, 8)) + "], \"input_layers\": [[\"input_layer\", 0, 0]], "
                + "\"output_layers\": [[\"dense\", 0, 0]]}, \"registered_name\": \"Functional\", \"build_config\": {\"input_shape\": [null, 8]}, "
                + "\"name\": \"base\", \"inbound_nodes\": [" + tensor("input_layer_1", 0, 8) + "]}";
        String json = "{\"module\": \"keras\", \"class_name\": \"Functional\", \"config\": {\"name\": \"outer\", \"trainable\": true, \"layers\": ["
                + input("input_layer_1", 8) + ", " + base + ", " + dense("head", 2, tensor("base", 1, 4)) + "], \"input_layers\": [[\"input_layer_1\", 0, 0]], "
                + "\"output_layers\": [[\"head\", 0, 0]]}, \"registered_name\": \"Functional\"}";
        Model m = KerasJson.read(json);
        assertEquals(8 * 4 + 4 + 4 * 2 + 2, m.countParams());
        assertEquals(10, m.trainableParams(), "the nested model was saved frozen (trainable false)");
        assertTrue(m.summary().contains(" base (Functional)           (None, 4)                 36        \n"), m.summary());
    }

    /** Every new layer survives KerasJson.write then read: the same summary (names, types, shapes, counts). */
    @Test
    void newLayersRoundTripThroughKerasJson() {
        Input tokens = Input.of(6);
        Input series = Input.of(6, 3);
        SymbolicTensor e = new Embedding(20, 4).maskZero(true).apply(tokens);
        e = new SpatialDropout1D(0.1).apply(e);
        SymbolicTensor s = new GaussianNoise(0.2).apply(new Masking(0.0).apply(series));
        SymbolicTensor seq = new GRU(4).returnSequences(true).apply(new Concatenate().apply(e, new GaussianDropout(0.1).apply(s)));
        SymbolicTensor att = new Attention().useScale(true).apply(seq, e);
        SymbolicTensor add = new AdditiveAttention().apply(seq, e);
        SymbolicTensor td = new TimeDistributed(new Dense(3)).apply(new Concatenate().apply(att, add));
        SymbolicTensor out = new ActivityRegularization(0.01, 0.0).apply(new GlobalAveragePooling1D().apply(td));
        Model m = new Model(List.of(tokens, series), List.of(out));
        assertEquals(m.summary(), KerasJson.read(KerasJson.write(m)).summary());

        LayerNames.reset();
        Input img = Input.of(16, 16, 3);
        Sequential backbone = (Sequential) new Sequential(Input.of(16, 16, 3), new SeparableConv2D(8, 3).depthMultiplier(2).padding("same"),
                new SpatialDropout2D(0.2), new Conv2D(4, 3)).name("backbone");
        Model cnn = new Model(img, new Dense(2).apply(new org.neurite.nn.layers.Flatten().apply(backbone.asLayer().apply(img))));
        assertEquals(cnn.summary(), KerasJson.read(KerasJson.write(cnn)).summary());
        Sequential video = new Sequential(Input.of(6, 8, 8, 1), new org.neurite.nn.layers.Conv3D(4, 3).padding("same"),
                new org.neurite.nn.layers.MaxPooling3D(2).strides(2, 2, 1));
        assertEquals(video.summary(), KerasJson.read(KerasJson.write(video)).summary());
        Sequential enc = new Sequential(Input.of(5), new CategoryEncoding(7, "count"));
        assertEquals(enc.summary(), KerasJson.read(KerasJson.write(enc)).summary());
    }
}
