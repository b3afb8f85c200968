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
    /** Forward pass on a batch; {@code training} switches dropout and batch-norm behaviour. */
    Tensor forward(Tensor input, boolean training);

    /** Every weight, trainable or not, in a stable order (layer order, then creation order). */
    List<Variable> variables();

    default List<Variable> trainableVariables() {
        List<Variable> out = new ArrayList<>();
        for (Variable v : variables()) if (v.trainable()) out.add(v);
        return out;
    }

    /** Sum of all regularizer penalties as a scalar tensor, or null when there are none. */
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

    /** Saves architecture and weights to one file (written atomically). */
    void save(Path file) throws java.io.IOException;
}
