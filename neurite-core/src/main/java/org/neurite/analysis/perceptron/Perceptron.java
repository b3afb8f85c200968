package org.neurite.analysis.perceptron;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Rosenblatt's perceptron learning rule on a threshold unit {@code y = 1 if w.x + b > 0 else 0}
 * (strict '>': a net input of exactly 0 gives 0), presented the samples in order each epoch:
 * <pre>
 *   w &lt;- w + lr * (t - y) * x          b &lt;- b + lr * (t - y)   (only with {@link #learnBias})
 * </pre>
 * The bias starts at {@code -threshold}; with a fixed threshold it stays there. The arithmetic is
 * exact (decimal), so ties ({@code net == 0}) and repeated states are decided exactly.
 *
 * <p>Training never loops forever: it stops when an epoch has no error (converged), when the
 * weights at the end of an epoch repeat an earlier end-of-epoch state (the rule is deterministic,
 * so it will cycle through the same epochs forever and never converge; with a learned bias this
 * means, by the perceptron convergence theorem, that the data are not linearly separable; a cycle
 * of length 1 means the weights are frozen), or at the epoch limit. {@link #stopWhenHopeless}
 * (false) runs on to the limit anyway, to record the whole error sequence.
 *
 * <pre>{@code
 * PerceptronResult r = new Perceptron(0.02, 0.2).maxEpochs(100).train(xnorInputs, xnorTargets);
 * r.converged();      // false
 * r.explanation();    // why
 * }</pre>
 */
public final class Perceptron {
    private final BigDecimal lr;
    private final BigDecimal threshold;
    private boolean learnBias;
    private int maxEpochs = 1000;
    private boolean stopWhenHopeless = true;
    private double[] initialWeights;

    /**
     * A unit with a fixed threshold (bias {@code -threshold}), at most 1000 epochs.
     *
     * @param learningRate lr, the step of each update; &gt; 0
     * @param threshold the net input a sample must exceed to give 1; the bias starts at its negative
     * @throws IllegalArgumentException if the learning rate is not positive
     */
    public Perceptron(double learningRate, double threshold) {
        if (!(learningRate > 0)) throw new IllegalArgumentException("Perceptron: the learning rate must be positive, got " + learningRate);
        this.lr = BigDecimal.valueOf(learningRate);
        this.threshold = BigDecimal.valueOf(threshold);
    }

    /**
     * Learn the bias too (it starts at {@code -threshold}).
     *
     * @param value true to update the bias with the weights; false (default) to keep the threshold fixed
     * @return this
     */
    public Perceptron learnBias(boolean value) {
        this.learnBias = value;
        return this;
    }

    /**
     * The epoch limit.
     *
     * @param value at least 1 (default 1000)
     * @return this
     * @throws IllegalArgumentException if it is below 1
     */
    public Perceptron maxEpochs(int value) {
        if (value < 1) throw new IllegalArgumentException("Perceptron: maxEpochs must be at least 1, got " + value);
        this.maxEpochs = value;
        return this;
    }

    /**
     * Whether to stop as soon as a repeated state proves that training cannot converge.
     *
     * @param value true (default) to stop there; false to run to the epoch limit and record every epoch
     * @return this
     */
    public Perceptron stopWhenHopeless(boolean value) {
        this.stopWhenHopeless = value;
        return this;
    }

    /**
     * The initial weights.
     *
     * @param w one per input (default zeros); the bias is set by the threshold
     * @return this
     */
    public Perceptron initialWeights(double... w) {
        this.initialWeights = w.clone();
        return this;
    }

    /**
     * Trains on samples presented in order each epoch.
     *
     * @param x the samples {@code x[k]}, all of one length n
     * @param targets one per sample, 0 or 1
     * @return the outcome, the errors and weights of every epoch, and an explanation
     * @throws IllegalArgumentException if the counts differ or are 0, a sample has another length,
     *     a target is not 0 or 1, or the initial weights are not n
     */
    public PerceptronResult train(double[][] x, int[] targets) {
        if (x.length == 0 || x.length != targets.length) {
            throw new IllegalArgumentException("Perceptron: need as many targets as samples (at least one), got " + x.length + " samples and " + targets.length + " targets");
        }
        int n = x[0].length;
        BigDecimal[][] xs = new BigDecimal[x.length][n];
        for (int k = 0; k < x.length; k++) {
            if (x[k].length != n) throw new IllegalArgumentException("Perceptron: sample " + k + " has " + x[k].length + " inputs, expected " + n);
            if (targets[k] != 0 && targets[k] != 1) throw new IllegalArgumentException("Perceptron: target " + k + " must be 0 or 1, got " + targets[k]);
            for (int i = 0; i < n; i++) xs[k][i] = BigDecimal.valueOf(x[k][i]);
        }
        if (initialWeights != null && initialWeights.length != n) {
            throw new IllegalArgumentException("Perceptron: " + initialWeights.length + " initial weights for " + n + " inputs");
        }
        BigDecimal[] w = new BigDecimal[n];
        for (int i = 0; i < n; i++) w[i] = initialWeights == null ? BigDecimal.ZERO : BigDecimal.valueOf(initialWeights[i]);
        BigDecimal b = threshold.negate();

        List<Integer> errors = new ArrayList<>();
        List<double[]> states = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        seen.put(key(w, b), 0);
        int ties = 0;
        PerceptronResult.Outcome outcome = PerceptronResult.Outcome.EPOCH_LIMIT;
        int cycleStart = -1;
        int cycleLength = 0;
        int decidedAt = -1;
        for (int epoch = 1; epoch <= maxEpochs; epoch++) {
            int wrong = 0;
            boolean moved = false;
            for (int k = 0; k < xs.length; k++) {
                BigDecimal net = BigDecimal.ZERO;
                for (int i = 0; i < n; i++) net = net.add(w[i].multiply(xs[k][i]));
                net = net.add(b);
                if (net.signum() == 0) ties++;
                int y = net.signum() > 0 ? 1 : 0;
                int diff = targets[k] - y;
                if (diff == 0) continue;
                wrong++;
                BigDecimal step = lr.multiply(BigDecimal.valueOf(diff));
                for (int i = 0; i < n; i++) {
                    moved |= xs[k][i].signum() != 0;
                    w[i] = w[i].add(step.multiply(xs[k][i]));
                }
                if (learnBias) {
                    b = b.add(step);
                    moved = true;
                }
            }
            errors.add(wrong);
            states.add(state(w, b));
            if (decidedAt < 0) {
                if (wrong == 0) {
                    outcome = PerceptronResult.Outcome.CONVERGED;
                    decidedAt = epoch;
                    break; // converged: nothing will change any more
                }
                Integer before = seen.putIfAbsent(key(w, b), epoch);
                if (before != null) {
                    cycleStart = before + 1;
                    cycleLength = epoch - before;
                    outcome = cycleLength == 1 && !moved ? PerceptronResult.Outcome.FROZEN : PerceptronResult.Outcome.CYCLE;
                    decidedAt = epoch;
                    if (stopWhenHopeless) break;
                }
            }
        }
        String why = explain(outcome, xs, targets, b, cycleStart, cycleLength, decidedAt, errors);
        return new PerceptronResult(outcome, errors, states, cycleStart, cycleLength, decidedAt, ties, why);
    }

    private String explain(PerceptronResult.Outcome outcome, BigDecimal[][] xs, int[] targets, BigDecimal b, int cycleStart, int cycleLength, int decidedAt, List<Integer> errors) {
        StringBuilder s = new StringBuilder();
        switch (outcome) {
            case CONVERGED -> s.append("converged: epoch ").append(decidedAt).append(" classified every sample correctly");
            case FROZEN -> s.append("did not converge: from epoch ").append(cycleStart).append(" on the weights no longer change, yet ")
                    .append(errors.get(decidedAt - 1)).append(" sample(s) per epoch stay misclassified, so the rule can never fix them");
            case CYCLE -> s.append("did not converge: the weights at the end of epoch ").append(decidedAt).append(" repeat those of epoch ").append(cycleStart - 1)
                    .append(", so the rule cycles forever (period ").append(cycleLength).append(cycleLength == 1 ? " epoch: the updates of an epoch cancel out, " : " epochs, ").append(errors.get(decidedAt - 1))
                    .append(" error(s) in the last one)");
            case EPOCH_LIMIT -> s.append("did not converge within ").append(errors.size()).append(" epochs (no repeated state detected; the limit stopped it)");
        }
        if (outcome != PerceptronResult.Outcome.CONVERGED) {
            if (learnBias && outcome != PerceptronResult.Outcome.EPOCH_LIMIT) {
                s.append(". By the perceptron convergence theorem the rule converges on every linearly separable set, so these samples are not linearly separable");
            }
            if (!learnBias) {
                for (int k = 0; k < xs.length; k++) {
                    boolean zero = Arrays.stream(xs[k]).allMatch(v -> v.signum() == 0);
                    if (zero && targets[k] == 1 && b.signum() <= 0) {
                        s.append(". Sample ").append(k + 1).append(" (all inputs 0, target 1) can never fire: its net input is the fixed bias ")
                                .append(b.stripTrailingZeros().toPlainString()).append(" <= 0 and its zero inputs give no update");
                    }
                }
            }
        }
        return s.toString();
    }

    private static String key(BigDecimal[] w, BigDecimal b) {
        StringBuilder s = new StringBuilder();
        for (BigDecimal v : w) s.append(v.stripTrailingZeros().toPlainString()).append(',');
        return s.append(b.stripTrailingZeros().toPlainString()).toString();
    }

    private static double[] state(BigDecimal[] w, BigDecimal b) {
        double[] out = new double[w.length + 1];
        for (int i = 0; i < w.length; i++) out[i] = w[i].doubleValue();
        out[w.length] = b.doubleValue();
        return out;
    }
}
