package org.neurite.nn.layers;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.neurite.io.Json;
import org.neurite.tensor.Shape;
import org.neurite.tensor.Tensor;

/**
 * SimpleRNN, LSTM, GRU and Bidirectional(LSTM) against PyTorch's nn.RNN / nn.LSTM / nn.GRU
 * (batch_first, non-zero initial states) on the weights and numbers written by
 * {@code src/test/resources/pytorch/recurrent.py}: outputs, final states, and the gradients of
 * {@code sum(out P) + sum(h_n Q) (+ sum(c_n S))} with respect to the input, the initial states
 * and every weight (PyTorch-layout gradients converted like the weights).
 */
class RecurrentPyTorchTest {
    private static final double TOL = 2e-5;

    @SuppressWarnings("unchecked")
    private static Map<String, Object> reference(String section) {
        try (InputStream in = RecurrentPyTorchTest.class.getResourceAsStream("/pytorch/recurrent.json")) {
            if (in == null) throw new IllegalStateException("missing test resource /pytorch/recurrent.json (run recurrent.py)");
            Map<String, Object> root = (Map<String, Object>) Json.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            return (Map<String, Object>) root.get(section);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Tensor t(Map<String, Object> m, String... path) {
        Map<String, Object> cur = m;
        for (int i = 0; i < path.length - 1; i++) cur = (Map<String, Object>) cur.get(path[i]);
        Map<String, Object> e = (Map<String, Object>) cur.get(path[path.length - 1]);
        List<Object> shape = (List<Object>) e.get("shape");
        List<Object> data = (List<Object>) e.get("data");
        float[] d = new float[data.size()];
        for (int i = 0; i < d.length; i++) d[i] = ((Number) data.get(i)).floatValue();
        int[] dims = shape.stream().mapToInt(o -> ((Number) o).intValue()).toArray();
        return Tensor.of(d, dims);
    }

    private static float[] w(Map<String, Object> m, String name) {
        return t(m, "weights", name).data();
    }

    private static float[] g(Map<String, Object> m, String name) {
        return t(m, "grads", name).data();
    }

    /** Direction d of a (directions, N, u) state as (N, u). */
    private static Tensor dir(Tensor s, int d) {
        return s.slice(0, d, d + 1).reshape(s.dim(1), s.dim(2)).detach().copy();
    }

    private static void close(String label, float[] expected, Tensor actual) {
        PyTorchReference.assertClose(label, Tensor.of(expected, actual.shape()), actual, TOL);
    }

    private static void loadInto(RecurrentLayer layer, Map<String, Object> ref, String suffix) {
        float[] wih = w(ref, "weight_ih_l0" + suffix), whh = w(ref, "weight_hh_l0" + suffix);
        float[] bih = w(ref, "bias_ih_l0" + suffix), bhh = w(ref, "bias_hh_l0" + suffix);
        if (layer instanceof LSTM l) l.loadPyTorchWeights(wih, whh, bih, bhh);
        else if (layer instanceof GRU l) l.loadPyTorchWeights(wih, whh, bih, bhh);
        else ((SimpleRNN) layer).loadPyTorchWeights(wih, whh, bih, bhh);
    }

    /** Checks the converted PyTorch weight gradients against the layer's weight gradients. */
    private static void weightGrads(String label, RecurrentLayer layer, Map<String, Object> ref, String suffix, int[] order) {
        int k = order.length, u = layer.units(), in = layer.kernel().shape().dim(0);
        close(label + " dKernel", RecurrentLayer.kerasKernel(g(ref, "weight_ih_l0" + suffix), k * u, in, order), layer.kernel().value().grad());
        close(label + " dRecurrentKernel", RecurrentLayer.kerasKernel(g(ref, "weight_hh_l0" + suffix), k * u, u, order), layer.recurrentKernel().value().grad());
        float[] bih = RecurrentLayer.kerasBias(g(ref, "bias_ih_l0" + suffix), order);
        float[] bhh = RecurrentLayer.kerasBias(g(ref, "bias_hh_l0" + suffix), order);
        if (layer.bias().shape().rank() == 2) { // GRU reset_after: (2, 3u)
            float[] both = new float[2 * bih.length];
            System.arraycopy(bih, 0, both, 0, bih.length);
            System.arraycopy(bhh, 0, both, bih.length, bhh.length);
            close(label + " dBias", both, layer.bias().value().grad());
        } else {
            close(label + " dBias", bih, layer.bias().value().grad()); // = d bias_hh: both are the sum over steps
        }
    }

    private void oneDirection(String section, RecurrentLayer layer, int[] order) {
        Map<String, Object> ref = reference(section);
        boolean lstm = layer instanceof LSTM;
        layer.returnSequences(true).returnState(true);
        List<Shape> shapes = new ArrayList<>(List.of(Shape.of(5, 4), Shape.of(6)));
        if (lstm) shapes.add(Shape.of(6));
        layer.build(shapes);
        loadInto(layer, ref, "");
        Tensor x = t(ref, "x").requiresGrad(true);
        Tensor h0 = dir(t(ref, "h0"), 0).requiresGrad(true);
        Tensor c0 = lstm ? dir(t(ref, "c0"), 0).requiresGrad(true) : null;
        List<Tensor> outs = layer.forwardAll(lstm ? List.of(x, h0, c0) : List.of(x, h0), true);
        PyTorchReference.assertClose(section + " output", t(ref, "out"), outs.get(0), TOL);
        PyTorchReference.assertClose(section + " h_n", dir(t(ref, "h_n"), 0), outs.get(1), TOL);
        Tensor loss = outs.get(0).mul(t(ref, "proj_out")).sum().add(outs.get(1).mul(dir(t(ref, "proj_h"), 0)).sum());
        if (lstm) {
            PyTorchReference.assertClose(section + " c_n", dir(t(ref, "c_n"), 0), outs.get(2), TOL);
            loss = loss.add(outs.get(2).mul(dir(t(ref, "proj_c"), 0)).sum());
        }
        loss.backward();
        PyTorchReference.assertClose(section + " dx", t(ref, "grad_x"), x.grad(), TOL);
        PyTorchReference.assertClose(section + " dh0", dir(t(ref, "grad_h0"), 0), h0.grad(), TOL);
        if (lstm) PyTorchReference.assertClose(section + " dc0", dir(t(ref, "grad_c0"), 0), c0.grad(), TOL);
        weightGrads(section, layer, ref, "", order);
    }

    @Test
    void simpleRnnMatchesPyTorchRnn() {
        oneDirection("rnn", new SimpleRNN(6), new int[] {0});
    }

    @Test
    void lstmMatchesPyTorch() {
        oneDirection("lstm", new LSTM(6), new int[] {0, 1, 2, 3});
    }

    @Test
    void gruResetAfterMatchesPyTorch() {
        oneDirection("gru", new GRU(6), new int[] {1, 0, 2});
    }

    @Test
    void bidirectionalLstmMatchesPyTorch() {
        Map<String, Object> ref = reference("bilstm");
        Bidirectional bi = new Bidirectional(new LSTM(6).returnSequences(true).returnState(true));
        bi.build(List.of(Shape.of(5, 4), Shape.of(6), Shape.of(6), Shape.of(6), Shape.of(6)));
        loadInto(bi.forwardLayer(), ref, "");
        loadInto(bi.backwardLayer(), ref, "_reverse");
        Tensor x = t(ref, "x").requiresGrad(true);
        Tensor h0 = t(ref, "h0"), c0 = t(ref, "c0");
        List<Tensor> states = List.of(dir(h0, 0).requiresGrad(true), dir(c0, 0).requiresGrad(true), dir(h0, 1).requiresGrad(true), dir(c0, 1).requiresGrad(true));
        List<Tensor> in = new ArrayList<>(List.of(x));
        in.addAll(states);
        List<Tensor> outs = bi.forwardAll(in, true); // [out, fh, fc, bh, bc]
        PyTorchReference.assertClose("bilstm output", t(ref, "out"), outs.get(0), TOL);
        Tensor hn = t(ref, "h_n"), cn = t(ref, "c_n"), q = t(ref, "proj_h"), s = t(ref, "proj_c");
        PyTorchReference.assertClose("bilstm h_n forward", dir(hn, 0), outs.get(1), TOL);
        PyTorchReference.assertClose("bilstm c_n forward", dir(cn, 0), outs.get(2), TOL);
        PyTorchReference.assertClose("bilstm h_n backward", dir(hn, 1), outs.get(3), TOL);
        PyTorchReference.assertClose("bilstm c_n backward", dir(cn, 1), outs.get(4), TOL);
        Tensor loss = outs.get(0).mul(t(ref, "proj_out")).sum()
                .add(outs.get(1).mul(dir(q, 0)).sum()).add(outs.get(2).mul(dir(s, 0)).sum())
                .add(outs.get(3).mul(dir(q, 1)).sum()).add(outs.get(4).mul(dir(s, 1)).sum());
        loss.backward();
        PyTorchReference.assertClose("bilstm dx", t(ref, "grad_x"), x.grad(), TOL);
        PyTorchReference.assertClose("bilstm dh0 backward", dir(t(ref, "grad_h0"), 1), states.get(2).grad(), TOL);
        PyTorchReference.assertClose("bilstm dc0 forward", dir(t(ref, "grad_c0"), 0), states.get(1).grad(), TOL);
        weightGrads("bilstm forward", bi.forwardLayer(), ref, "", new int[] {0, 1, 2, 3});
        weightGrads("bilstm backward", bi.backwardLayer(), ref, "_reverse", new int[] {0, 1, 2, 3});
    }
}
