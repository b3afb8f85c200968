package org.neurite.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.XYChart;
import org.neurite.analysis.health.HealthCharts;
import org.neurite.analysis.health.HealthReport;
import org.neurite.analysis.health.LayerStats;
import org.neurite.analysis.health.VanishingGradientDemo;
import org.neurite.nn.callbacks.History;

class TrainingPlotsTest {
    private static HealthReport sigmoid;

    @BeforeAll
    static void train() {
        sigmoid = VanishingGradientDemo.train("sigmoid", 1);
    }

    private static BufferedImage decode(byte[] png) throws Exception {
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(png));
        assertNotNull(img, "not a PNG");
        return img;
    }

    @Test
    void gradientNormChartHasOneLogScaleSeriesPerWeightedLayer() throws Exception {
        XYChart chart = TrainingPlots.gradientNorms(sigmoid);
        assertTrue(chart.getStyler().isYAxisLogarithmic());
        assertEquals(sigmoid.weightedLayers(), new ArrayList<>(chart.getSeriesMap().keySet()));
        double[] ys = chart.getSeriesMap().get("dense_1").getYData();
        List<LayerStats> series = sigmoid.series("dense_1");
        assertEquals(series.size(), ys.length);
        for (int i = 0; i < ys.length; i++) assertEquals(series.get(i).gradNorm(), ys[i]);
        BufferedImage img = decode(TrainingPlots.png(chart));
        assertEquals(TrainingPlots.WIDTH, img.getWidth());
        assertEquals(TrainingPlots.HEIGHT, img.getHeight());
    }

    @Test
    void zeroAndNaNValuesAreLeftOutOfLogPlotsInsteadOfFailing() throws Exception {
        List<LayerStats> records = List.of(
                new LayerStats(0, 0, "a", "relu", 0.0, 1, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN),
                new LayerStats(0, 0, "b", "relu", 0.5, 1, 0.01, Double.NaN, Double.NaN, Double.NaN, Double.NaN),
                new LayerStats(1, 0, "a", "relu", 0.2, 1, 0.0, Double.NaN, Double.NaN, Double.NaN, Double.NaN),
                new LayerStats(1, 0, "b", "relu", Double.POSITIVE_INFINITY, 1, 0.02, Double.NaN, Double.NaN, Double.NaN, Double.NaN));
        HealthReport r = new HealthReport(records, Map.of(), org.neurite.analysis.health.HealthThresholds.defaults());
        XYChart g = TrainingPlots.gradientNorms(r);
        assertEquals(1, g.getSeriesMap().get("a").getYData().length);
        assertEquals(1, g.getSeriesMap().get("b").getYData().length);
        decode(TrainingPlots.png(g));
        decode(TrainingPlots.png(TrainingPlots.updateRatios(r)));
        assertEquals("step,a,b\n0,0.0,0.5\n1,0.2,Infinity\n", TrainingPlots.gradientNormsCsv(r));
    }

    @Test
    void lossAndMetricCurvesSplitTheHistoryKeys() throws Exception {
        History h = new History();
        Map<String, Float> e0 = new LinkedHashMap<>(Map.of("loss", 1.0f, "accuracy", 0.5f, "val_loss", 1.2f, "val_accuracy", 0.4f));
        Map<String, Float> e1 = new LinkedHashMap<>(Map.of("loss", 0.6f, "accuracy", 0.7f, "val_loss", 0.9f, "val_accuracy", 0.6f));
        h.onEpochEnd(0, e0);
        h.onEpochEnd(1, e1);
        XYChart loss = TrainingPlots.lossCurves(h), metrics = TrainingPlots.metricCurves(h);
        assertEquals(List.of("loss", "val_loss"), new ArrayList<>(new java.util.TreeSet<>(loss.getSeriesMap().keySet())));
        assertEquals(List.of("accuracy", "val_accuracy"), new ArrayList<>(new java.util.TreeSet<>(metrics.getSeriesMap().keySet())));
        assertEquals(0.6, loss.getSeriesMap().get("loss").getYData()[1], 1e-6);
        assertEquals(2.0, loss.getSeriesMap().get("loss").getXData()[1]); // epochs counted from 1
        decode(TrainingPlots.png(loss));
    }

    @Test
    void filesAreWritten(@TempDir Path dir) throws Exception {
        TrainingPlots.saveHealth(sigmoid, dir, "run");
        for (String f : List.of("run-grad-norms.png", "run-update-ratios.png")) decode(Files.readAllBytes(dir.resolve(f)));
        List<String> csv = Files.readAllLines(dir.resolve("run-grad-norms.csv"));
        assertEquals("step," + String.join(",", sigmoid.weightedLayers()), csv.get(0));
        assertEquals(1 + sigmoid.steps().size(), csv.size());
        assertEquals(sigmoid.series("dense_20").get(0).gradNorm(), Double.parseDouble(csv.get(1).split(",")[20]));
        assertEquals(LayerStats.csvHeader(), Files.readAllLines(dir.resolve("run-health.csv")).get(0));

        Map<String, HealthReport> two = new LinkedHashMap<>();
        two.put("sigmoid", sigmoid);
        two.put("again", sigmoid);
        String byDepth = TrainingPlots.gradientNormByDepthCsv(two);
        assertTrue(byDepth.startsWith("layer,sigmoid,again\n1,"), byDepth);
        assertEquals(21, byDepth.split("\n").length);
        decode(TrainingPlots.png(VanishingGradientFigure.chart(two)));
    }

    /** With neurite-plot on the class path, HealthReport.writeHtml finds the charts and embeds them as PNGs. */
    @Test
    void htmlReportEmbedsThePlots(@TempDir Path dir) throws Exception {
        assertTrue(HealthCharts.available() instanceof XChartHealthCharts);
        Path html = dir.resolve("health.html");
        sigmoid.writeHtml(html);
        String page = Files.readString(html);
        Matcher m = Pattern.compile("src=\"data:image/png;base64,([A-Za-z0-9+/=]+)\"").matcher(page);
        int images = 0;
        while (m.find()) {
            decode(Base64.getDecoder().decode(m.group(1)));
            images++;
        }
        assertEquals(5, images); // loss, metrics, gradient norms, by depth, update ratios
        assertTrue(page.contains("<h2>Gradient norm per layer</h2>"));
        assertTrue(Files.exists(dir.resolve("health.health.csv")) && Files.exists(dir.resolve("health.history.csv")));
    }
}
