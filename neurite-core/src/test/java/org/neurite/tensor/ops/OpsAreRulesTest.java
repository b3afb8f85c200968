package org.neurite.tensor.ops;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * DESIGN.md's layering, checked on the source: an op in tensor/ops states its forward (a kernel
 * call), its backward and its shape checks; every loop over tensor data and every thread split
 * lives in kernel/. A simple scan: no {@code Parallel} in tensor/ops, and no element access
 * {@code name[...]} to a variable the file declares as {@code float[]} or {@code double[]}.
 */
class OpsAreRulesTest {
    private static final Path OPS = Path.of("src/main/java/org/neurite/tensor/ops");
    private static final Pattern ARRAY_DECL = Pattern.compile("\\b(?:float|double)\\[\\]\\s+(\\w+)((?:\\s*=[^,;]*?)?(?:\\s*,\\s*\\w+(?:\\s*=[^,;]*?)?)*)\\s*[;)=,]");
    private static final Pattern MORE_NAMES = Pattern.compile(",\\s*(\\w+)");

    @Test
    void opsCallKernelsAndHoldNoDataLoops() throws IOException {
        List<String> offences = new ArrayList<>();
        int scanned = 0;
        try (Stream<Path> files = Files.list(OPS)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
                scanned++;
                for (String f : offences(Files.readString(file))) offences.add(file.getFileName() + ": " + f);
            }
        }
        assertTrue(scanned > 10, "expected the sources of tensor/ops in " + OPS.toAbsolutePath() + ", found " + scanned + " files");
        assertTrue(offences.isEmpty(), "tensor/ops must leave loops over tensor data and thread splits to kernel/:\n  "
                + String.join("\n  ", offences));
    }

    @Test
    void theScanSeesALoopAndASplit() {
        String source = "class A { void f(float[] x, float[] o) { for (int i = 0; i < o.length; i++) o[i] = x[i]; "
                + "Parallel.forRange(1, (a, b) -> {}); } }";
        List<String> found = offences(source);
        assertTrue(found.stream().anyMatch(s -> s.contains("Parallel")), found.toString());
        assertTrue(found.stream().anyMatch(s -> s.contains("o[")), found.toString());
    }

    static List<String> offences(String source) {
        String code = source.replaceAll("(?s)/\\*.*?\\*/", "").replaceAll("//[^\n]*", "");
        List<String> found = new ArrayList<>();
        if (code.contains("Parallel.")) found.add("calls Parallel");
        Set<String> arrays = new TreeSet<>();
        Matcher m = ARRAY_DECL.matcher(code);
        while (m.find()) {
            arrays.add(m.group(1));
            Matcher more = MORE_NAMES.matcher(m.group(2).replaceAll("=[^,]*", ""));
            while (more.find()) arrays.add(more.group(1));
        }
        for (String a : arrays) {
            if (Pattern.compile("\\b" + a + "\\[").matcher(code).find()) found.add("indexes " + a + "[...]");
        }
        return found;
    }
}
