package org.neurite.bench;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.neurite.io.Json;

/**
 * One line of benchmark output: an ordered set of fields, printed as one JSON object per line with
 * the same field names as {@code scripts/pytorch_bench.py} ({@code workload, framework, threads,
 * samples_per_s, median_step_ms, params, batch, ...}), or as a row of a readable table.
 */
public final class Result {
    private final Map<String, Object> fields = new LinkedHashMap<>();

    Result(String workload) {
        fields.put("workload", workload);
        fields.put("framework", "neurite");
    }

    /** Adds or replaces a field (String, Number or Boolean); returns this. */
    public Result put(String key, Object value) {
        fields.put(key, value);
        return this;
    }

    public Object get(String key) {
        return fields.get(key);
    }

    public String workload() {
        return (String) fields.get("workload");
    }

    public boolean isError() {
        return fields.containsKey("error");
    }

    /** Copy of the fields, in output order. */
    public Map<String, Object> fields() {
        return new LinkedHashMap<>(fields);
    }

    /** The JSON object on one line; floating-point values rounded as the PyTorch script does (6 decimals below 1, else 3). */
    public String toJson() {
        StringBuilder sb = new StringBuilder("{");
        boolean first = true;
        for (Map.Entry<String, Object> e : fields.entrySet()) {
            if (!first) sb.append(", ");
            first = false;
            sb.append(Json.write(e.getKey()));
            sb.append(": ");
            Object v = e.getValue();
            if (v == null) {
                sb.append("null");
            } else if (v instanceof Double || v instanceof Float) {
                double d = ((Number) v).doubleValue();
                if (Double.isNaN(d) || Double.isInfinite(d)) {
                    sb.append("null");
                } else {
                    sb.append(new java.math.BigDecimal(d).setScale(Math.abs(d) < 1 ? 6 : 3, java.math.RoundingMode.HALF_EVEN)
                            .stripTrailingZeros().toPlainString());
                }
            } else if (v instanceof Number || v instanceof Boolean) {
                sb.append(v);
            } else {
                sb.append(Json.write(v.toString()));
            }
        }
        return sb.append('}').toString();
    }

    // ------------------------------------------------------------------ readable table

    /** Header of {@link #tableRow()}. */
    public static String tableHeader() {
        return String.format(Locale.ROOT, "%-4s %-10s %3s %14s %12s %9s %6s %9s  %s",
                "id", "model", "thr", "throughput", "median ms", "params", "batch", "heap MB", "notes");
    }

    /** One row of the readable table (errors print their message instead of numbers). */
    public String tableRow() {
        String id = workload();
        if (isError()) return String.format(Locale.ROOT, "%-4s %s", id, "-- " + fields.get("error"));
        String throughput;
        String notes = "";
        if (fields.containsKey("gflops")) {
            throughput = String.format(Locale.ROOT, "%.1f GFLOP/s", num("gflops"));
            notes = "n=" + fields.get("n");
        } else {
            throughput = String.format(Locale.ROOT, "%.1f %s", num("samples_per_s"), "W8".equals(id) ? "st/s" : "sm/s");
        }
        if (fields.containsKey("infer_latency_ms")) notes = String.format(Locale.ROOT, "infer b1 %.2f ms", num("infer_latency_ms"));
        if (fields.containsKey("live_heap_mb")) {
            notes += (notes.isEmpty() ? "" : ", ") + String.format(Locale.ROOT, "live %.1f MB", num("live_heap_mb"));
        }
        if (fields.containsKey("alloc_mb_per_step")) {
            notes += (notes.isEmpty() ? "" : ", ") + String.format(Locale.ROOT, "alloc %.2f MB/step", num("alloc_mb_per_step"));
        }
        return String.format(Locale.ROOT, "%-4s %-10s %3s %14s %12.4f %,9d %6s %9.1f  %s",
                id, fields.getOrDefault("model", ""), fields.get("threads"), throughput, num("median_step_ms"),
                ((Number) fields.getOrDefault("params", 0)).longValue(), fields.get("batch"), num("peak_heap_mb"), notes);
    }

    private double num(String key) {
        Object v = fields.get(key);
        return v instanceof Number n ? n.doubleValue() : Double.NaN;
    }
}
