package id.layar.packager.publish;

import id.layar.packager.Msg;
import id.layar.packager.build.BundleWriter;
import id.layar.playlist.BlobCheck;
import id.layar.playlist.BlobRef;
import id.layar.playlist.Item;
import id.layar.playlist.Json;
import id.layar.playlist.Rejection;
import id.layar.playlist.TrustedRoot;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Checks a bundle as a device would before anything of it is published: {@code root.json} is a valid root (walking
 * {@code roots/<n>.json} rotations forward), every {@code channels/<ch>/playlist.json} is signed by that root's playlist
 * keys, names its own channel and has not expired, and every blob it names is there with the right size and SHA-256.
 * Uses the playlist module's verification ({@link TrustedRoot}, {@link BlobCheck}); collects every problem.
 */
public final class BundleCheck {
    static final Pattern ROOT_FILE = Pattern.compile("([1-9][0-9]{0,8})\\.json");
    /** Most rotations walked, as the agent ({@code Updater.MAX_ROTATIONS}). */
    static final int MAX_ROTATIONS = 32;

    /**
     * A bundle that verified.
     *
     * @param rootJson  the bytes of {@code root.json}
     * @param rootVersion its version
     * @param trusted   the root the playlists verified under
     * @param rotations {@code roots/<n>.json} files by n
     * @param playlists verified playlists by channel
     * @param blobs     every blob the playlists name, by SHA-256 (sorted)
     */
    public record Verified(byte[] rootJson, long rootVersion, TrustedRoot trusted, Map<Long, byte[]> rotations,
                           Map<String, TrustedRoot.Verified> playlists, Map<String, BlobRef> blobs) {
        public long blobBytes() {
            return blobs.values().stream().mapToLong(BlobRef::size).sum();
        }
    }

    private BundleCheck() {
    }

    /**
     * @param problems filled with everything wrong (each names the file); the result is null when it is not empty
     */
    public static Verified check(Path bundle, Instant now, List<Msg> problems) throws IOException {
        Path rootFile = bundle.resolve(BundleWriter.ROOT_JSON);
        byte[] rootJson;
        TrustedRoot trusted;
        try {
            rootJson = readDocument(rootFile);
            trusted = TrustedRoot.load(rootJson);
        } catch (NoSuchFileException e) {
            problems.add(Msg.of("err.publishNoRoot", rootFile));
            return null;
        } catch (Rejection r) {
            problems.add(Msg.of("err.publishBadFile", rootFile, r.describe()));
            return null;
        }
        long rootVersion = trusted.root().version();
        Map<Long, byte[]> rotations = rotations(bundle.resolve("roots"), problems);
        trusted = walk(trusted, rotations, now, bundle.resolve("roots"), problems);
        if (trusted == null) {
            return null;
        }
        Map<String, TrustedRoot.Verified> playlists = new TreeMap<>();
        Path channels = bundle.resolve(BundleWriter.CHANNELS);
        if (Files.isDirectory(channels)) {
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(channels)) {
                for (Path dir : ds) {
                    Path file = dir.resolve(BundleWriter.PLAYLIST_JSON);
                    if (!Files.isDirectory(dir) || !Files.isRegularFile(file)) {
                        continue;
                    }
                    String channel = dir.getFileName().toString();
                    try {
                        playlists.put(channel, trusted.verifyPlaylist(readDocument(file), channel, 0, now));
                    } catch (Rejection r) {
                        problems.add(Msg.of("err.publishBadFile", file, r.describe()));
                    }
                }
            }
        }
        if (playlists.isEmpty() && problems.isEmpty()) {
            problems.add(Msg.of("err.publishNoPlaylists", bundle));
        }
        Map<String, BlobRef> blobs = new TreeMap<>();
        for (TrustedRoot.Verified v : playlists.values()) {
            for (Item i : v.playlist().items()) {
                blobs.putIfAbsent(i.blob().sha256(), i.blob());
            }
        }
        for (BlobRef b : blobs.values()) {
            String problem = checkBlob(bundle.resolve(b.relativePath()), b);
            if (problem != null) {
                problems.add(Msg.of("err.publishBadBlob", bundle.resolve(b.relativePath()), problem));
            }
        }
        return problems.isEmpty() ? new Verified(rootJson, rootVersion, trusted, rotations, playlists, blobs) : null;
    }

    /** The {@code roots/<n>.json} files of a folder by n (other names are a problem: they would not be published). */
    static Map<Long, byte[]> rotations(Path roots, List<Msg> problems) throws IOException {
        Map<Long, byte[]> out = new TreeMap<>();
        if (!Files.isDirectory(roots)) {
            return out;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(roots)) {
            for (Path p : ds) {
                String name = p.getFileName().toString();
                var m = ROOT_FILE.matcher(name);
                if (name.startsWith(".")) {
                    continue; // a temporary file of an interrupted publish
                }
                if (!m.matches() || !Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                    if (problems != null) {
                        problems.add(Msg.of("err.publishRootsName", p));
                    }
                    continue;
                }
                try {
                    out.put(Long.parseLong(m.group(1)), readDocument(p));
                } catch (Rejection r) {
                    if (problems != null) {
                        problems.add(Msg.of("err.publishBadFile", p, r.describe()));
                    }
                }
            }
        }
        return out;
    }

    /** Walks rotations forward from {@code trusted} while the next version is there; null (and a problem) on a bad one. */
    static TrustedRoot walk(TrustedRoot trusted, Map<Long, byte[]> rotations, Instant now, Path where, List<Msg> problems) {
        for (int i = 0; i < MAX_ROTATIONS; i++) {
            long next = trusted.root().version() + 1;
            byte[] bytes = rotations.get(next);
            if (bytes == null) {
                break;
            }
            try {
                trusted = trusted.rotate(bytes, now);
            } catch (Rejection r) {
                problems.add(Msg.of("err.publishBadFile", where.resolve(next + ".json"), r.describe()));
                return null;
            }
        }
        return trusted;
    }

    /** Streams a blob through {@link BlobCheck}; null when it matches, else what is wrong. */
    static String checkBlob(Path file, BlobRef b) throws IOException {
        BlobCheck check = new BlobCheck(b);
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[256 * 1024];
            for (int n; (n = in.read(buf)) > 0; ) {
                check.update(buf, 0, n);
            }
            check.finish();
            return null;
        } catch (NoSuchFileException e) {
            return "missing";
        } catch (Rejection r) {
            return r.describe();
        }
    }

    /** A signed document, refused unread when larger than any may be. */
    static byte[] readDocument(Path f) throws IOException, Rejection {
        long size = Files.size(f);
        if (size > Json.MAX_DOCUMENT_BYTES) {
            throw new Rejection(Rejection.Reason.OVERSIZED, f + " is " + size + " bytes; the limit is " + Json.MAX_DOCUMENT_BYTES);
        }
        return Files.readAllBytes(f);
    }
}
