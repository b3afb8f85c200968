package org.neurite.analysis.trace;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.neurite.tensor.Tensor;

/**
 * Prints a {@link Trace} the way an exam solution lays it out: the forward pass layer by layer,
 * the error, then the backward pass from the output layer down. Dense layers of one sample with
 * at most {@value #NEURON_LIMIT} weights are written per neuron
 * ({@code z[1] = (0.5)(2) + (-1)(-1) = 2}, {@code delta[1] = dE/da[1] * f'(z[1])},
 * {@code dE/dW[i->j] = delta[j] * a_prev[i]}); other layers as tensors (long ones abbreviated).
 * Indices count from 1 as exams do.
 */
public final class TraceText {
    static final int NEURON_LIMIT = 64;
    private static final int SHOWN = 12;
    /** Significant digits of printed numbers unless the caller asks for others. */
    public static final int DEFAULT_DIGITS = 6;

    private final int digits;

    private TraceText(int digits) {
        if (digits < 1 || digits > 17) throw new IllegalArgumentException("trace: digits must be between 1 and 17, got " + digits);
        this.digits = digits;
    }

    /**
     * The text with numbers to {@value #DEFAULT_DIGITS} significant digits.
     *
     * @param t the trace
     * @return the forward pass, the error and the backward pass, layer by layer
     */
    public static String render(Trace t) {
        return render(t, DEFAULT_DIGITS);
    }

    /**
     * The text with numbers to {@code digits} significant digits (trailing zeros dropped; integers in full).
     *
     * @param t the trace
     * @param digits 1 to 17
     * @return the forward pass, the error and the backward pass, layer by layer
     * @throws IllegalArgumentException if digits is outside 1..17
     */
    public static String render(Trace t, int digits) {
        return new TraceText(digits).text(t);
    }

    private String text(Trace t) {
        StringBuilder out = new StringBuilder();
        out.append("Backprop trace of \"").append(t.modelName()).append("\"\n");
        out.append("input x = ").append(valuesOf(t.input())).append('\n');
        out.append("target y = ").append(valuesOf(t.target())).append("\n\n");
        out.append("FORWARD\n");
        for (LayerTrace l : t.layers()) forward(out, l);
        out.append("\noutput a = ").append(valuesOf(t.output())).append('\n');
        out.append(t.lossName()).append(" = ").append(n(t.loss())).append("\n\n");
        out.append("BACKWARD (delta = dE/dz; dE/dW per weight)\n");
        for (int i = t.layers().size() - 1; i >= 0; i--) backward(out, t.layers().get(i));
        out.append("\ndE/dx = ").append(valuesOf(t.inputGrad())).append('\n');
        return out.toString();
    }

    private static boolean perNeuron(LayerTrace l) {
        Tensor k = l.weights().get("kernel");
        return l.className().equals("Dense") && l.z() != null && l.a().dim(0) == 1 && l.a().rank() == 2 && k != null && k.size() <= NEURON_LIMIT;
    }

    private static String header(LayerTrace l) {
        return l.layerName() + " (" + l.className() + (l.activation() != null ? ", activation " + l.activation() : "") + ")";
    }

    private void forward(StringBuilder out, LayerTrace l) {
        out.append("  ").append(header(l)).append('\n');
        if (perNeuron(l)) {
            Tensor k = l.weights().get("kernel");
            Tensor b = l.weights().get("bias");
            float[] in = l.input().toArray();
            int units = k.dim(1);
            for (int j = 0; j < units; j++) {
                StringBuilder sum = new StringBuilder();
                for (int i = 0; i < in.length; i++) {
                    if (i > 0) sum.append(" + ");
                    sum.append('(').append(n(k.get(i, j))).append(")(").append(n(in[i])).append(')');
                }
                if (b != null) sum.append(" + (").append(n(b.get(j))).append(')');
                float z = l.z().get(0, j);
                float a = l.a().get(0, j);
                out.append("    z[").append(j + 1).append("] = ").append(sum).append(" = ").append(n(z));
                out.append("    a[").append(j + 1).append("] = ").append(l.activation()).append("(").append(n(z)).append(") = ").append(n(a)).append('\n');
            }
            return;
        }
        if (l.z() != null && l.z() != l.a()) out.append("    z = ").append(valuesOf(l.z())).append('\n');
        out.append("    a = ").append(valuesOf(l.a())).append('\n');
    }

    private void backward(StringBuilder out, LayerTrace l) {
        out.append("  ").append(header(l)).append('\n');
        if (perNeuron(l)) {
            int units = l.a().dim(1);
            for (int j = 0; j < units; j++) {
                float dA = l.deltaA().get(0, j);
                float d = l.deltaZ().get(0, j);
                String[] slope = derivative(l.activation(), l.z().get(0, j), l.a().get(0, j));
                out.append("    delta[").append(j + 1).append("] = dE/da[").append(j + 1).append("] * f'(z[").append(j + 1).append("]) = ");
                out.append(slope == null ? n(d) : p(dA) + " * " + p(Float.parseFloat(slope[0])) + " = " + n(d) + "    (f' = " + slope[1] + ")").append('\n');
            }
            Tensor gk = l.weightGrads().get("kernel");
            float[] in = l.input().toArray();
            for (int j = 0; j < units; j++) {
                for (int i = 0; i < in.length; i++) {
                    out.append("    dE/dW[").append(i + 1).append("->").append(j + 1).append("] = delta[").append(j + 1).append("] * a_prev[").append(i + 1).append("] = ")
                            .append(p(l.deltaZ().get(0, j))).append(" * ").append(p(in[i])).append(" = ").append(n(gk.get(i, j))).append('\n');
                }
            }
            Tensor gb = l.weightGrads().get("bias");
            if (gb != null) out.append("    dE/db = delta = ").append(valuesOf(gb)).append('\n');
            return;
        }
        out.append("    dE/da = ").append(valuesOf(l.deltaA())).append('\n');
        if (l.deltaZ() != null && l.z() != l.a()) out.append("    delta = dE/dz = ").append(valuesOf(l.deltaZ())).append('\n');
        l.weightGrads().forEach((name, g) -> out.append("    dE/d").append(name).append(' ').append(g.shape()).append(" = ").append(valuesOf(g)).append('\n'));
    }

    /** {@code f'(z)} for the common activations as {value, how}, or null. */
    private String[] derivative(String activation, float z, float a) {
        if (activation == null) return null;
        return switch (activation) {
            case "sigmoid" -> new String[] {Float.toString(a * (1 - a)), "a(1 - a) = " + n(a) + "*(1 - " + n(a) + ")"};
            case "tanh" -> new String[] {Float.toString(1 - a * a), "1 - a^2"};
            case "relu" -> new String[] {z > 0 ? "1" : "0", z > 0 ? "1 as z > 0" : "0 as z <= 0"};
            case "linear" -> new String[] {"1", "1 (linear)"};
            default -> null;
        };
    }

    /** A number for a product: negatives in parentheses. */
    private String p(double v) {
        return v < 0 ? "(" + n(v) + ")" : n(v);
    }

    /** Values of a tensor, abbreviated after {@value #SHOWN}; a single sample without its batch axis. */
    static String values(Tensor t) {
        return new TraceText(DEFAULT_DIGITS).valuesOf(t);
    }

    private String valuesOf(Tensor t) {
        float[] v = t.toArray();
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < Math.min(v.length, SHOWN); i++) parts.add(n(v[i]));
        String body = String.join(", ", parts) + (v.length > SHOWN ? ", ... (" + v.length + " values, shape " + t.shape() + ")" : "");
        return v.length == 1 ? body : "[" + body + "]";
    }

    static String num(double v) {
        return new TraceText(DEFAULT_DIGITS).n(v);
    }

    private String n(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e7) return Long.toString((long) v);
        return String.format(Locale.ROOT, "%." + digits + "g", v).replaceAll("(\\.\\d*?)0+(e|$)", "$1$2").replace(".e", "e").replaceAll("\\.$", "");
    }
}
