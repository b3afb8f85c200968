package org.neurite.examples;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One classic network, runnable from the command line ({@code ./neurite example NAME}) and from a
 * test: it builds its model, trains it on a short budget, evaluates it and returns its final
 * metrics and the files (images) it wrote. The list of all examples is {@link Examples#all()}.
 */
public interface Example {
    /** Short name used on the command line, e.g. {@code vae}. */
    String name();

    /** One line: what network on what data. */
    String description();

    /** Builds, trains and evaluates; progress and results go to {@code options.out()}. */
    Result run(ExampleOptions options) throws Exception;

    /**
     * What a run produced.
     *
     * @param example the example's name
     * @param data where the data came from (a folder, the embedded MNIST subset, synthetic)
     * @param metrics final metrics in the order printed (e.g. test accuracy, RMSE)
     * @param files images and other files written
     * @param seconds wall-clock time of the run
     */
    record Result(String example, String data, Map<String, Float> metrics, List<Path> files, double seconds) {
        public Result {
            metrics = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
            files = List.copyOf(files);
        }

        /** One metric; fails naming the known ones if absent. */
        public float metric(String key) {
            Float v = metrics.get(key);
            if (v == null) throw new IllegalArgumentException(example + ": no metric '" + key + "' (has " + metrics.keySet() + ")");
            return v;
        }

        /** Prints the metrics and files, one per line. */
        public void print(PrintStream out) {
            out.printf("%n%s finished in %.1f s (data: %s)%n", example, seconds, data);
            for (Map.Entry<String, Float> e : metrics.entrySet()) out.printf("  %-28s %s%n", e.getKey(), format(e.getValue()));
            for (Path f : files) out.println("  saved " + f.toAbsolutePath().normalize());
        }

        private static String format(float v) {
            if (v == Math.rint(v) && Math.abs(v) < 1e9) return String.format("%,d", (long) v);
            return String.format("%.4f", v);
        }
    }
}
