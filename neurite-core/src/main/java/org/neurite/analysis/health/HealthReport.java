package org.neurite.analysis.health;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What {@link GradientHealth} recorded: one {@link LayerStats} per layer per recorded step, the
 * per-epoch logs of the fit (loss, metrics), a summary row per layer and the {@link HealthFlag}s
 * found. {@link #text()} prints it; {@link #writeCsv}, {@link #writeHistoryCsv} and
 * {@link #writeHtml} save it (each file written to a temporary file first, then renamed).
 */
public final class HealthReport {
    private final List<LayerStats> records;
    private final Map<String, List<Float>> history;
    private final HealthThresholds thresholds;
    private final Map<String, List<LayerStats>> byLayer = new LinkedHashMap<>();
    private final List<LayerSummary> summaries = new ArrayList<>();
    private final List<HealthFlag> flags;

    /**
     * A report over recorded series; the summaries and flags are computed here.
     *
     * @param records every record, in step order, layers from input to output within a step (copied)
     * @param history the fit's per-epoch logs by key (copied)
     * @param thresholds the limits that raise flags
     */
    public HealthReport(List<LayerStats> records, Map<String, List<Float>> history, HealthThresholds thresholds) {
        this.records = List.copyOf(records);
        Map<String, List<Float>> h = new LinkedHashMap<>();
        history.forEach((k, v) -> h.put(k, List.copyOf(v)));
        this.history = Collections.unmodifiableMap(h);
        this.thresholds = thresholds;
        for (LayerStats s : this.records) byLayer.computeIfAbsent(s.layer(), k -> new ArrayList<>()).add(s);
        double lastGrad = Double.NaN;
        for (List<LayerStats> series : byLayer.values()) {
            double g = LayerSummary.mean(series, LayerStats::gradNorm);
            if (!Double.isNaN(g)) lastGrad = g;
        }
        for (List<LayerStats> series : byLayer.values()) summaries.add(LayerSummary.of(series, lastGrad));
        this.flags = List.copyOf(HealthChecks.find(this, thresholds));
    }

    /**
     * Every record.
     *
     * @return an unmodifiable list in step order, layers from input to output within a step
     */
    public List<LayerStats> records() {
        return records;
    }

    /**
     * The recorded layers.
     *
     * @return their names, from input to output
     */
    public List<String> layers() {
        return List.copyOf(byLayer.keySet());
    }

    /**
     * The layers that have trainable weights (and so gradient norms).
     *
     * @return their names, from input to output
     */
    public List<String> weightedLayers() {
        List<String> out = new ArrayList<>();
        for (LayerSummary s : summaries) if (!Double.isNaN(s.meanGradNorm())) out.add(s.layer());
        return out;
    }

    /**
     * One layer's records.
     *
     * @param layer the layer's name
     * @return its records in step order (unmodifiable)
     * @throws IllegalArgumentException if no layer has that name (the message lists them)
     */
    public List<LayerStats> series(String layer) {
        List<LayerStats> s = byLayer.get(layer);
        if (s == null) throw new IllegalArgumentException("no health records for layer '" + layer + "'; layers: " + String.join(", ", byLayer.keySet()));
        return Collections.unmodifiableList(s);
    }

    /**
     * The records grouped by step.
     *
     * @return one list per recorded step, in step order, layers from input to output
     */
    public List<List<LayerStats>> bySteps() {
        List<List<LayerStats>> out = new ArrayList<>();
        int step = Integer.MIN_VALUE;
        for (LayerStats s : records) {
            if (out.isEmpty() || s.step() != step) out.add(new ArrayList<>());
            step = s.step();
            out.get(out.size() - 1).add(s);
        }
        return out;
    }

    /**
     * The recorded steps.
     *
     * @return their 0-based global step numbers, ascending
     */
    public List<Integer> steps() {
        List<Integer> out = new ArrayList<>();
        for (List<LayerStats> step : bySteps()) out.add(step.get(0).step());
        return out;
    }

    /**
     * The fit's per-epoch logs.
     *
     * @return an unmodifiable map: {@code epoch}, {@code loss}, metrics, {@code val_*}, one value per epoch
     */
    public Map<String, List<Float>> history() {
        return history;
    }

    /**
     * The per-layer summaries (means over the steps).
     *
     * @return one row per layer, from input to output
     */
    public List<LayerSummary> summaries() {
        return Collections.unmodifiableList(summaries);
    }

    /**
     * One layer's summary.
     *
     * @param layer the layer's name
     * @return its summary row
     * @throws IllegalArgumentException if no layer has that name (the message lists them)
     */
    public LayerSummary summary(String layer) {
        for (LayerSummary s : summaries) if (s.layer().equals(layer)) return s;
        throw new IllegalArgumentException("no health records for layer '" + layer + "'; layers: " + String.join(", ", byLayer.keySet()));
    }

    /**
     * The limits the flags were computed with.
     *
     * @return the thresholds
     */
    public HealthThresholds thresholds() {
        return thresholds;
    }

    /**
     * The problems found.
     *
     * @return an unmodifiable list of flags; empty for a healthy run
     */
    public List<HealthFlag> flags() {
        return flags;
    }

    /**
     * The flag of one kind.
     *
     * @param kind the kind of problem
     * @return the first flag of that kind, or null
     */
    public HealthFlag flag(HealthFlag.Kind kind) {
        for (HealthFlag f : flags) if (f.kind() == kind) return f;
        return null;
    }

    /**
     * Whether a problem of one kind was found.
     *
     * @param kind the kind of problem
     * @return true if there is a flag of that kind
     */
    public boolean isFlagged(HealthFlag.Kind kind) {
        return flag(kind) != null;
    }

    // ---------------------------------------------------------------- text

    /**
     * The report as text.
     *
     * @return the flags and the per-layer table, as printed by {@code neurite train --health}
     */
    public String text() {
        StringBuilder sb = new StringBuilder();
        List<Integer> steps = steps();
        sb.append(String.format(Locale.ROOT, "Gradient health: %d layers, %d recorded steps%s%n", byLayer.size(), steps.size(),
                steps.isEmpty() ? "" : " (" + steps.get(0) + " .. " + steps.get(steps.size() - 1) + ")"));
        if (flags.isEmpty()) {
            sb.append("No problems found.\n");
        } else {
            for (HealthFlag f : flags) sb.append("  ! ").append(f).append('\n');
        }
        sb.append('\n');
        String[] head = tableHeader();
        List<String[]> rows = new ArrayList<>();
        for (LayerSummary s : summaries) rows.add(tableRow(s));
        int[] width = new int[head.length];
        for (int i = 0; i < head.length; i++) {
            width[i] = head[i].length();
            for (String[] r : rows) width[i] = Math.max(width[i], r[i].length());
        }
        appendRow(sb, head, width);
        for (String[] r : rows) appendRow(sb, r, width);
        return sb.toString();
    }

    @Override
    public String toString() {
        return text();
    }

    private static String[] tableHeader() {
        return new String[] {"Layer", "Activation", "Grad norm (mean)", "/ last layer", "Weight norm", "Update ratio", "Act. mean", "Act. std", "Dead", "Saturated"};
    }

    private static String[] tableRow(LayerSummary s) {
        return new String[] {s.layer(), s.activation(), sci(s.meanGradNorm()), sci(s.ratioToLastLayer()), sci(s.weightNorm()), sci(s.meanUpdateRatio()),
                fixed(s.activationMean()), fixed(s.activationStd()), percent(s.deadFraction()), percent(s.saturatedFraction())};
    }

    private static void appendRow(StringBuilder sb, String[] cells, int[] width) {
        for (int i = 0; i < cells.length; i++) {
            String c = cells[i];
            sb.append(i == 0 ? "" : "  ");
            sb.append(i < 2 ? c + " ".repeat(width[i] - c.length()) : " ".repeat(width[i] - c.length()) + c);
        }
        sb.append('\n');
    }

    private static String sci(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.3e", v);
    }

    private static String fixed(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.4f", v);
    }

    private static String percent(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.1f%%", 100 * v);
    }

    // ---------------------------------------------------------------- files

    /**
     * The series of every layer as CSV.
     *
     * @return header {@link LayerStats#csvHeader()}, then one row per layer per step
     */
    public String csv() {
        StringBuilder sb = new StringBuilder(LayerStats.csvHeader()).append('\n');
        for (LayerStats s : records) sb.append(s.csvRow()).append('\n');
        return sb.toString();
    }

    /**
     * The per-epoch logs as CSV.
     *
     * @return header {@code epoch,loss,...}, then one row per epoch (empty cells for missing values)
     */
    public String historyCsv() {
        StringBuilder sb = new StringBuilder(String.join(",", history.keySet())).append('\n');
        int n = history.values().stream().mapToInt(List::size).max().orElse(0);
        for (int i = 0; i < n; i++) {
            List<String> cells = new ArrayList<>();
            for (Map.Entry<String, List<Float>> e : history.entrySet()) {
                Float v = i < e.getValue().size() ? e.getValue().get(i) : null;
                cells.add(v == null || v.isNaN() ? "" : e.getKey().equals("epoch") ? Integer.toString(v.intValue()) : Float.toString(v));
            }
            sb.append(String.join(",", cells)).append('\n');
        }
        return sb.toString();
    }

    /**
     * Writes {@link #csv()} atomically.
     *
     * @param file the CSV file, replaced
     * @throws IOException if a file cannot be written (the message names it)
     */
    public void writeCsv(Path file) throws IOException {
        write(file, csv().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Writes {@link #historyCsv()} atomically.
     *
     * @param file the CSV file, replaced
     * @throws IOException if a file cannot be written (the message names it)
     */
    public void writeHistoryCsv(Path file) throws IOException {
        write(file, historyCsv().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * A self-contained HTML page (flags, per-layer table, epoch logs and, when {@code neurite-plot}
     * is on the class path, the plots as embedded PNGs), plus the two CSV files beside it:
     * {@code NAME.health.csv} and {@code NAME.history.csv} for {@code NAME.html}.
     *
     * @param file the HTML file, replaced
     * @throws IOException if a file cannot be written (the message names it)
     */
    public void writeHtml(Path file) throws IOException {
        writeHtml(file, HealthCharts.available());
    }

    /**
     * As {@link #writeHtml(Path)} with the given chart renderer.
     *
     * @param file the HTML file, replaced
     * @param charts draws the plots; null for tables only
     * @throws IOException if a file cannot be written (the message names it)
     */
    public void writeHtml(Path file, HealthCharts charts) throws IOException {
        Path abs = file.toAbsolutePath();
        String stem = abs.getFileName().toString().replaceFirst("\\.html?$", "");
        Path healthCsv = abs.resolveSibling(stem + ".health.csv"), historyCsv = abs.resolveSibling(stem + ".history.csv");
        Map<String, byte[]> images = charts == null ? Map.of() : charts.render(this);
        writeCsv(healthCsv);
        writeHistoryCsv(historyCsv);
        write(abs, html(images, healthCsv.getFileName().toString(), historyCsv.getFileName().toString()).getBytes(StandardCharsets.UTF_8));
    }

    String html(Map<String, byte[]> images, String healthCsv, String historyCsv) {
        StringBuilder sb = new StringBuilder();
        sb.append("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>Neurite gradient health</title>\n<style>")
                .append("body{font-family:sans-serif;margin:2em;max-width:1200px}table{border-collapse:collapse;margin:1em 0}")
                .append("td,th{border:1px solid #ccc;padding:3px 8px;text-align:right}td:first-child,td:nth-child(2),th{text-align:left}")
                .append(".flag{color:#b00020}.ok{color:#1b5e20}img{max-width:100%;border:1px solid #eee;margin:.5em 0}</style></head><body>\n")
                .append("<h1>Gradient health</h1>\n");
        List<Integer> steps = steps();
        sb.append("<p>").append(byLayer.size()).append(" layers, ").append(steps.size()).append(" recorded steps");
        if (!steps.isEmpty()) sb.append(" (").append(steps.get(0)).append(" to ").append(steps.get(steps.size() - 1)).append(")");
        sb.append(". Data: <a href=\"").append(escape(healthCsv)).append("\">").append(escape(healthCsv)).append("</a>, <a href=\"")
                .append(escape(historyCsv)).append("\">").append(escape(historyCsv)).append("</a>.</p>\n<h2>Flags</h2>\n");
        if (flags.isEmpty()) {
            sb.append("<p class=\"ok\">No problems found.</p>\n");
        } else {
            sb.append("<ul>\n");
            for (HealthFlag f : flags) {
                sb.append("<li class=\"flag\"><b>").append(f.kind()).append("</b> at <b>").append(escape(f.layer())).append("</b>: ").append(escape(f.message())).append("</li>\n");
            }
            sb.append("</ul>\n");
        }
        sb.append("<h2>Layers</h2>\n<table>\n<tr>");
        for (String h : tableHeader()) sb.append("<th>").append(escape(h)).append("</th>");
        sb.append("</tr>\n");
        for (LayerSummary s : summaries) {
            sb.append("<tr>");
            for (String c : tableRow(s)) sb.append("<td>").append(escape(c)).append("</td>");
            sb.append("</tr>\n");
        }
        sb.append("</table>\n<p>Gradient norms are means over the recorded steps; the other columns are at the last recorded step, ")
                .append("measured on the probe batch (update ratio: mean of ||&Delta;w|| / ||w||).</p>\n");
        if (images.isEmpty()) {
            sb.append("<p>(No plots: put neurite-plot on the class path to have them drawn.)</p>\n");
        }
        for (Map.Entry<String, byte[]> e : images.entrySet()) {
            sb.append("<h2>").append(escape(e.getKey())).append("</h2>\n<img alt=\"").append(escape(e.getKey())).append("\" src=\"data:image/png;base64,")
                    .append(Base64.getEncoder().encodeToString(e.getValue())).append("\">\n");
        }
        if (!history.isEmpty()) {
            sb.append("<h2>Epochs</h2>\n<table>\n<tr>");
            for (String k : history.keySet()) sb.append("<th>").append(escape(k)).append("</th>");
            sb.append("</tr>\n");
            String[] lines = historyCsv().split("\n");
            for (int i = 1; i < lines.length; i++) {
                sb.append("<tr>");
                for (String c : lines[i].split(",", -1)) sb.append("<td>").append(escape(c)).append("</td>");
                sb.append("</tr>\n");
            }
            sb.append("</table>\n");
        }
        return sb.append("</body></html>\n").toString();
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    /** Writes to a temporary file beside the target, then renames it over the target. */
    static void write(Path file, byte[] bytes) throws IOException {
        org.neurite.io.AtomicFile.write(file, out -> out.write(bytes));
    }
}
