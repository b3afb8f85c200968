package org.neurite.plot;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.knowm.xchart.XYChart;
import org.neurite.analysis.health.HealthFlag;
import org.neurite.analysis.health.HealthReport;
import org.neurite.analysis.health.VanishingGradientDemo;

/**
 * Draws the README's vanishing-gradient figure: the mean gradient norm of each of the 20 layers
 * for the sigmoid, ReLU + He and residual networks of {@link VanishingGradientDemo}, and prints
 * their health reports. Usage: {@code VanishingGradientFigure [OUT_DIR]} (default docs/images);
 * writes {@code vanishing-gradients.png} and {@code vanishing-gradients.csv}.
 */
public final class VanishingGradientFigure {
    private VanishingGradientFigure() {}

    /**
     * One curve per network, labelled with what {@link HealthReport#flags()} says about it.
     *
     * @param reports the gradient-health report of each network, by name
     * @return mean gradient norm per layer against depth
     */
    public static XYChart chart(Map<String, HealthReport> reports) {
        Map<String, String> names = Map.of("sigmoid", "sigmoid + Glorot", "relu-he", "ReLU + He", "residual", "residual sigmoid + Glorot");
        Map<String, HealthReport> labelled = new LinkedHashMap<>();
        for (Map.Entry<String, HealthReport> e : reports.entrySet()) {
            HealthFlag v = e.getValue().flag(HealthFlag.Kind.VANISHING_GRADIENTS);
            String verdict = v != null ? "vanishing from " + v.layer() : e.getValue().flags().isEmpty() ? "no flags" : e.getValue().flags().get(0).kind().toString();
            labelled.put(names.getOrDefault(e.getKey(), e.getKey()) + " (" + verdict + ")", e.getValue());
        }
        XYChart chart = TrainingPlots.gradientNormByDepth(labelled);
        chart.setTitle("20-layer MLPs: mean gradient norm per layer (320 SGD steps)");
        chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideSE);
        return chart;
    }

    /**
     * Trains the three 20-layer networks and writes the figure (run by hand for the README).
     *
     * @param args the output folder (default {@code docs/images})
     * @throws IOException if the figure cannot be written
     */
    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args.length > 0 ? args[0] : "docs/images");
        Map<String, HealthReport> reports = VanishingGradientDemo.run(1);
        for (Map.Entry<String, HealthReport> e : reports.entrySet()) System.out.println("== " + e.getKey() + "\n" + e.getValue().text());
        TrainingPlots.savePng(chart(reports), dir.resolve("vanishing-gradients.png"));
        TrainingPlots.writeText(dir.resolve("vanishing-gradients.csv"), TrainingPlots.gradientNormByDepthCsv(reports));
        System.out.println("Wrote " + dir.resolve("vanishing-gradients.png").toAbsolutePath());
    }
}
