package org.neurite.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurite.nn.Input;
import org.neurite.nn.Sequential;
import org.neurite.nn.layers.Dense;

/** trace on a hand-weighted MLP, and summary / receptive-field / trace on a Keras architecture JSON file. */
class ModelToolsTest {
    @TempDir
    Path dir;

    /**
     * 2 -> 2 (sigmoid) -> 1 (linear). Kernels are (inputs, units), row-major: hidden
     * W = [[0.5, -1], [1, 2]], b = [0, 0.5]; output w = [1, -2], b = 0.25.
     */
    private Path handWeightedMlp() throws IOException {
        Sequential m = new Sequential(Input.of(2), new Dense(2, "sigmoid"), new Dense(1, "linear"));
        Dense hidden = (Dense) m.layers().get(m.layers().size() - 2);
        Dense output = (Dense) m.layers().get(m.layers().size() - 1);
        hidden.kernel().assign(new float[] {0.5f, -1f, 1f, 2f});
        hidden.bias().assign(new float[] {0f, 0.5f});
        output.kernel().assign(new float[] {1f, -2f});
        output.bias().assign(new float[] {0.25f});
        Path file = dir.resolve("mlp.nrt");
        m.save(file);
        return file;
    }

    private static double sigmoid(double z) {
        return 1 / (1 + Math.exp(-z));
    }

    private static double number(String text, String regexBefore) {
        Matcher m = Pattern.compile(regexBefore + "(-?[0-9.]+(?:e-?[0-9]+)?)").matcher(text);
        assertTrue(m.find(), "no match for " + regexBefore + " in\n" + text);
        return Double.parseDouble(m.group(1));
    }

    @Test
    void traceOfASmallMlpMatchesTheHandComputation() throws IOException {
        Path file = handWeightedMlp();
        Path dot = dir.resolve("graph.dot");
        Cli.Result r = Cli.run("trace", file.toString(), "--input", "2,-1", "--target", "1", "--dot", dot.toString());
        assertEquals(0, r.code(), r.dump());
        String out = r.out();

        // forward: z1 = 0.5*2 + 1*(-1) + 0 = 0, z2 = -1*2 + 2*(-1) + 0.5 = -3.5
        double a1 = sigmoid(0), a2 = sigmoid(-3.5);
        double y = 1 * a1 - 2 * a2 + 0.25;
        double e = 0.5 * (y - 1) * (y - 1);
        // backward, E = 1/2 (y - t)^2: output delta = y - t; hidden delta_j = delta * w_j * a_j (1 - a_j)
        double dOut = y - 1;
        double d1 = dOut * 1 * a1 * (1 - a1), d2 = dOut * -2 * a2 * (1 - a2);
        double dx1 = d1 * 0.5 + d2 * -1, dx2 = d1 * 1 + d2 * 2;

        assertTrue(out.contains("input x = [2, -1]"), r.dump());
        assertTrue(out.contains("z[1] = (0.5)(2) + (1)(-1) + (0) = 0    a[1] = sigmoid(0) = 0.5"), "per-neuron forward line\n" + r.dump());
        assertTrue(out.contains("z[2] = (-1)(2) + (2)(-1) + (0.5) = -3.5"), r.dump());
        assertEquals(a2, number(out, "a\\[2\\] = sigmoid\\(-3\\.5\\) = "), 1e-6);
        assertEquals(y, number(out, "output a = "), 1e-6);
        assertEquals(0.691376, y, 1e-6);
        assertEquals(e, number(out, "E = 1/2 \\* sum\\(\\(a - y\\)\\^2\\) = "), 1e-6);
        assertEquals(dOut, number(out, "delta\\[1\\] = dE/da\\[1\\] \\* f'\\(z\\[1\\]\\) = \\(-?[0-9.]+\\) \\* 1 = "), 1e-6);
        assertEquals(d1, number(out, "delta\\[1\\] = dE/da\\[1\\] \\* f'\\(z\\[1\\]\\) = \\(-?[0-9.]+\\) \\* 0\\.25 = "), 1e-6);
        assertEquals(d2, number(out, "delta\\[2\\] = dE/da\\[2\\] \\* f'\\(z\\[2\\]\\) = [^=]*= "), 1e-6);
        assertEquals(dOut * a2, number(out, "dE/dW\\[2->1\\] = delta\\[1\\] \\* a_prev\\[2\\] = [^=]*= "), 1e-6);
        Matcher dx = Pattern.compile("dE/dx = \\[(\\S+), (\\S+)\\]").matcher(out);
        assertTrue(dx.find(), r.dump());
        assertEquals(dx1, Double.parseDouble(dx.group(1)), 1e-6);
        assertEquals(dx2, Double.parseDouble(dx.group(2)), 1e-6);

        assertTrue(out.contains("wrote the computation graph to " + dot), r.dump());
        String graph = Files.readString(dot, StandardCharsets.UTF_8);
        assertTrue(graph.contains("->") && graph.strip().endsWith("}"), graph);
    }

    @Test
    void traceDigitsSetsTheSignificantDigits() throws IOException {
        Path file = handWeightedMlp();
        // y = 1 * sigmoid(0) - 2 * sigmoid(-3.5) + 0.25 = 0.6913755385 (float32: 0.69137555)
        Cli.Result three = Cli.run("trace", file.toString(), "--input", "2,-1", "--target", "1", "--digits", "3");
        assertEquals(0, three.code(), three.dump());
        assertTrue(three.out().contains("output a = 0.691\n"), three.dump());
        assertTrue(three.out().contains("z[2] = (-1)(2) + (2)(-1) + (0.5) = -3.5"), "integers and short decimals stay exact\n" + three.dump());
        Cli.Result nine = Cli.run("trace", file.toString(), "--input", "2,-1", "--target", "1", "--digits", "9");
        assertEquals(0, nine.code(), nine.dump());
        float y = (float) (0.5 - 2 / (1 + Math.exp(3.5)) + 0.25);
        assertTrue(nine.out().contains("output a = " + String.format(java.util.Locale.ROOT, "%.9g", y) + "\n"), y + "\n" + nine.dump());
        Cli.Result bad = Cli.run("trace", file.toString(), "--input", "2,-1", "--target", "1", "--digits", "0");
        assertEquals(2, bad.code(), bad.dump());
        assertTrue(bad.err().contains("--digits: expected a whole number of significant digits from 1 to 17, got '0'"), bad.dump());
    }

    @Test
    void traceRejectsTheWrongNumberOfValues() throws IOException {
        Path file = handWeightedMlp();
        Cli.Result r = Cli.run("trace", file.toString(), "--input", "1,2,3", "--target", "1");
        assertEquals(2, r.code(), r.dump());
        assertTrue(r.err().contains("--input: the model expects 2 value(s)"), r.dump());

        Cli.Result notANumber = Cli.run("trace", file.toString(), "--input", "1,x", "--target", "1");
        assertEquals(2, notANumber.code(), notANumber.dump());
        assertTrue(notANumber.err().contains("value 2 'x' is not a number"), notANumber.dump());

        Cli.Result missing = Cli.run("trace", file.toString(), "--input", "1,2");
        assertEquals(2, missing.code(), missing.dump());
        assertTrue(missing.err().contains("--input and --target are required"), missing.dump());
    }

    /** A Keras 2 {@code model.to_json()} of Sequential([Input(4), Dense(3, relu), Dense(2, softmax)]): 15 + 8 params. */
    private static final String KERAS_JSON = """
            {"class_name": "Sequential", "config": {"name": "tiny", "layers": [
              {"class_name": "InputLayer", "config": {"batch_input_shape": [null, 4], "dtype": "float32", "sparse": false, "ragged": false, "name": "dense_input"}},
              {"class_name": "Dense", "config": {"name": "hidden", "trainable": true, "dtype": "float32", "units": 3, "activation": "relu", "use_bias": true,
                 "kernel_initializer": {"class_name": "GlorotUniform", "config": {"seed": null}}, "bias_initializer": {"class_name": "Zeros", "config": {}},
                 "kernel_regularizer": null, "bias_regularizer": null, "activity_regularizer": null, "kernel_constraint": null, "bias_constraint": null}},
              {"class_name": "Dense", "config": {"name": "probabilities", "trainable": true, "dtype": "float32", "units": 2, "activation": "softmax", "use_bias": true,
                 "kernel_initializer": {"class_name": "GlorotUniform", "config": {"seed": null}}, "bias_initializer": {"class_name": "Zeros", "config": {}},
                 "kernel_regularizer": null, "bias_regularizer": null, "activity_regularizer": null, "kernel_constraint": null, "bias_constraint": null}}]},
             "keras_version": "2.12.0", "backend": "tensorflow"}
            """;

    @Test
    void summaryOfAKerasArchitectureJsonFile() throws IOException {
        Path json = dir.resolve("tiny.json");
        Files.writeString(json, KERAS_JSON, StandardCharsets.UTF_8);
        Cli.Result r = Cli.run("summary", json.toString());
        assertEquals(0, r.code(), r.dump());
        String out = r.out();
        assertTrue(out.contains("Model: \"tiny\""), r.dump());
        assertTrue(Pattern.compile("(?m)^ hidden \\(Dense\\) +\\(None, 3\\) +15 *$").matcher(out).find(), r.dump());
        assertTrue(Pattern.compile("(?m)^ probabilities \\(Dense\\) +\\(None, 2\\) +8 *$").matcher(out).find(), r.dump());
        assertTrue(out.contains("Total params: 23"), r.dump());

        Cli.Result f = Cli.run("summary", json.toString(), "--formulas");
        assertEquals(0, f.code(), f.dump());
        assertTrue(f.out().contains("params: (4 + 1) * 3 = 15"), f.dump());
        assertTrue(f.out().contains("params: (3 + 1) * 2 = 8"), f.dump());

        // the other commands that take MODEL read the JSON too (fresh random weights)
        Cli.Result rf = Cli.run("receptive-field", json.toString());
        assertEquals(0, rf.code(), rf.dump());
        Cli.Result t = Cli.run("trace", json.toString(), "--input", "1,2,3,4", "--target", "0,1");
        assertEquals(0, t.code(), t.dump());
        assertTrue(t.out().contains("input x = [1, 2, 3, 4]") && t.out().contains("dE/dx = "), t.dump());
    }

    @Test
    void aBrokenJsonFileIsAMessageNotAStackTrace() throws IOException {
        Path json = dir.resolve("broken.json");
        Files.writeString(json, "{\"class_name\": \"Sequential\", \"config\": {\"name\": \"x\", \"layers\": [", StandardCharsets.UTF_8);
        Cli.Result r = Cli.run("summary", json.toString());
        assertEquals(1, r.code(), r.dump());
        assertTrue(r.err().startsWith("neurite summary: "), r.dump());
        if (System.getenv("NEURITE_DEBUG") == null) assertFalse(r.err().contains("\tat "), r.dump());
    }
}
