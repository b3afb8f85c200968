package org.neurite.analysis.trace;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.neurite.autograd.Autograd;
import org.neurite.autograd.Node;
import org.neurite.tensor.Tensor;

/**
 * The recorded computation graph (the autograd tape) below a tensor, as Graphviz DOT: one box per
 * tensor with its op, shape, value and gradient, arrows from inputs to the result. The graph is
 * walked with an explicit stack (no recursion). Gradients are those of the root (which must be a
 * scalar to have them) with respect to every tensor that requires one, computed with
 * {@link Autograd#grad} without touching anybody's {@code grad()}.
 *
 * <pre>{@code
 * Files.writeString(Path.of("graph.dot"), GraphvizExport.toDot(loss));
 * // dot -Tpng graph.dot -o graph.png
 * }</pre>
 */
public final class GraphvizExport {
    static final int SHOWN = 6;

    private GraphvizExport() {}

    /**
     * The graph below a tensor, with generic node names.
     *
     * @param root the tensor whose recorded inputs are drawn, e.g. a loss
     * @return the graph in Graphviz DOT syntax
     */
    public static String toDot(Tensor root) {
        return toDot(root, Map.of());
    }

    /**
     * The graph below a tensor, with readable names for some tensors (weights, layer outputs),
     * matched by identity.
     *
     * @param root the tensor whose recorded inputs are drawn
     * @param names labels by tensor
     * @return the graph in Graphviz DOT syntax
     */
    public static String toDot(Tensor root, Map<Tensor, String> names) {
        List<Tensor> tensors = collect(root);
        Map<Tensor, Integer> ids = new IdentityHashMap<>();
        for (Tensor t : tensors) ids.put(t, ids.size());
        Map<Tensor, Tensor> grads = new IdentityHashMap<>();
        if (root.requiresGrad() && root.size() == 1) {
            List<Tensor> wanted = new ArrayList<>();
            for (Tensor t : tensors) if (t.requiresGrad()) wanted.add(t);
            List<Tensor> g = Autograd.grad(root, wanted, false);
            for (int i = 0; i < wanted.size(); i++) grads.put(wanted.get(i), g.get(i));
        }
        Map<Tensor, String> byIdentity = new IdentityHashMap<>(names);
        StringBuilder out = new StringBuilder();
        out.append("digraph autograd {\n  rankdir=BT;\n  node [shape=record, fontname=\"Helvetica\", fontsize=10];\n");
        for (Tensor t : tensors) {
            String name = byIdentity.get(t);
            String op = t.node() == null ? (t.requiresGrad() ? "leaf (requires grad)" : "constant") : t.node().op();
            StringBuilder label = new StringBuilder();
            label.append(name != null ? escape(name) + " \\| " + escape(op) : escape(op)).append(' ').append(escape(t.shape().toString()));
            label.append(" | value ").append(escape(abbreviated(t)));
            Tensor g = grads.get(t);
            if (g != null) label.append(" | grad ").append(escape(abbreviated(g)));
            String style = t.node() == null ? (t.requiresGrad() ? ", style=filled, fillcolor=\"#dbe9ff\"" : ", style=filled, fillcolor=\"#eeeeee\"") : "";
            out.append("  t").append(ids.get(t)).append(" [label=\"{").append(label).append("}\"").append(style).append("];\n");
        }
        for (Tensor t : tensors) {
            Node n = t.node();
            if (n == null) continue;
            for (Tensor in : n.inputs()) {
                if (in != null && ids.containsKey(in)) out.append("  t").append(ids.get(in)).append(" -> t").append(ids.get(t)).append(";\n");
            }
        }
        out.append("}\n");
        return out.toString();
    }

    /** Every tensor reachable from the root through recorded ops, root first (iterative). */
    static List<Tensor> collect(Tensor root) {
        List<Tensor> out = new ArrayList<>();
        Map<Tensor, Boolean> seen = new IdentityHashMap<>();
        Deque<Tensor> stack = new ArrayDeque<>();
        stack.push(root);
        seen.put(root, Boolean.TRUE);
        while (!stack.isEmpty()) {
            Tensor t = stack.pop();
            out.add(t);
            if (t.node() == null) continue;
            for (Tensor in : t.node().inputs()) {
                if (in != null && seen.put(in, Boolean.TRUE) == null) stack.push(in);
            }
        }
        return out;
    }

    private static String abbreviated(Tensor t) {
        if (t.size() <= SHOWN) return TraceText.values(t);
        float[] v = t.toArray();
        double sum = 0;
        float min = Float.POSITIVE_INFINITY;
        float max = Float.NEGATIVE_INFINITY;
        for (float x : v) {
            sum += x;
            min = Math.min(min, x);
            max = Math.max(max, x);
        }
        return "mean " + TraceText.num(sum / v.length) + ", min " + TraceText.num(min) + ", max " + TraceText.num(max);
    }

    private static String escape(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"").replace("{", "\\{").replace("}", "\\}").replace("<", "\\<").replace(">", "\\>").replace("|", "\\|");
    }
}
