package org.neurite.conformance;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.neurite.conformance.ConformanceCases.Case;
import org.neurite.nn.Input;
import org.neurite.nn.Layer;
import org.neurite.nn.Sequential;
import org.neurite.nn.layers.Dense;
import org.neurite.nn.layers.LSTM;
import org.neurite.tensor.Shape;
import org.neurite.tensor.Tensor;
import org.neurite.tensor.ops.RecurrentCells;

/**
 * Conformance cases of the recurrent layers: the LSTM parameter count (Keras convention, one bias
 * per gate), a 3-step scalar RNN with per-step weights (through {@link RecurrentCells#rnnStep}),
 * and a 3-step scalar LSTM with per-step weights, both the exam key's sigmoid convention and the
 * standard tanh LSTM, each step run through an {@link LSTM} layer whose weights are set from the
 * case (the sigmoid convention is {@code LSTM.activation("sigmoid")}).
 */
class RecurrentConformanceTest {

    @Test
    @DisplayName("C004-15 LSTM parameter count, input 4, hidden 3, output 1")
    void C004_15() {
        Case c = ConformanceCases.require("C004-15");
        int in = c.i("spec.input_dim"), h = c.i("spec.hidden_and_cell_dim"), out = c.i("spec.output_dim");
        Sequential model = new Sequential(Input.of(5, in), new LSTM(h), new Dense(out));
        Layer lstm = model.layers().get(0);
        c.assertCount("expected.keras_LSTM_units3_input4", lstm.countParams());
        c.assertCount("expected.dense_3_to_1", model.layers().get(1).countParams());
        c.assertCount("expected.total_units3", model.countParams());
        // PyTorch's nn.LSTM keeps two bias vectors (bias_ih, bias_hh): 4h more than Keras
        c.assertCount("expected.pytorch_nn_LSTM_units3_two_biases", lstm.countParams() + 4L * h);
        assertTrue(model.summary().contains("Total params: " + c.integer("expected.total_units3")), model.summary());
    }

    @Test
    @DisplayName("C004-22 3-step scalar RNN, sigmoid state, ReLU output, per-step weights")
    void C004_22() {
        Case c = ConformanceCases.require("C004-22");
        float[] x = c.floats("spec.x"), u = c.floats("spec.per_timestep_weights.U_t"), w = c.floats("spec.per_timestep_weights.W_t"),
                v = c.floats("spec.per_timestep_weights.V_t");
        float b = c.f("spec.b"), bias = c.f("spec.c");
        Tensor s = Tensor.full(c.f("spec.s0"), 1, 1);
        float[] states = new float[x.length], ys = new float[x.length];
        for (int t = 0; t < x.length; t++) {
            Tensor zx = Tensor.full(u[t] * x[t] + b, 1, 1); // the input projection U_t x_t + b
            s = RecurrentCells.rnnStep(zx, s, Tensor.full(w[t], 1, 1), Tensor::sigmoid);
            states[t] = s.item();
            ys[t] = s.mul(v[t]).add(bias).relu().item();
        }
        c.assertClose("expected.s", states);
        c.assertClose("expected.y", ys);
        c.assertClose("expected.state_after_t3", s.item());
    }

    @Test
    @DisplayName("C004-23 3-step scalar LSTM with per-step weights (seed convention and standard tanh)")
    void C004_23() {
        Case c = ConformanceCases.require("C004-23");
        lstmSteps(c, "expected.seed_convention", "sigmoid", "expected.state_after_t3_seed_convention");
        lstmSteps(c, "expected.standard_tanh", "tanh", "expected.state_after_t3_standard");
    }

    /** Runs the three steps, each through an LSTM(1) layer holding that step's weights. */
    private static void lstmSteps(Case c, String at, String activation, String finalAt) {
        String p = "spec.per_timestep_weights.";
        float[] x = c.floats("spec.x");
        Tensor h = Tensor.full(c.f("spec.h0"), 1, 1), cell = Tensor.full(c.f("spec.c0"), 1, 1);
        for (int t = 0; t < x.length; t++) {
            String e = at + "." + t + ".";
            c.assertCount(e + "t", t + 1);
            // Keras gate blocks [i, f, c, o]: kernel = U (input weights), recurrent kernel = W
            float[] kernel = {c.f(p + "Ui." + t), c.f(p + "Uf." + t), c.f(p + "U." + t), c.f(p + "Uo." + t)};
            float[] recurrent = {c.f(p + "Wi." + t), c.f(p + "Wf." + t), c.f(p + "W." + t), c.f(p + "Wo." + t)};
            LSTM step = new LSTM(1).activation(activation).returnState(true);
            step.build(List.of(Shape.of(1, 1), Shape.of(1), Shape.of(1)));
            step.kernel().assign(kernel);
            step.recurrentKernel().assign(recurrent);
            step.bias().assign(new float[] {c.f("spec.biases"), c.f("spec.biases"), c.f("spec.biases"), c.f("spec.biases")});
            Tensor xt = Tensor.full(x[t], 1, 1, 1);
            // the gates, from the same weights
            Tensor z = xt.reshape(1, 1).matmul(Tensor.of(kernel, 1, 4)).add(h.matmul(Tensor.of(recurrent, 1, 4)));
            float[] zs = z.data();
            c.assertClose(e + "i", sig(zs[0]));
            c.assertClose(e + "f", sig(zs[1]));
            c.assertClose(e + "c_tilde", activation.equals("tanh") ? Math.tanh(zs[2]) : sig(zs[2]));
            c.assertClose(e + "o", sig(zs[3]));
            List<Tensor> outs = step.forwardAll(List.of(xt, h, cell), false); // [h_t, h_t, c_t]
            h = outs.get(1);
            cell = outs.get(2);
            c.assertClose(e + "h", h.item());
            c.assertClose(e + "c", cell.item());
            c.assertClose(e + "yhat_sigmoid_V_c", sig(c.f(p + "V." + t) * cell.item()));
            c.assertClose(e + "yhat_relu_V_h", Math.max(0, c.f(p + "V." + t) * h.item()));
        }
        c.assertClose(finalAt + ".h", h.item());
        c.assertClose(finalAt + ".c", cell.item());
    }

    private static double sig(double z) {
        return 1 / (1 + Math.exp(-z));
    }
}
