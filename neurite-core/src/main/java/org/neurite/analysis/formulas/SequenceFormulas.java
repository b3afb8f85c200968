package org.neurite.analysis.formulas;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.neurite.nn.Layer;
import org.neurite.nn.Weight;
import org.neurite.nn.layers.AdditiveAttention;
import org.neurite.nn.layers.Attention;
import org.neurite.nn.layers.Bidirectional;
import org.neurite.nn.layers.Embedding;
import org.neurite.nn.layers.GRU;
import org.neurite.nn.layers.LSTM;
import org.neurite.nn.layers.MultiHeadAttention;
import org.neurite.nn.layers.PositionEmbedding;
import org.neurite.nn.layers.RecurrentLayer;
import org.neurite.nn.layers.SimpleRNN;
import org.neurite.nn.layers.SinePositionEncoding;
import org.neurite.nn.layers.TimeDistributed;
import org.neurite.nn.layers.TransformerEncoder;

/**
 * Formulas of the sequence layers. Recurrent, with u units and in features: SimpleRNN
 * {@code u*(in + u) + u}; LSTM {@code 4 * (u*(in + u) + u)} (one bias per gate, Keras);
 * GRU {@code 3 * (u*(in + u) + 2*u)} with {@code reset_after} (Keras 2 default, two biases per
 * gate), {@code 3 * (u*(in + u) + u)} without; Bidirectional twice its layer. Embedding
 * {@code input_dim * output_dim}; MultiHeadAttention {@code (dq + 1)*h*kd + (dk + 1)*h*kd +
 * (dv + 1)*h*vd + (h*vd + 1)*out}; TransformerEncoder its attention + two layer norms
 * {@code 2*d} each + the feed-forward {@code (d + 1)*ff + (ff + 1)*d}.
 */
final class SequenceFormulas {
    private SequenceFormulas() {}

    static void register(Map<Class<? extends Layer>, LayerFormula> m) {
        LayerFormula recurrent = LayerFormula.of(SequenceFormulas::recurrentShape, f -> recurrentParams((RecurrentLayer) f.layer(), f.input().dim(1)));
        m.put(SimpleRNN.class, recurrent);
        m.put(LSTM.class, recurrent);
        m.put(GRU.class, recurrent);
        m.put(Bidirectional.class, LayerFormula.of(SequenceFormulas::bidirectionalShape, f -> {
            Bidirectional b = (Bidirectional) f.layer();
            Term one = recurrentParams(b.forwardLayer(), f.input().dim(1));
            return Term.of("params", "2 * (" + one.expression() + ")  (forward and backward " + b.forwardLayer().className() + ")", 2 * one.value());
        }));
        m.put(Embedding.class, LayerFormula.of(f -> List.of(Term.of("new last axis", "output_dim", f.integer("output_dim"))),
                f -> Term.of("params", f.integer("input_dim") + " * " + f.integer("output_dim") + "  (input_dim * output_dim)",
                        (long) f.integer("input_dim") * f.integer("output_dim"))));
        m.put(PositionEmbedding.class, LayerFormula.of(CoreFormulas::unchanged, f -> {
            int len = f.integer("sequence_length");
            int d = f.input().dim(1);
            return Term.of("params", len + " * " + d + "  (sequence_length * features)", (long) len * d);
        }));
        m.put(SinePositionEncoding.class, LayerFormula.of(CoreFormulas::unchanged, f -> LayerFormula.noParams()));
        m.put(MultiHeadAttention.class, LayerFormula.of(
                f -> List.of(Term.of("steps", "query steps", f.input().dim(0)), Term.of("features", f.has("output_dim") && f.integer("output_dim") > 0
                        ? "output_dim" : "query features", f.output().dim(1))),
                f -> attentionParams((MultiHeadAttention) f.layer())));
        m.put(TransformerEncoder.class, LayerFormula.of(CoreFormulas::unchanged, f -> encoderParams((TransformerEncoder) f.layer(), f.input().dim(1))));
        LayerFormula scored = LayerFormula.of(f -> List.of(Term.of("steps", "query steps", f.input().dim(0)),
                Term.of("features", "value features", f.inputs().get(1).dim(1))), SequenceFormulas::scoredAttentionParams);
        m.put(Attention.class, scored);
        m.put(AdditiveAttention.class, scored);
        m.put(TimeDistributed.class, LayerFormula.of(SequenceFormulas::timeDistributedShape, f -> {
            Layer inner = ((TimeDistributed) f.layer()).layer();
            Term one = innerFormula(inner).params(LayerFacts.of(inner));
            return Term.of("params", one.expression() + "  (" + inner.className() + ", the same weights at every step)", one.value());
        }));
    }

    private static List<Term> recurrentShape(LayerFacts f) {
        int units = f.integer("units");
        List<Term> t = new ArrayList<>();
        if (f.bool("return_sequences", false)) t.add(Term.of("steps", "unchanged (return_sequences)", f.input().dim(0)));
        t.add(Term.of("features", "units", units));
        if (f.bool("return_state", false)) t.add(Term.note("states", "also returns the final state(s), each (None, " + units + ")"));
        return t;
    }

    private static List<Term> bidirectionalShape(LayerFacts f) {
        Bidirectional b = (Bidirectional) f.layer();
        int u = b.forwardLayer().units();
        List<Term> t = new ArrayList<>();
        if (b.forwardLayer().returnSequences()) t.add(Term.of("steps", "unchanged (return_sequences)", f.input().dim(0)));
        t.add(b.mergeMode().equals("concat") ? Term.of("features", "2 * " + u + "  (forward and backward concatenated)", 2L * u)
                : Term.of("features", "units (merge_mode " + b.mergeMode() + ")", u));
        return t;
    }

    /** Attention: a scalar scale and/or concat weight; AdditiveAttention: one scale per query feature. */
    private static Term scoredAttentionParams(LayerFacts f) {
        if (f.layer() instanceof AdditiveAttention) {
            int d = f.input().dim(1);
            return f.bool("use_scale", true) ? Term.of("params", d + "  (scale: one per query feature)", d) : LayerFormula.noParams();
        }
        boolean scale = f.bool("use_scale", false), concat = "concat".equals(f.config().get("score_mode"));
        if (!scale && !concat) return LayerFormula.noParams();
        String what = scale && concat ? "1 + 1  (scale, concat_score_weight)" : scale ? "1  (scale)" : "1  (concat_score_weight)";
        return Term.of("params", what, (scale ? 1 : 0) + (concat ? 1 : 0));
    }

    /** The time axis stays; the wrapped layer's own formula acts on each step. */
    private static List<Term> timeDistributedShape(LayerFacts f) {
        Layer inner = ((TimeDistributed) f.layer()).layer();
        List<Term> t = new ArrayList<>();
        t.add(Term.of("steps", "unchanged (the layer runs on every step)", f.input().dim(0)));
        t.addAll(innerFormula(inner).shape(LayerFacts.of(inner)));
        return t;
    }

    private static LayerFormula innerFormula(Layer inner) {
        LayerFormula formula = LayerFormulas.forClass(inner.getClass());
        if (formula == null) throw new IllegalArgumentException("TimeDistributed: no formula for the wrapped " + inner.className());
        return formula;
    }

    /** The recurrent parameter count for {@code in} input features. */
    static Term recurrentParams(RecurrentLayer l, int in) {
        int u = l.units();
        boolean bias = l.useBias();
        String core = u + "*(" + in + " + " + u + ")";
        long weights = (long) u * (in + u);
        if (l instanceof LSTM) {
            return bias ? Term.of("params", "4 * (" + core + " + " + u + ")", 4 * (weights + u)) : Term.of("params", "4 * " + core + "  (no bias)", 4 * weights);
        }
        if (l instanceof GRU) {
            Weight b = l.bias();
            boolean resetAfter = b != null && b.shape().rank() == 2;
            if (!bias) return Term.of("params", "3 * " + core + "  (no bias)", 3 * weights);
            return resetAfter ? Term.of("params", "3 * (" + core + " + 2*" + u + ")  (reset_after: input and recurrent bias)", 3 * (weights + 2L * u))
                    : Term.of("params", "3 * (" + core + " + " + u + ")", 3 * (weights + u));
        }
        return bias ? Term.of("params", core + " + " + u, weights + u) : Term.of("params", core + "  (no bias)", weights);
    }

    private static Term attentionParams(MultiHeadAttention a) {
        StringBuilder expr = new StringBuilder();
        long total = 0;
        for (String part : new String[] {"query", "key", "value"}) {
            Weight k = a.weight(part + "/kernel");
            int d = k.shape().dim(0), h = k.shape().dim(1), kd = k.shape().dim(2);
            boolean bias = a.weight(part + "/bias") != null;
            if (expr.length() > 0) expr.append(" + ");
            expr.append(bias ? "(" + d + " + 1)*" + h + "*" + kd : d + "*" + h + "*" + kd);
            total += (long) (bias ? d + 1 : d) * h * kd;
        }
        Weight o = a.weight("attention_output/kernel");
        int h = o.shape().dim(0), vd = o.shape().dim(1), out = o.shape().dim(2);
        boolean bias = a.weight("attention_output/bias") != null;
        expr.append(" + ").append(bias ? "(" + h + "*" + vd + " + 1)*" + out : h + "*" + vd + "*" + out);
        total += ((long) h * vd + (bias ? 1 : 0)) * out;
        return Term.of("params", expr + "  (query, key, value, output projections)", total);
    }

    private static Term encoderParams(TransformerEncoder e, int d) {
        Term att = attentionParams(e.attention());
        int ff = e.intermediateDense().units();
        long ffn = (d + 1L) * ff + (ff + 1L) * d;
        long norms = 2 * 2L * d;
        return Term.of("params", "[" + att.expression().replace("  (query, key, value, output projections)", "") + "] + 2*(2*" + d + ") + (" + d + " + 1)*" + ff
                + " + (" + ff + " + 1)*" + d + "  (attention, 2 layer norms, feed-forward)", att.value() + norms + ffn);
    }
}
