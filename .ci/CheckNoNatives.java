import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Fails, naming the jar and the entry, when any jar the project ships (every module's jar and the
 * shaded CLI jar, which bundles the runtime dependencies a user gets) holds a native library:
 * Neurite ships pure Java, and a JNI library inside a dependency breaks that promise as surely as
 * one of our own. Not checked: neurite-bench's copied class path ({@code target/lib}), which holds
 * the comparison anchors (ONNX Runtime, like PyTorch on the Python side) and is never published.
 * Run after {@code mvn package}: {@code java .ci/CheckNoNatives.java [root]}.
 */
public class CheckNoNatives {
    /** .so (Linux, also versioned .so.1), .dll (Windows), .dylib and .jnilib (macOS). */
    static final Pattern NATIVE = Pattern.compile("(?i).*\\.(so(\\.\\d+)*|dll|dylib|jnilib)$");

    public static void main(String[] args) throws IOException {
        Path root = Path.of(args.length > 0 ? args[0] : ".").toAbsolutePath().normalize();
        List<Path> jars;
        try (Stream<Path> s = Files.walk(root)) {
            // MODULE/target/NAME.jar: the module jars (sources and javadoc jars included) and the shaded CLI jar
            jars = s.filter(p -> p.toString().endsWith(".jar") && p.getParent() != null && p.getParent().getFileName().toString().equals("target")
                    && !p.toString().contains("/.git/")).sorted().toList();
        }
        if (jars.isEmpty()) {
            System.err.println("check-no-natives: no jars under " + root + "/*/target: run mvn package first");
            System.exit(2);
        }
        List<String> found = new ArrayList<>();
        for (Path jar : jars) {
            try (ZipFile zip = new ZipFile(jar.toFile())) {
                zip.stream().map(ZipEntry::getName).filter(n -> NATIVE.matcher(n).matches())
                        .forEach(n -> found.add(root.relativize(jar) + " contains " + n));
            }
        }
        if (!found.isEmpty()) {
            found.forEach(f -> System.err.println("NATIVE LIBRARY: " + f));
            System.err.println("check-no-natives: FAILED, " + found.size() + " native libraries (exclude the dependency that brings them)");
            System.exit(1);
        }
        System.out.println("check-no-natives: " + jars.size() + " jars checked, no .so/.dll/.dylib/.jnilib inside");
    }
}
