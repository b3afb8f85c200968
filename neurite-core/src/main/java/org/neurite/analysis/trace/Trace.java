package org.neurite.analysis.trace;

import java.util.List;
import java.util.Map;
import org.neurite.tensor.Tensor;

/**
 * A forward and backward pass laid out layer by layer (see {@link BackpropTrace}).
 *
 * @param modelName the model
 * @param input     the input batch (with its gradient in {@link #inputGrad})
 * @param target    the target
 * @param layers    one entry per layer application, in execution order
 * @param output    the model output
 * @param lossName  how E is defined
 * @param loss      the value of E
 * @param lossTensor E as a tensor, the root of the recorded graph ({@link GraphvizExport})
 * @param inputGrad dE/dx
 * @param names     readable names of the tensors of the graph (weights, layer outputs), for DOT labels
 */
public record Trace(String modelName, Tensor input, Tensor target, List<LayerTrace> layers, Tensor output, String lossName, double loss, Tensor lossTensor,
        Tensor inputGrad, Map<Tensor, String> names) {

    /**
     * The entry of one layer.
     *
     * @param name the layer's name
     * @return its entry (the first, if it was applied more than once)
     * @throws IllegalArgumentException if no layer has that name (the message lists them)
     */
    public LayerTrace layer(String name) {
        for (LayerTrace l : layers) if (l.layerName().equals(name)) return l;
        throw new IllegalArgumentException("no layer '" + name + "' in the trace; layers: " + layers.stream().map(LayerTrace::layerName).toList());
    }

    /**
     * The recorded computation graph, with values and gradients.
     *
     * @return Graphviz DOT text, tensors named after the layers and weights
     */
    public String toDot() {
        return GraphvizExport.toDot(lossTensor, names);
    }

    /**
     * The exam-style text, numbers to 6 significant digits.
     *
     * @return the forward pass, the error and the backward pass, layer by layer
     */
    public String render() {
        return TraceText.render(this);
    }

    /**
     * The exam-style text with numbers to {@code digits} significant digits.
     *
     * @param digits 1 to 17 (default 6)
     * @return the forward pass, the error and the backward pass, layer by layer
     * @throws IllegalArgumentException if digits is outside 1..17
     */
    public String render(int digits) {
        return TraceText.render(this, digits);
    }
}
