package org.neurite.plot;

import java.util.LinkedHashMap;
import java.util.Map;
import org.knowm.xchart.XYChart;
import org.neurite.analysis.health.HealthCharts;
import org.neurite.analysis.health.HealthReport;

/**
 * The plots of {@link HealthReport#writeHtml}: loss and metric curves, gradient norms and update
 * ratios per layer, mean gradient norm by depth. Found through {@link java.util.ServiceLoader}
 * when neurite-plot is on the class path.
 */
public final class XChartHealthCharts implements HealthCharts {
    @Override
    public Map<String, byte[]> render(HealthReport report) {
        Map<String, byte[]> out = new LinkedHashMap<>();
        if (report.history().containsKey("loss")) add(out, TrainingPlots.lossCurves(report.history()));
        XYChart metrics = TrainingPlots.metricCurves(report.history());
        if (!metrics.getSeriesMap().isEmpty()) add(out, metrics);
        if (!report.weightedLayers().isEmpty()) {
            add(out, TrainingPlots.gradientNorms(report));
            add(out, TrainingPlots.gradientNormByDepth(Map.of("this network", report)));
            XYChart updates = TrainingPlots.updateRatios(report);
            if (!updates.getSeriesMap().isEmpty()) add(out, updates);
        }
        return out;
    }

    private static void add(Map<String, byte[]> out, XYChart chart) {
        out.put(chart.getTitle(), TrainingPlots.png(chart));
    }
}
