package org.neurite.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapSeries;
import org.neurite.nn.metrics.ClassificationReport;
import org.neurite.tensor.Tensor;

class ConfusionMatrixPlotTest {
    @Test
    void cellsHoldTheCountsWithClassZeroOnTopAndTheFileIsAPng(@TempDir Path dir) throws Exception {
        // 3 classes: true 0 -> predicted 0, 0, 1; true 1 -> 1; true 2 -> 0, 2
        Tensor y = Tensor.vector(0, 0, 0, 1, 2, 2);
        Tensor p = Tensor.matrix(new float[][] {{0.9f, 0.1f, 0f}, {0.8f, 0.1f, 0.1f}, {0.2f, 0.7f, 0.1f}, {0.1f, 0.8f, 0.1f}, {0.6f, 0.1f, 0.3f}, {0.1f, 0.1f, 0.8f}});
        ClassificationReport r = ClassificationReport.of(y, p, List.of("cat", "dog", "bird"));
        HeatMapChart chart = ConfusionMatrixPlot.chart(r);
        HeatMapSeries s = chart.getSeriesMap().get("count");
        assertEquals(List.of("cat", "dog", "bird"), s.getXData());
        assertEquals(List.of("bird", "dog", "cat"), s.getYData()); // drawn bottom-up: cat on top
        // (x = predicted, y = row from the bottom, count)
        List<? extends Number[]> cells = s.getHeatData();
        assertEquals(2L, value(cells, 0, 2));  // true cat, predicted cat
        assertEquals(1L, value(cells, 1, 2));  // true cat, predicted dog
        assertEquals(1L, value(cells, 0, 0));  // true bird, predicted cat
        assertEquals(0L, value(cells, 2, 1));  // true dog, predicted bird
        // the colour ramp: white at 0, the full blue at the maximum, a quarter of the count halfway
        java.awt.Color[] ramp = ConfusionMatrixPlot.sqrtRamp(java.awt.Color.WHITE, java.awt.Color.BLACK, 5);
        assertEquals(255, ramp[0].getRed());
        assertEquals(0, ramp[4].getRed());
        assertEquals(Math.round(255 * (1 - Math.sqrt(0.25))), ramp[1].getRed());
        Path file = dir.resolve("cm.png");
        ConfusionMatrixPlot.savePng(r, file);
        BufferedImage img = ImageIO.read(file.toFile());
        assertTrue(img.getWidth() > 300 && img.getHeight() > 300, img.getWidth() + "x" + img.getHeight());
        assertTrue(Files.list(dir).allMatch(f -> f.getFileName().toString().equals("cm.png")), "no temporary file left");
        assertThrows(IllegalArgumentException.class, () -> ConfusionMatrixPlot.chart(new long[][] {{1, 2}, {3, 4}}, List.of("a"), "t"));
    }

    private static Object value(List<? extends Number[]> cells, int x, int y) {
        for (Number[] c : cells) if (c[0].intValue() == x && c[1].intValue() == y) return c[2];
        throw new AssertionError("no cell " + x + ", " + y);
    }
}
