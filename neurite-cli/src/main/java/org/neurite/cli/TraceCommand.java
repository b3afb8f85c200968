package org.neurite.cli;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Set;
import org.neurite.analysis.trace.BackpropTrace;
import org.neurite.analysis.trace.Trace;
import org.neurite.analysis.trace.TraceLoss;
import org.neurite.analysis.trace.TraceText;
import org.neurite.io.AtomicFile;
import org.neurite.nn.Model;
import org.neurite.nn.Summary;
import org.neurite.tensor.Tensor;

/** Prints the forward values and deltas of a model for one input and target, exam style. */
final class TraceCommand implements Main.Command {
    @Override
    public String summary() {
        return "forward values and backprop deltas per layer (per neuron for small MLPs) for one input";
    }

    @Override
    public String usage() {
        return "Usage: ./neurite trace MODEL --input 1,2 --target 0 [--loss half_sse|sse|mse|binary_crossentropy|...] [--digits N] [--dot graph.dot] [--strict]\n"
                + "  MODEL: a model saved by Neurite, or a Keras architecture JSON file (fresh random weights).\n"
                + "  --input    the sample's values, comma-separated, in row-major order of the input shape (no batch axis)\n"
                + "  --target   the target values, likewise\n"
                + "  --loss     the error E (default half_sse: E = 1/2 * sum((a - y)^2))\n"
                + "  --digits   significant digits of the printed numbers, 1 to 17 (default 6; integers are printed in full)\n"
                + "  --dot      also write the computation graph with values and gradients as Graphviz DOT\n"
                + SummaryCommand.STRICT_USAGE;
    }

    @Override
    public int run(String[] argv, PrintStream out) throws Exception {
        Args args = Args.parse(argv, 1, Set.of("strict"));
        args.allowOnly(Set.of("input", "target", "loss", "digits", "dot", "strict"));
        if (args.positionals().size() != 1) throw new Args.UsageException("expected one MODEL file");
        if (!args.has("input") || !args.has("target")) throw new Args.UsageException("--input and --target are required");
        if (args.has("dot")) Outputs.checkWritable("dot", Path.of(args.get("dot", "")));
        SummaryCommand.Loaded loaded = SummaryCommand.load(Path.of(args.positionals().get(0)), args.has("strict"));
        Model model = loaded.model();
        if (model.inputs().size() != 1 || model.outputs().size() != 1) {
            throw new IllegalArgumentException(model.name() + ": trace supports models with one input and one output");
        }
        if (!model.inputs().get(0).shape().isKnown()) {
            throw new IllegalArgumentException(model.name() + ": trace needs an input of known size, got " + Summary.shapeString(model.inputs().get(0).shape()));
        }
        Tensor x = values("input", args.get("input", ""), model.inputs().get(0).shape().dims());
        Tensor y = values("target", args.get("target", ""), model.outputs().get(0).shape().dims());
        TraceLoss loss;
        try {
            loss = TraceLoss.byName(args.get("loss", "half_sse"));
        } catch (IllegalArgumentException e) {
            throw new Args.UsageException("--loss: " + e.getMessage());
        }
        int digits = digits(args.get("digits", Integer.toString(TraceText.DEFAULT_DIGITS)));
        Trace t = BackpropTrace.run(model, x, y, loss);
        out.print(t.render(digits));
        if (args.has("dot")) {
            Path file = Path.of(args.get("dot", ""));
            byte[] dot = t.toDot().getBytes(StandardCharsets.UTF_8);
            AtomicFile.write(file, o -> o.write(dot));
            out.println("\nwrote the computation graph to " + file + " (render: dot -Tpng " + file + " -o graph.png)");
        }
        loaded.printWarnings(out);
        return 0;
    }

    private static int digits(String text) {
        try {
            int d = Integer.parseInt(text.trim());
            if (d >= 1 && d <= 17) return d;
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new Args.UsageException("--digits: expected a whole number of significant digits from 1 to 17, got '" + text + "'");
    }

    /** Comma-separated numbers for a tensor of this per-sample shape. */
    static Tensor values(String option, String text, int[] shape) {
        String[] parts = text.split(",");
        int expected = 1;
        for (int d : shape) expected *= d;
        if (parts.length != expected) {
            throw new Args.UsageException("--" + option + ": the model expects " + expected + " value(s) for shape " + java.util.Arrays.toString(shape) + ", got " + parts.length);
        }
        float[] v = new float[parts.length];
        for (int i = 0; i < v.length; i++) {
            try {
                v[i] = Float.parseFloat(parts[i].trim());
            } catch (NumberFormatException e) {
                throw new Args.UsageException("--" + option + ": value " + (i + 1) + " '" + parts[i].trim() + "' is not a number");
            }
        }
        return Tensor.of(v, shape);
    }
}
