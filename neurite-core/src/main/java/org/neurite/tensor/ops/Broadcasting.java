package org.neurite.tensor.ops;

import org.neurite.tensor.Shape;

/**
 * Walks an output shape while tracking the matching offsets in two inputs whose shapes broadcast
 * to it (stride 0 along a broadcast axis). The innermost axis is handed to the caller as one run,
 * so the per-element loop stays tight.
 */
final class Broadcasting {
    private Broadcasting() {}

    /** Receives one innermost run: {@code length} outputs from outOffset, inputs stepping by stepA/stepB. */
    interface Run {
        void apply(int outOffset, int aOffset, int stepA, int bOffset, int stepB, int length);
    }

    /** Strides of {@code in} aligned to the output rank, 0 where {@code in} is broadcast. */
    static int[] alignedStrides(Shape in, Shape out) {
        int r = out.rank();
        int[] s = new int[r];
        int[] own = in.strides();
        int shift = r - in.rank();
        for (int i = 0; i < in.rank(); i++) {
            s[i + shift] = in.dim(i) == 1 && out.dim(i + shift) != 1 ? 0 : own[i];
        }
        return s;
    }

    static void walk(Shape out, int[] strideA, int[] strideB, Run run) {
        int r = out.rank();
        if (out.size() == 0) return;
        if (r == 0) {
            run.apply(0, 0, 0, 0, 0, 1);
            return;
        }
        int inner = out.dim(r - 1);
        int stepA = strideA[r - 1];
        int stepB = strideB[r - 1];
        int outer = out.size() / inner;
        int[] idx = new int[r];
        int offA = 0, offB = 0;
        for (int o = 0; o < outer; o++) {
            run.apply(o * inner, offA, stepA, offB, stepB, inner);
            // odometer over axes r-2 .. 0
            for (int ax = r - 2; ax >= 0; ax--) {
                idx[ax]++;
                offA += strideA[ax];
                offB += strideB[ax];
                if (idx[ax] < out.dim(ax)) break;
                offA -= strideA[ax] * idx[ax];
                offB -= strideB[ax] * idx[ax];
                idx[ax] = 0;
            }
        }
    }
}
