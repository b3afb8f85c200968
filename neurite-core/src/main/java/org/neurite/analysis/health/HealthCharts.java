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
    /** Titled PNG images (title -> bytes), in display order. */
    Map<String, byte[]> render(HealthReport report);

    /** The implementation on the class path, or null. */
    static HealthCharts available() {
        return ServiceLoader.load(HealthCharts.class).findFirst().orElse(null);
    }
}
