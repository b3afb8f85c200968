package org.neurite.nn;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.neurite.tensor.Shape;

/**
 * A placeholder for the output of a layer in a functional model (Keras' KerasTensor): it knows its
 * shape (without the batch axis), the layer that produced it and that layer's inputs, and holds no
 * data. Layers applied to symbolic tensors build the graph that {@link Model} runs.
 */
public class SymbolicTensor {
    private static final AtomicLong SEQUENCE = new AtomicLong();

    private final Shape shape;
    private final Layer layer;
    private final int nodeIndex;
    private final List<SymbolicTensor> inputs;
    private final int outputIndex;
    private final List<SymbolicTensor> nodeOutputs;
    private final long sequence = SEQUENCE.getAndIncrement();

    /**
     * The main output of one application of a layer.
     *
     * @param shape the tensor's shape, batch axis excluded
     * @param layer the layer that produces it
     * @param nodeIndex which application of the layer this is (0 unless shared)
     * @param inputs the tensors the layer was applied to (empty for an input)
     */
    protected SymbolicTensor(Shape shape, Layer layer, int nodeIndex, List<SymbolicTensor> inputs) {
        this(shape, layer, nodeIndex, 0, inputs, null);
    }

    /**
     * Output {@code outputIndex} of a layer application with several outputs; {@code nodeOutputs}
     * is the (shared, filled by the caller) list of all of them.
     */
    SymbolicTensor(Shape shape, Layer layer, int nodeIndex, int outputIndex, List<SymbolicTensor> inputs, List<SymbolicTensor> nodeOutputs) {
        this.shape = shape;
        this.layer = layer;
        this.nodeIndex = nodeIndex;
        this.inputs = List.copyOf(inputs);
        this.outputIndex = outputIndex;
        this.nodeOutputs = nodeOutputs;
    }

    /** @return which output of its layer application this is (Keras' tensor index; 0 = main output) */
    public int outputIndex() {
        return outputIndex;
    }

    /** @return all outputs of the layer application that produced this tensor, main first (just this one usually) */
    public List<SymbolicTensor> nodeOutputs() {
        return nodeOutputs == null ? List.of(this) : java.util.Collections.unmodifiableList(nodeOutputs);
    }

    /** @return shape without the batch axis */
    public Shape shape() {
        return shape;
    }

    /** @return the layer that produces this tensor */
    public Layer layer() {
        return layer;
    }

    /** @return which application of {@link #layer()} produced it (0 unless the layer is shared) */
    public int nodeIndex() {
        return nodeIndex;
    }

    /** @return the tensors the layer was applied to (empty for an input) */
    public List<SymbolicTensor> inputs() {
        return inputs;
    }

    /** Creation order: a tensor is always created after its inputs, so this is a topological order. */
    long sequence() {
        return sequence;
    }

    @Override
    public String toString() {
        return "SymbolicTensor(shape=" + Summary.shapeString(shape) + ", from " + layer.name() + ")";
    }
}
