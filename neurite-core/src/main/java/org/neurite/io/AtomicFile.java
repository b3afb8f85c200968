package org.neurite.io;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Writes a file all or nothing: the content goes to a temporary file in the same directory, is
 * flushed to disk, and then renamed over the target in one step. If anything fails on the way the
 * temporary file is deleted and an existing target is left exactly as it was.
 */
public final class AtomicFile {
    /** Writes the content to a stream; may throw. */
    @FunctionalInterface
    public interface Writer {
        /**
         * @param out the temporary file's stream (closed by the caller)
         * @throws IOException to abandon the write; the target is left as it was
         */
        void write(OutputStream out) throws IOException;
    }

    private AtomicFile() {}

    /**
     * Writes {@code target} through a temporary file in the same folder, then renames it over the
     * target, so that a crash or an exception never leaves a half-written file.
     *
     * @param target the file to create or replace
     * @param writer writes the content
     * @throws IOException if writing or renaming fails (the temporary file is removed)
     */
    public static void write(Path target, Writer writer) throws IOException {
        Path absolute = target.toAbsolutePath();
        Path dir = absolute.getParent();
        if (dir != null) Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + absolute.getFileName() + ".", ".tmp");
        boolean moved = false;
        try {
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
                    OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16)) {
                writer.write(out);
                out.flush();
                channel.force(true); // on disk before the rename makes it visible
            }
            try {
                Files.move(tmp, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, absolute, StandardCopyOption.REPLACE_EXISTING);
            }
            moved = true;
        } finally {
            if (!moved) Files.deleteIfExists(tmp);
        }
    }
}
