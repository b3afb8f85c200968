package org.neurite.analysis.formulas;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.neurite.nn.Layer;
import org.neurite.nn.Weight;
import org.neurite.nn.layers.Activation;
import org.neurite.nn.layers.ActivityRegularization;
import org.neurite.nn.layers.BatchNormalization;
import org.neurite.nn.layers.CategoryEncoding;
import org.neurite.nn.layers.Dense;
import org.neurite.nn.layers.Dropout;
import org.neurite.nn.layers.ELU;
import org.neurite.nn.layers.Flatten;
import org.neurite.nn.layers.GaussianDropout;
import org.neurite.nn.layers.GaussianNoise;
import org.neurite.nn.layers.InputLayer;
import org.neurite.nn.layers.Lambda;
import org.neurite.nn.layers.LayerNormalization;
import org.neurite.nn.layers.LeakyReLU;
import org.neurite.nn.layers.Masking;
import org.neurite.nn.layers.ModelLayer;
import org.neurite.nn.layers.PReLU;
import org.neurite.nn.layers.Permute;
import org.neurite.nn.layers.ReLU;
import org.neurite.nn.layers.RepeatVector;
import org.neurite.nn.layers.Reshape;
import org.neurite.nn.layers.Sampling;
import org.neurite.nn.layers.Softmax;
import org.neurite.nn.layers.SpatialDropout1D;
import org.neurite.nn.layers.SpatialDropout2D;
import org.neurite.tensor.Shape;

/**
 * Formulas of the core layers: Dense ({@code (in + 1) * units}), the reshaping layers (Flatten
 * {@code h*w*c}), the elementwise activation layers and Dropout (shape unchanged, no weights except
 * PReLU's one alpha per unshared position), and the normalizations (BatchNormalization
 * {@code 4 * C}, of which gamma and beta, {@code 2 * C}, are trainable; LayerNormalization
 * {@code 2 * C}).
 */
final class CoreFormulas {
    private CoreFormulas() {}

    static void register(Map<Class<? extends Layer>, LayerFormula> m) {
        m.put(Dense.class, LayerFormula.of(f -> List.of(Term.of("last axis", "units", f.integer("units"))), CoreFormulas::denseParams));
        m.put(Flatten.class, LayerFormula.of(f -> List.of(Term.of("features", product(f.input()), LayerFacts.size(f.input()))), f -> LayerFormula.noParams()));
        m.put(Reshape.class, LayerFormula.of(f -> List.of(Term.note("shape", "target_shape " + f.shapeString(f.output()) + " holds the same "
                + product(f.input()) + " = " + Term.group(LayerFacts.size(f.input())) + " values")), f -> LayerFormula.noParams()));
        m.put(Permute.class, LayerFormula.of(f -> List.of(Term.note("shape", "axes reordered by dims " + java.util.Arrays.toString(f.ints("dims"))
                + ": " + f.shapeString(f.input()) + " -> " + f.shapeString(f.output()))), f -> LayerFormula.noParams()));
        m.put(RepeatVector.class, LayerFormula.of(f -> List.of(Term.of("steps", "n", f.integer("n")), Term.of("features", "unchanged", f.input().dim(0))),
                f -> LayerFormula.noParams()));
        LayerFormula elementwise = LayerFormula.of(CoreFormulas::unchanged, f -> LayerFormula.noParams());
        for (Class<? extends Layer> c : List.of(Activation.class, ReLU.class, LeakyReLU.class, ELU.class, Softmax.class, Dropout.class, Masking.class,
                SpatialDropout1D.class, SpatialDropout2D.class, GaussianNoise.class, GaussianDropout.class, ActivityRegularization.class)) m.put(c, elementwise);
        m.put(PReLU.class, LayerFormula.of(CoreFormulas::unchanged, CoreFormulas::preluParams));
        m.put(InputLayer.class, LayerFormula.of(f -> List.of(Term.note("shape", "declared input " + f.shapeString(f.output()))), f -> LayerFormula.noParams()));
        m.put(Lambda.class, LayerFormula.of(f -> List.of(Term.note("shape", "given by the function: " + f.shapeString(f.output()))), f -> LayerFormula.noParams()));
        m.put(Sampling.class, LayerFormula.of(f -> List.of(Term.note("shape", "that of mu (z = mu + exp(logVar / 2) * eps)")), f -> LayerFormula.noParams()));
        m.put(BatchNormalization.class, LayerFormula.of(CoreFormulas::unchanged, CoreFormulas::batchNormParams));
        m.put(LayerNormalization.class, LayerFormula.of(CoreFormulas::unchanged, CoreFormulas::layerNormParams));
        m.put(CategoryEncoding.class, LayerFormula.of(f -> List.of(Term.of("last axis", "num_tokens (" + f.config().get("output_mode") + ")", f.integer("num_tokens"))),
                f -> LayerFormula.noParams()));
        m.put(ModelLayer.class, LayerFormula.of(f -> List.of(Term.note("shape", "the output of the nested model " + f.shapeString(f.output()))),
                CoreFormulas::nestedModelParams));
    }

    /** The sum of the nested model's layers' counts (each layer once). */
    private static Term nestedModelParams(LayerFacts f) {
        List<String> parts = new ArrayList<>();
        for (Layer l : ((ModelLayer) f.layer()).model().layers()) if (l.countParams() > 0) parts.add(Term.group(l.countParams()));
        long total = f.layer().countParams();
        if (parts.isEmpty()) return LayerFormula.noParams();
        return Term.of("params", String.join(" + ", parts) + "  (the nested model's layers)", total);
    }

    /** {@code 5*5*16}: the product of a shape's dims as text. */
    static String product(Shape s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.rank(); i++) b.append(i > 0 ? "*" : "").append(s.dim(i));
        return b.toString();
    }

    static List<Term> unchanged(LayerFacts f) {
        return List.of(Term.note("shape", "unchanged (elementwise)"));
    }

    private static Term denseParams(LayerFacts f) {
        int in = f.input().dim(-1);
        int units = f.integer("units");
        return f.bool("use_bias", true) ? Term.of("params", "(" + in + " + 1) * " + units, (in + 1L) * units)
                : Term.of("params", in + " * " + units + "  (no bias)", (long) in * units);
    }

    private static Term preluParams(LayerFacts f) {
        Weight alpha = f.weight("alpha");
        Shape s = alpha == null ? f.input() : alpha.shape();
        String shared = f.has("shared_axes") ? " (shared axes " + f.config().get("shared_axes") + " have size 1)" : "";
        return Term.of("params", "one alpha per position: " + product(s) + shared, LayerFacts.size(s));
    }

    private static Term batchNormParams(LayerFacts f) {
        int c = f.input().dim(-1);
        List<String> trainable = new ArrayList<>();
        if (f.bool("scale", true)) trainable.add("gamma");
        if (f.bool("center", true)) trainable.add("beta");
        int per = trainable.size() + 2;
        String text = per + " * " + c + "  (" + (trainable.isEmpty() ? "none" : trainable.size() + " * " + c + " = " + Term.group((long) trainable.size() * c))
                + " trainable" + (trainable.isEmpty() ? "" : ": " + String.join(", ", trainable)) + "; 2 * " + c + " = " + Term.group(2L * c)
                + " non-trainable: moving mean, moving variance)";
        return Term.of("params", text, (long) per * c);
    }

    private static Term layerNormParams(LayerFacts f) {
        int c = f.input().dim(-1);
        int per = (f.bool("scale", true) ? 1 : 0) + (f.bool("center", true) ? 1 : 0);
        return Term.of("params", per + " * " + c + "  (gamma, beta per feature)", (long) per * c);
    }
}
