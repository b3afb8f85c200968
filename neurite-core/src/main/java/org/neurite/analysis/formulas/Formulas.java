package org.neurite.analysis.formulas;

import java.util.ArrayList;
import java.util.List;
import org.neurite.nn.Layer;
import org.neurite.nn.Model;
import org.neurite.nn.Sequential;
import org.neurite.nn.Summary;
import org.neurite.nn.SymbolicTensor;
import org.neurite.tensor.Shape;

/**
 * The summary with formulas: for every layer application of a model, how its output shape and its
 * parameter count are computed, with the layer's numbers.
 *
 * <pre>{@code
 * List<FormulaRow> rows = Formulas.explain(model);   // data
 * System.out.print(Formulas.render(model));          // text
 * }</pre>
 *
 * <pre>
 * conv2d (Conv2D)   (None, 256, 256, 3) -> (None, 64, 64, 96)
 *   height, width: floor((256 - 11 + 2*5) / 4) + 1 = 64
 *   channels: filters = 96
 *   params: (11*11*3 + 1) * 96 = 34,944
 * </pre>
 */
public final class Formulas {
    private Formulas() {}

    /**
     * The shape and parameter formulas of every layer of a model.
     *
     * @param model a built model
     * @return one row per layer application, in execution order (a functional model's inputs first)
     */
    public static List<FormulaRow> explain(Model model) {
        List<FormulaRow> rows = new ArrayList<>();
        if (!(model instanceof Sequential)) {
            for (var in : model.inputs()) rows.add(row(in.layer(), List.of(in.shape()), in.shape()));
        }
        for (Model.Node n : model.nodes()) {
            List<Shape> ins = new ArrayList<>();
            for (SymbolicTensor t : n.inputs()) ins.add(t.shape());
            rows.add(row(n.layer(), ins, n.output().shape()));
        }
        return rows;
    }

    /**
     * The row of one layer applied to inputs of these shapes. A layer without a registered
     * formula, or whose formula fails, gets a row saying so with its counted parameters.
     *
     * @param layer a built layer
     * @param inputs its input shapes, batch axis excluded
     * @param output its output shape, batch axis excluded
     * @return the row
     */
    public static FormulaRow row(Layer layer, List<Shape> inputs, Shape output) {
        LayerFormula formula = LayerFormulas.forClass(layer.getClass());
        List<Term> shape;
        Term params;
        if (formula == null) {
            shape = List.of(Term.note("shape", "no formula for " + layer.className() + " (register one in LayerFormulas)"));
            params = Term.note("params", "no formula; counted from the weights: " + Term.group(layer.countParams()));
        } else {
            LayerFacts facts = new LayerFacts(layer, inputs, output);
            try {
                shape = withUnknownSizes(formula.shape(facts), inputs);
            } catch (RuntimeException e) { // this layer's row says so; the other rows are still computed
                shape = List.of(Term.note("shape", "cannot be computed: " + e.getMessage()));
            }
            try {
                params = formula.params(facts);
            } catch (RuntimeException e) {
                params = Term.note("params", "no formula (" + e.getMessage() + "); counted from the weights: " + Term.group(layer.countParams()));
            }
        }
        return new FormulaRow(layer.name(), layer.className(), inputs, output, shape, params, layer.countParams(), layer.trainableParams());
    }

    /** A number -1 that is not part of a bigger number or of "(k-1)": an unknown (None) size inside a formula. */
    private static final java.util.regex.Pattern UNKNOWN_IN_FORMULA = java.util.regex.Pattern.compile("(?<![\\d.)])-1(?![\\d.])");

    /**
     * With unknown (None) input sizes, a formula over such a size has no number: its line says so
     * instead of computing with the placeholder (-1); lines over known sizes (channels) stay.
     */
    private static List<Term> withUnknownSizes(List<Term> terms, List<Shape> inputs) {
        boolean known = true;
        for (Shape s : inputs) known &= s.isKnown();
        if (known) return terms;
        List<Term> out = new ArrayList<>();
        for (Term t : terms) {
            boolean unknown = (t.value() != null && t.value() < 0) || UNKNOWN_IN_FORMULA.matcher(t.expression()).find();
            out.add(unknown ? Term.note(t.label(), "None (depends on an input size that is unknown)") : t);
        }
        return out;
    }

    /**
     * The formulas of a model as text.
     *
     * @param model a built model
     * @return the model name, then per layer its shapes and formulas, then the totals
     */
    public static String render(Model model) {
        return render(model.name(), explain(model));
    }

    /**
     * Rows from {@link #explain} as text.
     *
     * @param modelName the name in the title
     * @param rows the rows
     * @return per layer its shapes and formulas, then the totals (shared layers counted once)
     */
    public static String render(String modelName, List<FormulaRow> rows) {
        StringBuilder out = new StringBuilder();
        out.append("Model: \"").append(modelName).append("\" — output shapes and parameter counts with their formulas\n");
        out.append("(shapes exclude the batch axis None; conv/pool: floor((in - k + 2p) / s) + 1, 'same': ceil(in / s))\n\n");
        long total = 0;
        long trainable = 0;
        java.util.Set<String> counted = new java.util.HashSet<>();
        for (FormulaRow r : rows) {
            out.append(r.layerName()).append(" (").append(r.className()).append(")   ");
            List<String> ins = new ArrayList<>();
            for (Shape s : r.inputShapes()) ins.add(Summary.shapeString(s));
            out.append(ins.size() == 1 ? ins.get(0) : "[" + String.join(", ", ins) + "]").append(" -> ").append(Summary.shapeString(r.outputShape())).append('\n');
            for (Term t : merge(r.shape())) out.append("  ").append(t.text()).append('\n');
            out.append("  ").append(r.params().text());
            if (!r.consistent()) out.append("   [the layer counts ").append(Term.group(r.actualParams())).append(']');
            out.append('\n');
            if (counted.add(r.layerName())) { // a shared layer's weights count once
                total += r.actualParams();
                trainable += r.trainableParams();
            }
        }
        out.append('\n');
        out.append("Total params: ").append(Term.group(total)).append('\n');
        out.append("Trainable params: ").append(Term.group(trainable)).append('\n');
        out.append("Non-trainable params: ").append(Term.group(total - trainable)).append('\n');
        return out.toString();
    }

    /** Consecutive axes with the same computation share one line: {@code height, width: ...}. */
    static List<Term> merge(List<Term> terms) {
        List<Term> out = new ArrayList<>();
        for (Term t : terms) {
            Term last = out.isEmpty() ? null : out.get(out.size() - 1);
            if (last != null && last.expression().equals(t.expression()) && java.util.Objects.equals(last.value(), t.value()) && !last.label().equals(t.label())) {
                out.set(out.size() - 1, new Term(last.label() + ", " + t.label(), t.expression(), t.value()));
            } else {
                out.add(t);
            }
        }
        return out;
    }
}
