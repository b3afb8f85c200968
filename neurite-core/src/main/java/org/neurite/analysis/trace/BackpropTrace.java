package org.neurite.analysis.trace;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.neurite.autograd.Autograd;
import org.neurite.autograd.GradMode;
import org.neurite.nn.Activations;
import org.neurite.nn.Input;
import org.neurite.nn.Layer;
import org.neurite.nn.Model;
import org.neurite.nn.SymbolicTensor;
import org.neurite.nn.Weight;
import org.neurite.nn.layers.Conv2D;
import org.neurite.nn.layers.Dense;
import org.neurite.tensor.Padding;
import org.neurite.tensor.Tensor;

/**
 * The forward and backward pass of a model on one input and target, laid out as an exam solution:
 * per layer the input, the pre-activation z, the output a, the deltas {@code dE/dz} and
 * {@code dE/da}, and {@code dE/dW} for every weight.
 *
 * <pre>{@code
 * Trace t = BackpropTrace.run(model, Tensor.vector(2, -1), Tensor.vector(0));
 * t.layers().get(0).z();        // z1
 * t.layers().get(0).deltaZ();   // delta of hidden layer 1
 * System.out.print(t.render()); // per neuron for small Dense layers
 * }</pre>
 *
 * <p>The model's layers run in graph order, as {@link Model#forward} runs them, in inference mode
 * (dropout off, batch-norm moving statistics). Dense and Conv2D are split into their linear part
 * z and their activation, written with the same tensor ops, so that z and its delta exist as
 * tensors; every other layer runs as it is. The gradients come from {@link Autograd#grad} with
 * respect to every intermediate: nothing accumulates in the model's weights' {@code grad()}.
 */
public final class BackpropTrace {
    private BackpropTrace() {}

    /**
     * Trace with the exam's error {@code E = 1/2 * sum((a - y)^2)}.
     *
     * @param model a built model with one input and one output
     * @param input one sample, with or without the batch axis
     * @param target its target, the output's shape, with or without the batch axis
     * @return the trace
     * @throws IllegalArgumentException if the model has several inputs or outputs, or a shape does not fit
     */
    public static Trace run(Model model, Tensor input, Tensor target) {
        return run(model, input, target, TraceLoss.HALF_SQUARED_ERROR);
    }

    /**
     * Trace of a model with one input and one output. {@code input} and {@code target} may come
     * without the batch axis (one sample); they are given one.
     *
     * @param model a built model with one input and one output
     * @param input the input, with or without the batch axis
     * @param target the target, the output's shape, with or without the batch axis
     * @param loss the error E to differentiate
     * @return the trace
     * @throws IllegalArgumentException if the model has several inputs or outputs, a shape does
     *     not fit, or the loss is not a scalar
     */
    public static Trace run(Model model, Tensor input, Tensor target, TraceLoss loss) {
        if (model.inputs().size() != 1 || model.outputs().size() != 1) {
            throw new IllegalArgumentException(model.name() + ": a trace needs a model with one input and one output, this one has "
                    + model.inputs().size() + " and " + model.outputs().size());
        }
        Input in = model.inputs().get(0);
        Tensor x = batched(input, in.shape().rank(), model.name() + ": input");
        if (!sameTail(x, in.shape().dims())) {
            throw new IllegalArgumentException(model.name() + ": expected an input of shape " + org.neurite.nn.Summary.shapeString(in.shape()) + ", got " + x.shape());
        }
        x = x.detach().copy().requiresGrad(true);
        SymbolicTensor outSym = model.outputs().get(0);
        Tensor y = batched(target, outSym.shape().rank(), model.name() + ": target");

        Map<Tensor, String> names = new IdentityHashMap<>();
        names.put(x, "x");
        Map<SymbolicTensor, Tensor> values = new IdentityHashMap<>();
        values.put(in, x);
        List<Object[]> steps = new ArrayList<>(); // layer, input, z, a
        try (GradMode.Scope s = GradMode.enableGrad()) {
            for (Model.Node n : model.nodes()) {
                List<Tensor> args = new ArrayList<>();
                for (SymbolicTensor t : n.inputs()) args.add(values.get(t));
                Layer layer = n.layer();
                for (Weight w : layer.weights()) names.put(w.value(), w.fullName());
                Tensor z = null;
                Tensor a;
                if (args.size() == 1 && layer instanceof Dense d && d.kernel() != null) {
                    z = dense(d, args.get(0));
                    a = d.activation().equals("linear") ? z : Activations.get(d.activation()).apply(z);
                } else if (args.size() == 1 && layer instanceof Conv2D c && c.kernel() != null) {
                    z = conv(c, args.get(0));
                    String act = (String) c.config().get("activation");
                    a = "linear".equals(act) ? z : Activations.get(act).apply(z);
                } else {
                    List<Tensor> outs = layer.forwardAll(args, false);
                    a = outs.get(0);
                    List<SymbolicTensor> produced = n.output().nodeOutputs();
                    for (int i = 1; i < produced.size(); i++) values.put(produced.get(i), outs.get(i));
                }
                values.put(n.output(), a);
                if (z != null && z != a) names.put(z, layer.name() + ".z");
                names.put(a, layer.name() + (z != null && z != a ? ".a" : ".out"));
                steps.add(new Object[] {layer, args.get(0), z, a});
            }
        }
        Tensor out = values.get(outSym);
        if (!sameTail(y, outSym.shape().dims()) || y.dim(0) != out.dim(0)) {
            throw new IllegalArgumentException(model.name() + ": expected a target of shape " + out.shape() + ", got " + y.shape());
        }
        Tensor e;
        try (GradMode.Scope s = GradMode.enableGrad()) {
            e = loss.compute(y, out);
        }
        names.put(e, "E");

        // gradients of E with respect to every intermediate, every weight and the input
        List<Tensor> wanted = new ArrayList<>();
        wanted.add(x);
        for (Object[] st : steps) {
            if (st[2] != null) wanted.add((Tensor) st[2]);
            wanted.add((Tensor) st[3]);
            for (Weight w : ((Layer) st[0]).weights()) wanted.add(w.value());
        }
        Map<Tensor, Tensor> grads = new IdentityHashMap<>();
        if (e.requiresGrad()) {
            List<Tensor> g = Autograd.grad(e, wanted, false);
            for (int i = 0; i < wanted.size(); i++) grads.put(wanted.get(i), g.get(i));
        }
        List<LayerTrace> layers = new ArrayList<>();
        for (Object[] st : steps) {
            Layer layer = (Layer) st[0];
            Tensor z = (Tensor) st[2];
            Tensor a = (Tensor) st[3];
            Map<String, Tensor> ws = new LinkedHashMap<>();
            Map<String, Tensor> gs = new LinkedHashMap<>();
            for (Weight w : layer.weights()) {
                ws.put(w.name(), w.value().detach().copy());
                Tensor g = grads.get(w.value());
                gs.put(w.name(), g == null ? Tensor.zeros(w.shape()) : g);
            }
            String act = z == null ? null : layer instanceof Dense d ? d.activation() : (String) layer.config().get("activation");
            layers.add(new LayerTrace(layer.name(), layer.className(), act, (Tensor) st[1], z, a, z == null ? null : gradOf(grads, z), gradOf(grads, a), ws, gs));
        }
        return new Trace(model.name(), x, y, layers, out, loss.name(), e.item(), e, gradOf(grads, x), names);
    }

    private static Tensor gradOf(Map<Tensor, Tensor> grads, Tensor t) {
        Tensor g = grads.get(t);
        return g == null ? Tensor.zerosLike(t) : g;
    }

    /** {@code x W + b} with the layer's own weights (Dense on the last axis). */
    private static Tensor dense(Dense d, Tensor x) {
        Tensor k = d.kernel().value();
        Tensor rows = x.rank() == 2 ? x : x.reshape(-1, x.dim(-1));
        Tensor z = rows.matmul(k);
        if (d.bias() != null) z = z.add(d.bias().value());
        if (x.rank() != 2) {
            int[] dims = x.shape().dims();
            dims[dims.length - 1] = d.units();
            z = z.reshape(dims);
        }
        return z;
    }

    /** The convolution plus bias of a Conv2D, from its config. */
    private static Tensor conv(Conv2D c, Tensor x) {
        Map<String, Object> cfg = c.config();
        int[] strides = ints(cfg.get("strides"));
        int[] dilation = ints(cfg.get("dilation_rate"));
        Object p = cfg.get("padding");
        Padding padding = p instanceof String s ? Padding.parse(s) : paddingOf(ints(p));
        Tensor z = x.conv2d(c.kernel().value(), strides, padding, dilation);
        return c.bias() == null ? z : z.add(c.bias().value());
    }

    private static Padding paddingOf(int[] p) {
        return Padding.of(p[0], p[1], p[2], p[3]);
    }

    private static int[] ints(Object v) {
        if (v instanceof int[] a) return a;
        List<?> l = (List<?>) v;
        int[] out = new int[l.size()];
        for (int i = 0; i < out.length; i++) out[i] = ((Number) l.get(i)).intValue();
        return out;
    }

    /** Adds a batch axis of 1 when the tensor has the per-sample rank. */
    private static Tensor batched(Tensor t, int sampleRank, String what) {
        if (t.rank() == sampleRank) {
            int[] dims = new int[sampleRank + 1];
            dims[0] = 1;
            System.arraycopy(t.shape().dims(), 0, dims, 1, sampleRank);
            return Tensor.of(t.toArray(), dims);
        }
        if (t.rank() != sampleRank + 1) throw new IllegalArgumentException(what + " has shape " + t.shape() + ", expected rank " + sampleRank + " (one sample) or " + (sampleRank + 1));
        return t;
    }

    private static boolean sameTail(Tensor t, int[] dims) {
        if (t.rank() != dims.length + 1) return false;
        for (int i = 0; i < dims.length; i++) if (t.dim(i + 1) != dims[i]) return false;
        return true;
    }
}
