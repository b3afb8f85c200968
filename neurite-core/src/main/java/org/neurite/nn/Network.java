package org.neurite.nn;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.neurite.tensor.Tensor;

/**
 * What the training loop needs from a model: a forward pass, its weights, and the regularization
 * penalty. Sequential and functional models implement it.
 */
public interface Network {
    /**
     * Forward pass on a batch of a single-input, single-output network.
     *
     * @param input a batch, shape {@code (N, ...)} as the network's input plus a batch axis
     * @param training true in training (dropout active, batch-norm uses and updates batch statistics)
     * @return the output batch, shape {@code (N, ...)}
     */
    Tensor forward(Tensor input, boolean training);

    /**
     * Forward pass with one batch per input, one batch per output (multi-input/-output models).
     * By default a network has one input and one output.
     *
     * @param inputs one batch {@code (N, ...)} per input, in input order
     * @param training true in training (dropout active, batch-norm uses batch statistics)
     * @return one batch {@code (N, ...)} per output, in output order
     * @throws IllegalArgumentException if the number of inputs is wrong
     */
    default List<Tensor> forward(List<Tensor> inputs, boolean training) {
        if (inputs.size() != 1) throw new IllegalArgumentException("this network has 1 input, got " + inputs.size());
        return List.of(forward(inputs.get(0), training));
    }

    /** @return one name per output, used in log keys ({@code dense_1_loss}); by default one output named "output" */
    default List<String> outputNames() {
        return List.of("output");
    }

    /** @return the scalar loss terms layers added during the last forward pass (Keras' {@code add_loss}); none by default */
    default List<Tensor> addedLosses() {
        return List.of();
    }

    /**
     * Whether the network as a whole may be trained; read by the trainer when it is created
     * (Keras 2 compiles the flag in). True by default.
     *
     * @return whether the network may be trained
     */
    default boolean trainable() {
        return true;
    }

    /** @return every weight, trainable or not, in a stable order (layer order, then creation order) */
    List<Variable> variables();

    /** @return the trainable weights, in {@link #variables()} order */
    default List<Variable> trainableVariables() {
        List<Variable> out = new ArrayList<>();
        for (Variable v : variables()) if (v.trainable()) out.add(v);
        return out;
    }

    /** @return the sum of the trainable weights' regularizer penalties as a differentiable scalar, or null when there are none */
    default Tensor regularizationLoss() {
        Tensor total = null;
        for (Variable v : variables()) {
            if (v.regularizer() != null && v.trainable()) {
                Tensor p = v.regularizer().penalty(v.value());
                total = total == null ? p : total.add(p);
            }
        }
        return total;
    }

    /**
     * Saves architecture and weights to one file (written atomically: a failed save leaves the old file).
     *
     * @param file the target file
     * @throws java.io.IOException if the file cannot be written
     */
    void save(Path file) throws java.io.IOException;
}
