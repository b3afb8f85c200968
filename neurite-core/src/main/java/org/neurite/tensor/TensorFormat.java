package org.neurite.tensor;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@link Tensor#toString()} as PyTorch prints: values nested by shape, one row per line, aligned to
 * a common width; whole numbers as {@code 1.}, others with 4 decimals, or in scientific notation
 * when their magnitudes span more than 1000x or leave [1e-4, 1e8] (PyTorch 1.13's rules); tensors of more than 1000
 * elements show the first and last 3 entries of each dimension around {@code ...}; rows wider than
 * 80 characters wrap.
 */
final class TensorFormat {
    static final int SUMMARY_THRESHOLD = 1000;
    static final int EDGE_ITEMS = 3;
    static final int LINE_WIDTH = 80;
    private static final String PREFIX = "tensor(";

    private TensorFormat() {}

    static String format(Tensor t, String suffix) {
        float[] data = t.data();
        int[] dims = t.shape().dims();
        boolean summarize = data.length > SUMMARY_THRESHOLD;
        Formatter f = new Formatter(shownValues(data, dims, summarize));
        String body = dims.length == 0 ? f.format(data[0]) : block(data, dims, 0, 0, PREFIX.length(), summarize, f);
        return PREFIX + body + suffix + ")";
    }

    /** The values that will be printed (all, or the edges when summarizing): they set the format. */
    private static List<Float> shownValues(float[] data, int[] dims, boolean summarize) {
        List<Float> out = new ArrayList<>();
        collect(data, dims, 0, 0, summarize, out);
        return out;
    }

    private static void collect(float[] data, int[] dims, int axis, int offset, boolean summarize, List<Float> out) {
        if (axis == dims.length) {
            out.add(data[offset]);
            return;
        }
        int stride = stride(dims, axis);
        for (int i : indices(dims[axis], summarize)) {
            if (i >= 0) collect(data, dims, axis + 1, offset + i * stride, summarize, out);
        }
    }

    /** The indices shown along a dimension of size n; -1 marks the elision. */
    private static int[] indices(int n, boolean summarize) {
        if (!summarize || n <= 2 * EDGE_ITEMS) {
            int[] all = new int[n];
            for (int i = 0; i < n; i++) all[i] = i;
            return all;
        }
        int[] edges = new int[2 * EDGE_ITEMS + 1];
        for (int i = 0; i < EDGE_ITEMS; i++) {
            edges[i] = i;
            edges[EDGE_ITEMS + 1 + i] = n - EDGE_ITEMS + i;
        }
        edges[EDGE_ITEMS] = -1;
        return edges;
    }

    private static int stride(int[] dims, int axis) {
        int s = 1;
        for (int a = axis + 1; a < dims.length; a++) s *= dims[a];
        return s;
    }

    private static String block(float[] data, int[] dims, int axis, int offset, int indent, boolean summarize, Formatter f) {
        int rank = dims.length - axis;
        int stride = stride(dims, axis);
        List<String> parts = new ArrayList<>();
        for (int i : indices(dims[axis], summarize)) {
            if (i < 0) parts.add("...");
            else if (rank == 1) parts.add(f.format(data[offset + i]));
            else parts.add(block(data, dims, axis + 1, offset + i * stride, indent + 1, summarize, f));
        }
        if (rank > 1) {
            return "[" + String.join("," + "\n".repeat(rank - 1) + " ".repeat(indent + 1), parts) + "]";
        }
        // a row: as many values per line as fit in the line width
        int perLine = Math.max(1, (LINE_WIDTH - indent) / (f.width + 2));
        StringBuilder sb = new StringBuilder("[");
        for (int k = 0; k < parts.size(); k++) {
            if (k > 0) sb.append(k % perLine == 0 ? ",\n" + " ".repeat(indent + 1) : ", ");
            String p = parts.get(k);
            sb.append(p.equals("...") ? " ..." : p);
        }
        return sb.append(']').toString();
    }

    /** PyTorch's _Formatter: one format and width for all values of a tensor. */
    private static final class Formatter {
        private final boolean integers;
        private final boolean scientific;
        private final int width;

        Formatter(List<Float> values) {
            boolean ints = true;
            double min = Double.POSITIVE_INFINITY, max = 0;
            for (float v : values) {
                if (!Float.isFinite(v)) continue;
                if (v != Math.rint(v)) ints = false;
                double a = Math.abs(v);
                if (a != 0) {
                    min = Math.min(min, a);
                    max = Math.max(max, a);
                }
            }
            boolean any = max > 0;
            integers = ints;
            scientific = any && (max / min > 1000 || max > 1e8 || (!ints && min < 1e-4));
            int w = 1;
            for (float v : values) w = Math.max(w, text(v).length());
            width = w;
        }

        private String text(float v) {
            if (Float.isNaN(v)) return "nan";
            if (Float.isInfinite(v)) return v > 0 ? "inf" : "-inf";
            if (scientific) {
                return String.format(Locale.ROOT, "%.4e", (double) v);
            }
            if (integers) return String.format(Locale.ROOT, "%.0f", (double) v) + ".";
            return String.format(Locale.ROOT, "%.4f", (double) v);
        }

        String format(float v) {
            String s = text(v);
            return " ".repeat(width - s.length()) + s;
        }
    }
}
