package org.neurite.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.neurite.tensor.Tensor;

/** Runs an exported model in ONNX Runtime (CPU); tests skip with a message when its native library cannot load. */
final class OrtRunner {
    private static final String LOAD_ERROR = tryLoad();

    private OrtRunner() {}

    private static String tryLoad() {
        try {
            OrtEnvironment.getEnvironment();
            return null;
        } catch (Throwable t) {
            return t.toString();
        }
    }

    static boolean available() {
        return LOAD_ERROR == null;
    }

    static void assumeAvailable() {
        Assumptions.assumeTrue(available(), () -> "ONNX Runtime's native library could not be loaded on this machine (" + LOAD_ERROR
                + "); the ONNX comparison is skipped, the protobuf structure is still checked by OnnxStructureTest");
    }

    /** Runs the model on these inputs (NHWC as Neurite) and returns every output, in graph order. */
    static List<Tensor> run(byte[] model, List<String> inputNames, List<Tensor> inputs) throws OrtException {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        options.setIntraOpNumThreads(1);
        List<OnnxTensor> tensors = new ArrayList<>();
        try (OrtSession session = env.createSession(model, options)) {
            Map<String, OnnxTensor> feed = new LinkedHashMap<>();
            for (int i = 0; i < inputs.size(); i++) {
                Tensor x = inputs.get(i);
                long[] shape = new long[x.rank()];
                for (int d = 0; d < shape.length; d++) shape[d] = x.dim(d);
                OnnxTensor t = OnnxTensor.createTensor(env, FloatBuffer.wrap(x.data()), shape);
                tensors.add(t);
                feed.put(inputNames.get(i), t);
            }
            try (OrtSession.Result result = session.run(feed)) {
                List<Tensor> out = new ArrayList<>();
                for (int i = 0; i < result.size(); i++) {
                    OnnxTensor o = (OnnxTensor) result.get(i);
                    long[] shape = o.getInfo().getShape();
                    int[] dims = new int[shape.length];
                    for (int d = 0; d < dims.length; d++) dims[d] = (int) shape[d];
                    FloatBuffer fb = o.getFloatBuffer();
                    float[] data = new float[fb.remaining()];
                    fb.get(data);
                    out.add(Tensor.of(data, dims));
                }
                return out;
            }
        } finally {
            for (OnnxTensor t : tensors) t.close();
            options.close();
        }
    }
}
