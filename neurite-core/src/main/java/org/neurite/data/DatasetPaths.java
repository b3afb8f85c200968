package org.neurite.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Where the shared data sets live ({@code mnist/}, {@code fashion-mnist/}, {@code cifar-10/},
 * {@code timeseries/}).
 *
 * <p>Lookup order:
 * <ol>
 *   <li>the system property {@value #PROPERTY} if set (used as is, even if it does not exist);</li>
 *   <li>the environment variable {@value #ENV} if set;</li>
 *   <li>the first existing directory of {@code ../shared/datasets} and {@code ../../shared/datasets},
 *       relative to the working directory (the repository root and a module directory, when the
 *       repository is cloned with {@code shared/} beside it).</li>
 * </ol>
 */
public final class DatasetPaths {
    /** System property naming the data sets root folder. */
    public static final String PROPERTY = "neurite.datasets";
    /** Environment variable naming the data sets root folder (after the system property). */
    public static final String ENV = "NEURITE_DATASETS";

    private static final String[] RELATIVE_CANDIDATES = {"../shared/datasets", "../../shared/datasets"};

    private DatasetPaths() {}

    /** @return the data sets root folder ({@code -Dneurite.datasets}, the environment variable, or a found default), or empty */
    public static Optional<Path> root() {
        String prop = System.getProperty(PROPERTY);
        if (prop != null && !prop.isBlank()) return Optional.of(Path.of(prop).toAbsolutePath().normalize());
        String env = System.getenv(ENV);
        if (env != null && !env.isBlank()) return Optional.of(Path.of(env).toAbsolutePath().normalize());
        for (Path p : relativeCandidates()) {
            if (Files.isDirectory(p)) return Optional.of(p);
        }
        return Optional.empty();
    }

    /**
     * The folder of one data set, e.g. {@code resolve("mnist")}. Never fails: when no root is
     * found it returns the path under the first candidate, which does not exist, so that callers
     * can check {@code Files.isDirectory} and print where they looked.
     *
     * @param name the data set's folder name, e.g. {@code mnist}
     * @return the folder, which may not exist
     */
    public static Path resolve(String name) {
        return root().orElse(relativeCandidates().get(0)).resolve(name);
    }

    /** @return a sentence saying where data sets are looked for, for error and skip messages */
    public static String describeSearch() {
        StringBuilder sb = new StringBuilder("data sets are looked for in: system property -D" + PROPERTY + ", environment variable " + ENV);
        for (Path p : relativeCandidates()) sb.append(", ").append(p);
        return sb.toString();
    }

    private static List<Path> relativeCandidates() {
        List<Path> out = new ArrayList<>();
        Path cwd = Path.of("").toAbsolutePath();
        for (String c : RELATIVE_CANDIDATES) out.add(cwd.resolve(c).normalize());
        return out;
    }
}
