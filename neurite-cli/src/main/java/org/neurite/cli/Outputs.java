package org.neurite.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import org.neurite.io.AtomicFile;
import org.neurite.io.ErrorText;
import org.neurite.nn.Layer;
import org.neurite.nn.Model;
import org.neurite.nn.Weight;

/**
 * The command line's rules for files it writes: every output is checked before the work starts,
 * and a result whose save fails late is written to a rescue file instead of being lost.
 */
final class Outputs {
    private Outputs() {}

    /** Fails as a usage error naming the option, before any work, if the file cannot be written. */
    static void checkWritable(String option, Path file) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            // the folder would be created by the save anyway: creating it now lets the probe be certain
            if (parent != null && !Files.exists(parent) && !Files.isSymbolicLink(file)) Files.createDirectories(parent);
            AtomicFile.checkWritable(file);
        } catch (IOException e) {
            String m = e.getMessage() != null && e.getMessage().startsWith("cannot save") ? e.getMessage()
                    : "cannot save " + ErrorText.path(file) + ": " + AtomicFile.reason(e);
            throw new Args.UsageException("--" + option + ": " + m);
        }
    }

    /** Fails as a usage error if files cannot be written into this folder (created if missing). */
    static void checkWritableFolder(String option, Path dir) {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new Args.UsageException("--" + option + ": " + ErrorText.path(dir) + " exists and is not a folder");
        }
        checkWritable(option, dir.resolve(".neurite-write-check"));
    }

    /**
     * Saves the model; if that fails, saves it to a rescue file in the working folder or the
     * temporary folder and says where. Returns true if it was saved to {@code file}.
     */
    static boolean saveModel(Model model, Path file, PrintStream out, PrintStream err) {
        return saveModel(model, file, out, err, Path.of("").toAbsolutePath(), Path.of(System.getProperty("java.io.tmpdir")));
    }

    /** As {@link #saveModel(Model, Path, PrintStream, PrintStream)} with the rescue folders to try in order. */
    static boolean saveModel(Model model, Path file, PrintStream out, PrintStream err, Path... rescueDirs) {
        try {
            model.save(file);
            out.println("Saved the model to " + ErrorText.path(file));
            return true;
        } catch (IOException | RuntimeException e) {
            err.println("neurite: could not save the model: " + ErrorText.message(e.getMessage()));
            String name = "neurite-rescue-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + ".nrt";
            for (Path dir : rescueDirs) {
                Path rescue = dir.resolve(name);
                try {
                    model.save(rescue);
                    err.println("neurite: the trained model was saved instead to " + ErrorText.path(rescue));
                    return false;
                } catch (IOException | RuntimeException ignored) {
                    // try the next folder
                }
            }
            err.println("neurite: the trained model could not be saved anywhere");
            return false;
        }
    }

    /** Number of NaN or infinite values among the model's weights. */
    static long nonFiniteWeights(Model model) {
        long bad = 0;
        for (Layer l : model.layers()) {
            for (Weight w : l.weights()) {
                for (float v : w.value().data()) if (!Float.isFinite(v)) bad++;
            }
        }
        return bad;
    }
}
