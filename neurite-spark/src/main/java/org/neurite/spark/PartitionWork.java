package org.neurite.spark;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.broadcast.Broadcast;
import org.neurite.nn.Model;
import org.neurite.nn.Variable;
import org.neurite.nn.losses.Loss;
import org.neurite.nn.optimizers.Optimizer;
import org.neurite.tensor.Tensor;

/** What a task does with its partition in one step (executor side); results are pure functions of the inputs. */
final class PartitionWork {
    private PartitionWork() {}

    /**
     * Synchronous step: the gradient of the mean loss over this partition's rows of the global
     * batch, times their count (so that partial sums add up to the batch's summed gradient), then
     * the non-trainable variables after the forward pass (e.g. moving statistics), times the count.
     */
    static Iterator<PartialSum> gradients(Iterator<LabeledSample> rows, Broadcast<byte[]> modelBytes, Broadcast<StepPlan> planBc,
            SerializableSupplier<Loss> lossFactory, int[] sampleShape) {
        long t0 = System.nanoTime();
        StepPlan plan = planBc.value();
        PartialSum out = PartialSum.empty();
        List<LabeledSample> mine = select(rows, plan.batches[0]);
        if (mine.isEmpty()) {
            out.fetchNanos = System.nanoTime() - t0;
            return List.of(out).iterator();
        }
        Model replica = Replicas.borrow(modelBytes);
        out.fetchNanos = System.nanoTime() - t0;
        try {
            long c0 = System.nanoTime();
            Loss loss = lossFactory.get();
            assign(replica.variables(), plan.weights);
            float b = mine.size();
            float lossValue = forwardBackward(replica, loss, mine, sampleShape);
            List<Variable> trainable = replica.trainableVariables();
            List<Variable> frozen = SparkTrainer.nonTrainable(replica);
            float[][] values = new float[trainable.size() + frozen.size()][];
            for (int i = 0; i < trainable.size(); i++) {
                Tensor g = trainable.get(i).value().grad();
                float[] v = new float[trainable.get(i).value().size()];
                if (g != null) {
                    float[] gd = g.data();
                    for (int j = 0; j < v.length; j++) v[j] = gd[j] * b;
                }
                values[i] = v;
            }
            for (int i = 0; i < frozen.size(); i++) values[trainable.size() + i] = scaled(frozen.get(i).value().data(), b);
            clearGradients(replica);
            out.values = values;
            out.lossSum = (double) lossValue * b;
            out.samples = mine.size();
            out.computeNanos = System.nanoTime() - c0;
            return List.of(out).iterator();
        } finally {
            Replicas.giveBack(modelBytes, replica);
        }
    }

    /**
     * Local SGD round: from the broadcast weights and optimizer state, one optimizer step per
     * global batch of the round on this partition's rows of it; returns every variable's values,
     * then every trainable variable's optimizer buffers, each times the samples seen.
     */
    static Iterator<PartialSum> localSteps(Iterator<LabeledSample> rows, Broadcast<byte[]> modelBytes, Broadcast<StepPlan> planBc,
            SerializableSupplier<Loss> lossFactory, SerializableSupplier<Optimizer> optimizerFactory, int[] sampleShape) {
        long t0 = System.nanoTime();
        StepPlan plan = planBc.value();
        List<LabeledSample> all = new ArrayList<>();
        rows.forEachRemaining(all::add);
        Model replica = Replicas.borrow(modelBytes);
        PartialSum out = PartialSum.empty();
        out.fetchNanos = System.nanoTime() - t0;
        try {
            long c0 = System.nanoTime();
            Loss loss = lossFactory.get();
            Optimizer opt = optimizerFactory.get();
            assign(replica.variables(), plan.weights);
            List<Variable> trainable = replica.trainableVariables();
            for (int i = 0; i < trainable.size(); i++) {
                if (plan.optimizerSteps[i] > 0) opt.restoreState(trainable.get(i), plan.optimizerSteps[i], plan.optimizerSlots[i]);
            }
            opt.restoreIterations(plan.iterations);
            double lossSum = 0;
            long samples = 0;
            for (long[] batch : plan.batches) {
                List<LabeledSample> mine = select(all.iterator(), batch);
                if (mine.isEmpty()) continue;
                float lossValue = forwardBackward(replica, loss, mine, sampleShape);
                opt.step(trainable);
                clearGradients(replica);
                lossSum += (double) lossValue * mine.size();
                samples += mine.size();
            }
            if (samples > 0) {
                float w = samples;
                List<Variable> vars = replica.variables();
                int slots = opt.slotCount();
                float[][] values = new float[vars.size() + trainable.size() * slots][];
                for (int i = 0; i < vars.size(); i++) values[i] = scaled(vars.get(i).value().data(), w);
                int at = vars.size();
                for (int i = 0; i < trainable.size(); i++) {
                    Optimizer.State s = opt.state(trainable.get(i));
                    for (int j = 0; j < slots; j++) {
                        values[at++] = s == null ? plan.optimizerSlots[i][j].clone() : scaled(s.slot(j), w);
                    }
                }
                out.values = values;
            }
            out.lossSum = lossSum;
            out.samples = samples;
            out.computeNanos = System.nanoTime() - c0;
            return List.of(out).iterator();
        } finally {
            Replicas.giveBack(modelBytes, replica);
        }
    }

    /** Forward in training mode and backward of the mean loss (plus the layers' added losses); returns the loss. */
    private static float forwardBackward(Model replica, Loss loss, List<LabeledSample> rows, int[] sampleShape) {
        clearGradients(replica);
        Tensor x = features(rows, sampleShape);
        Tensor y = labels(rows);
        Tensor pred = replica.forward(x, true);
        Tensor total = loss.compute(y, pred);
        if (total.size() != 1) throw new IllegalStateException("loss " + loss.name() + " returned shape " + total.shape() + ", expected a scalar");
        for (Tensor added : replica.addedLosses()) total = total.add(added);
        if (total.requiresGrad()) total.backward();
        return total.item();
    }

    private static void clearGradients(Model m) {
        for (Variable v : m.variables()) v.value().zeroGrad();
    }

    /** The rows of this partition whose index is in the sorted batch, in partition order. */
    static List<LabeledSample> select(Iterator<LabeledSample> rows, long[] sortedBatch) {
        List<LabeledSample> mine = new ArrayList<>();
        while (rows.hasNext()) {
            LabeledSample s = rows.next();
            if (Arrays.binarySearch(sortedBatch, s.index()) >= 0) mine.add(s);
        }
        return mine;
    }

    static Tensor features(List<LabeledSample> rows, int[] sampleShape) {
        int len = 1;
        for (int d : sampleShape) len *= d;
        float[] x = new float[rows.size() * len];
        for (int i = 0; i < rows.size(); i++) {
            float[] f = rows.get(i).features();
            if (f.length != len) {
                throw new IllegalArgumentException("sample " + rows.get(i).index() + ": expected " + len + " features for input shape "
                        + Arrays.toString(sampleShape) + ", got " + f.length);
            }
            System.arraycopy(f, 0, x, i * len, len);
        }
        int[] dims = new int[sampleShape.length + 1];
        dims[0] = rows.size();
        System.arraycopy(sampleShape, 0, dims, 1, sampleShape.length);
        return Tensor.of(x, dims);
    }

    private static Tensor labels(List<LabeledSample> rows) {
        int len = rows.get(0).label().length;
        float[] y = new float[rows.size() * len];
        for (int i = 0; i < rows.size(); i++) {
            float[] l = rows.get(i).label();
            if (l.length != len) throw new IllegalArgumentException("sample " + rows.get(i).index() + ": expected a label of " + len + " values (as sample " + rows.get(0).index() + "), got " + l.length);
            System.arraycopy(l, 0, y, i * len, len);
        }
        return Tensor.of(y, rows.size(), len);
    }

    private static void assign(List<Variable> vars, float[][] values) {
        if (vars.size() != values.length) throw new IllegalStateException("the replica has " + vars.size() + " variables, the driver sent " + values.length);
        for (int i = 0; i < values.length; i++) vars.get(i).assign(values[i]);
    }

    private static float[] scaled(float[] v, float w) {
        float[] out = new float[v.length];
        for (int j = 0; j < v.length; j++) out[j] = v[j] * w;
        return out;
    }
}
