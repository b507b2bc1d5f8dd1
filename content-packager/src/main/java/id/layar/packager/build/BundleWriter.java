package id.layar.packager.build;

import id.layar.packager.Msg;
import id.layar.packager.PackagerException;
import id.layar.packager.PackagerException.Kind;
import id.layar.playlist.BlobRef;
import id.layar.playlist.Ed25519;
import id.layar.playlist.Envelope;
import id.layar.playlist.PlaylistCodec;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.SecureRandom;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Writes a bundle atomically. Everything goes into a temporary folder beside the bundle
 * ({@code .<name>.tmp-<random>}); every file and folder is fsynced; {@link #commit} then swaps it in: the old
 * bundle is renamed aside, the new one renamed into place, the old one deleted. Closing without a commit
 * deletes the temporary folder, so a failed build leaves the previous bundle exactly as it was.
 *
 * <p>Only one build may write a bundle at a time ({@code .<name>.lock} beside it). A folder that does not
 * look like a bundle is never replaced, so {@code --out} pointed at the wrong folder cannot delete it.
 */
public final class BundleWriter implements AutoCloseable {
    public static final String ROOT_JSON = "root.json";
    public static final String CHANNELS = "channels";
    public static final String BLOBS = "blobs";
    public static final String PLAYLIST_JSON = "playlist.json";
    private static final Set<String> BUNDLE_ENTRIES = Set.of(ROOT_JSON, CHANNELS, BLOBS);

    private final Path bundle;
    private final Path parent;
    private final String name;
    private final Path lockFile;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final Path temp;
    private final Map<String, Long> previousVersions;
    private final Set<String> blobs = new HashSet<>();
    private boolean committed;

    private BundleWriter(Path bundle, Path lockFile, FileChannel lockChannel, FileLock lock, Path temp,
                         Map<String, Long> previousVersions) {
        this.bundle = bundle;
        this.parent = bundle.getParent();
        this.name = bundle.getFileName().toString();
        this.lockFile = lockFile;
        this.lockChannel = lockChannel;
        this.lock = lock;
        this.temp = temp;
        this.previousVersions = previousVersions;
    }

    /**
     * Checks the target, takes the lock, tidies what an interrupted build left, reads the versions of the
     * existing bundle and creates the temporary folder.
     *
     * @param readPrevious whether an unreadable previous playlist is an error (false when the caller sets the
     *                     version itself)
     * @throws PackagerException REFUSED when the target is not a bundle or another build holds the lock
     */
    public static BundleWriter open(Path bundle, boolean readPrevious) throws IOException {
        Path target = bundle.toAbsolutePath().normalize();
        if (target.getParent() == null) {
            throw new PackagerException(Kind.REFUSED, Msg.of("err.outIsRoot", bundle));
        }
        Files.createDirectories(target.getParent());
        String name = target.getFileName().toString();
        Path lockFile = target.resolveSibling("." + name + ".lock");
        FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock = null;
        try {
            lock = channel.tryLock();
            if (lock == null) {
                throw new PackagerException(Kind.REFUSED, Msg.of("err.locked", target, lockFile));
            }
            recoverInterrupted(target);
            checkIsBundle(target);
            Map<String, Long> previous = previousVersions(target, readPrevious);
            Path temp = target.resolveSibling("." + name + ".tmp-" + random());
            Files.createDirectory(temp);
            return new BundleWriter(target, lockFile, channel, lock, temp, previous);
        } catch (IOException | RuntimeException e) {
            release(lockFile, channel, lock);
            throw e;
        }
    }

    /** The versions of the playlists in the bundle being replaced, by channel (empty for a new bundle). */
    public Map<String, Long> previousVersions() {
        return previousVersions;
    }

    public Path bundle() {
        return bundle;
    }

    /** The temporary folder being filled (for tests and diagnostics). */
    public Path tempDir() {
        return temp;
    }

    /** Stores a blob under {@code blobs/sha256/<hex>} (once, however often it is put) and returns its reference. */
    public BlobRef putBlob(byte[] bytes, String mediaType) throws IOException {
        String hex = HexFormat.of().formatHex(Ed25519.sha256(bytes));
        BlobRef ref = new BlobRef(hex, bytes.length, mediaType);
        if (blobs.add(hex)) {
            write(temp.resolve(ref.relativePath()), bytes);
        }
        return ref;
    }

    /**
     * Stores a file as a blob without reading it into memory: hard-linked when the file system allows (the
     * transcode cache beside the bundle), else copied and synced. {@code sha256} and {@code size} are what the
     * caller knows of the file; the copy is checked against them.
     */
    public BlobRef putBlobFile(Path source, String sha256, long size, String mediaType) throws IOException {
        BlobRef ref = new BlobRef(sha256, size, mediaType);
        if (!blobs.add(sha256)) {
            return ref;
        }
        Path target = temp.resolve(ref.relativePath());
        Files.createDirectories(target.getParent());
        try {
            Files.createLink(target, source);
        } catch (IOException | UnsupportedOperationException e) {
            Files.copy(source, target);
            try (FileChannel ch = FileChannel.open(target, StandardOpenOption.WRITE)) {
                ch.force(true);
            }
        }
        if (Files.size(target) != size) {
            throw new IOException(source + " changed while it was added to the bundle (" + Files.size(target)
                    + " bytes, expected " + size + ")");
        }
        return ref;
    }

    public int blobCount() {
        return blobs.size();
    }

    /** Writes {@code channels/<channel>/playlist.json}; returns its final path (after commit). */
    public Path putPlaylist(String channel, byte[] envelope) throws IOException {
        Path rel = Path.of(CHANNELS, channel, PLAYLIST_JSON);
        write(temp.resolve(rel), envelope);
        return bundle.resolve(rel);
    }

    public void putRoot(byte[] rootJson) throws IOException {
        write(temp.resolve(ROOT_JSON), rootJson);
    }

    /** Swaps the complete bundle into place. */
    public void commit() throws IOException {
        syncTree(temp);
        Path old = null;
        if (Files.exists(bundle, LinkOption.NOFOLLOW_LINKS)) {
            old = bundle.resolveSibling("." + name + ".old-" + random());
            move(bundle, old);
        }
        try {
            move(temp, bundle);
        } catch (IOException | RuntimeException e) {
            if (old != null) {
                move(old, bundle); // put the previous bundle back
            }
            throw e;
        }
        committed = true;
        syncDir(parent);
        if (old != null) {
            try {
                deleteTree(old);
            } catch (IOException e) {
                // Published already; the next build removes what is left of the old bundle.
            }
        }
    }

    @Override
    public void close() throws IOException {
        try {
            if (!committed) {
                deleteTree(temp);
            }
        } finally {
            release(lockFile, lockChannel, lock);
        }
    }

    // ---- helpers ----

    private static void checkIsBundle(Path target) throws IOException {
        if (!Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        if (!Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
            throw new PackagerException(Kind.REFUSED, Msg.of("err.outNotBundle", target, target.getFileName()));
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(target)) {
            for (Path p : ds) {
                if (!BUNDLE_ENTRIES.contains(p.getFileName().toString())) {
                    throw new PackagerException(Kind.REFUSED, Msg.of("err.outNotBundle", target, p.getFileName()));
                }
            }
        }
    }

    /** Removes temporary folders of an interrupted build; restores a bundle left aside mid-swap. */
    private static void recoverInterrupted(Path target) throws IOException {
        String name = target.getFileName().toString();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(target.getParent(), "." + name + ".{tmp,old}-*")) {
            for (Path p : ds) {
                boolean old = p.getFileName().toString().startsWith("." + name + ".old-");
                if (old && !Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                    move(p, target);
                } else {
                    deleteTree(p);
                }
            }
        }
    }

    private static Map<String, Long> previousVersions(Path target, boolean strict) throws IOException {
        Map<String, Long> versions = new LinkedHashMap<>();
        Path channels = target.resolve(CHANNELS);
        if (!Files.isDirectory(channels)) {
            return versions;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(channels)) {
            for (Path dir : ds) {
                Path file = dir.resolve(PLAYLIST_JSON);
                if (!Files.isRegularFile(file)) {
                    continue;
                }
                try {
                    Envelope env = Envelope.parse(Files.readAllBytes(file));
                    versions.put(dir.getFileName().toString(), PlaylistCodec.decode(env.payload()).version());
                } catch (IllegalArgumentException e) {
                    if (strict) {
                        throw new PackagerException(Kind.INVALID_INPUT, Msg.of("err.previousUnreadable", file, e.getMessage()), e);
                    }
                }
            }
        }
        return versions;
    }

    private static void write(Path file, byte[] bytes) throws IOException {
        Files.createDirectories(file.getParent());
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ByteBuffer buf = ByteBuffer.wrap(bytes);
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
            ch.force(true);
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("cannot rename " + from + " to " + to + " atomically (" + e.getMessage() + ")", e);
        }
    }

    /** fsyncs every folder below {@code root}, deepest first, then {@code root} (files were synced when written). */
    private static void syncTree(Path root) throws IOException {
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                if (e != null) {
                    throw e;
                }
                syncDir(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private static void syncDir(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // Some file systems cannot sync a folder; the files themselves are synced.
        }
    }

    /** Deletes a folder tree without following symbolic links. */
    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.deleteIfExists(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                if (e instanceof NoSuchFileException) {
                    return FileVisitResult.CONTINUE;
                }
                throw e;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                Files.deleteIfExists(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private static void release(Path lockFile, FileChannel channel, FileLock lock) {
        try {
            if (lock != null) {
                Files.deleteIfExists(lockFile); // only the holder deletes it
                lock.release();
            }
        } catch (IOException ignored) {
            // the lock goes with the channel below
        }
        try {
            channel.close();
        } catch (IOException ignored) {
            // nothing more to do
        }
    }

    private static String random() {
        byte[] b = new byte[6];
        new SecureRandom().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
