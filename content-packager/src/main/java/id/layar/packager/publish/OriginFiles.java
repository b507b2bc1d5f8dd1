package id.layar.packager.publish;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.function.LongConsumer;

/**
 * File operations on an origin folder that a device may read at any moment: every file is written to a hidden
 * temporary name in its own folder ({@code .<name>.layar-tmp-<random>}, which neither nginx nor {@code serve} will
 * serve), fsynced, renamed over the target in one step and the folder fsynced. A reader sees the old file or the new
 * one, never a part; an interrupted copy leaves only a temporary file, removed by the next publish.
 */
final class OriginFiles {
    static final String TEMP_MARK = ".layar-tmp-";
    private static final int BUFFER = 256 * 1024;

    private OriginFiles() {
    }

    /**
     * Copies {@code source} to {@code target} atomically, checking on the way that the bytes hash to {@code sha256}
     * (when given: the bundle may not change between the check and the copy).
     *
     * @param progress called with the bytes copied so far
     * @throws IOException when the copy's SHA-256 is not {@code sha256}
     */
    static void copy(Path source, Path target, String sha256, LongConsumer progress) throws IOException {
        Path temp = target.resolveSibling("." + target.getFileName() + TEMP_MARK + random());
        try {
            MessageDigest md = sha256();
            long done = 0;
            try (InputStream in = Files.newInputStream(source);
                 FileChannel out = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                byte[] buf = new byte[BUFFER];
                for (int n; (n = in.read(buf)) > 0; ) {
                    md.update(buf, 0, n);
                    ByteBuffer bb = ByteBuffer.wrap(buf, 0, n);
                    while (bb.hasRemaining()) {
                        out.write(bb);
                    }
                    done += n;
                    progress.accept(done);
                }
                out.force(true);
            }
            String actual = HexFormat.of().formatHex(md.digest());
            if (sha256 != null && !sha256.equals(actual)) {
                throw new IOException(source + " changed while it was being published (its SHA-256 is now " + actual
                        + ", expected " + sha256 + "); publish again");
            }
            move(temp, target);
            syncDir(target.getParent());
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** Whether {@code file} exists with exactly {@code size} bytes hashing to {@code sha256} (read, not trusted by name). */
    static boolean matches(Path file, long size, String sha256) throws IOException {
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) || Files.size(file) != size) {
            return false;
        }
        return sha256.equals(sha256(file));
    }

    static String sha256(Path file) throws IOException {
        MessageDigest md = sha256();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[BUFFER];
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    /** Creates {@code dir} and any missing parents below {@code root}, fsyncing each parent that gained an entry. */
    static void ensureDir(Path root, Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            return;
        }
        Path parent = dir.getParent();
        if (parent != null && !parent.equals(root) && parent.startsWith(root)) {
            ensureDir(root, parent);
        }
        Files.createDirectory(dir);
        syncDir(parent);
    }

    /** Deletes the temporary files an interrupted publish left in {@code dir} (not below it); returns how many. */
    static int removeTemporaries(Path dir) throws IOException {
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return 0;
        }
        int n = 0;
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, ".*" + TEMP_MARK + "*")) {
            for (Path p : ds) {
                if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                    Files.deleteIfExists(p);
                    n++;
                }
            }
        }
        return n;
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("cannot rename " + from + " to " + to + " atomically (" + e.getMessage() + ")", e);
        }
    }

    static void syncDir(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // Some file systems cannot sync a folder; the files themselves are synced.
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String random() {
        byte[] b = new byte[6];
        new SecureRandom().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
