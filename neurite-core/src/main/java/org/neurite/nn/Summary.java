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

    /**
     * One row of the table as data: the layer's name and class, its output shape as printed, its
     * parameter count (all, and trainable within this model), its own trainable flag (Keras'
     * "Trainable" column), the inbound tensors ({@code conv2d[0][0]}; the "Connected to" column of
     * functional models) and the rows of the layers inside it ({@link Layer#innerLayers()}, shown
     * with {@link Options#expandNested}).
     */
    public record Row(String name, String className, String outputShape, List<Shape> outputShapes, long params, long trainableParams,
            boolean trainable, List<String> inbound, List<String> connectedTo, List<Row> nested) {
        /** @return the first column: {@code name (ClassName)} */
        public String title() {
            return name + " (" + className + ")";
        }
    }

    /**
     * Options of the printed table, as the arguments of Keras' {@code print_summary}:
     * {@code line_length} (0: Keras' default, 65 for a chain of layers, 98 with the "Connected to"
     * column), {@code positions} (right edges of the columns, as fractions of the line length when
     * the last is at most 1, else as character positions; default 0.45, 0.85, 1 or 0.33, 0.55,
     * 0.67, 1), {@code show_trainable} (a last column "Trainable" with Y or N, 11 characters wider)
     * and {@code expand_nested} (the layers inside a layer, framed by {@code |} marks). The text
     * follows tf.keras 2.12's {@code print_summary}, character for character.
     */
    public static final class Options {
        private int lineLength;
        private double[] positions;
        private boolean showTrainable;
        private boolean expandNested;

        /**
         * Sets Keras' {@code line_length}.
         *
         * @param value characters per line; 0 for Keras' default (65, or 98 with "Connected to")
         * @return these options, for chaining
         * @throws IllegalArgumentException if {@code value} is negative
         */
        public Options lineLength(int value) {
            if (value < 0) throw new IllegalArgumentException("summary: lineLength must be >= 0 (0 = default), got " + value);
            this.lineLength = value;
            return this;
        }

        /**
         * Sets Keras' {@code positions}: the right edge of each column.
         *
         * @param value increasing positive edges, as fractions of the line length when the last is at most 1, else as characters; none for the default
         * @return these options, for chaining
         * @throws IllegalArgumentException if the edges do not increase or the first is not positive
         */
        public Options positions(double... value) {
            if (value != null && value.length > 0) {
                for (int i = 1; i < value.length; i++) {
                    if (!(value[i] > value[i - 1])) throw new IllegalArgumentException("summary: positions must increase, got " + java.util.Arrays.toString(value));
                }
                if (!(value[0] > 0)) throw new IllegalArgumentException("summary: positions must be positive, got " + java.util.Arrays.toString(value));
            }
            this.positions = value == null || value.length == 0 ? null : value.clone();
            return this;
        }

        /**
         * Sets Keras' {@code show_trainable}: a last column "Trainable" with Y or N.
         *
         * @param value true to add the column (default false)
         * @return these options, for chaining
         */
        public Options showTrainable(boolean value) {
            this.showTrainable = value;
            return this;
        }

        /**
         * Sets Keras' {@code expand_nested}: also list the layers inside a layer, framed by {@code |}.
         *
         * @param value true to expand (default false)
         * @return these options, for chaining
         */
        public Options expandNested(boolean value) {
            this.expandNested = value;
            return this;
        }
    }

    /**
     * The summary text with Keras' default options.
     *
     * @param model a built model (its input shape known)
     * @return the table, one {@code \n}-terminated line per printed line
     */
    public static String of(Model model) {
        return of(model, new Options());
    }

    /**
     * The summary as data.
     *
     * @param model a built model
     * @return one row per layer of {@link Model#layers()}, in that order
     */
    public static List<Row> rows(Model model) {
        Map<Layer, List<Model.Node>> nodes = model.nodesByLayer();
        List<Row> rows = new ArrayList<>();
        for (Layer layer : model.layers()) rows.add(row(model, layer, nodes.get(layer)));
        return rows;
    }

    private static Row row(Model model, Layer layer, List<Model.Node> layerNodes) {
        List<Row> inner = new ArrayList<>();
        for (Layer l : layer.innerLayers()) inner.add(new Row(l.name(), l.className(), shapeString(l.outputShape()), List.of(l.outputShape()),
                l.countParams(), l.trainableParams(), l.trainable(), List.of(), List.of(), List.of()));
        long trainable = model == null ? layer.trainableParams() : model.trainableParamsOf(layer);
        List<Shape> shapes = new ArrayList<>();
        List<String> inbound = new ArrayList<>();
        if (layerNodes == null || layerNodes.isEmpty()) {
            shapes.add(layer.outputShape());
        } else {
            for (SymbolicTensor t : layerNodes.get(0).output().nodeOutputs()) shapes.add(t.shape());
            for (Model.Node n : layerNodes) for (SymbolicTensor t : n.inputs()) inbound.add(t.layer().name());
        }
        return new Row(layer.name(), layer.className(), outputShape(model, layer, layerNodes), List.copyOf(shapes), layer.countParams(), trainable,
                layer.trainable(), List.copyOf(inbound), connections(layerNodes), List.copyOf(inner));
    }

    /**
     * The summary text with {@link Options} (Keras' {@code line_length}, {@code positions}, ...).
     *
     * @param model a built model
     * @param options the table's layout
     * @return the table, one {@code \n}-terminated line per printed line
     */
    public static String of(Model model, Options options) {
        boolean sequential = model instanceof Sequential || model.isSequentialLike();
        int width = options.lineLength > 0 ? options.lineLength : sequential ? 65 : 98;
        double[] fractions = options.positions != null ? options.positions
                : sequential ? new double[] {0.45, 0.85, 1.0} : new double[] {0.33, 0.55, 0.67, 1.0};
        int columns = sequential ? 3 : 4;
        if (fractions.length != columns) {
            throw new IllegalArgumentException("summary: " + columns + " column positions expected for this model, got " + fractions.length);
        }
        int[] positions = new int[columns + (options.showTrainable ? 1 : 0)];
        for (int i = 0; i < columns; i++) positions[i] = fractions[columns - 1] <= 1 ? (int) (width * fractions[i]) : (int) fractions[i];
        if (options.showTrainable) {
            width += 11;
            positions[columns] = width;
        }
        List<String> header = new ArrayList<>(List.of("Layer (type)", "Output Shape", "Param #"));
        if (!sequential) header.add("Connected to");
        if (options.showTrainable) header.add("Trainable");
        StringBuilder out = new StringBuilder();
        out.append("Model: \"").append(model.name()).append("\"\n");
        out.append("_".repeat(width)).append('\n');
        printRow(out, positions, 0, header.toArray(String[]::new));
        out.append("=".repeat(width)).append('\n');
        long total = 0;
        long trainable = 0;
        for (Row row : rows(model)) {
            printLayer(out, row, positions, width, sequential, options, 0, false);
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

    /** Keras' {@code print_layer}: the row, its nested rows framed by marks, then a blank separator line. */
    private static void printLayer(StringBuilder out, Row row, int[] positions, int width, boolean sequential, Options options, int level, boolean nestedLast) {
        List<String> fields = new ArrayList<>(List.of(row.title(), row.outputShape(), Long.toString(row.params())));
        if (!sequential) fields.add(connectionsString(row.connectedTo()));
        if (options.showTrainable) fields.add(row.trainable() ? "Y" : "N");
        printRow(out, positions, level, fields.toArray(String[]::new));
        if (options.expandNested && !row.nested().isEmpty()) {
            out.append("|".repeat(level + 1)).append("\u00af".repeat(width - 2 * level - 2)).append("|".repeat(level + 1)).append('\n');
            for (int i = 0; i < row.nested().size(); i++) {
                printLayer(out, row.nested().get(i), positions, width, sequential, options, level + 1, i == row.nested().size() - 1);
            }
            out.append("|".repeat(level)).append("\u00af".repeat(width - 2 * level)).append("|".repeat(level)).append('\n');
        }
        if (!nestedLast) out.append("|".repeat(level)).append(" ".repeat(width - 2 * level)).append("|".repeat(level)).append('\n');
    }

    /**
     * Python's repr of a Keras shape tuple with the batch axis.
     *
     * @param s a shape without the batch axis
     * @return e.g. {@code (None, 32, 32, 4)}, {@code (None, 512)}, {@code (None,)} for a scalar
     */
    public static String shapeString(Shape s) {
        StringBuilder sb = new StringBuilder("(None");
        for (int d : s.dims()) sb.append(", ").append(Shape.dimString(d));
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

    /** The inbound tensors of a layer's applications: {@code conv2d[0][0]}, {@code input_1[0][0]}. */
    private static List<String> connections(List<Model.Node> layerNodes) {
        List<String> items = new ArrayList<>();
        if (layerNodes != null) {
            for (Model.Node n : layerNodes) {
                for (SymbolicTensor t : n.inputs()) items.add(t.layer().name() + "[" + t.nodeIndex() + "][" + t.outputIndex() + "]");
            }
        }
        return List.copyOf(items);
    }

    /** Python's repr of the list: {@code ['conv2d[0][0]', 'input_1[0][0]']}. */
    private static String connectionsString(List<String> items) {
        List<String> quoted = new ArrayList<>();
        for (String i : items) quoted.add("'" + i + "'");
        return "[" + String.join(", ", quoted) + "]";
    }

    /**
     * Keras' {@code print_row}: each cell is cut to its column (minus 2 spaces of gap, except the
     * last column), preferring to break after "),", "},", "]," or "',"; what is left is printed on
     * the next line(s). Rows of nested layers ({@code level} > 0) are framed by {@code level} marks {@code |}.
     */
    static void printRow(StringBuilder out, int[] positions, int level, String... fields) {
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
                if (col == 0) line.append("|".repeat(level)).append(' ');
                line.append(fit).append(" ".repeat(space));
                left[col] = left[col].substring(Math.max(0, Math.min(cutoff, left[col].length())));
                int pad = positions[col] - line.length() - level;
                if (pad > 0) line.append(" ".repeat(pad));
            }
            out.append(line).append("|".repeat(level)).append('\n');
        }
    }

    private static boolean anyNonEmpty(String[] cells) {
        for (String c : cells) if (!c.isEmpty()) return true;
        return false;
    }
}
