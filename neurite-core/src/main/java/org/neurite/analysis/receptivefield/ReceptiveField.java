package org.neurite.analysis.receptivefield;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.neurite.analysis.receptivefield.FieldRow.Kind;
import org.neurite.nn.Input;
import org.neurite.nn.Layer;
import org.neurite.nn.Model;
import org.neurite.nn.Summary;
import org.neurite.nn.SymbolicTensor;
import org.neurite.nn.layers.*;
import org.neurite.tensor.Padding;
import org.neurite.tensor.Shape;

/**
 * Receptive-field analysis: for every layer application of a model, the size r of the input
 * region one output unit sees, the jump j (distance in input pixels between neighbouring output
 * units, the product of the strides) and the start (centre of the first output unit's field), per
 * spatial axis. Input pixel {@code i} is centred at {@code i}; the input has r = 1, j = 1,
 * start = 0. A window layer (convolution with kernel k, dilation d, so effective size
 * {@code d*(k-1) + 1}; pooling) with stride s and padding p (before) gives
 * <pre>
 *   r' = r + (k - 1)*j        j' = j*s        start' = start + ((k - 1)/2 - p)*j
 * </pre>
 * Padding does not change r. Transposed convolutions divide the jump by their stride (convention
 * in {@link AxisField#transposed}); up-sampling likewise ({@link AxisField#upsample}).
 *
 * <p>Layers that make every output unit depend on the whole input are reported as
 * {@link Kind#WHOLE_INPUT} with the input's extent as size: Dense after Flatten (or on a vector),
 * global pooling, attention, recurrent layers. Dense on a grid (applied to the last axis only)
 * is a 1x1 convolution and keeps the field. Flatten and Reshape end the grid
 * ({@link Kind#FLATTENED}).
 *
 * <p>Functional graphs: a merge (Add, Concatenate, ...) takes, per axis, the largest field of its
 * inputs (the field along the longest path; with equal jumps this is the exact union, since the
 * smaller windows are centred inside it when the paths keep the alignment, as 'same' padded
 * residual and Inception branches do).
 */
public final class ReceptiveField {
    private ReceptiveField() {}

    /** The state of one symbolic tensor. */
    private record State(Kind kind, List<AxisField> axes, int[] extent) {}

    /**
     * The receptive field after every layer of a model.
     *
     * @param model a built model (Sequential with an input shape, or functional)
     * @return one row per layer application, in execution order, after one row per model input
     */
    public static List<FieldRow> analyze(Model model) {
        Map<SymbolicTensor, State> states = new IdentityHashMap<>();
        List<FieldRow> rows = new ArrayList<>();
        for (Input in : model.inputs()) {
            Shape s = in.shape();
            int spatial = s.rank() - 1;
            int[] extent = new int[Math.max(spatial, 0)];
            List<AxisField> axes = new ArrayList<>();
            for (int a = 0; a < spatial; a++) {
                extent[a] = s.dim(a);
                axes.add(AxisField.INPUT);
            }
            State st = new State(spatial > 0 ? Kind.LOCAL : Kind.UNDEFINED, axes, extent);
            states.put(in, st);
            rows.add(new FieldRow(in.layer().name(), in.layer().className(), s, st.kind(), axes, spatial > 0 ? "each input pixel sees itself" : "a vector: no spatial axes"));
        }
        for (Model.Node n : model.nodes()) {
            List<State> ins = new ArrayList<>();
            List<Shape> inShapes = new ArrayList<>();
            for (SymbolicTensor t : n.inputs()) {
                ins.add(states.get(t));
                inShapes.add(t.shape());
            }
            StringBuilder note = new StringBuilder();
            State out;
            try {
                out = step(n.layer(), ins, inShapes, n.output().shape(), note);
            } catch (RuntimeException e) { // this row says so; the rows after it are still computed
                note.setLength(0);
                note.append("cannot be computed: ").append(e.getMessage());
                out = new State(Kind.UNDEFINED, List.of(), ins.get(0).extent());
            }
            for (SymbolicTensor o : n.output().nodeOutputs()) states.put(o, out);
            rows.add(new FieldRow(n.layer().name(), n.layer().className(), n.output().shape(), out.kind(), out.axes(), note.toString()));
        }
        return rows;
    }

    private static State step(Layer layer, List<State> ins, List<Shape> inShapes, Shape outShape, StringBuilder note) {
        State in = ins.get(0);
        Map<String, Object> c = org.neurite.analysis.formulas.LayerFacts.configOf(layer);
        if (ins.size() > 1 && !(layer instanceof MultiHeadAttention) && !(layer instanceof Dot) && !(layer instanceof BaseAttention)) return merge(ins, note);
        if (layer instanceof GlobalPooling) return whole(in, note, "global pooling over all positions");
        if (layer instanceof MultiHeadAttention || layer instanceof TransformerEncoder || layer instanceof Dot || layer instanceof BaseAttention) {
            return whole(mergeAll(ins), note, "attends to (or contracts over) every position");
        }
        if (layer instanceof RecurrentLayer r) {
            return whole(in, note, r.returnSequences() ? "recurrence: step t sees steps 0..t (all of them from the last step)" : "the final state has seen every step");
        }
        if (layer instanceof Bidirectional) return whole(in, note, "both directions: every step sees the whole sequence");
        if (layer instanceof Embedding) {
            int[] extent = inShapes.get(0).rank() == 1 ? new int[] {inShapes.get(0).dim(0)} : in.extent();
            note.append("each step sees its own token");
            return new State(Kind.LOCAL, List.of(AxisField.INPUT), extent);
        }
        if (layer instanceof Flatten || layer instanceof Reshape || layer instanceof Permute) {
            if (in.kind() != Kind.LOCAL) return same(in, note);
            note.append("the grid ends here: each unit keeps the field above");
            return new State(Kind.FLATTENED, in.axes(), in.extent());
        }
        if (layer instanceof Dense) {
            if (in.kind() == Kind.WHOLE_INPUT) return same(in, note);
            if (in.kind() == Kind.LOCAL && !in.axes().isEmpty()) {
                note.append("applied to the last axis only (a 1x1 convolution): field unchanged");
                return in;
            }
            return whole(in, note, in.kind() == Kind.FLATTENED ? "fully connected to the flattened grid" : "fully connected");
        }
        if (in.kind() != Kind.LOCAL) return same(in, note);
        if (layer instanceof Conv2D || layer instanceof DepthwiseConv2D || layer instanceof SeparableConv2D || layer instanceof Conv1D || layer instanceof Conv3D
                || layer instanceof Pool2D || layer instanceof Pool1D || layer instanceof MaxPooling3D) {
            boolean pool = layer instanceof Pool2D || layer instanceof Pool1D || layer instanceof MaxPooling3D;
            int spatial = in.axes().size();
            int[] k = spread(ints(c.get(pool ? "pool_size" : "kernel_size")), spatial);
            int[] s = spread(c.get("strides") == null ? k : ints(c.get("strides")), spatial);
            int[] d = spread(pool || c.get("dilation_rate") == null ? new int[] {1} : ints(c.get("dilation_rate")), spatial);
            int[] kEff = new int[spatial];
            for (int a = 0; a < spatial; a++) kEff[a] = d[a] * (k[a] - 1) + 1;
            Shape padded = inShapes.get(0);
            boolean assumedSize = false;
            if (!padded.isKnown() && "same".equals(c.get("padding"))) {
                // 'same' pads by the input size modulo the stride: take a size divisible by it, and say so
                int[] dims = padded.dims();
                for (int a = 0; a < spatial; a++) {
                    if (dims[a] != Shape.UNKNOWN) continue;
                    dims[a] = 64 * s[a];
                    assumedSize |= s[a] > 1;
                }
                padded = Shape.of(dims);
            }
            int[] before = padBefore(c.get("padding"), padded, kEff, s);
            List<AxisField> axes = new ArrayList<>();
            for (int a = 0; a < spatial; a++) {
                AxisField f = in.axes().get(a);
                AxisField g = f.window(kEff[a], s[a], before[a]);
                axes.add(g);
                explain(note, a, spatial, "r = " + AxisField.num(f.size()) + " + (" + kEff[a] + " - 1)*" + AxisField.num(f.jump()) + " = " + AxisField.num(g.size())
                        + ", j = " + AxisField.num(f.jump()) + "*" + s[a] + " = " + AxisField.num(g.jump()) + ", start = " + AxisField.num(g.start())
                        + (kEff[a] != k[a] ? " (dilated kernel " + kEff[a] + ")" : ""));
            }
            if (assumedSize) note.append(" (start for an input size divisible by the stride; 'same' pads by the size)");
            return new State(Kind.LOCAL, axes, in.extent());
        }
        if (layer instanceof Conv2DTranspose) {
            int[] k = ints(c.get("kernel_size"));
            int[] s = ints(c.get("strides"));
            List<AxisField> axes = new ArrayList<>();
            for (int a = 0; a < 2; a++) {
                int before = transposedPadBefore(c, a, k[a], s[a], outShape.dim(a));
                AxisField f = in.axes().get(a);
                AxisField g = f.transposed(k[a], s[a], before);
                axes.add(g);
                explain(note, a, 2, "j = " + AxisField.num(f.jump()) + "/" + s[a] + " = " + AxisField.num(g.jump()) + ", r = " + AxisField.num(f.size()) + " + (" + k[a]
                        + " - 1)*" + AxisField.num(g.jump()) + " = " + AxisField.num(g.size()) + ", start = " + AxisField.num(g.start()) + " (transposed: counts inserted zeros)");
            }
            return new State(Kind.LOCAL, axes, in.extent());
        }
        if (layer instanceof UpSampling2D) {
            int[] u = ints(c.get("size"));
            boolean bilinear = "bilinear".equals(c.get("interpolation"));
            List<AxisField> axes = new ArrayList<>();
            for (int a = 0; a < 2; a++) axes.add(in.axes().get(a).upsample(u[a], bilinear));
            note.append("up-sampling divides the jump by ").append(u[0]).append(u[1] != u[0] ? "x" + u[1] : "").append(bilinear ? "; bilinear mixes 2 neighbours" : "; size unchanged");
            return new State(Kind.LOCAL, axes, in.extent());
        }
        if (layer instanceof ZeroPadding2D || layer instanceof Cropping2D) {
            int[] p = ints(c.get(layer instanceof ZeroPadding2D ? "padding" : "cropping"));
            int sign = layer instanceof ZeroPadding2D ? -1 : 1;
            List<AxisField> axes = new ArrayList<>();
            for (int a = 0; a < 2; a++) {
                AxisField f = in.axes().get(a);
                axes.add(new AxisField(f.size(), f.jump(), f.start() + sign * p[2 * a] * f.jump()));
            }
            note.append("shifts the start; size and jump unchanged");
            return new State(Kind.LOCAL, axes, in.extent());
        }
        if (layer instanceof AdaptiveAveragePooling2D) {
            List<AxisField> axes = new ArrayList<>();
            boolean exact = true;
            for (int a = 0; a < 2; a++) {
                int inLen = inShapes.get(0).dim(a);
                int outLen = outShape.dim(a);
                int s = Math.max(inLen / outLen, 1);
                int k = inLen - (outLen - 1) * s;
                exact &= inLen % outLen == 0;
                axes.add(in.axes().get(a).window(k, s, 0));
            }
            note.append(exact ? "equal bins: a pooling window" : "unequal bins: approximated by the largest bin");
            return new State(Kind.LOCAL, axes, in.extent());
        }
        if (layer instanceof ModelLayer) {
            note.append("a nested model: analyse it on its own (receptive-field of that model)");
            return new State(Kind.UNDEFINED, List.of(), in.extent());
        }
        if (layer instanceof Lambda) {
            note.append("a Lambda: its field cannot be analysed");
            return new State(Kind.UNDEFINED, List.of(), in.extent());
        }
        if (layer instanceof RepeatVector) return same(in, note);
        // elementwise and per-position layers: activations, dropout, normalizations, position encodings
        note.append("per position: field unchanged");
        return in;
    }

    private static State same(State in, StringBuilder note) {
        note.append(in.kind() == Kind.WHOLE_INPUT ? "still the whole input" : in.kind() == Kind.FLATTENED ? "units keep their fields" : "no spatial field");
        return in;
    }

    private static State whole(State in, StringBuilder note, String why) {
        note.append("whole input: ").append(why);
        List<AxisField> axes = new ArrayList<>();
        for (int e : in.extent()) axes.add(new AxisField(e, 0, (e - 1) / 2.0));
        return new State(Kind.WHOLE_INPUT, axes, in.extent());
    }

    /** Per-path maximum of the inputs' fields. */
    private static State merge(List<State> ins, StringBuilder note) {
        State m = mergeAll(ins);
        if (m.kind() == Kind.LOCAL) {
            boolean sameJump = true;
            for (State s : ins) for (int a = 0; a < s.axes().size(); a++) sameJump &= s.axes().get(a).jump() == m.axes().get(a).jump();
            note.append("merge of ").append(ins.size()).append(" paths: the largest field").append(sameJump ? "" : " (the paths have different jumps!)");
        } else {
            note.append("merge: ").append(m.kind() == Kind.WHOLE_INPUT ? "a path sees the whole input" : "no common grid");
        }
        return m;
    }

    private static State mergeAll(List<State> ins) {
        State first = ins.get(0);
        boolean allLocal = true;
        boolean anyWhole = false;
        for (State s : ins) {
            allLocal &= s.kind() == Kind.LOCAL && s.axes().size() == first.axes().size();
            anyWhole |= s.kind() == Kind.WHOLE_INPUT;
        }
        if (anyWhole) {
            for (State s : ins) if (s.kind() == Kind.WHOLE_INPUT) return s;
        }
        if (!allLocal) {
            for (State s : ins) if (s.kind() == Kind.FLATTENED) return s;
            return new State(Kind.UNDEFINED, List.of(), first.extent());
        }
        List<AxisField> axes = new ArrayList<>(first.axes());
        for (State s : ins) for (int a = 0; a < axes.size(); a++) axes.set(a, AxisField.max(axes.get(a), s.axes().get(a)));
        return new State(Kind.LOCAL, axes, first.extent());
    }

    private static void explain(StringBuilder note, int axis, int spatial, String text) {
        if (axis == 1 && note.toString().equals(text)) return; // same on both axes: once
        if (axis == 1) {
            String first = note.toString();
            note.setLength(0);
            note.append("height: ").append(first).append("; width: ");
        }
        note.append(text);
    }

    /** Padding before the first element along each spatial axis. */
    private static int[] padBefore(Object padding, Shape in, int[] kEff, int[] s) {
        int spatial = kEff.length;
        int[] out = new int[spatial];
        if (padding == null || "valid".equals(padding)) return out;
        if ("causal".equals(padding)) {
            out[0] = kEff[0] - 1;
            return out;
        }
        if ("same".equals(padding)) {
            if (spatial == 3) { // Conv3D / MaxPooling3D: the same rule per axis
                int[] out3 = new int[3];
                for (int a = 0; a < 3; a++) out3[a] = Padding.same().resolve(1, in.dim(a), 1, kEff[a], 1, s[a])[2];
                return out3;
            }
            if (spatial == 2) {
                int[] p = Padding.same().resolve(in.dim(0), in.dim(1), kEff[0], kEff[1], s[0], s[1]);
                return new int[] {p[0], p[2]};
            }
            int[] p = Padding.same().resolve(1, in.dim(0), 1, kEff[0], 1, s[0]);
            return new int[] {p[2]};
        }
        int[] p = ints(padding);
        for (int a = 0; a < spatial; a++) out[a] = p[2 * a];
        return out;
    }

    /** Conv2DTranspose's padding before (the cropping of its full output), as the layer computes it. */
    private static int transposedPadBefore(Map<String, Object> c, int axis, int k, int s, int out) {
        Object p = c.get("padding");
        if ("valid".equals(p)) return 0;
        if ("same".equals(p)) return Math.max(((out + s - 1) / s - 1) * s + k - out, 0) / 2;
        return ints(p)[2 * axis];
    }

    private static int[] spread(int[] v, int n) {
        if (v.length == n) return v;
        int[] out = new int[n];
        for (int i = 0; i < n; i++) out[i] = v[Math.min(i, v.length - 1)];
        return out;
    }

    static int[] ints(Object v) {
        if (v instanceof Number n) return new int[] {n.intValue()};
        if (v instanceof int[] a) return a;
        if (v instanceof List<?> l) {
            int[] out = new int[l.size()];
            for (int i = 0; i < out.length; i++) out[i] = ((Number) l.get(i)).intValue();
            return out;
        }
        throw new IllegalArgumentException("expected a list of integers, got " + v);
    }

    // ------------------------------------------------------------------ text

    /**
     * The receptive fields of a model as a table.
     *
     * @param model a built model
     * @return the table: layer, output shape, receptive field, jump, start, and how it was computed
     */
    public static String render(Model model) {
        return render(model.name(), analyze(model));
    }

    /**
     * Rows from {@link #analyze} as a table.
     *
     * @param modelName the name in the title
     * @param rows the rows to print
     * @return the table, one line per row after a title and a header
     */
    public static String render(String modelName, List<FieldRow> rows) {
        StringBuilder out = new StringBuilder();
        out.append("Receptive fields of \"").append(modelName).append("\" (input coordinates: pixel i is centred at i; start = centre of the first unit's field)\n");
        String fmt = "%-34s %-22s %-22s %-10s %-12s %s%n";
        out.append(String.format(Locale.ROOT, fmt, "Layer (type)", "Output Shape", "Receptive field", "Jump", "Start", "How"));
        out.append("-".repeat(130)).append('\n');
        for (FieldRow r : rows) {
            String size;
            String jump = "";
            String start = "";
            switch (r.kind()) {
                case WHOLE_INPUT -> size = "whole input" + (r.axes().isEmpty() || r.axes().stream().anyMatch(f -> f.size() < 0) // None: size unknown
                        ? "" : " (" + join(r, AxisField::size) + ")");
                case UNDEFINED -> size = "-";
                default -> {
                    size = join(r, AxisField::size) + (r.kind() == Kind.FLATTENED ? " (flat)" : "");
                    jump = join(r, AxisField::jump);
                    start = join(r, AxisField::start);
                }
            }
            out.append(String.format(Locale.ROOT, fmt, r.layerName() + " (" + r.className() + ")", Summary.shapeString(r.outputShape()), size, jump, start, r.note()));
        }
        return out.toString();
    }

    private static String join(FieldRow r, java.util.function.ToDoubleFunction<AxisField> f) {
        List<String> parts = new ArrayList<>();
        for (AxisField a : r.axes()) parts.add(AxisField.num(f.applyAsDouble(a)));
        if (parts.size() == 2 && parts.get(0).equals(parts.get(1))) return parts.get(0) + "x" + parts.get(1);
        return String.join("x", parts);
    }
}
