package org.neurite.nn;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.neurite.tensor.Shape;

/**
 * The text of Keras 2's {@code model.summary()} (tf.keras 2.9 to 2.12 layout), character for
 * character: 65 columns with Layer (type) / Output Shape / Param # for a Sequential or a chain,
 * 98 columns with an extra "Connected to" column for a functional model with branches. Long
 * cells wrap onto following lines exactly as Keras' {@code print_row} does, and every layer row
 * is followed by a blank line.
 */
public final class Summary {
    private Summary() {}

    /** The summary text, one {@code \n}-terminated line per printed line. */
    public static String of(Model model) {
        boolean sequential = model instanceof Sequential || model.isSequentialLike();
        int width = sequential ? 65 : 98;
        int[] positions = sequential ? new int[] {29, 55, 65} : new int[] {32, 53, 65, 98};
        StringBuilder out = new StringBuilder();
        out.append("Model: \"").append(model.name()).append("\"\n");
        out.append("_".repeat(width)).append('\n');
        if (sequential) {
            printRow(out, positions, "Layer (type)", "Output Shape", "Param #");
        } else {
            printRow(out, positions, "Layer (type)", "Output Shape", "Param #", "Connected to");
        }
        out.append("=".repeat(width)).append('\n');
        long total = 0;
        long trainable = 0;
        for (Row row : rows(model)) {
            String title = row.layer() + " (" + row.type() + ")";
            String params = Long.toString(row.params());
            if (sequential) {
                printRow(out, positions, title, row.outputShape(), params);
            } else {
                printRow(out, positions, title, row.outputShape(), params, row.connectedTo());
            }
            out.append(" ".repeat(width)).append('\n');
            total += row.params();
            trainable += row.trainableParams();
        }
        out.append("=".repeat(width)).append('\n');
        out.append(String.format(Locale.ROOT, "Total params: %,d\n", total));
        out.append(String.format(Locale.ROOT, "Trainable params: %,d\n", trainable));
        out.append(String.format(Locale.ROOT, "Non-trainable params: %,d\n", total - trainable));
        out.append("_".repeat(width)).append('\n');
        return out.toString();
    }

    /**
     * One layer of the summary table, as data (for dashboards and graph exports).
     *
     * @param layer           the layer's name
     * @param type            its class name ({@code Dense})
     * @param outputShape     the Output Shape cell, {@code (None, 10)}
     * @param outputShapes    the shapes of the layer's outputs (first call), batch axis left out
     * @param params          its parameter count
     * @param trainableParams of which trainable
     * @param inbound         the names of the layers it reads, one per inbound tensor, all calls
     * @param connectedTo     the Connected to cell, {@code ['conv2d[0][0]']}
     */
    public record Row(String layer, String type, String outputShape, List<Shape> outputShapes, long params, long trainableParams,
                      List<String> inbound, String connectedTo) {}

    /** The rows of the summary table, in the model's layer order. */
    public static List<Row> rows(Model model) {
        Map<Layer, List<Model.Node>> nodes = model.nodesByLayer();
        List<Row> rows = new ArrayList<>();
        for (Layer layer : model.layers()) {
            List<Model.Node> layerNodes = nodes.get(layer);
            List<Shape> shapes = new ArrayList<>();
            List<String> inbound = new ArrayList<>();
            if (layerNodes == null || layerNodes.isEmpty()) {
                shapes.add(layer.outputShape());
            } else {
                for (SymbolicTensor t : layerNodes.get(0).output().nodeOutputs()) shapes.add(t.shape());
                for (Model.Node n : layerNodes) for (SymbolicTensor t : n.inputs()) inbound.add(t.layer().name());
            }
            rows.add(new Row(layer.name(), layer.className(), outputShape(model, layer, layerNodes), List.copyOf(shapes), layer.countParams(),
                    model.trainableParamsOf(layer), List.copyOf(inbound), connections(layerNodes)));
        }
        return rows;
    }

    /** Python's repr of a Keras shape tuple: {@code (None, 32, 32, 4)}, {@code (None, 512)}. */
    public static String shapeString(Shape s) {
        StringBuilder sb = new StringBuilder("(None");
        for (int d : s.dims()) sb.append(", ").append(d);
        if (s.rank() == 0) sb.append(',');
        return sb.append(')').toString();
    }

    private static String outputShape(Model model, Layer layer, List<Model.Node> layerNodes) {
        if (model.isInputLayer(layer)) return "[" + shapeString(layer.outputShape()) + "]"; // Keras 2 shows a list
        if (layerNodes == null || layerNodes.isEmpty()) return shapeString(layer.outputShape());
        String first = nodeShape(layerNodes.get(0));
        for (Model.Node n : layerNodes) if (!nodeShape(n).equals(first)) return "multiple";
        return first;
    }

    /** One output: {@code (None, 6)}; several (LSTM with return_state): {@code [(None, 6), (None, 6)]}. */
    private static String nodeShape(Model.Node n) {
        List<SymbolicTensor> outs = n.output().nodeOutputs();
        if (outs.size() == 1) return shapeString(outs.get(0).shape());
        List<String> parts = new ArrayList<>();
        for (SymbolicTensor t : outs) parts.add(shapeString(t.shape()));
        return "[" + String.join(", ", parts) + "]";
    }

    /** Python's repr of the list of inbound tensors: {@code ['conv2d[0][0]', 'input_1[0][0]']}. */
    private static String connections(List<Model.Node> layerNodes) {
        List<String> items = new ArrayList<>();
        if (layerNodes != null) {
            for (Model.Node n : layerNodes) {
                for (SymbolicTensor t : n.inputs()) items.add("'" + t.layer().name() + "[" + t.nodeIndex() + "][" + t.outputIndex() + "]'");
            }
        }
        return "[" + String.join(", ", items) + "]";
    }

    /**
     * Keras' {@code print_row}: each cell is cut to its column (minus 2 spaces of gap, except the
     * last column), preferring to break after "),", "},", "]," or "',"; what is left is printed on
     * the next line(s).
     */
    static void printRow(StringBuilder out, int[] positions, String... fields) {
        String[] left = fields.clone();
        while (anyNonEmpty(left)) {
            StringBuilder line = new StringBuilder();
            for (int col = 0; col < left.length; col++) {
                int start = col > 0 ? positions[col - 1] : 0;
                int space = col != positions.length - 1 ? 2 : 0;
                int cutoff = positions[col] - start - space;
                String fit = left[col].substring(0, Math.max(0, Math.min(cutoff, left[col].length())));
                int best = -1;
                for (String brk : new String[] {"),", "},", "],", "',"}) {
                    int at = fit.indexOf(brk);
                    if (at >= 0 && (best < 0 || at + brk.length() < best)) best = at + brk.length();
                }
                if (best >= 0) {
                    cutoff = best;
                    fit = fit.substring(0, cutoff);
                }
                if (col == 0) line.append(' ');
                line.append(fit).append(" ".repeat(space));
                left[col] = left[col].substring(Math.max(0, Math.min(cutoff, left[col].length())));
                int pad = positions[col] - line.length();
                if (pad > 0) line.append(" ".repeat(pad));
            }
            out.append(line).append('\n');
        }
    }

    private static boolean anyNonEmpty(String[] cells) {
        for (String c : cells) if (!c.isEmpty()) return true;
        return false;
    }
}
