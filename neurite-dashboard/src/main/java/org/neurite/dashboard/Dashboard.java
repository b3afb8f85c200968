package org.neurite.dashboard;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.neurite.analysis.Histogram;
import org.neurite.analysis.health.GradientHealth;
import org.neurite.analysis.health.HealthFlag;
import org.neurite.analysis.health.HealthReport;
import org.neurite.analysis.health.LayerStats;
import org.neurite.autograd.GradMode;
import org.neurite.io.Json;
import org.neurite.nn.Model;
import org.neurite.nn.Summary;
import org.neurite.nn.callbacks.Callback;
import org.neurite.nn.training.FitParams;
import org.neurite.nn.training.Trainer;
import org.neurite.tensor.Tensor;

/**
 * A live training dashboard in the browser: a callback that serves one page (JDK
 * {@code jdk.httpserver}, no framework) on which the run unfolds while it trains, through
 * server-sent events: loss and metric curves for training and validation (per epoch, and the
 * running loss per batch), the learning rate, throughput, the per-layer gradient norms and update
 * ratios and the health flags of {@link GradientHealth} (run inside the dashboard: the same
 * numbers and rules as its report), activation histograms of a probe batch, and the model's
 * layers with shapes, parameters and connections.
 *
 * <pre>{@code
 * try (Dashboard dashboard = new Dashboard(8080).probe(x.slice(0, 0, 64))) {
 *     model.fit(x, y, new FitConfig().epochs(10).callbacks(dashboard));
 *     // the page keeps showing the finished run until close()
 * }
 * }</pre>
 *
 * <p>The server starts in the constructor, bound to the loopback address unless another is
 * given, and keeps serving after training ends, until {@link #close()} (its listener thread keeps
 * the JVM alive until then: use try-with-resources). A page that reloads or
 * connects late gets the whole run replayed. The training thread never waits for a browser: each
 * client has a bounded queue, and a client that falls behind is disconnected and replays on its
 * automatic reconnect. The data-wait share of a step is not shown: the trainer does not measure it.
 */
public final class Dashboard implements Callback, AutoCloseable {
    private static final int MAX_BATCH_POINTS = 2000;
    private static final int HISTOGRAM_BUCKETS = 24;

    private final EventLog log = new EventLog(4096);
    private final DashboardServer server;
    private final GradientHealth health = new GradientHealth();
    private Integer healthEvery;
    private List<Tensor> probe;

    private Trainer trainer;
    private int stepsPerEpoch = 1;
    private int batchStride = 1;
    private int batchSize;
    private long globalStep;
    private int epochOfStep;
    private long epochStartNanos;
    private long trainEndNanos;
    private int epochSamples;
    private int recordsSent;
    private int epochsRun;

    /**
     * Serves on a port of the loopback address only.
     *
     * @param port 0 to 65535; 0 picks any free port (see {@link #port()})
     * @throws IllegalArgumentException outside 0 to 65535
     */
    public Dashboard(int port) {
        this(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
    }

    /**
     * Serves on the given address; binding to anything but loopback exposes the page to the network.
     *
     * @param address the address and port to bind
     * @throws IllegalArgumentException for a port outside 0 to 65535
     */
    public Dashboard(InetSocketAddress address) {
        if (address.getPort() < 0 || address.getPort() > 65535) throw new IllegalArgumentException("Dashboard: port must be 0..65535, got " + address.getPort());
        this.server = new DashboardServer(address, log);
    }

    /**
     * The fixed batch on which activation histograms and the dead/saturated checks are measured.
     *
     * @param inputs one tensor per model input, {@code (N, ...input shape)}
     * @return this dashboard
     */
    public Dashboard probe(Tensor... inputs) {
        health.probe(inputs);
        this.probe = List.of(inputs);
        return this;
    }

    /**
     * How often the gradient health is recorded.
     *
     * @param n every n steps (default: every 10 steps, fewer on long runs: at most about 200 records)
     * @return this dashboard
     */
    public Dashboard healthEvery(int n) {
        health.every(n);
        this.healthEvery = n;
        return this;
    }

    /**
     * The bound port.
     *
     * @return the port the server listens on (the chosen one when 0 was asked for)
     */
    public int port() {
        return server.port();
    }

    /**
     * The page's address.
     *
     * @return {@code http://localhost:PORT/}
     */
    public String url() {
        return "http://localhost:" + port() + "/";
    }

    @Override
    public void setTrainer(Trainer trainer) {
        this.trainer = trainer;
        health.setTrainer(trainer);
    }

    @Override
    public void onTrainBegin(Map<String, Float> logs) {
        FitParams p = trainer == null ? null : trainer.params();
        int epochs = p == null ? 0 : p.epochs();
        stepsPerEpoch = p == null ? 1 : Math.max(1, p.steps());
        batchSize = trainer == null || trainer.fitConfig() == null ? 0 : trainer.fitConfig().batchSize();
        long totalSteps = (long) stepsPerEpoch * Math.max(1, epochs);
        batchStride = (int) Math.max(1, (totalSteps + MAX_BATCH_POINTS - 1) / MAX_BATCH_POINTS);
        // a record costs a probe forward pass and a copy of the weights: at most ~200 over the run, at least 10 steps apart
        if (healthEvery == null) health.every((int) Math.max(10, totalSteps / 200));
        Map<String, Object> start = event("start");
        start.put("epochs", epochs);
        start.put("stepsPerEpoch", stepsPerEpoch);
        start.put("samples", p == null ? null : p.samples());
        start.put("batchSize", batchSize);
        start.put("batchStride", batchStride);
        start.put("optimizer", trainer == null ? null : trainer.optimizer().name());
        publish(start);
        if (trainer != null && trainer.network() instanceof Model model) publish(modelEvent(model));
        health.onTrainBegin(logs);
    }

    @Override
    public void onEpochBegin(int epoch, Map<String, Float> logs) {
        health.onEpochBegin(epoch, logs);
        epochOfStep = epoch;
        epochSamples = 0;
        epochStartNanos = System.nanoTime();
    }

    @Override
    public void onBatchBegin(int batch, Map<String, Float> logs) {
        health.onBatchBegin(batch, logs);
    }

    @Override
    public void onBatchEnd(int batch, Map<String, Float> logs) {
        health.onBatchEnd(batch, logs);
        trainEndNanos = System.nanoTime();
        FitParams p = trainer == null ? null : trainer.params();
        epochSamples = p == null ? 0 : Math.min(p.samples(), (batch + 1) * Math.max(1, batchSize));
        if (globalStep % batchStride == 0 || batch == stepsPerEpoch - 1) {
            Map<String, Object> e = event("batch");
            e.put("step", globalStep);
            e.put("epoch", epochOfStep);
            e.put("batch", batch);
            e.put("logs", numbers(logs));
            publish(e);
        }
        globalStep++;
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Float> logs) {
        health.onEpochEnd(epoch, logs);
        epochsRun++;
        double seconds = (trainEndNanos - epochStartNanos) / 1e9;
        Map<String, Object> e = event("epoch");
        e.put("epoch", epoch);
        e.put("logs", numbers(logs));
        float lr = trainer == null ? Float.NaN : trainer.optimizer().learningRate();
        e.put("lr", Float.isFinite(lr) ? lr : null);
        e.put("trainSeconds", num(seconds));
        e.put("samplesPerSecond", seconds > 0 ? num(epochSamples / seconds) : null);
        publish(e);
        publishHealth(epoch);
        if (probe != null && trainer != null && trainer.network() instanceof Model model) publishActivations(epoch, model);
    }

    @Override
    public void onTrainEnd(Map<String, Float> logs) {
        health.onTrainEnd(logs);
        Map<String, Object> e = event("end");
        e.put("epochsRun", epochsRun);
        e.put("stopped", trainer != null && trainer.stopRequested());
        publish(e);
    }

    /**
     * The health report of everything recorded so far.
     *
     * @return the same report the page shows
     */
    public HealthReport healthReport() {
        return health.report();
    }

    /** Stops the server and ends every open stream. */
    @Override
    public void close() {
        server.close();
    }

    // ------------------------------------------------------------------ events

    private void publishHealth(int epoch) {
        HealthReport report = health.report();
        List<LayerStats> records = report.records();
        List<Object> rows = new ArrayList<>();
        for (LayerStats s : records.subList(Math.min(recordsSent, records.size()), records.size())) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("step", s.step());
            r.put("epoch", s.epoch());
            r.put("layer", s.layer());
            r.put("activation", s.activation());
            r.put("gradNorm", num(s.gradNorm()));
            r.put("weightNorm", num(s.weightNorm()));
            r.put("updateRatio", num(s.updateRatio()));
            r.put("activationMean", num(s.activationMean()));
            r.put("activationStd", num(s.activationStd()));
            r.put("dead", num(s.deadFraction()));
            r.put("saturated", num(s.saturatedFraction()));
            rows.add(r);
        }
        recordsSent = records.size();
        List<Object> flags = new ArrayList<>();
        for (HealthFlag f : report.flags()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("kind", f.kind().name());
            m.put("layer", f.layer());
            m.put("message", f.message());
            flags.add(m);
        }
        Map<String, Object> e = event("health");
        e.put("epoch", epoch);
        e.put("records", rows);
        e.put("flags", flags);
        publish(e);
    }

    private void publishActivations(int epoch, Model model) {
        List<Object> layers = new ArrayList<>();
        Map<String, Integer> calls = new HashMap<>();
        try (GradMode.Scope s = GradMode.noGrad()) {
            for (Map.Entry<Model.Node, Tensor> n : model.forwardNodes(probe, false).entrySet()) {
                String base = n.getKey().layer().name();
                int call = calls.merge(base, 1, Integer::sum);
                Histogram h = Histogram.of(n.getValue().data(), HISTOGRAM_BUCKETS);
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("layer", call == 1 ? base : base + "#" + call); // as GradientHealth names a shared layer's later calls
                m.put("min", num(h.min()));
                m.put("max", num(h.max()));
                m.put("limits", doubles(h.limits()));
                List<Object> counts = new ArrayList<>();
                for (long c : h.counts()) counts.add(c);
                m.put("counts", counts);
                layers.add(m);
            }
        }
        Map<String, Object> e = event("activations");
        e.put("epoch", epoch);
        e.put("layers", layers);
        log.publish("activations", Json.write(e)); // the page shows the last epoch's: a reload needs no older ones
    }

    private static Map<String, Object> modelEvent(Model model) {
        List<Object> rows = new ArrayList<>();
        for (Summary.Row r : Summary.rows(model)) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("layer", r.name());
            m.put("type", r.className());
            m.put("outputShape", r.outputShape());
            m.put("params", r.params());
            m.put("trainableParams", r.trainableParams());
            m.put("inbound", new ArrayList<Object>(r.inbound()));
            rows.add(m);
        }
        Map<String, Object> e = event("model");
        e.put("name", model.name());
        e.put("rows", rows);
        e.put("totalParams", model.countParams());
        e.put("trainableParams", model.trainableParams());
        return e;
    }

    private static Map<String, Object> event(String kind) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("kind", kind);
        return e;
    }

    private void publish(Map<String, Object> event) {
        log.publish(Json.write(event));
    }

    /** Logs as JSON numbers; NaN and infinities (JSON has none) as null. */
    private static Map<String, Object> numbers(Map<String, Float> logs) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (Map.Entry<String, Float> e : logs.entrySet()) m.put(e.getKey(), Float.isFinite(e.getValue()) ? e.getValue() : null);
        return m;
    }

    private static Object num(double v) {
        return Double.isFinite(v) ? (Object) v : null;
    }

    private static List<Object> doubles(double[] values) {
        List<Object> out = new ArrayList<>();
        for (double v : values) out.add(num(v));
        return out;
    }
}
