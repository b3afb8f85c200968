package org.neurite.analysis.health;

import java.util.Map;
import java.util.ServiceLoader;

/**
 * Draws a report's charts as PNG images for {@link HealthReport#writeHtml}. neurite-core draws
 * nothing itself (it has no dependencies); the {@code neurite-plot} module provides an
 * implementation through {@link ServiceLoader}, so that with it on the class path the HTML report
 * has its plots and without it only tables.
 */
public interface HealthCharts {
    /**
     * Draws the charts of a report.
     *
     * @param report the report to plot
     * @return titled PNG images (title to bytes), in display order
     */
    Map<String, byte[]> render(HealthReport report);

    /**
     * The implementation on the class path, found with {@link ServiceLoader}.
     *
     * @return the first implementation (neurite-plot's), or null if there is none
     */
    static HealthCharts available() {
        return ServiceLoader.load(HealthCharts.class).findFirst().orElse(null);
    }
}
