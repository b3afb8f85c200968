package org.neurite.analysis.health;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** The rules that turn recorded series into {@link HealthFlag}s (see {@link HealthThresholds}). */
final class HealthChecks {
    private HealthChecks() {}

    static List<HealthFlag> find(HealthReport report, HealthThresholds t) {
        List<HealthFlag> flags = new ArrayList<>();
        List<LayerSummary> weighted = new ArrayList<>();
        for (LayerSummary s : report.summaries()) if (!Double.isNaN(s.meanGradNorm())) weighted.add(s);
        vanishing(weighted, t, flags);
        exploding(report, weighted, t, flags);
        for (LayerSummary s : report.summaries()) {
            if (s.deadFraction() > t.deadFraction()) {
                flags.add(new HealthFlag(HealthFlag.Kind.DEAD_RELU, s.layer(), String.format(Locale.ROOT,
                        "%.0f%% of the units output 0 for every probe sample (limit %.0f%%)", 100 * s.deadFraction(), 100 * t.deadFraction())));
            }
            if (s.saturatedFraction() > t.saturatedFraction()) {
                flags.add(new HealthFlag(HealthFlag.Kind.SATURATED, s.layer(), String.format(Locale.ROOT,
                        "%.0f%% of the %s outputs are in the flat tails (limit %.0f%%)", 100 * s.saturatedFraction(), s.activation(), 100 * t.saturatedFraction())));
            }
        }
        return flags;
    }

    /** First layer's mean gradient norm vs the last's; names the layer nearest the output that is already below the limit. */
    private static void vanishing(List<LayerSummary> layers, HealthThresholds t, List<HealthFlag> flags) {
        if (layers.isEmpty()) return;
        LayerSummary first = layers.get(0), last = layers.get(layers.size() - 1);
        double ref = last.meanGradNorm();
        if (!(first.meanGradNorm() < t.vanishingRatio() * ref || first.meanGradNorm() < t.vanishingAbsolute())) return;
        LayerSummary start = first;
        for (int i = layers.size() - 1; i >= 0; i--) {
            double g = layers.get(i).meanGradNorm();
            if (g < t.vanishingRatio() * ref || g < t.vanishingAbsolute()) {
                start = layers.get(i);
                break;
            }
        }
        flags.add(new HealthFlag(HealthFlag.Kind.VANISHING_GRADIENTS, start.layer(), String.format(Locale.ROOT,
                "mean gradient norm of the first layer %s is %.3g, %.3g x that of the last layer %s (%.3g); going back from the output, the first layer below the limit (%.0e x the last layer, or %.0e) is %s (%.3g)",
                first.layer(), first.meanGradNorm(), first.meanGradNorm() / ref, last.layer(), ref, t.vanishingRatio(), t.vanishingAbsolute(), start.layer(), start.meanGradNorm())));
    }

    private static void exploding(HealthReport report, List<LayerSummary> layers, HealthThresholds t, List<HealthFlag> flags) {
        // 1. a norm above the limit (or not finite) at some step: the first such step, the layer nearest the output
        for (List<LayerStats> step : report.bySteps()) {
            LayerStats worst = null;
            for (LayerStats s : step) {
                if (s.hasWeights() && (!Double.isFinite(s.gradNorm()) || s.gradNorm() > t.explodingNorm())) worst = s;
            }
            if (worst != null) {
                flags.add(new HealthFlag(HealthFlag.Kind.EXPLODING_GRADIENTS, worst.layer(), String.format(Locale.ROOT,
                        "gradient norm %.3g at step %d exceeds %.0e", worst.gradNorm(), worst.step(), t.explodingNorm())));
                return;
            }
        }
        // 2. growth of a layer's mean gradient norm from one epoch to the next
        for (int i = layers.size() - 1; i >= 0; i--) {
            String layer = layers.get(i).layer();
            Map<Integer, double[]> perEpoch = new TreeMap<>();
            for (LayerStats s : report.series(layer)) {
                double[] acc = perEpoch.computeIfAbsent(s.epoch(), e -> new double[2]);
                acc[0] += s.gradNorm();
                acc[1]++;
            }
            double prev = Double.NaN;
            int prevEpoch = -1;
            for (Map.Entry<Integer, double[]> e : perEpoch.entrySet()) {
                double m = e.getValue()[0] / e.getValue()[1];
                if (prev > 0 && m > t.explodingGrowth() * prev) {
                    flags.add(new HealthFlag(HealthFlag.Kind.EXPLODING_GRADIENTS, layer, String.format(Locale.ROOT,
                            "mean gradient norm grew %.1fx from epoch %d to epoch %d (%.3g -> %.3g; limit %.0fx)", m / prev, prevEpoch, e.getKey(), prev, m, t.explodingGrowth())));
                    return;
                }
                prev = m;
                prevEpoch = e.getKey();
            }
        }
    }
}
