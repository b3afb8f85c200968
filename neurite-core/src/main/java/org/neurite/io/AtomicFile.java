package org.neurite.io;

import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes a file all or nothing: the content goes to a temporary file in the same directory, is
 * flushed to disk, and then renamed over the target in one step. If anything fails on the way the
 * temporary file is deleted and an existing target is left exactly as it was.
 *
 * <p>Details that keep the user's files right:
 * <ul>
 *   <li>A target that is a symbolic link is not replaced: the file it points to is updated.</li>
 *   <li>A new file gets the permissions of any new file (0666 less the umask); a replaced file keeps
 *       its permissions. (Temporary files of the JDK would be 0600.)</li>
 *   <li>Temporary files are named {@code .<target>.<pid>.<random>.tmp}. A process killed while writing
 *       leaves one behind; the next save to that folder removes those of the same target whose
 *       process is gone (or that are over a day old), and the unnamed-PID ones of older versions
 *       once they are over ten minutes old. Nothing else is touched.</li>
 *   <li>Every failure is an IOException naming the destination and the reason.</li>
 * </ul>
 */
public final class AtomicFile {
    /** Writes the content to a stream; may throw. The stream need not be closed. */
    @FunctionalInterface
    public interface Writer {
        /**
         * @param out the temporary file's stream (closed by the caller)
         * @throws IOException to abandon the write; the target is left as it was
         */
        void write(OutputStream out) throws IOException;
    }

    /** Temporary files of a live process older than this are stale anyway (the PID was reused). */
    static final Duration STALE_WITH_PID = Duration.ofDays(1);
    /** Temporary files of earlier versions (no PID in the name) older than this are stale. */
    static final Duration STALE_WITHOUT_PID = Duration.ofMinutes(10);

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
        Path destination = destination(target);
        Path dir = destination.getParent();
        try {
            if (dir != null) Files.createDirectories(dir);
        } catch (IOException e) {
            throw failure(target, "cannot create its folder " + ErrorText.path(dir), e);
        }
        if (Files.isDirectory(destination)) {
            throw new IOException("cannot save " + ErrorText.path(target) + ": it is a directory");
        }
        removeStaleTemporaries(dir, destination.getFileName().toString());
        Path tmp = createTemporary(destination, target);
        boolean moved = false;
        try {
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
                    OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16)) {
                writer.write(unclosable(out));
                out.flush();
                channel.force(true); // on disk before the rename makes it visible
            } catch (IOException e) {
                throw failure(target, "writing failed", e);
            }
            keepPermissions(destination, tmp);
            try {
                try {
                    Files.move(tmp, destination, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, destination, StandardCopyOption.REPLACE_EXISTING);
                }
            } catch (IOException e) {
                throw failure(target, "renaming the written temporary file over it failed", e);
            }
            moved = true;
        } finally {
            if (!moved) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // the write already failed with the reason; a leftover is removed by the next save
                }
            }
        }
    }

    /**
     * Fails now, naming the reason, if {@link #write} to this path would certainly fail: the folder
     * cannot be created or written, or the target is a directory. Checks by creating and deleting
     * a temporary file in the folder (permission bits alone miss read-only mounts and /proc).
     *
     * @param target the file a later {@link #write} will replace
     * @throws IOException if it cannot be written; the message names the path and the reason
     */
    public static void checkWritable(Path target) throws IOException {
        Path destination = destination(target);
        if (Files.isDirectory(destination)) throw new IOException("cannot save " + ErrorText.path(target) + ": it is a directory");
        if (Files.exists(destination, LinkOption.NOFOLLOW_LINKS) && !Files.isRegularFile(destination)) {
            throw new IOException("cannot save " + ErrorText.path(target) + ": it exists and is not a regular file");
        }
        Path dir = destination.getParent();
        if (dir == null) return;
        Path existing = dir;
        while (existing != null && !Files.exists(existing)) existing = existing.getParent();
        if (existing == null) throw new IOException("cannot save " + ErrorText.path(target) + ": no part of its folder exists");
        if (!Files.isDirectory(existing)) {
            throw new IOException("cannot save " + ErrorText.path(target) + ": " + ErrorText.path(existing) + " is not a directory");
        }
        if (!existing.equals(dir)) {
            if (!Files.isWritable(existing)) {
                throw new IOException("cannot save " + ErrorText.path(target) + ": its folder does not exist and " + ErrorText.path(existing)
                        + " is not writable");
            }
            return; // created on save; nothing more can be probed without creating folders now
        }
        Path probe = createTemporary(destination, target);
        try {
            Files.delete(probe);
        } catch (IOException e) {
            throw failure(target, "cannot delete a probe file in its folder", e);
        }
    }

    // ---------------------------------------------------------------- internals

    /** The file to replace: the target, or where it points if it is a symbolic link (followed to the end). */
    static Path destination(Path target) throws IOException {
        Path p = target.toAbsolutePath();
        for (int hops = 0; Files.isSymbolicLink(p); hops++) {
            if (hops >= 40) throw new IOException("cannot save " + ErrorText.path(target) + ": too many levels of symbolic links");
            Path link = Files.readSymbolicLink(p);
            p = p.resolveSibling(link).normalize();
        }
        return p;
    }

    private static final Pattern OURS = Pattern.compile("\\.(.+)\\.(\\d+)\\.(\\d+)\\.tmp");
    private static final Pattern OLD_STYLE = Pattern.compile("\\.(.+)\\.(\\d+)\\.tmp");

    private static Path createTemporary(Path destination, Path target) throws IOException {
        String base = "." + destination.getFileName() + "." + ProcessHandle.current().pid() + ".";
        for (int attempt = 0; ; attempt++) {
            Path tmp = destination.resolveSibling(base + Long.toUnsignedString(ThreadLocalRandom.current().nextLong()) + ".tmp");
            try {
                // no permission attribute: the new file gets 0666 less the umask, as any new file
                Files.newByteChannel(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE).close();
                return tmp;
            } catch (java.nio.file.FileAlreadyExistsException e) {
                if (attempt > 8) throw failure(target, "cannot create a temporary file beside it", e);
            } catch (IOException e) {
                throw failure(target, "cannot create a temporary file in " + ErrorText.path(destination.getParent()), e);
            }
        }
    }

    /** Deletes leftovers of earlier saves of the same file by processes that died while writing. */
    static void removeStaleTemporaries(Path dir, String fileName) {
        if (dir == null) return;
        String prefix = "." + fileName + ".";
        Instant now = Instant.now();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, p -> p.getFileName().toString().startsWith(prefix))) {
            for (Path p : entries) {
                String n = p.getFileName().toString();
                Matcher ours = OURS.matcher(n);
                boolean stale;
                if (ours.matches() && ours.group(1).equals(fileName)) {
                    long pid = parsePid(ours.group(2));
                    boolean alive = pid == ProcessHandle.current().pid() || ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
                    stale = !alive || olderThan(p, now, STALE_WITH_PID);
                } else {
                    Matcher old = OLD_STYLE.matcher(n);
                    stale = old.matches() && old.group(1).equals(fileName) && olderThan(p, now, STALE_WITHOUT_PID);
                }
                if (stale && Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                    try {
                        Files.deleteIfExists(p);
                    } catch (IOException ignored) {
                        // not ours to insist on: the save itself goes on
                    }
                }
            }
        } catch (IOException ignored) {
            // an unlistable folder: the save reports its own error if it cannot write there
        }
    }

    private static long parsePid(String digits) {
        try {
            return Long.parseLong(digits);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static boolean olderThan(Path p, Instant now, Duration age) throws IOException {
        FileTime t = Files.getLastModifiedTime(p, LinkOption.NOFOLLOW_LINKS);
        return t.toInstant().isBefore(now.minus(age));
    }

    private static void keepPermissions(Path destination, Path tmp) {
        try {
            PosixFileAttributeView view = Files.getFileAttributeView(destination, PosixFileAttributeView.class);
            if (view == null || !Files.exists(destination)) return;
            Set<PosixFilePermission> perms = view.readAttributes().permissions();
            Files.setPosixFilePermissions(tmp, perms);
        } catch (IOException | UnsupportedOperationException ignored) {
            // the new file keeps the default permissions
        }
    }

    private static OutputStream unclosable(OutputStream out) {
        return new FilterOutputStream(out) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
            }

            @Override
            public void close() throws IOException {
                out.flush(); // the writer may close its wrapper (a gzip stream must, to finish); the file stays open
            }
        };
    }

    /** An IOException naming the target, what failed and the system's reason. */
    static IOException failure(Path target, String what, IOException cause) {
        return new IOException("cannot save " + ErrorText.path(target) + ": " + what + ": " + reason(cause), cause);
    }

    /**
     * The reason of a file-system error in words.
     *
     * @param e the error
     * @return e.g. "permission denied", "no space left on device"
     */
    public static String reason(IOException e) {
        if (e instanceof AccessDeniedException) return "permission denied" + file(e);
        if (e instanceof NoSuchFileException) return "no such file or folder" + file(e);
        if (e instanceof java.nio.file.FileAlreadyExistsException) return "already exists" + file(e);
        if (e instanceof java.nio.file.NotDirectoryException) return "not a directory" + file(e);
        if (e instanceof FileSystemException fse && fse.getReason() != null) return fse.getReason().toLowerCase(java.util.Locale.ROOT) + file(e);
        String m = e.getMessage();
        return m == null ? e.getClass().getSimpleName() : ErrorText.quote(m, 400);
    }

    private static String file(IOException e) {
        return e instanceof FileSystemException fse && fse.getFile() != null ? " (" + ErrorText.quote(fse.getFile(), 400) + ")" : "";
    }
}
