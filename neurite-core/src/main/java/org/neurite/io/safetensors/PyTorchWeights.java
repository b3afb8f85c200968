package org.neurite.io.safetensors;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.neurite.nn.Layer;
import org.neurite.nn.Model;
import org.neurite.nn.Weight;
import org.neurite.nn.layers.BatchNormalization;
import org.neurite.nn.layers.Bidirectional;
import org.neurite.nn.layers.Conv1D;
import org.neurite.nn.layers.Conv2D;
import org.neurite.nn.layers.Conv2DTranspose;
import org.neurite.nn.layers.Dense;
import org.neurite.nn.layers.Embedding;
import org.neurite.nn.layers.GRU;
import org.neurite.nn.layers.LSTM;
import org.neurite.nn.layers.LayerNormalization;
import org.neurite.nn.layers.RecurrentLayer;
import org.neurite.tensor.Shape;
import org.neurite.tensor.Tensor;

/**
 * Loads a PyTorch {@code state_dict} saved as safetensors ({@code safetensors.torch.save_file(
 * model.state_dict(), path)}) into an equivalent Neurite model, converting layouts:
 *
 * <table>
 *   <caption>PyTorch module to Neurite layer</caption>
 *   <tr><th>PyTorch</th><th>Neurite</th><th>conversion</th></tr>
 *   <tr><td>Linear weight {@code (out, in)}, bias</td><td>Dense kernel {@code (in, out)}, bias</td><td>transpose</td></tr>
 *   <tr><td>Conv2d weight OIHW</td><td>Conv2D kernel HWIO</td><td>permute (2, 3, 1, 0)</td></tr>
 *   <tr><td>Conv1d weight OIK</td><td>Conv1D kernel KIO</td><td>permute (2, 1, 0)</td></tr>
 *   <tr><td>ConvTranspose2d weight {@code (in, out, H, W)}</td><td>Conv2DTranspose kernel {@code (H, W, out, in)}</td><td>permute (2, 3, 1, 0)</td></tr>
 *   <tr><td>BatchNorm weight, bias, running_mean, running_var</td><td>gamma, beta, moving_mean, moving_variance</td><td>num_batches_tracked is ignored</td></tr>
 *   <tr><td>LayerNorm weight, bias</td><td>gamma, beta</td><td></td></tr>
 *   <tr><td>Embedding weight</td><td>embeddings</td><td></td></tr>
 *   <tr><td>LSTM weight_ih_l0 {@code (4u, in)}, weight_hh_l0, bias_ih_l0, bias_hh_l0</td>
 *       <td>kernel {@code (in, 4u)}, recurrent_kernel {@code (u, 4u)}, bias {@code (4u)}</td>
 *       <td>gate order i, f, g, o = Keras i, f, c, o; transposed; bias = bias_ih + bias_hh
 *       ({@link LSTM#loadPyTorchWeights})</td></tr>
 *   <tr><td>GRU (r, z, n)</td><td>GRU with resetAfter (z, r, h)</td><td>{@link GRU#loadPyTorchWeights}</td></tr>
 *   <tr><td>bidirectional LSTM/GRU {@code *_l0}, {@code *_l0_reverse}</td><td>Bidirectional forward, backward</td><td>as above</td></tr>
 * </table>
 *
 * The PyTorch model must compute the same function: same padding, BatchNorm epsilon (PyTorch
 * 1e-5, Keras 1e-3), and a channels-last flatten before the first Linear after a convolution
 * ({@code x.permute(0, 2, 3, 1).flatten(1)}), as Neurite's tensors are NHWC.
 */
public final class PyTorchWeights {
    private PyTorchWeights() {}

    /**
     * Assigns the weights of the layers named in {@code nameMap} (PyTorch module name, e.g.
     * {@code "features.0"}, to Neurite layer name, e.g. {@code "conv2d"}); with a null or empty map,
     * every layer with weights takes the module of its own name. Every problem (missing tensor,
     * wrong shape, tensor left over, unsupported layer) is listed in one exception, and nothing is
     * assigned unless all fit.
     *
     * @param model the model to assign, built (its weights exist)
     * @param file a safetensors file of a PyTorch {@code state_dict}
     * @param nameMap PyTorch module name to Neurite layer name; null or empty for the same names
     * @throws IOException if the file cannot be read, or listing every tensor that does not fit
     */
    public static void load(Model model, Path file, Map<String, String> nameMap) throws IOException {
        Safetensors.Contents c = Safetensors.read(file);
        Map<String, String> map = new LinkedHashMap<>();
        if (nameMap == null || nameMap.isEmpty()) {
            for (Layer l : model.layers()) if (!l.weights().isEmpty()) map.put(l.name(), l.name());
        } else {
            map.putAll(nameMap);
        }
        List<String> problems = new ArrayList<>();
        List<Runnable> assignments = new ArrayList<>();
        Set<String> used = new LinkedHashSet<>();
        for (Map.Entry<String, String> e : map.entrySet()) {
            Layer layer;
            try {
                layer = model.layer(e.getValue());
            } catch (IllegalArgumentException ex) {
                problems.add(ex.getMessage());
                continue;
            }
            new Mapper(c, e.getKey(), layer, problems, assignments, used).map();
        }
        for (String name : c.tensors().keySet()) {
            if (!used.contains(name) && !name.endsWith("num_batches_tracked")) problems.add("tensor " + name + " in the file is not used by any mapped layer");
        }
        if (!problems.isEmpty()) throw new SafetensorsFormatException(file, "does not fit model " + model.name() + ":\n  - " + String.join("\n  - ", problems));
        for (Runnable r : assignments) r.run();
    }

    /** Maps the tensors of one PyTorch module onto one Neurite layer. */
    private record Mapper(Safetensors.Contents c, String prefix, Layer layer, List<String> problems, List<Runnable> assignments, Set<String> used) {
        void map() {
            if (layer instanceof Dense d) {
                put(d.kernel(), "weight", 1, 0);
                put(d.bias(), "bias", 0);
            } else if (layer instanceof Conv2D d) {
                put(d.kernel(), "weight", 2, 3, 1, 0);
                put(d.bias(), "bias", 0);
            } else if (layer instanceof Conv1D d) {
                put(d.kernel(), "weight", 2, 1, 0);
                put(d.bias(), "bias", 0);
            } else if (layer instanceof Conv2DTranspose d) {
                put(d.kernel(), "weight", 2, 3, 1, 0);
                put(d.bias(), "bias", 0);
            } else if (layer instanceof BatchNormalization b) {
                put(b.gamma(), "weight", 0);
                put(b.beta(), "bias", 0);
                put(b.movingMean(), "running_mean", 0);
                put(b.movingVariance(), "running_var", 0);
            } else if (layer instanceof LayerNormalization n) {
                put(n.gamma(), "weight", 0);
                put(n.beta(), "bias", 0);
            } else if (layer instanceof Embedding m) {
                put(m.embeddings(), "weight", 0, 1);
            } else if (layer instanceof Bidirectional b) {
                recurrent(b.forwardLayer(), "");
                recurrent(b.backwardLayer(), "_reverse");
            } else if (layer instanceof RecurrentLayer r) {
                recurrent(r, "");
            } else {
                problems.add(layer.name() + " (" + layer.className() + "): no PyTorch mapping for this layer type");
            }
        }

        private void recurrent(RecurrentLayer r, String suffix) {
            Tensor ih = tensor("weight_ih_l0" + suffix, true);
            Tensor hh = tensor("weight_hh_l0" + suffix, true);
            Tensor bih = tensor("bias_ih_l0" + suffix, r.useBias());
            Tensor bhh = tensor("bias_hh_l0" + suffix, r.useBias());
            if (c.get(prefix + ".weight_ih_l1") != null) problems.add(prefix + ": a multi-layer PyTorch RNN maps onto one Neurite layer per PyTorch layer; only l0 is supported");
            if (ih == null || hh == null) return;
            int gates = r.kernel().shape().dim(1);
            if (!ih.shape().equals(Shape.of(gates, r.kernel().shape().dim(0))) || !hh.shape().equals(Shape.of(gates, r.units()))) {
                problems.add(prefix + ": weight_ih_l0" + suffix + " " + ih.shape() + " / weight_hh_l0" + suffix + " " + hh.shape()
                        + " do not fit " + r.name() + " (kernel " + r.kernel().shape() + ", recurrent_kernel " + r.recurrentKernel().shape() + ")");
                return;
            }
            float[] a = ih.data(), b = hh.data(), c1 = bih == null ? null : bih.data(), c2 = bhh == null ? null : bhh.data();
            if (r instanceof LSTM l) assignments.add(() -> l.loadPyTorchWeights(a, b, c1, c2));
            else if (r instanceof GRU g) assignments.add(() -> g.loadPyTorchWeights(a, b, c1, c2));
            else problems.add(r.name() + " (" + r.className() + "): no PyTorch mapping for this layer type");
        }

        private Tensor tensor(String suffix, boolean required) {
            String name = prefix + "." + suffix;
            Tensor t = c.get(name);
            if (t == null) {
                if (required) problems.add(layer.name() + " (" + layer.className() + "): tensor " + name + " is missing from the file");
                return null;
            }
            used.add(name);
            return t;
        }

        /** w = permute(tensor, perm): dimension i of w is dimension perm[i] of the PyTorch tensor. */
        private void put(Weight w, String suffix, int... perm) {
            Tensor t = tensor(suffix, w != null);
            if (w == null || t == null) {
                if (w == null && t != null) problems.add(layer.name() + ": the file has " + prefix + "." + suffix + " but the layer has no such weight (use_bias false?)");
                return;
            }
            int[] src = t.shape().dims();
            if (src.length != perm.length) {
                problems.add(prefix + "." + suffix + " has shape " + t.shape() + "; " + w.fullName() + " " + w.shape() + " needs rank " + perm.length);
                return;
            }
            int[] dst = new int[perm.length];
            for (int i = 0; i < perm.length; i++) dst[i] = src[perm[i]];
            if (!Shape.of(dst).equals(w.shape())) {
                problems.add(prefix + "." + suffix + " " + t.shape() + " becomes " + Shape.of(dst) + ", but " + w.fullName() + " is " + w.shape());
                return;
            }
            float[] values = permute(t.data(), src, perm);
            assignments.add(() -> w.assign(values));
        }
    }

    /** The C-order array of {@code data} (dims {@code src}) with its axes permuted: out axis i = in axis perm[i]. */
    static float[] permute(float[] data, int[] src, int[] perm) {
        int rank = src.length;
        int[] srcStride = new int[rank];
        int s = 1;
        for (int i = rank - 1; i >= 0; i--) {
            srcStride[i] = s;
            s *= src[i];
        }
        int[] dst = new int[rank];
        int[] stride = new int[rank]; // stride in the source of each output axis
        for (int i = 0; i < rank; i++) {
            dst[i] = src[perm[i]];
            stride[i] = srcStride[perm[i]];
        }
        float[] out = new float[data.length];
        int[] idx = new int[rank];
        int from = 0;
        for (int o = 0; o < out.length; o++) {
            out[o] = data[from];
            for (int a = rank - 1; a >= 0; a--) { // odometer increment over the output index
                idx[a]++;
                from += stride[a];
                if (idx[a] < dst[a]) break;
                from -= stride[a] * dst[a];
                idx[a] = 0;
            }
        }
        return out;
    }
}
