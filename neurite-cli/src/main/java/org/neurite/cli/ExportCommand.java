package org.neurite.cli;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import org.neurite.io.safetensors.Safetensors;
import org.neurite.nn.Model;
import org.neurite.onnx.OnnxExporter;

/** Writes a saved model as ONNX (graph and weights) or its weights as safetensors, chosen by the output's extension. */
final class ExportCommand implements Main.Command {
    @Override
    public String summary() {
        return "export a saved model to ONNX (.onnx) or its weights to safetensors (.safetensors)";
    }

    @Override
    public String usage() {
        return "Usage: ./neurite export MODEL OUT.onnx [--opset N] [--fold-batchnorm]\n"
                + "       ./neurite export MODEL OUT.safetensors\n"
                + "  OUT.onnx           the inference graph with its weights (dropout off, batch normalization with its\n"
                + "                     moving statistics, Sampling as its mean), batch axis dynamic, inputs float32\n"
                + "  --opset N          ONNX opset 13 to 17 (default 13; 17 exports LayerNormalization as one operator)\n"
                + "  --fold-batchnorm   fold BatchNormalization into the convolution before it where possible\n"
                + "  OUT.safetensors    every weight under its full name (conv2d/kernel), float32";
    }

    @Override
    public int run(String[] argv, PrintStream out) throws Exception {
        Args args = Args.parse(argv, 1, Set.of("fold-batchnorm"));
        args.allowOnly(Set.of("opset", "fold-batchnorm"));
        if (args.positionals().size() != 2) throw new Args.UsageException("expected MODEL and an output file (.onnx or .safetensors)");
        Path in = Path.of(args.positionals().get(0)), target = Path.of(args.positionals().get(1));
        String lower = target.getFileName().toString().toLowerCase(Locale.ROOT);
        boolean onnx = lower.endsWith(".onnx"), safetensors = lower.endsWith(".safetensors");
        if (!onnx && !safetensors) throw new Args.UsageException("the output must end in .onnx or .safetensors, got " + target);
        if (safetensors && (args.has("opset") || args.has("fold-batchnorm"))) {
            throw new Args.UsageException("--opset and --fold-batchnorm apply to .onnx outputs only");
        }
        Outputs.checkWritable("output", target);
        Model model = SummaryCommand.load(in, true).model(); // an export carries weights: no training-only field is skipped silently
        if (onnx) {
            new OnnxExporter().opset(args.getInt("opset", 13)).foldBatchNorm(args.has("fold-batchnorm")).export(model, target);
        } else {
            Safetensors.saveWeights(model, target);
        }
        out.println("wrote " + target + " (" + Files.size(target) + " bytes" + (onnx ? ", opset " + args.getInt("opset", 13) : "") + ")");
        return 0;
    }
}
