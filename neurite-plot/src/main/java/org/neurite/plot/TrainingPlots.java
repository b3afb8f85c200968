package org.neurite.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.neurite.analysis.health.HealthReport;
import org.neurite.analysis.health.LayerStats;
import org.neurite.nn.callbacks.History;

/**
 * Training plots drawn with XChart, saved as PNG, with the same series as CSV:
 * <ul>
 *   <li>{@link #lossCurves}: loss (and {@code val_loss}) per epoch; {@link #metricCurves}: the other
 *       logged metrics ({@code accuracy}, {@code val_accuracy}, ...);</li>
 *   <li>{@link #gradientNorms}: each layer's gradient norm over the recorded steps (log scale),
 *       coloured from the input (blue) to the output (red) layer;
 *       {@link #updateRatios}: the same for {@code ||Δw|| / ||w||};</li>
 *   <li>{@link #gradientNormByDepth}: the mean gradient norm against the layer's depth, one curve
 *       per network, to compare networks (the README's vanishing-gradient figure).</li>
 * </ul>
 * Values that a log axis cannot show (0, NaN, infinite) are left out of the plot but kept in the CSV.
 */
public final class TrainingPlots {
    /** Width of every chart, in pixels. */
    public static final int WIDTH = 900;
    /** Height of every chart, in pixels. */
    public static final int HEIGHT = 520;

    static {
        if (System.getProperty("java.awt.headless") == null) System.setProperty("java.awt.headless", "true");
    }

    private TrainingPlots() {}

    // ---------------------------------------------------------------- charts

    /**
     * {@code loss} and {@code val_loss} (and {@code <output>_loss}) against the epoch.
     *
     * @param history the per-epoch logs, by name
     * @return the chart
     */
    public static XYChart lossCurves(Map<String, List<Float>> history) {
        return epochChart("Loss", "loss", history, true);
    }

    /**
     * {@link #lossCurves(Map)} of a fit's History.
     *
     * @param history what {@code fit} returned
     * @return the chart
     */
    public static XYChart lossCurves(History history) {
        return lossCurves(history.history());
    }

    /**
     * Every logged value that is not a loss (accuracy, ...), against the epoch.
     *
     * @param history the per-epoch logs, by name
     * @return the chart
     */
    public static XYChart metricCurves(Map<String, List<Float>> history) {
        return epochChart("Metrics", "value", history, false);
    }

    /**
     * {@link #metricCurves(Map)} of a fit's History.
     *
     * @param history what {@code fit} returned
     * @return the chart
     */
    public static XYChart metricCurves(History history) {
        return metricCurves(history.history());
    }

    private static XYChart epochChart(String title, String yTitle, Map<String, List<Float>> history, boolean losses) {
        XYChart chart = chart(title, "epoch", yTitle);
        for (Map.Entry<String, List<Float>> e : history.entrySet()) {
            String key = e.getKey();
            if (key.equals("epoch") || key.equals("lr") || key.endsWith("loss") != losses) continue;
            List<Double> xs = new ArrayList<>(), ys = new ArrayList<>();
            List<Float> epochs = history.get("epoch");
            for (int i = 0; i < e.getValue().size(); i++) {
                float v = e.getValue().get(i);
                if (!Float.isFinite(v)) continue;
                xs.add(epochs != null && i < epochs.size() ? epochs.get(i) + 1.0 : i + 1.0); // epochs counted from 1, as Keras prints them
                ys.add((double) v);
            }
            if (xs.isEmpty()) continue;
            XYSeries s = chart.addSeries(key, xs, ys);
            s.setMarker(SeriesMarkers.CIRCLE);
            if (key.startsWith("val_")) s.setLineStyle(new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f, new float[] {6f, 4f}, 0f));
        }
        return chart;
    }

    /**
     * Each layer's gradient norm against the training step, log scale.
     *
     * @param report a gradient-health report
     * @return the chart
     */
    public static XYChart gradientNorms(HealthReport report) {
        return perLayerChart("Gradient norm per layer", "||grad||", report, LayerStats::gradNorm);
    }

    /**
     * Each layer's update ratio {@code ||Δw|| / ||w||} against the training step, log scale.
     *
     * @param report a gradient-health report
     * @return the chart
     */
    public static XYChart updateRatios(HealthReport report) {
        return perLayerChart("Update ratio per layer", "||Δw|| / ||w||", report, LayerStats::updateRatio);
    }

    private static XYChart perLayerChart(String title, String yTitle, HealthReport report, ToDoubleFunction<LayerStats> value) {
        XYChart chart = chart(title, "step", yTitle);
        chart.getStyler().setYAxisLogarithmic(true);
        List<String> layers = report.weightedLayers();
        for (int i = 0; i < layers.size(); i++) {
            List<Double> xs = new ArrayList<>(), ys = new ArrayList<>();
            for (LayerStats s : report.series(layers.get(i))) {
                double v = value.applyAsDouble(s);
                if (v > 0 && Double.isFinite(v)) {
                    xs.add((double) s.step());
                    ys.add(v);
                }
            }
            if (xs.isEmpty()) continue;
            XYSeries s = chart.addSeries(layers.get(i), xs, ys);
            s.setMarker(SeriesMarkers.NONE);
            s.setLineColor(ramp(i, layers.size()));
            s.setLineStyle(new BasicStroke(2f)); // solid: the colour ramp tells the layers apart
        }
        return chart;
    }

    /**
     * The mean gradient norm of each weighted layer against its depth (1 = first layer), one curve
     * per report, log scale: the vanishing-gradient picture.
     *
     * @param reports the reports, by network name
     * @return the chart
     */
    public static XYChart gradientNormByDepth(Map<String, HealthReport> reports) {
        XYChart chart = chart("Mean gradient norm by layer", "layer (1 = input side)", "mean ||grad|| of the layer's weights");
        chart.getStyler().setYAxisLogarithmic(true);
        for (Map.Entry<String, HealthReport> e : reports.entrySet()) {
            List<Double> xs = new ArrayList<>(), ys = new ArrayList<>();
            List<String> layers = e.getValue().weightedLayers();
            for (int i = 0; i < layers.size(); i++) {
                double g = e.getValue().summary(layers.get(i)).meanGradNorm();
                if (g > 0 && Double.isFinite(g)) {
                    xs.add(i + 1.0);
                    ys.add(g);
                }
            }
            if (xs.isEmpty()) continue;
            XYSeries s = chart.addSeries(e.getKey(), xs, ys);
            s.setMarker(SeriesMarkers.CIRCLE);
        }
        return chart;
    }

    private static XYChart chart(String title, String xTitle, String yTitle) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle(xTitle).yAxisTitle(yTitle).build();
        Styler st = chart.getStyler();
        st.setLegendPosition(Styler.LegendPosition.OutsideE);
        st.setChartBackgroundColor(Color.WHITE);
        st.setPlotBackgroundColor(Color.WHITE);
        st.setLegendBorderColor(Color.LIGHT_GRAY);
        st.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
        st.setMarkerSize(6);
        chart.getStyler().setPlotGridLinesColor(new Color(225, 225, 225));
        return chart;
    }

    /** Blue (first layer) to red (last layer). */
    static Color ramp(int i, int n) {
        float t = n <= 1 ? 0f : (float) i / (n - 1);
        return Color.getHSBColor(0.66f * (1 - t), 0.85f, 0.85f);
    }

    // ---------------------------------------------------------------- files

    /**
     * The chart as PNG bytes.
     *
     * @param chart a chart made here
     * @return the PNG file's bytes
     */
    public static byte[] png(XYChart chart) {
        try {
            return BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("could not encode the chart '" + chart.getTitle() + "' as PNG", e);
        }
    }

    /**
     * Saves the chart as a PNG file (written to a temporary file, then renamed).
     *
     * @param chart a chart made here
     * @param file where the PNG goes
     * @throws IOException if the file cannot be written
     */
    public static void savePng(XYChart chart, Path file) throws IOException {
        write(file, png(chart));
    }

    /**
     * The gradient norms as a wide CSV: {@code step,<layer 1>,<layer 2>,...}, one row per recorded step.
     *
     * @param report a gradient-health report
     * @return the CSV text
     */
    public static String gradientNormsCsv(HealthReport report) {
        List<String> layers = report.weightedLayers();
        StringBuilder sb = new StringBuilder("step");
        for (String l : layers) sb.append(',').append(l);
        sb.append('\n');
        for (List<LayerStats> step : report.bySteps()) {
            Map<String, Double> byLayer = new LinkedHashMap<>();
            for (LayerStats s : step) byLayer.put(s.layer(), s.gradNorm());
            sb.append(step.get(0).step());
            for (String l : layers) {
                Double v = byLayer.get(l);
                sb.append(',').append(v == null || v.isNaN() ? "" : v.toString());
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    /**
     * The mean gradient norm per layer depth for several networks: {@code layer,<net 1>,<net 2>,...}.
     *
     * @param reports the reports, by network name
     * @return the CSV text
     */
    public static String gradientNormByDepthCsv(Map<String, HealthReport> reports) {
        StringBuilder sb = new StringBuilder("layer");
        int depth = 0;
        for (Map.Entry<String, HealthReport> e : reports.entrySet()) {
            sb.append(',').append(e.getKey());
            depth = Math.max(depth, e.getValue().weightedLayers().size());
        }
        sb.append('\n');
        for (int i = 0; i < depth; i++) {
            sb.append(i + 1);
            for (HealthReport r : reports.values()) {
                List<String> layers = r.weightedLayers();
                sb.append(',').append(i < layers.size() ? String.format(Locale.ROOT, "%.6e", r.summary(layers.get(i)).meanGradNorm()) : "");
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    /**
     * Loss and metric curves as {@code PREFIX-loss.png}, {@code PREFIX-metrics.png} and {@code PREFIX-history.csv} in {@code dir}.
     *
     * @param history what {@code fit} returned
     * @param dir the folder, made when needed
     * @param prefix the start of every file name
     * @throws IOException if a file cannot be written
     */
    public static void saveHistory(History history, Path dir, String prefix) throws IOException {
        savePng(lossCurves(history), dir.resolve(prefix + "-loss.png"));
        XYChart metrics = metricCurves(history);
        if (!metrics.getSeriesMap().isEmpty()) savePng(metrics, dir.resolve(prefix + "-metrics.png"));
        StringBuilder sb = new StringBuilder("epoch");
        Map<String, List<Float>> h = history.history();
        for (String k : h.keySet()) sb.append(',').append(k);
        sb.append('\n');
        int n = h.values().stream().mapToInt(List::size).max().orElse(0);
        for (int i = 0; i < n; i++) {
            sb.append(i);
            for (List<Float> v : h.values()) sb.append(',').append(i < v.size() && Float.isFinite(v.get(i)) ? v.get(i).toString() : "");
            sb.append('\n');
        }
        writeText(dir.resolve(prefix + "-history.csv"), sb.toString());
    }

    /**
     * Gradient norms and update ratios as {@code PREFIX-grad-norms.png}, {@code PREFIX-update-ratios.png},
     * {@code PREFIX-grad-norms.csv} and the full {@code PREFIX-health.csv}.
     *
     * @param report a gradient-health report
     * @param dir the folder, made when needed
     * @param prefix the start of every file name
     * @throws IOException if a file cannot be written
     */
    public static void saveHealth(HealthReport report, Path dir, String prefix) throws IOException {
        savePng(gradientNorms(report), dir.resolve(prefix + "-grad-norms.png"));
        savePng(updateRatios(report), dir.resolve(prefix + "-update-ratios.png"));
        writeText(dir.resolve(prefix + "-grad-norms.csv"), gradientNormsCsv(report));
        report.writeCsv(dir.resolve(prefix + "-health.csv"));
    }

    static void writeText(Path file, String text) throws IOException {
        write(file, text.getBytes(StandardCharsets.UTF_8));
    }

    static void write(Path file, byte[] bytes) throws IOException {
        org.neurite.io.AtomicFile.write(file, out -> out.write(bytes));
    }
}
