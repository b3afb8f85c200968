package org.neurite.nn.layers;

import java.util.ArrayList;
import java.util.List;
import org.neurite.tensor.Padding;
import org.neurite.tensor.Tensor;

/**
 * The depth axis of the 3-d layers ({@link Conv3D}, {@link MaxPooling3D}), done with 2-d ops: a
 * 3-d window op is, for each depth offset k of the window, a 2-d op on the depth slices
 * {@code k, k + s, k + 2s, ...} (folded into the batch), combined over k (sum for a convolution,
 * max for max pooling). Input {@code (N, D, H, W, C)}.
 */
final class DepthWindows {
    private DepthWindows() {}

    /** Depth padding {before, after} by the same rule as height and width ('same' puts the odd one after). */
    static int[] padding(Padding p, int depth, int k, int stride) {
        int[] r = p.resolve(depth, 1, k, 1, stride, 1);
        return new int[] {r[0], r[1]};
    }

    /** Output depth; -1 when the window does not fit. */
    static int outputDepth(Padding p, int depth, int k, int stride) {
        int[] pad = padding(p, depth, k, stride);
        int span = depth + pad[0] + pad[1] - k;
        return span < 0 ? -1 : span / stride + 1;
    }

    /** x with its depth axis padded by {@code value}. */
    static Tensor padDepth(Tensor x, int[] pad, float value) {
        if (pad[0] == 0 && pad[1] == 0) return x;
        int[] pads = new int[2 * x.rank()];
        pads[2] = pad[0];
        pads[3] = pad[1];
        return x.pad(pads, value);
    }

    /** Depth slices {@code k, k + stride, ...} ({@code count} of them), folded into the batch: (N*count, H, W, C). */
    static Tensor slices(Tensor x, int k, int stride, int count) {
        Tensor picked;
        if (stride == 1) {
            picked = x.slice(1, k, k + count);
        } else {
            List<Tensor> parts = new ArrayList<>(count);
            for (int o = 0; o < count; o++) parts.add(x.slice(1, k + o * stride, k + o * stride + 1));
            picked = Tensor.concat(parts, 1);
        }
        return picked.reshape(x.dim(0) * count, x.dim(2), x.dim(3), x.dim(4));
    }
}
