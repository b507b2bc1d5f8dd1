package id.layar.agent;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Writes that survive a power cut: the new bytes go to a temp file in the same folder, are forced to the
 * card, atomically renamed over the target, and the folder itself is forced so the rename is durable.
 * At any instant the target holds either the old or the new content, never a mix. Blocking: call from a
 * worker, never from the event loop.
 */
public final class AtomicFiles {
    /** Temp files start with this so a crash's leftovers can be recognised and removed. */
    static final String TEMP_PREFIX = ".tmp-";

    private AtomicFiles() {
    }

    /** Replaces {@code target} with {@code bytes} atomically and durably. */
    public static void write(Path target, byte[] bytes) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path temp = Files.createTempFile(dir, TEMP_PREFIX + target.getFileName() + "-", ".part");
        try {
            try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buf = ByteBuffer.wrap(bytes);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(true);
            }
            moveDurably(temp, target);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** Forces an already written file's content to the card. */
    public static void force(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
    }

    /**
     * Renames a complete, already forced file onto {@code target} atomically (both in one file system)
     * and forces the target's folder.
     */
    public static void moveDurably(Path source, Path target) throws IOException {
        try {
            Files.move(source, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("cannot rename " + source + " to " + target + " atomically: both must be on one file"
                    + " system (keep the state folder, its tmp/ and blobs/ on the same partition)", e);
        }
        forceDirectory(target.toAbsolutePath().getParent());
    }

    /** Forces a folder's entries (a rename) to the card; file systems that refuse this are tolerated. */
    public static void forceDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            // Some file systems (and Windows) cannot open or sync a directory; the rename is still atomic.
        }
    }
}
