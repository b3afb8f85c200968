package org.neurite.analysis.health;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.neurite.autograd.GradMode;
import org.neurite.nn.Model;
import org.neurite.nn.Network;
import org.neurite.nn.Variable;
import org.neurite.nn.callbacks.Callback;
import org.neurite.nn.training.Trainer;
import org.neurite.tensor.Tensor;

/**
 * A training callback that watches the health of every layer, as the course's "why does my deep
 * network not train" checklist: every {@code every} steps it records, per layer (by name), the
 * gradient norm, the weight norm and the update ratio {@code ||Δw|| / ||w||} of that step, and, on
 * a fixed probe batch run without gradients in inference mode, the mean and standard deviation of
 * the layer's output, the fraction of dead ReLU units and of saturated sigmoid/tanh outputs.
 * {@link #report()} turns the series into a {@link HealthReport} with flags for vanishing and
 * exploding gradients (naming the layer where they start), dead ReLU and saturated layers.
 *
 * <pre>{@code
 * GradientHealth health = new GradientHealth().every(10).probe(x.slice(0, 0, 64));
 * model.fit(x, y, new FitConfig().epochs(5).callbacks(health));
 * HealthReport report = health.report();
 * System.out.println(report.text());
 * report.writeHtml(Path.of("health.html"));
 * }</pre>
 *
 * <p>Gradients are read at the end of each batch: the trainer clears them only at the start of
 * the next step. A weight's layer is the part of its name before the first {@code /}
 * ({@code dense_3/kernel} belongs to {@code dense_3}); layers are listed in the network's weight
 * order, which runs from the input to the output. Activation statistics need a functional or
 * sequential {@link Model}; for other networks they are NaN.
 */
public final class GradientHealth implements Callback {
    private int every = 10;
    private List<Tensor> probe;
    private HealthThresholds thresholds = HealthThresholds.defaults();

    private Trainer trainer;
    private int step;
    private int epoch;
    private Map<Variable, float[]> before = new HashMap<>();
    private final List<LayerStats> records = new ArrayList<>();
    private final Map<String, List<Float>> history = new LinkedHashMap<>();

    /**
     * How often to record.
     *
     * @param n record at steps 0, n, 2n, ... (default 10); &gt;= 1
     * @return this
     * @throws IllegalArgumentException if n &lt; 1
     */
    public GradientHealth every(int n) {
        if (n < 1) throw new IllegalArgumentException("GradientHealth: every must be >= 1, got " + n);
        this.every = n;
        return this;
    }

    /**
     * The fixed batch on which activation statistics are measured.
     *
     * @param inputs one batch per model input, each {@code (N, ...)}
     * @return this
     * @throws IllegalArgumentException if a tensor is null or has no batch axis
     */
    public GradientHealth probe(Tensor... inputs) {
        return probe(List.of(inputs));
    }

    /**
     * The fixed batch on which activation statistics are measured (without one they are not recorded).
     *
     * @param inputs one batch per model input, each {@code (N, ...)}
     * @return this
     * @throws IllegalArgumentException if a tensor is null or has no batch axis
     */
    public GradientHealth probe(List<Tensor> inputs) {
        for (Tensor t : inputs) {
            if (t == null || t.rank() == 0) throw new IllegalArgumentException("GradientHealth: the probe needs a batch axis first, got " + (t == null ? "null" : "shape " + t.shape()));
        }
        this.probe = List.copyOf(inputs);
        return this;
    }

    /**
     * The limits that raise flags.
     *
     * @param value the thresholds (default {@link HealthThresholds#defaults()})
     * @return this
     */
    public GradientHealth thresholds(HealthThresholds value) {
        this.thresholds = value;
        return this;
    }

    @Override
    public void setTrainer(Trainer trainer) {
        this.trainer = trainer;
    }

    @Override
    public void onEpochBegin(int epoch, Map<String, Float> logs) {
        this.epoch = epoch;
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Float> logs) {
        List<Float> epochs = history.computeIfAbsent("epoch", k -> new ArrayList<>());
        epochs.add((float) epoch);
        for (Map.Entry<String, Float> e : logs.entrySet()) {
            List<Float> series = history.computeIfAbsent(e.getKey(), k -> new ArrayList<>());
            while (series.size() < epochs.size() - 1) series.add(Float.NaN); // a key that appeared late
            series.add(e.getValue());
        }
    }

    @Override
    public void onBatchBegin(int batch, Map<String, Float> logs) {
        before.clear();
        if (step % every != 0 || trainer == null) return;
        for (Variable v : trainer.trainableVariables()) before.put(v, v.value().toArray());
    }

    @Override
    public void onBatchEnd(int batch, Map<String, Float> logs) {
        if (step % every == 0 && trainer != null) record();
        step++;
    }

    /**
     * Everything recorded so far, with the flags found in it.
     *
     * @return a report over the recorded steps and the epoch logs
     */
    public HealthReport report() {
        return new HealthReport(List.copyOf(records), history, thresholds);
    }

    private void record() {
        Network network = trainer.network();
        Map<String, List<Variable>> byLayer = new LinkedHashMap<>();
        for (Variable v : trainer.trainableVariables()) byLayer.computeIfAbsent(layerOf(v), k -> new ArrayList<>()).add(v);
        Map<String, String> activations = new LinkedHashMap<>();
        Map<String, ActivationStats> stats = probeStats(network, activations);

        for (String name : layerOrder(network, byLayer.keySet(), stats.keySet())) {
            double grad = Double.NaN, weight = Double.NaN, update = Double.NaN;
            List<Variable> vars = byLayer.get(name);
            if (vars != null) {
                double g = 0, w = 0, dw = 0, w0 = 0;
                boolean anyGrad = false, anyBefore = false;
                for (Variable v : vars) {
                    float[] now = v.value().data();
                    for (float x : now) w += (double) x * x;
                    Tensor gt = v.value().grad();
                    if (gt != null) {
                        anyGrad = true;
                        for (float x : gt.data()) g += (double) x * x;
                    }
                    float[] old = before.get(v);
                    if (old != null) {
                        anyBefore = true;
                        for (int i = 0; i < now.length; i++) {
                            double diff = (double) now[i] - old[i];
                            dw += diff * diff;
                            w0 += (double) old[i] * old[i];
                        }
                    }
                }
                grad = anyGrad ? Math.sqrt(g) : 0.0; // no gradient reached the layer: it is cut off
                weight = Math.sqrt(w);
                if (anyBefore) update = w0 == 0 ? (dw == 0 ? 0.0 : Double.POSITIVE_INFINITY) : Math.sqrt(dw / w0);
            }
            ActivationStats a = stats.get(name);
            String act = activations.getOrDefault(name, "linear");
            records.add(new LayerStats(step, epoch, name, act, grad, weight, update,
                    a == null ? Double.NaN : a.mean(), a == null ? Double.NaN : a.std(),
                    a == null ? Double.NaN : a.dead(), a == null ? Double.NaN : a.saturated()));
        }
    }

    /** The layers in execution order (a shared layer's later calls as {@code name#2}, ...), then any others. */
    private static Set<String> layerOrder(Network network, Set<String> weighted, Set<String> probed) {
        Set<String> order = new LinkedHashSet<>();
        if (network instanceof Model m) {
            Map<String, Integer> calls = new HashMap<>();
            for (Model.Node n : m.nodes()) {
                String base = n.layer().name();
                int call = calls.merge(base, 1, Integer::sum);
                String name = call == 1 ? base : base + "#" + call;
                if ((call == 1 && weighted.contains(base)) || probed.contains(name)) order.add(name);
            }
        }
        order.addAll(probed);
        order.addAll(weighted);
        return order;
    }

    private Map<String, ActivationStats> probeStats(Network network, Map<String, String> activations) {
        Map<String, ActivationStats> out = new LinkedHashMap<>();
        if (probe == null || !(network instanceof Model model)) return out;
        Map<String, Integer> calls = new HashMap<>();
        try (GradMode.Scope s = GradMode.noGrad()) {
            for (Map.Entry<Model.Node, Tensor> e : model.forwardNodes(probe, false).entrySet()) {
                String base = e.getKey().layer().name();
                int call = calls.merge(base, 1, Integer::sum);
                String name = call == 1 ? base : base + "#" + call; // a shared layer applied again
                String act = ActivationStats.activationOf(e.getKey().layer());
                activations.put(name, act);
                out.put(name, ActivationStats.of(e.getValue(), act));
            }
        }
        return out;
    }

    /** The layer a weight belongs to: its name up to the first '/'. */
    static String layerOf(Variable v) {
        String n = v.name();
        int slash = n.indexOf('/');
        return slash < 0 ? n : n.substring(0, slash);
    }
}
