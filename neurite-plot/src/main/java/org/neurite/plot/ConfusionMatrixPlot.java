package org.neurite.plot;

import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.knowm.xchart.style.HeatMapStyler;
import org.neurite.nn.metrics.ClassificationReport;

/**
 * A confusion matrix as a heat map: true classes top to bottom, predicted classes left to right
 * (the layout of scikit-learn's {@code ConfusionMatrixDisplay}), the count written in every cell,
 * class names on both axes, and a white-to-blue colour that grows with the square root of the
 * count: on a linear scale the large diagonal leaves the few-dozen confusions that matter almost
 * white. The blues stay light enough for dark text.
 */
public final class ConfusionMatrixPlot {
    static {
        if (System.getProperty("java.awt.headless") == null) System.setProperty("java.awt.headless", "true");
    }

    private ConfusionMatrixPlot() {}

    /**
     * The report's confusion matrix, titled with its accuracy.
     *
     * @param report a classification report
     * @return a heat map with the count in every cell, true class 0 at the top
     */
    public static HeatMapChart chart(ClassificationReport report) {
        return chart(report.confusionMatrix(), report.classNames(),
                String.format(java.util.Locale.ROOT, "Confusion matrix (accuracy %.3f, %,d samples)", report.accuracy(), report.support()));
    }

    /**
     * A confusion matrix as a heat map (colour grows with the square root of the count).
     *
     * @param counts     {@code counts[true][predicted]}, square
     * @param classNames one per row, in class-index order
     * @param title      the chart's title
     * @return the chart
     * @throws IllegalArgumentException if the names do not match the matrix
     */
    public static HeatMapChart chart(long[][] counts, List<String> classNames, String title) {
        int k = counts.length;
        if (classNames.size() != k) throw new IllegalArgumentException("confusion matrix plot: " + k + " classes but " + classNames.size() + " class names");
        for (long[] row : counts) {
            if (row.length != k) throw new IllegalArgumentException("confusion matrix plot: the matrix must be square, got a row of " + row.length + " for " + k + " classes");
        }
        int cell = k <= 4 ? 110 : k <= 10 ? 64 : 40;
        int nameWidth = 0;
        for (String n : classNames) nameWidth = Math.max(nameWidth, n.length());
        int width = Math.max(560, 170 + Math.min(nameWidth, 24) * 8 + k * cell), height = Math.max(460, 150 + Math.min(nameWidth, 24) * 4 + k * cell);
        HeatMapChart chart = new HeatMapChartBuilder().width(width).height(height).title(title)
                .xAxisTitle("predicted").yAxisTitle("true").build();
        HeatMapStyler st = chart.getStyler();
        st.setChartBackgroundColor(Color.WHITE);
        st.setPlotBackgroundColor(Color.WHITE);
        st.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        st.setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        st.setShowValue(true);
        st.setValueFont(new Font(Font.SANS_SERIF, Font.BOLD, k <= 10 ? 14 : 10));
        st.setValueFontColor(new Color(20, 20, 20));
        st.setHeatMapValueDecimalPattern("#,##0");
        st.setLegendVisible(false);
        st.setRangeColors(sqrtRamp(Color.WHITE, new Color(66, 146, 198), 33));
        st.setDrawBorder(true);
        st.setPlotGridLinesVisible(false);
        st.setMin(0);
        long max = 1;
        for (long[] row : counts) for (long v : row) max = Math.max(max, v);
        st.setMax(max);
        if (nameWidth > 3) st.setXAxisLabelRotation(45);
        // XChart draws y index 0 at the bottom: list the classes bottom-up so class 0 is on top
        List<String> xs = new ArrayList<>(classNames), ys = new ArrayList<>();
        for (int i = k - 1; i >= 0; i--) ys.add(classNames.get(i));
        List<Number[]> cells = new ArrayList<>(k * k);
        for (int t = 0; t < k; t++) {
            for (int p = 0; p < k; p++) cells.add(new Number[] {p, k - 1 - t, counts[t][p]});
        }
        chart.addSeries("count", xs, ys, cells);
        return chart;
    }

    /**
     * {@code stops} colours at equally spaced values (XChart interpolates between them linearly in
     * the value), each at {@code sqrt} of its position between {@code from} and {@code to}.
     */
    static Color[] sqrtRamp(Color from, Color to, int stops) {
        Color[] out = new Color[stops];
        for (int i = 0; i < stops; i++) {
            double t = Math.sqrt((double) i / (stops - 1));
            out[i] = new Color(mix(from.getRed(), to.getRed(), t), mix(from.getGreen(), to.getGreen(), t), mix(from.getBlue(), to.getBlue(), t));
        }
        return out;
    }

    private static int mix(int a, int b, double t) {
        return (int) Math.round(a + (b - a) * t);
    }

    /**
     * The chart as PNG bytes.
     *
     * @param chart a chart made here
     * @return the PNG file's bytes
     */
    public static byte[] png(HeatMapChart chart) {
        try {
            return BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
        } catch (IOException e) {
            throw new UncheckedIOException("could not encode the chart '" + chart.getTitle() + "' as PNG", e);
        }
    }

    /**
     * Writes the report's confusion matrix as a PNG (to a temporary file, then renamed).
     *
     * @param report a classification report
     * @param file where the PNG goes
     * @throws IOException if the file cannot be written
     */
    public static void savePng(ClassificationReport report, Path file) throws IOException {
        TrainingPlots.write(file, png(chart(report)));
    }
}
