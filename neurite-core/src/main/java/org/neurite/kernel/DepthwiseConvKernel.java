package org.neurite.kernel;

/**
 * The loops of depthwise 2-d convolution, channels-last: input (N, H, W, C), kernel (KH, KW, C, M),
 * output (N, OH, OW, C*M) with output channel {@code c*M + m} = input channel c with filter m. The
 * forward map and its two adjoints (input and kernel gradients) share one loop nest. Outputs are
 * accumulated into: the caller passes zeroed arrays.
 */
public final class DepthwiseConvKernel {
    private DepthwiseConvKernel() {}

    private enum Mode { FORWARD, INPUT_GRAD, KERNEL_GRAD }

    /** out (N, OH, OW, C*M) += input (*) kernel. */
    public static void forward(ConvGeometry g, float[] input, float[] kernel, float[] out) {
        loop(g, Mode.FORWARD, input, kernel, out);
    }

    /** out (N, H, W, C) += the input gradient from gradOut (N, OH, OW, C*M) and the kernel. */
    public static void inputGrad(ConvGeometry g, float[] gradOut, float[] kernel, float[] out) {
        loop(g, Mode.INPUT_GRAD, gradOut, kernel, out);
    }

    /** out (KH, KW, C, M) += the kernel gradient from input (N, H, W, C) and gradOut. */
    public static void kernelGrad(ConvGeometry g, float[] input, float[] gradOut, float[] out) {
        loop(g, Mode.KERNEL_GRAD, input, gradOut, out);
    }

    /**
     * The one loop nest of the three maps. FORWARD: a = input, b = kernel, out = output;
     * INPUT_GRAD: a = gradOut, b = kernel, out = input-shaped; KERNEL_GRAD: a = input, b = gradOut,
     * out = kernel-shaped.
     */
    private static void loop(ConvGeometry g, Mode mode, float[] a, float[] b, float[] out) {
        int c = g.inC(), m = g.outC(), cm = c * m;
        int h = g.inH(), w = g.inW();
        for (int n = 0; n < g.batch(); n++) {
            for (int oy = 0; oy < g.outH(); oy++) {
                for (int ox = 0; ox < g.outW(); ox++) {
                    int o = ((n * g.outH() + oy) * g.outW() + ox) * cm;
                    for (int i = 0; i < g.kH(); i++) {
                        int iy = oy * g.strideH() - g.padTop() + i * g.dilationH();
                        if (iy < 0 || iy >= h) continue;
                        for (int j = 0; j < g.kW(); j++) {
                            int ix = ox * g.strideW() - g.padLeft() + j * g.dilationW();
                            if (ix < 0 || ix >= w) continue;
                            int x = ((n * h + iy) * w + ix) * c;
                            int k = (i * g.kW() + j) * cm;
                            for (int ch = 0; ch < c; ch++) {
                                for (int f = 0; f < m; f++) {
                                    int oc = o + ch * m + f, kc = k + ch * m + f;
                                    switch (mode) {
                                        case FORWARD -> out[oc] += a[x + ch] * b[kc];
                                        case INPUT_GRAD -> out[x + ch] += a[oc] * b[kc];
                                        case KERNEL_GRAD -> out[kc] += a[x + ch] * b[oc];
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}
