package org.neurite.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 12: stale temporaries cleaned, permissions from the umask, links followed, errors that say where and why. */
class AtomicFileTest {
    @TempDir
    Path dir;

    private static boolean posix() {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    }

    private static void write(Path f, String text) throws IOException {
        AtomicFile.write(f, out -> out.write(text.getBytes()));
    }

    @Test
    void staleTemporariesOfDeadProcessesAreRemovedOnTheNextSave() throws IOException {
        Path target = dir.resolve("model.nrt");
        // a kill -9 leftover: a PID that cannot be running (above pid_max), and one of an old version
        Path dead = dir.resolve(".model.nrt.4194999999.123456.tmp");
        Path oldStyle = dir.resolve(".model.nrt.98765432101234.tmp");
        Path oldButFresh = dir.resolve(".model.nrt.55555.tmp");
        Path live = dir.resolve(".model.nrt." + ProcessHandle.current().pid() + ".77.tmp"); // a save in progress here
        Path otherFile = dir.resolve(".other.nrt.4194999999.1.tmp");
        Path userFile = dir.resolve(".model.nrt.notes.tmp");
        for (Path p : new Path[] {dead, oldStyle, oldButFresh, live, otherFile, userFile}) Files.write(p, new byte[1000]);
        FileTime hourAgo = FileTime.from(Instant.now().minusSeconds(3600));
        Files.setLastModifiedTime(oldStyle, hourAgo);
        Files.setLastModifiedTime(userFile, hourAgo);

        write(target, "weights");
        assertFalse(Files.exists(dead), "temporary of a dead process");
        assertFalse(Files.exists(oldStyle), "old-style temporary over ten minutes old");
        assertTrue(Files.exists(oldButFresh), "a recent old-style temporary may be a save in progress");
        assertTrue(Files.exists(live), "a temporary of a live process");
        assertTrue(Files.exists(otherFile), "another target's temporary is left to its own saves");
        assertTrue(Files.exists(userFile), "not our naming");
        assertEquals("weights", Files.readString(target));
    }

    @Test
    void noTemporaryIsLeftAfterAFailedWrite() throws IOException {
        Path target = dir.resolve("a.bin");
        write(target, "old");
        IOException e = assertThrows(IOException.class, () -> AtomicFile.write(target, out -> {
            out.write(1);
            throw new IOException("disk on fire");
        }));
        assertTrue(e.getMessage().contains("a.bin") && e.getMessage().contains("disk on fire"), e.getMessage());
        assertEquals("old", Files.readString(target));
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(1, s.count(), "only the target remains");
        }
    }

    @Test
    void newFilesFollowTheUmaskAndReplacedFilesKeepTheirMode() throws IOException {
        assumeTrue(posix(), "POSIX permissions");
        Path probe = Files.createFile(dir.resolve("probe")); // what the umask gives any new file
        Set<PosixFilePermission> umaskMode = Files.getPosixFilePermissions(probe);
        Path target = dir.resolve("new.nrt");
        write(target, "x");
        assertEquals(umaskMode, Files.getPosixFilePermissions(target));

        Set<PosixFilePermission> custom = PosixFilePermissions.fromString("rw-r-----");
        Files.setPosixFilePermissions(target, custom);
        write(target, "y");
        assertEquals(custom, Files.getPosixFilePermissions(target));
    }

    @Test
    void savingThroughASymlinkUpdatesItsTarget() throws IOException {
        Path real = Files.createDirectories(dir.resolve("store")).resolve("model-v3.nrt");
        write(real, "v3");
        Path link = dir.resolve("current.nrt");
        try {
            Files.createSymbolicLink(link, Path.of("store", "model-v3.nrt"));
        } catch (UnsupportedOperationException | IOException e) {
            assumeTrue(false, "symbolic links not available: " + e);
        }
        write(link, "v4");
        assertTrue(Files.isSymbolicLink(link), "the link is still a link");
        assertEquals("v4", Files.readString(real));
        // a dangling link: the file is created where it points
        Path dangling = dir.resolve("next.nrt");
        Files.createSymbolicLink(dangling, Path.of("store", "model-v5.nrt"));
        write(dangling, "v5");
        assertTrue(Files.isSymbolicLink(dangling));
        assertEquals("v5", Files.readString(dir.resolve("store/model-v5.nrt")));
    }

    @Test
    void errorsNameTheDestinationAndTheReason() throws IOException {
        Path notADir = Files.writeString(dir.resolve("file"), "x");
        IOException e = assertThrows(IOException.class, () -> write(notADir.resolve("m.nrt"), "y"));
        assertTrue(e.getMessage().contains("m.nrt") && e.getMessage().contains("cannot"), e.getMessage());
        e = assertThrows(IOException.class, () -> AtomicFile.checkWritable(notADir.resolve("m.nrt")));
        assertTrue(e.getMessage().contains("not a directory"), e.getMessage());
        e = assertThrows(IOException.class, () -> AtomicFile.checkWritable(dir));
        assertTrue(e.getMessage().contains("is a directory"), e.getMessage());
        if (Files.isDirectory(Path.of("/proc/self"))) {
            e = assertThrows(IOException.class, () -> AtomicFile.checkWritable(Path.of("/proc/x.nrt")));
            assertTrue(e.getMessage().contains("/proc/x.nrt"), e.getMessage());
        }
        AtomicFile.checkWritable(dir.resolve("fine.nrt"));
        AtomicFile.checkWritable(dir.resolve("new/sub/fine.nrt"));
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(1, s.count(), "the checks leave nothing behind");
        }
    }

    @Test
    void writerMayCloseTheStream() throws IOException {
        Path target = dir.resolve("closed.bin");
        AtomicFile.write(target, out -> {
            out.write(new byte[] {1, 2, 3});
            out.close();
        });
        assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(target));
    }
}
