package id.layar.agent;

import id.layar.playlist.BlobCheck;
import id.layar.playlist.BlobRef;
import id.layar.playlist.Item;
import id.layar.playlist.Rejection;
import id.layar.playlist.TrustedRoot;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's state folder on the SD card:
 * <pre>
 *   playlist.json        the accepted envelope, byte for byte as received (written atomically)
 *   blobs/sha256/&lt;hex&gt;   verified media; a file appears here only after its size and SHA-256 matched
 *   tmp/                 partial downloads; emptied at boot
 * </pre>
 * All methods block: call them from a worker, never from the event loop.
 */
public final class StateStore {
    private static final Logger LOG = LoggerFactory.getLogger(StateStore.class);
    private static final int READ_CHUNK = 64 * 1024;

    private final Path dir;
    private final Path blobs;
    private final Path tmp;

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
     */
    public record Boot(TrustedRoot.Verified playable, long floorVersion, String problem) {
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
        Map<String, BlobRef> distinct = new LinkedHashMap<>();
        for (Item i : v.playlist().items()) {
            distinct.putIfAbsent(i.blob().sha256(), i.blob());
        }
        for (BlobRef b : distinct.values()) {
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
                    + String.join("; ", bad) + "; starting black until the next sync fetches the media again");
        }
        String problem = null;
        if (!now.isBefore(v.playlist().expires())) {
            problem = "the stored playlist version " + version + " expired at " + v.playlist().expires()
                    + "; it keeps playing until the origin offers a newer one";
        }
        return new Boot(v, version, problem);
    }
}
