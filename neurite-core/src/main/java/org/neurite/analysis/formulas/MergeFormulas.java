package org.neurite.analysis.formulas;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.neurite.nn.Layer;
import org.neurite.nn.layers.Add;
import org.neurite.nn.layers.Average;
import org.neurite.nn.layers.Concatenate;
import org.neurite.nn.layers.Dot;
import org.neurite.nn.layers.Maximum;
import org.neurite.nn.layers.Minimum;
import org.neurite.nn.layers.Multiply;
import org.neurite.nn.layers.Subtract;
import org.neurite.tensor.Shape;

/**
 * Formulas of the merge layers: elementwise merges keep the (common) shape; Concatenate adds the
 * sizes of the joined axis ({@code 64 + 32 = 96}); Dot removes the contracted axes. None has weights.
 */
final class MergeFormulas {
    private MergeFormulas() {}

    static void register(Map<Class<? extends Layer>, LayerFormula> m) {
        LayerFormula elementwise = LayerFormula.of(f -> List.of(Term.note("shape", "the common input shape " + f.shapeString(f.output())
                + " (elementwise over " + f.inputs().size() + " inputs)")), f -> LayerFormula.noParams());
        for (Class<? extends Layer> c : List.of(Add.class, Subtract.class, Multiply.class, Average.class, Maximum.class, Minimum.class)) m.put(c, elementwise);
        m.put(Concatenate.class, LayerFormula.of(MergeFormulas::concat, f -> LayerFormula.noParams()));
        m.put(Dot.class, LayerFormula.of(f -> List.of(Term.note("shape", "contracts axes " + f.config().get("axes") + " of "
                + shapes(f.inputs()) + " -> " + f.shapeString(f.output()))), f -> LayerFormula.noParams()));
    }

    private static String shapes(List<Shape> in) {
        List<String> s = new ArrayList<>();
        for (Shape x : in) s.add(org.neurite.nn.Summary.shapeString(x));
        return String.join(" and ", s);
    }

    private static List<Term> concat(LayerFacts f) {
        int rank = f.input().rank();
        int axis = f.integer("axis");
        int a = axis < 0 ? rank + axis : axis - 1; // Keras axis counts the batch axis
        StringBuilder expr = new StringBuilder();
        long sum = 0;
        for (Shape s : f.inputs()) {
            if (expr.length() > 0) expr.append(" + ");
            expr.append(s.dim(a));
            sum += s.dim(a);
        }
        String label = a == rank - 1 ? "last axis (" + (rank == 3 ? "channels" : "features") + ")" : "axis " + axis;
        return List.of(Term.of(label, expr.toString(), sum));
    }
}
