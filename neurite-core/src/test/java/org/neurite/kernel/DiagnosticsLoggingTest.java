package org.neurite.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Neurite's diagnostics go through {@link System.Logger}, so an application's logging bridge (here a
 * test LoggerFinder, found by the service loader as SLF4J's or Log4j's would be) receives them.
 */
class DiagnosticsLoggingTest {
    @Test
    void theScalarFallbackNoticeReachesTheInstalledLoggerFinder() {
        assertInstanceOf(CapturingLoggerFinder.class, System.LoggerFinder.getLoggerFinder());
        // a kernel class that cannot load is what a JVM without the Vector API sees
        assertNull(VectorKernels.load("NoSuchKernelForTheLoggingTest", Runnable.class));
        List<CapturingLoggerFinder.Entry> notices = CapturingLoggerFinder.RECORDS.stream()
                .filter(r -> r.logger().equals("org.neurite.kernel.VectorKernels")).toList();
        assertEquals(1, notices.size(), "records: " + CapturingLoggerFinder.RECORDS);
        assertEquals(System.Logger.Level.WARNING, notices.get(0).level());
        assertTrue(notices.get(0).message().contains("--add-modules jdk.incubator.vector"), notices.get(0).message());
    }
}
