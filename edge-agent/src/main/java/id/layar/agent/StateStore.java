package id.layar.agent;

import com.fasterxml.jackson.databind.node.ObjectNode;
import id.layar.playlist.BlobCheck;
import id.layar.playlist.BlobRef;
import id.layar.playlist.Item;
import id.layar.playlist.Json;
import id.layar.playlist.Rejection;
import id.layar.playlist.TrustedRoot;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's state folder on the SD card:
 * <pre>
 *   playlist.json        the accepted envelope, byte for byte as received (written atomically)
 *   root.json            the newest root accepted by rotation (written atomically); absent until the first rotation
 *   trust.json           the trusted-time floor and the accepted version (written atomically)
 *   blobs/sha256/&lt;hex&gt;   verified media; a file appears here only after its size and SHA-256 matched
 *   tmp/                 partial downloads ({@code <hex>.part}); emptied at boot
 *   agent.lock           held by the one process that may write here (the agent, or an import)
 * </pre>
 * All methods block: call them from a worker, never from the event loop.
 */
public final class StateStore implements Closeable {
    private static final Logger LOG = LoggerFactory.getLogger(StateStore.class);
    private static final int READ_CHUNK = 64 * 1024;
    private static final String PART_SUFFIX = ".part";

    private final Path dir;
    private final Path blobs;
    private final Path tmp;
    private Closeable lock;

    private StateStore(Path dir) {
        this.dir = dir;
        this.blobs = dir.resolve("blobs").resolve("sha256");
        this.tmp = dir.resolve("tmp");
    }

    /** Creates the folders if missing and removes what an interrupted run left in tmp/. */
    public static StateStore open(Path dir) throws IOException {
        StateStore s = new StateStore(dir.toAbsolutePath());
        Files.createDirectories(s.blobs);
        Files.createDirectories(s.tmp);
        s.clearLeftovers();
        return s;
    }

    /**
     * Like {@link #open} but first takes the folder for this process ({@link #lock()}), so that an import cannot
     * run beside the agent and a second agent cannot clear the first one's downloads. {@link #close()} releases it.
     */
    public static StateStore openExclusive(Path dir) throws IOException {
        StateStore s = new StateStore(dir.toAbsolutePath());
        Files.createDirectories(s.blobs);
        Files.createDirectories(s.tmp);
        s.lock = s.lock();
        try {
            s.clearLeftovers();
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
        return s;
    }

    /** Releases the folder if {@link #openExclusive} took it. */
    @Override
    public synchronized void close() throws IOException {
        if (lock != null) {
            Closeable l = lock;
            lock = null;
            l.close();
        }
    }

    private void clearLeftovers() throws IOException {
        int removed = deleteChildren(tmp, null) + deleteChildren(dir, AtomicFiles.TEMP_PREFIX) + deleteChildren(blobs, AtomicFiles.TEMP_PREFIX);
        if (removed > 0) {
            LOG.info("removed {} partial file(s) left by an interrupted run in {}", removed, dir);
        }
    }

    private static int deleteChildren(Path folder, String prefix) throws IOException {
        int n = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(folder)) {
            for (Path f : files) {
                if ((prefix == null || f.getFileName().toString().startsWith(prefix)) && Files.isRegularFile(f)) {
                    Files.deleteIfExists(f);
                    n++;
                }
            }
        }
        return n;
    }

    public Path dir() {
        return dir;
    }

    public Path playlistFile() {
        return dir.resolve("playlist.json");
    }

    /** The newest root accepted by rotation. */
    public Path rootFile() {
        return dir.resolve("root.json");
    }

    /** The trusted-time floor and the accepted version. */
    public Path trustFile() {
        return dir.resolve("trust.json");
    }

    public Path blobDir() {
        return blobs;
    }

    // ---- one writer at a time ----

    /**
     * Takes the state folder for this process (the agent, or an import while the agent is stopped). The
     * operating system releases it when the process ends, however it ends.
     *
     * @throws IOException naming the folder when another process (or this one) holds it
     */
    public Closeable lock() throws IOException {
        Path file = dir.toRealPath().resolve("agent.lock");
        String inUse = "the state folder " + dir + " is in use by another edge-agent (" + file + " is locked);"
                + " stop the running agent first (systemctl stop layar-agent)";
        // Within one JVM a second channel must not even be opened: on Linux, closing any descriptor of the file
        // drops the process's lock on it.
        if (!HELD.add(file)) {
            throw new IOException(inUse);
        }
        FileChannel ch = null;
        try {
            ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = ch.tryLock();
            if (lock == null) {
                throw new IOException(inUse);
            }
            FileChannel channel = ch;
            return () -> {
                try {
                    lock.release();
                } finally {
                    channel.close();
                    HELD.remove(file);
                }
            };
        } catch (IOException | OverlappingFileLockException e) {
            if (ch != null) {
                ch.close();
            }
            HELD.remove(file);
            throw e instanceof IOException io ? io : new IOException(inUse, e);
        }
    }

    /** Lock files this JVM holds. */
    private static final Set<Path> HELD = java.util.concurrent.ConcurrentHashMap.newKeySet();

    // ---- the trusted root ----

    /**
     * Which root to trust at boot: the provisioned file or the newest one accepted by rotation, whichever has the
     * higher version (a technician re-provisioning with a newer root wins over the state folder).
     *
     * @param root   the root to trust
     * @param from   the file it came from
     * @param notice what was odd (an unreadable rotated root), or null
     */
    public record RootChoice(TrustedRoot root, Path from, String notice) {
    }

    public RootChoice chooseRoot(TrustedRoot provisioned, Path provisionedFile) {
        Path f = rootFile();
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(f);
        } catch (NoSuchFileException e) {
            return new RootChoice(provisioned, provisionedFile, null);
        } catch (IOException e) {
            return new RootChoice(provisioned, provisionedFile, "cannot read the rotated root " + f + " (" + e
                    + "); trusting the provisioned root version " + provisioned.root().version());
        }
        TrustedRoot rotated;
        try {
            rotated = TrustedRoot.load(bytes);
        } catch (Rejection r) {
            return new RootChoice(provisioned, provisionedFile, "the rotated root " + f + " is not valid (" + r.describe()
                    + "); trusting the provisioned root version " + provisioned.root().version());
        }
        if (rotated.root().version() > provisioned.root().version()) {
            return new RootChoice(rotated, f, null);
        }
        return new RootChoice(provisioned, provisionedFile, null);
    }

    /** Keeps a root accepted by rotation, atomically and durably. */
    public void saveRoot(TrustedRoot root) throws IOException {
        AtomicFiles.write(rootFile(), root.envelopeBytes());
    }

    // ---- trusted time and the version floor ----

    /**
     * What survives a reboot of the trust state: the newest signed {@code issued} of any accepted playlist
     * (trusted time never goes below it) and the newest accepted version (nothing older is accepted again).
     */
    public record Trust(Instant floor, long version) {
        public static final Trust NONE = new Trust(Instant.EPOCH, 0);

        /** This trust after accepting a playlist signed at {@code issued} with {@code version}. */
        public Trust accept(Instant issued, long version) {
            return new Trust(issued.isAfter(floor) ? issued : floor, Math.max(this.version, version));
        }

        public Trust max(Trust o) {
            return new Trust(o.floor.isAfter(floor) ? o.floor : floor, Math.max(version, o.version));
        }

        byte[] toBytes() {
            ObjectNode o = Json.nodes().objectNode();
            o.put("floor", floor.toString());
            o.put("version", version);
            return Json.canonical(o);
        }

        static Trust parse(byte[] bytes) {
            ObjectNode o = Json.parseObject(bytes);
            if (!o.path("floor").isTextual() || !o.path("version").canConvertToLong()) {
                throw new IllegalArgumentException("expected {\"floor\": \"<instant>\", \"version\": <n>}");
            }
            return new Trust(Instant.parse(o.get("floor").asText()), o.get("version").asLong());
        }
    }

    /** The stored trust, {@link Trust#NONE} when there is none; a damaged file is reported, never fatal. */
    public Trust readTrust(List<String> problems) {
        Path f = trustFile();
        try {
            return Trust.parse(Files.readAllBytes(f));
        } catch (NoSuchFileException e) {
            return Trust.NONE;
        } catch (IOException | RuntimeException e) {
            problems.add("the trust file " + f + " cannot be read (" + e.getMessage() + "); the floor comes from the"
                    + " stored playlist alone");
            return Trust.NONE;
        }
    }

    public void writeTrust(Trust t) throws IOException {
        AtomicFiles.write(trustFile(), t.toBytes());
    }

    public Path tmpDir() {
        return tmp;
    }

    public Path blobFile(BlobRef blob) {
        return blobs.resolve(blob.sha256());
    }

    /** Where a blob is downloaded before it is checked: {@code tmp/<hex>.part}. */
    public Path partFile(BlobRef blob) {
        return tmp.resolve(blob.sha256() + ".part");
    }

    /** The length of a partial download in tmp/, -1 when there is none. */
    public long partLength(BlobRef blob) {
        try {
            return Files.size(partFile(blob));
        } catch (IOException e) {
            return -1;
        }
    }

    /** Re-hashes what a partial download already holds, so a resumed download can be checked as a whole. */
    public BlobCheck rehashPart(BlobRef blob) throws IOException, Rejection {
        BlobCheck check = new BlobCheck(blob);
        try (InputStream in = Files.newInputStream(partFile(blob))) {
            byte[] buf = new byte[READ_CHUNK];
            int n;
            while ((n = in.read(buf)) > 0) {
                check.update(buf, 0, n);
            }
        }
        return check;
    }

    /** Deletes partial downloads other than those of {@code keep}; returns how many were removed. */
    public int deletePartsExcept(Set<String> keep) throws IOException {
        int n = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(tmp)) {
            for (Path f : files) {
                String name = f.getFileName().toString();
                String hex = name.endsWith(PART_SUFFIX) ? name.substring(0, name.length() - PART_SUFFIX.length()) : null;
                if (hex == null || !keep.contains(hex)) {
                    Files.deleteIfExists(f);
                    n++;
                }
            }
        }
        return n;
    }

    // ---- space ----

    /** Bytes the blobs and partial downloads take now. */
    public long usedBytes() throws IOException {
        return folderBytes(blobs) + folderBytes(tmp);
    }

    private static long folderBytes(Path folder) throws IOException {
        long total = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(folder)) {
            for (Path f : files) {
                try {
                    BasicFileAttributes a = Files.readAttributes(f, BasicFileAttributes.class);
                    if (a.isRegularFile()) {
                        total += a.size();
                    }
                } catch (NoSuchFileException e) {
                    // Deleted meanwhile.
                }
            }
        }
        return total;
    }

    /** The quota in bytes: the configured one, or {@code percent}% of the state folder's file system. */
    public long quotaBytes(long configured, int percent) throws IOException {
        if (configured > 0) {
            return configured;
        }
        return Files.getFileStore(dir).getTotalSpace() / 100 * percent;
    }

    /** Bytes the file system can still give this process. */
    public long usableBytes() throws IOException {
        return Files.getFileStore(dir).getUsableSpace();
    }

    /**
     * Deletes stored blobs whose SHA-256 is not in {@code keep}, least recently modified first, until at least
     * {@code wanted} bytes are freed (or nothing unreferenced is left).
     *
     * @return the bytes freed
     */
    public long evict(Set<String> keep, long wanted) throws IOException {
        List<Path> candidates = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(blobs)) {
            for (Path f : files) {
                String name = f.getFileName().toString();
                if (!keep.contains(name) && Files.isRegularFile(f)) {
                    candidates.add(f);
                }
            }
        }
        candidates.sort(Comparator.comparing(StateStore::modified));
        long freed = 0;
        for (Path f : candidates) {
            if (freed >= wanted) {
                break;
            }
            long size = Files.size(f);
            Files.deleteIfExists(f);
            freed += size;
            LOG.info("evicted blob {} ({} bytes): no accepted playlist names it", f.getFileName(), size);
        }
        if (freed > 0) {
            AtomicFiles.forceDirectory(blobs);
        }
        return freed;
    }

    private static long modified(Path f) {
        try {
            return Files.getLastModifiedTime(f).toMillis();
        } catch (IOException e) {
            return 0;
        }
    }

    /** The SHA-256 of every blob a playlist names, each once. */
    static Map<String, BlobRef> distinctBlobs(TrustedRoot.Verified v) {
        Map<String, BlobRef> distinct = new LinkedHashMap<>();
        if (v != null) {
            for (Item i : v.playlist().items()) {
                distinct.putIfAbsent(i.blob().sha256(), i.blob());
            }
        }
        return distinct;
    }

    /** Whether a verified blob is in the store (only checked blobs are ever moved in; boot re-checks them). */
    public boolean hasBlob(BlobRef blob) {
        Path f = blobFile(blob);
        try {
            return Files.isRegularFile(f) && Files.size(f) == blob.size();
        } catch (IOException e) {
            return false;
        }
    }

    /** Opens a stored blob for reading (the renderer's blob source). */
    public InputStream openBlob(BlobRef blob) throws IOException {
        return Files.newInputStream(blobFile(blob));
    }

    /** Streams a stored blob through {@link BlobCheck}: size and SHA-256 must match. */
    public void checkBlob(BlobRef blob) throws IOException, Rejection {
        BlobCheck check = new BlobCheck(blob);
        try (InputStream in = openBlob(blob)) {
            byte[] buf = new byte[READ_CHUNK];
            int n;
            while ((n = in.read(buf)) > 0) {
                check.update(buf, 0, n);
            }
        }
        check.finish();
    }

    /** Makes a completely downloaded and checked part file durable and moves it into blobs/. */
    public void installBlob(Path part, BlobRef blob) throws IOException {
        AtomicFiles.force(part);
        AtomicFiles.moveDurably(part, blobFile(blob));
    }

    /** Replaces the accepted playlist with these envelope bytes, atomically and durably. */
    public void commitPlaylist(byte[] envelope) throws IOException {
        AtomicFiles.write(playlistFile(), envelope);
    }

    /**
     * Commits an accepted playlist: first its envelope, then the trust it raises. A cut between the two is
     * harmless: at boot the floor is the newer of trust.json and the stored playlist.
     */
    public void commit(byte[] envelope, Trust trust) throws IOException {
        commitPlaylist(envelope);
        writeTrust(trust);
    }

    /** Not enough room for a playlist's blobs, even after evicting what no accepted playlist names. */
    static final class StorageFull extends IOException {
        StorageFull(long need, long have) {
            super("storage full: need " + AgentConfig.formatSize(need) + ", have " + AgentConfig.formatSize(Math.max(0, have))
                    + "; raise quota or free space");
        }
    }

    /** Whether an I/O error means the card is full (ENOSPC) or the user's disk quota is used up (EDQUOT). */
    static boolean isDiskFull(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            String m = c.getMessage();
            if (m != null && (m.contains("No space left on device") || m.contains("ENOSPC") || m.contains("Disk quota exceeded"))) {
                return true;
            }
        }
        return false;
    }

    /** Deletes a file, reporting but not failing on errors (cleanup after a failure must not hide it). */
    public static void deleteQuietly(Path f) {
        try {
            Files.deleteIfExists(f);
        } catch (IOException e) {
            LOG.warn("could not delete {}: {}", f, e.toString());
        }
    }

    /**
     * What the agent may play after a boot.
     *
     * @param playable     the stored playlist, re-verified with every blob in place; null to start black
     * @param floorVersion the version no later playlist may go below: the stored one's when its signatures
     *                     still verify, even if a blob is damaged (a re-sync of that version repairs it)
     * @param problem      why nothing (or something stale) plays, for status; null when all is well
     * @param stored       the stored playlist when its signatures verify (even if a blob is damaged), else null
     */
    public record Boot(TrustedRoot.Verified playable, long floorVersion, String problem, TrustedRoot.Verified stored) {
        Boot(TrustedRoot.Verified playable, long floorVersion, String problem) {
            this(playable, floorVersion, problem, playable);
        }
    }

    /**
     * Loads the stored playlist through {@link TrustedRoot#verifyStored} and checks every blob it names.
     * Never throws: whatever is wrong becomes the {@link Boot#problem()} and the wall starts black.
     * A blob that fails its check is deleted so the next sync fetches it again.
     */
    public Boot load(TrustedRoot root, String channel, Instant now) {
        Path file = playlistFile();
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return new Boot(null, 0, null);
        } catch (IOException e) {
            return new Boot(null, 0, "cannot read the stored playlist " + file + ": " + e + "; starting black until the next sync");
        }
        TrustedRoot.Verified v;
        try {
            v = root.verifyStored(bytes, channel);
        } catch (Rejection r) {
            return new Boot(null, 0, "the stored playlist " + file + " fails verification (" + r.describe()
                    + "); starting black until the next sync");
        }
        long version = v.playlist().version();
        List<String> bad = new ArrayList<>();
        for (BlobRef b : distinctBlobs(v).values()) {
            try {
                checkBlob(b);
            } catch (NoSuchFileException e) {
                bad.add("blob " + b.sha256() + " is missing");
            } catch (IOException e) {
                bad.add("blob " + b.sha256() + " cannot be read (" + e + ")");
                deleteQuietly(blobFile(b));
            } catch (Rejection r) {
                bad.add(r.describe());
                deleteQuietly(blobFile(b));
            }
        }
        if (!bad.isEmpty()) {
            return new Boot(null, version, "the stored playlist version " + version + " cannot be played: "
                    + String.join("; ", bad) + "; starting black until the next sync fetches the media again", v);
        }
        String problem = null;
        if (!now.isBefore(v.playlist().expires())) {
            problem = "the stored playlist version " + version + " expired at " + v.playlist().expires()
                    + "; it keeps playing until the origin offers a newer one";
        }
        return new Boot(v, version, problem, v);
    }
}
