package org.neurite.analysis.formulas;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.neurite.nn.Layer;
import org.neurite.nn.layers.AdaptiveAveragePooling2D;
import org.neurite.nn.layers.AveragePooling1D;
import org.neurite.nn.layers.AveragePooling2D;
import org.neurite.nn.layers.Conv1D;
import org.neurite.nn.layers.Conv2D;
import org.neurite.nn.layers.Conv2DTranspose;
import org.neurite.nn.layers.Conv3D;
import org.neurite.nn.layers.Cropping2D;
import org.neurite.nn.layers.DepthwiseConv2D;
import org.neurite.nn.layers.GlobalAveragePooling1D;
import org.neurite.nn.layers.GlobalAveragePooling2D;
import org.neurite.nn.layers.GlobalMaxPooling1D;
import org.neurite.nn.layers.GlobalMaxPooling2D;
import org.neurite.nn.layers.MaxPooling1D;
import org.neurite.nn.layers.MaxPooling2D;
import org.neurite.nn.layers.MaxPooling3D;
import org.neurite.nn.layers.SeparableConv2D;
import org.neurite.nn.layers.UpSampling2D;
import org.neurite.nn.layers.ZeroPadding2D;
import org.neurite.tensor.Shape;

/**
 * Formulas of the convolution, pooling and resampling layers (channels-last). Per spatial axis:
 * <ul>
 * <li>'valid' / explicit padding p: {@code floor((in - k + 2p) / s) + 1}, with the dilated kernel
 *     {@code d*(k-1) + 1} in place of k;</li>
 * <li>Keras 'same': {@code ceil(in / s)}; Conv1D 'causal': left padding {@code d*(k-1)};</li>
 * <li>transposed convolution: {@code (in - 1)*s + k - 2p + op} (Keras without output padding:
 *     'valid' {@code (in - 1)*s + k} when k >= s, else {@code in*s}; 'same' {@code in * s}).</li>
 * </ul>
 * Parameters: {@code (kh*kw*C + 1) * F} for Conv2D and Conv2DTranspose, {@code (k*C + 1) * F} for
 * Conv1D, {@code kh*kw*C*m + C*m} for DepthwiseConv2D, {@code kh*kw*C*m + C*m*F + F} for SeparableConv2D; pooling and resampling have none.
 */
final class ConvFormulas {
    private ConvFormulas() {}

    static final String[] AXES_2D = {"height", "width"};

    static void register(Map<Class<? extends Layer>, LayerFormula> m) {
        m.put(Conv2D.class, LayerFormula.of(f -> convShape(f, "kernel_size", true, f.integer("filters")), ConvFormulas::convParams));
        m.put(Conv1D.class, LayerFormula.of(f -> convShape(f, "kernel_size", true, f.integer("filters")), ConvFormulas::convParams));
        m.put(DepthwiseConv2D.class, LayerFormula.of(f -> depthwiseShape(f), ConvFormulas::depthwiseParams));
        m.put(SeparableConv2D.class, LayerFormula.of(f -> convShape(f, "kernel_size", true, f.integer("filters")), ConvFormulas::separableParams));
        m.put(Conv2DTranspose.class, LayerFormula.of(ConvFormulas::transposedShape, ConvFormulas::transposedParams));
        LayerFormula pool = LayerFormula.of(f -> convShape(f, "pool_size", false, -1), f -> LayerFormula.noParams());
        m.put(MaxPooling2D.class, pool);
        m.put(AveragePooling2D.class, pool);
        m.put(MaxPooling1D.class, pool);
        m.put(MaxPooling3D.class, pool);
        m.put(Conv3D.class, LayerFormula.of(f -> convShape(f, "kernel_size", true, f.integer("filters")), ConvFormulas::convParams));
        m.put(AveragePooling1D.class, pool);
        LayerFormula global = LayerFormula.of(ConvFormulas::globalShape, f -> LayerFormula.noParams());
        m.put(GlobalAveragePooling2D.class, global);
        m.put(GlobalMaxPooling2D.class, global);
        m.put(GlobalAveragePooling1D.class, global);
        m.put(GlobalMaxPooling1D.class, global);
        m.put(AdaptiveAveragePooling2D.class, LayerFormula.of(f -> {
            int[] size = f.ints("output_size");
            List<Term> t = new ArrayList<>();
            for (int a = 0; a < 2; a++) t.add(Term.of(AXES_2D[a], "output_size (bins of about " + f.input().dim(a) + " / " + size[a] + ")", size[a]));
            return t;
        }, f -> LayerFormula.noParams()));
        m.put(UpSampling2D.class, LayerFormula.of(f -> {
            int[] size = f.ints("size");
            List<Term> t = new ArrayList<>();
            for (int a = 0; a < 2; a++) t.add(Term.of(AXES_2D[a], f.input().dim(a) + " * " + size[a], (long) f.input().dim(a) * size[a]));
            return t;
        }, f -> LayerFormula.noParams()));
        m.put(ZeroPadding2D.class, LayerFormula.of(f -> border(f, "padding", "+"), f -> LayerFormula.noParams()));
        m.put(Cropping2D.class, LayerFormula.of(f -> border(f, "cropping", "-"), f -> LayerFormula.noParams()));
    }

    /** Names of the spatial axes of an input of this rank (channels last). */
    static String[] axes(int spatial) {
        return spatial == 3 ? new String[] {"depth", "height", "width"} : spatial == 2 ? AXES_2D : new String[] {"steps"};
    }

    /** Per-axis padding {before, after}, or null for 'same'. */
    static int[][] padding(LayerFacts f, int spatial, int[] kEff, int[] strides) {
        Object p = f.config().get("padding");
        int[][] out = new int[spatial][2];
        if (p == null || "valid".equals(p)) return out;
        if ("same".equals(p)) return null;
        if ("causal".equals(p)) {
            for (int a = 0; a < spatial; a++) out[a][0] = kEff[a] - 1;
            return out;
        }
        int[] v = f.ints("padding");
        if (v.length == 2 * spatial) {
            for (int a = 0; a < spatial; a++) out[a] = new int[] {v[2 * a], v[2 * a + 1]};
            return out;
        }
        throw new IllegalArgumentException(f.layer().name() + ": cannot read padding " + p);
    }

    /** Window op (convolution or pooling) output axes; channels = filters (conv) or unchanged (pool). */
    static List<Term> convShape(LayerFacts f, String windowKey, boolean dilated, int filters) {
        int spatial = f.input().rank() - 1;
        int[] k = f.ints(windowKey);
        int[] s = f.has("strides") ? f.ints("strides") : k;
        int[] d = dilated && f.has("dilation_rate") ? f.ints("dilation_rate") : new int[] {1, 1};
        k = spread(k, spatial);
        s = spread(s, spatial);
        d = spread(d, spatial);
        int[] kEff = new int[spatial];
        for (int a = 0; a < spatial; a++) kEff[a] = d[a] * (k[a] - 1) + 1;
        int[][] pad = padding(f, spatial, kEff, s);
        String[] names = axes(spatial);
        List<Term> out = new ArrayList<>();
        for (int a = 0; a < spatial; a++) {
            int in = f.input().dim(a);
            if (pad == null) {
                out.add(Term.of(names[a], "ceil(" + in + " / " + s[a] + ")  ('same')", (in + s[a] - 1) / s[a]));
                continue;
            }
            String padText = pad[a][0] == 0 && pad[a][1] == 0 ? "" : pad[a][0] == pad[a][1] ? " + 2*" + pad[a][0] : " + " + pad[a][0] + " + " + pad[a][1];
            String expr = "floor((" + in + " - " + kEff[a] + padText + ") / " + s[a] + ") + 1";
            if (kEff[a] != k[a]) expr += "  (dilated kernel " + d[a] + "*(" + k[a] + " - 1) + 1 = " + kEff[a] + ")";
            out.add(Term.of(names[a], expr, Math.floorDiv(in - kEff[a] + pad[a][0] + pad[a][1], s[a]) + 1L));
        }
        int c = f.input().dim(spatial);
        out.add(filters > 0 ? Term.of("channels", "filters", filters) : Term.of("channels", "unchanged", c));
        return out;
    }

    private static int[] spread(int[] v, int n) {
        if (v.length == n) return v;
        int[] out = new int[n];
        for (int i = 0; i < n; i++) out[i] = v[Math.min(i, v.length - 1)];
        return out;
    }

    static Term convParams(LayerFacts f) {
        int spatial = f.input().rank() - 1;
        int[] k = spread(f.ints("kernel_size"), spatial);
        int c = f.input().dim(spatial);
        int filters = f.integer("filters");
        return kernelTimesFilters(f, k, c, filters);
    }

    private static Term kernelTimesFilters(LayerFacts f, int[] k, int c, int filters) {
        StringBuilder fan = new StringBuilder();
        long fanIn = c;
        for (int kk : k) {
            fan.append(kk).append('*');
            fanIn *= kk;
        }
        fan.append(c);
        boolean bias = f.bool("use_bias", true);
        return bias ? Term.of("params", "(" + fan + " + 1) * " + filters, (fanIn + 1) * filters)
                : Term.of("params", fan + " * " + filters + "  (no bias)", fanIn * filters);
    }

    private static List<Term> depthwiseShape(LayerFacts f) {
        List<Term> t = convShape(f, "kernel_size", true, -1);
        int c = f.input().dim(2);
        int m = f.integer("depth_multiplier");
        t.set(t.size() - 1, Term.of("channels", c + " * " + m + "  (channels * depth_multiplier)", (long) c * m));
        return t;
    }

    private static Term depthwiseParams(LayerFacts f) {
        int[] k = f.ints("kernel_size");
        int c = f.input().dim(2);
        int m = f.integer("depth_multiplier");
        long kernel = (long) k[0] * k[1] * c * m;
        String expr = k[0] + "*" + k[1] + "*" + c + "*" + m;
        return f.bool("use_bias", true) ? Term.of("params", expr + " + " + c + "*" + m, kernel + (long) c * m)
                : Term.of("params", expr + "  (no bias)", kernel);
    }

    /** Depthwise kernel, then the 1x1 pointwise kernel, then one bias per filter. */
    private static Term separableParams(LayerFacts f) {
        int[] k = f.ints("kernel_size");
        int c = f.input().dim(2);
        int m = f.integer("depth_multiplier");
        int filters = f.integer("filters");
        long params = (long) k[0] * k[1] * c * m + (long) c * m * filters;
        String expr = k[0] + "*" + k[1] + "*" + c + "*" + m + " + " + c + "*" + m + "*" + filters;
        return f.bool("use_bias", true) ? Term.of("params", expr + " + " + filters, params + filters)
                : Term.of("params", expr + "  (no bias)", params);
    }

    private static List<Term> transposedShape(LayerFacts f) {
        int[] k = f.ints("kernel_size");
        int[] s = f.ints("strides");
        Object p = f.config().get("padding");
        int[] op = f.has("output_padding") ? f.ints("output_padding") : null;
        List<Term> out = new ArrayList<>();
        for (int a = 0; a < 2; a++) {
            int in = f.input().dim(a);
            int o = op == null ? 0 : op[a];
            String expr;
            long v;
            if (op == null && "valid".equals(p)) {
                if (k[a] >= s[a]) {
                    expr = "(" + in + " - 1)*" + s[a] + " + " + k[a];
                    v = (long) (in - 1) * s[a] + k[a];
                } else {
                    expr = in + " * " + s[a] + "  (k < s: in * s)";
                    v = (long) in * s[a];
                }
            } else if (op == null && "same".equals(p)) {
                expr = in + " * " + s[a] + "  ('same')";
                v = (long) in * s[a];
            } else {
                int before;
                int after;
                if ("valid".equals(p)) {
                    before = 0;
                    after = 0;
                } else if ("same".equals(p)) {
                    before = k[a] / 2;
                    after = k[a] / 2;
                } else {
                    int[] pv = f.ints("padding");
                    before = pv[2 * a];
                    after = pv[2 * a + 1];
                }
                String padText = before == after ? " - 2*" + before : " - " + before + " - " + after;
                expr = "(" + in + " - 1)*" + s[a] + " + " + k[a] + padText + " + " + o;
                v = (long) (in - 1) * s[a] + k[a] - before - after + o;
            }
            out.add(Term.of(AXES_2D[a], expr, v));
        }
        out.add(Term.of("channels", "filters", f.integer("filters")));
        return out;
    }

    private static Term transposedParams(LayerFacts f) {
        return kernelTimesFilters(f, f.ints("kernel_size"), f.input().dim(2), f.integer("filters"));
    }

    private static List<Term> globalShape(LayerFacts f) {
        Shape in = f.input();
        int spatial = in.rank() - 1;
        StringBuilder positions = new StringBuilder();
        long count = 1;
        for (int a = 0; a < spatial; a++) {
            if (a > 0) positions.append('*');
            positions.append(in.dim(a));
            count *= in.dim(a);
        }
        String how = f.layer().className().contains("Max") ? "maximum" : "mean";
        return List.of(Term.of("channels", "unchanged, the " + how + " over " + positions + (spatial > 1 ? " = " + count : "") + " positions"
                + (f.bool("keepdims", false) ? " (pooled axes kept with size 1)" : ""), in.dim(spatial)));
    }

    private static List<Term> border(LayerFacts f, String key, String sign) {
        int[] p = f.ints(key); // top, bottom, left, right
        List<Term> out = new ArrayList<>();
        for (int a = 0; a < 2; a++) {
            int in = f.input().dim(a);
            int v = sign.equals("+") ? in + p[2 * a] + p[2 * a + 1] : in - p[2 * a] - p[2 * a + 1];
            out.add(Term.of(AXES_2D[a], in + " " + sign + " " + p[2 * a] + " " + sign + " " + p[2 * a + 1], v));
        }
        return out;
    }
}
