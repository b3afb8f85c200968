package org.neurite.fuzz;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Shared by the parser fuzz targets. Each target feeds the raw fuzzer bytes to one parser and
 * lets through only the parser's documented rejection (a format IOException, or for text formats
 * its IllegalArgumentException); anything else (an unchecked exception from deep inside, an
 * OutOfMemoryError from an allocation the header asked for) is reported by Jazzer as a finding.
 *
 * <p>{@code mvn test} replays the committed inputs in
 * {@code src/test/resources/org/neurite/fuzz/<Class>Inputs/<method>/} as regression tests;
 * {@code mvn test -pl neurite-core -Pfuzz} fuzzes every target for {@link #DURATION}, one JVM
 * per target (Jazzer fuzzes one test per run).
 */
final class FuzzSupport {
    /** How long {@code -Pfuzz} fuzzes each target. */
    static final String DURATION = "90s";

    private static final ThreadLocal<Path> FILE = ThreadLocal.withInitial(() -> {
        try {
            Path p = Files.createTempFile("neurite-fuzz", ".bin");
            p.toFile().deleteOnExit();
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    });

    private FuzzSupport() {}

    /** The bytes as a file (path-based parsers size their reads by the file). */
    static Path file(byte[] bytes) throws IOException {
        Path p = FILE.get();
        Files.write(p, bytes);
        return p;
    }

    @FunctionalInterface
    interface Parse {
        void run() throws Exception;
    }

    /** Runs the parser; returns normally on success or on one of the allowed exceptions. */
    @SafeVarargs
    static void rejectsOnlyWith(Parse parse, Class<? extends Exception>... allowed) throws Exception {
        try {
            parse.run();
        } catch (Exception e) {
            for (Class<? extends Exception> a : allowed) if (a.isInstance(e)) return;
            throw e;
        }
    }
}
