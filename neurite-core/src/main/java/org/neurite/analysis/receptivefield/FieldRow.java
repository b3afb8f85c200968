package org.neurite.analysis.receptivefield;

import java.util.List;
import org.neurite.tensor.Shape;

/**
 * The receptive field of one layer application's output.
 *
 * @param layerName   the layer
 * @param className   its type
 * @param outputShape its output shape (batch axis excluded)
 * @param kind        how the field is defined after this layer
 * @param axes        per spatial axis (height, width; or steps) the field; for {@link Kind#WHOLE_INPUT}
 *                    the input's extent (size = input length, jump 0, start at the input's centre);
 *                    empty for {@link Kind#UNDEFINED}
 * @param note        how the layer changed the field, e.g. {@code r = 5 + (2 - 1)*1 = 6}
 */
public record FieldRow(String layerName, String className, Shape outputShape, Kind kind, List<AxisField> axes, String note) {
    /** How the receptive field is defined after a layer. */
    public enum Kind {
        /** Each output unit sees a window of the input: size, jump and start per axis. */
        LOCAL,
        /** Each output unit depends on the whole input (Dense after Flatten, global pooling, attention, recurrence). */
        WHOLE_INPUT,
        /** The spatial grid ends (Flatten, Reshape): units keep their fields but no longer form a grid. */
        FLATTENED,
        /** No spatial structure to speak of (a vector input, or a layer that mixes axes in another way). */
        UNDEFINED
    }

    /**
     * The field sizes per axis, rounded.
     *
     * @return one size per spatial axis, e.g. {@code [6, 6]}; empty for {@link Kind#UNDEFINED}
     */
    public int[] size() {
        int[] out = new int[axes.size()];
        for (int i = 0; i < out.length; i++) out[i] = (int) Math.round(axes.get(i).size());
        return out;
    }
}
