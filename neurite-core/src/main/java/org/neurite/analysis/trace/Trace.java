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

    /** The entry of the layer with this name; fails listing the names. */
    public LayerTrace layer(String name) {
        for (LayerTrace l : layers) if (l.layerName().equals(name)) return l;
        throw new IllegalArgumentException("no layer '" + name + "' in the trace; layers: " + layers.stream().map(LayerTrace::layerName).toList());
    }

    /** The recorded computation graph as Graphviz DOT, with values and gradients. */
    public String toDot() {
        return GraphvizExport.toDot(lossTensor, names);
    }

    /** The exam-style text. */
    public String render() {
        return TraceText.render(this);
    }

    /** The exam-style text with numbers to {@code digits} significant digits (1 to 17; default 6). */
    public String render(int digits) {
        return TraceText.render(this, digits);
    }
}
