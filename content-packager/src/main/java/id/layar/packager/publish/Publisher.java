package id.layar.packager.publish;

import id.layar.packager.Msg;
import id.layar.packager.PackagerException;
import id.layar.packager.PackagerException.Kind;
import id.layar.packager.build.BundleWriter;
import id.layar.playlist.BlobRef;
import id.layar.playlist.Ed25519;
import id.layar.playlist.Envelope;
import id.layar.playlist.PlaylistCodec;
import id.layar.playlist.Rejection;
import id.layar.playlist.TrustedRoot;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Copies a verified bundle into an origin folder so that a device polling at any instant finds either the old playlist
 * with every blob it names, or the new one with every blob it names:
 * <ol>
 *   <li>checks the bundle ({@link BundleCheck}) and the origin (no channel goes back a version, no equal version with
 *   other content, the root devices trust there can reach the bundle's root) before writing anything;</li>
 *   <li>copies the blobs first (a blob already there is kept only if its bytes hash to its name), then
 *   {@code roots/<n>.json}, then {@code root.json}, then each changed {@code channels/<ch>/playlist.json} last, each one
 *   atomically ({@link OriginFiles}).</li>
 * </ol>
 * Nothing is deleted: blobs of older playlists stay for devices that have not switched yet. One publish at a time
 * (a lock on {@code .layar-publish.lock} in the origin; the file stays, and nginx's config serves no dot file).
 */
public final class Publisher {
    public static final String LOCK = ".layar-publish.lock";

    /** What happened to one file. */
    public enum Action {
        /** The file was not there. */
        COPIED,
        /** A blob was there with other bytes (damaged): replaced with the verified one. */
        REPLACED,
        /** A playlist or root was there in an older version: replaced with the new one. */
        UPDATED,
        ALREADY_THERE
    }

    /** One file of the plan: its number, the total, its path in the origin, its size. */
    public record Step(int number, int total, String path, long size) {
    }

    /**
     * What a publish did to one channel.
     *
     * @param previous the version the origin had, or null
     * @param changed  whether its playlist was replaced (so devices should be told)
     */
    public record ChannelChange(String channel, long version, Long previous, boolean changed) {
    }

    public record Result(List<ChannelChange> channels, int copied, int alreadyThere, long bytesCopied) {
        public List<ChannelChange> changed() {
            return channels.stream().filter(ChannelChange::changed).toList();
        }
    }

    /** Progress and problems; a test may throw from any callback to interrupt the publish there. */
    public interface Listener {
        default void verified(Path bundle, int channels, int blobs, long blobBytes) {
        }

        default void problem(Msg problem) {
        }

        default void fileStarted(Step step) {
        }

        default void fileProgress(Step step, long done) {
        }

        default void fileDone(Step step, Action action) {
        }

        default void warning(Msg warning) {
        }
    }

    private enum Kind2 { BLOB, DOCUMENT }

    private record Planned(Kind2 kind, Path source, String rel, long size, String sha256, byte[] bytes) {
    }

    private Publisher() {
    }

    /**
     * Publishes {@code bundle} into {@code origin}.
     *
     * @param now the time expiry is judged at
     * @throws PackagerException INVALID_INPUT (the bundle does not verify: nothing written), REFUSED (the origin has a
     *                           newer or conflicting version, or another publish runs: nothing written)
     */
    public static Result publish(Path bundle, Path origin, Instant now, Listener listener) throws IOException {
        if (!Files.isDirectory(bundle)) {
            throw new PackagerException(Kind.INVALID_INPUT, Msg.of("err.publishNoBundle", bundle));
        }
        Path target = origin.toAbsolutePath().normalize();
        if (Files.exists(target) && !Files.isDirectory(target)) {
            throw new PackagerException(Kind.INVALID_INPUT, Msg.of("err.notAFolder", origin));
        }
        if (Files.isDirectory(target) && Files.isSameFile(target, bundle)) {
            throw new PackagerException(Kind.INVALID_INPUT, Msg.of("err.publishIntoItself", bundle));
        }
        List<Msg> problems = new ArrayList<>();
        BundleCheck.Verified v = BundleCheck.check(bundle, now, problems);
        if (v == null) {
            problems.forEach(listener::problem);
            throw new PackagerException(Kind.INVALID_INPUT, Msg.of("err.publishBundleBad", bundle, problems.size()));
        }
        listener.verified(bundle, v.playlists().size(), v.blobs().size(), v.blobBytes());
        if (!Files.isDirectory(target)) {
            if (target.getParent() == null || !Files.isDirectory(target.getParent())) {
                throw new PackagerException(Kind.INVALID_INPUT, Msg.of("err.publishNoOrigin", origin));
            }
            Files.createDirectory(target);
            OriginFiles.syncDir(target.getParent());
        }
        Path lockFile = target.resolve(LOCK);
        // The lock file stays after the publish: deleting it would let a publisher that opened it just before the
        // delete lock the unlinked file while the next one locks a new file, and both would write at once.
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null; // held by another publish in this same JVM
            }
            if (lock == null) {
                throw new PackagerException(Kind.REFUSED, Msg.of("err.publishLocked", origin, lockFile));
            }
            try {
                return locked(bundle, target, v, now, listener);
            } finally {
                lock.release();
            }
        }
    }

    private static Result locked(Path bundle, Path origin, BundleCheck.Verified v, Instant now, Listener listener) throws IOException {
        removeTemporaries(origin);
        List<Msg> refusals = new ArrayList<>();
        checkRoots(origin, v, now, refusals, listener);
        Map<String, Long> previous = originVersions(origin, listener);
        List<ChannelChange> channels = new ArrayList<>();
        for (Map.Entry<String, TrustedRoot.Verified> e : v.playlists().entrySet()) {
            String ch = e.getKey();
            long version = e.getValue().playlist().version();
            Long before = previous.get(ch);
            Path there = origin.resolve(BundleWriter.CHANNELS).resolve(ch).resolve(BundleWriter.PLAYLIST_JSON);
            if (before != null && before > version) {
                refusals.add(Msg.of("err.publishBackwards", ch, version, before, there, before + 1));
            } else if (before != null && before == version && !sameBytes(there, e.getValue().envelopeBytes())) {
                refusals.add(Msg.of("err.publishSameVersion", ch, version, there, version + 1));
            }
            channels.add(new ChannelChange(ch, version, before, before == null || before < version));
        }
        if (!refusals.isEmpty()) {
            refusals.forEach(listener::problem);
            throw new PackagerException(Kind.REFUSED, Msg.of("err.publishRefused", origin, refusals.size()));
        }

        List<Planned> plan = new ArrayList<>();
        for (BlobRef b : v.blobs().values()) {
            plan.add(new Planned(Kind2.BLOB, bundle.resolve(b.relativePath()), b.relativePath(), b.size(), b.sha256(), null));
        }
        for (Map.Entry<Long, byte[]> r : v.rotations().entrySet()) {
            plan.add(new Planned(Kind2.DOCUMENT, bundle.resolve("roots").resolve(r.getKey() + ".json"), "roots/" + r.getKey() + ".json",
                    r.getValue().length, null, r.getValue()));
        }
        plan.add(new Planned(Kind2.DOCUMENT, bundle.resolve(BundleWriter.ROOT_JSON), BundleWriter.ROOT_JSON, v.rootJson().length, null,
                v.rootJson()));
        for (ChannelChange c : channels) {
            if (c.changed()) {
                byte[] bytes = v.playlists().get(c.channel()).envelopeBytes();
                String rel = BundleWriter.CHANNELS + "/" + c.channel() + "/" + BundleWriter.PLAYLIST_JSON;
                plan.add(new Planned(Kind2.DOCUMENT, bundle.resolve(rel), rel, bytes.length, null, bytes));
            }
        }

        int copied = 0;
        int already = 0;
        long bytes = 0;
        for (int i = 0; i < plan.size(); i++) {
            Planned p = plan.get(i);
            Step step = new Step(i + 1, plan.size(), p.rel(), p.size());
            listener.fileStarted(step);
            Path dest = origin.resolve(p.rel());
            OriginFiles.ensureDir(origin, dest.getParent());
            boolean exists = Files.exists(dest, LinkOption.NOFOLLOW_LINKS);
            Action action;
            if (p.kind() == Kind2.BLOB ? OriginFiles.matches(dest, p.size(), p.sha256()) : sameBytes(dest, p.bytes())) {
                action = Action.ALREADY_THERE;
                already++;
            } else {
                // Documents are copied from the bytes that verified, through a file beside the target.
                String sha = p.kind() == Kind2.BLOB ? p.sha256() : HexFormat.of().formatHex(Ed25519.sha256(p.bytes()));
                OriginFiles.copy(p.source(), dest, sha, done -> listener.fileProgress(step, done));
                action = !exists ? Action.COPIED : p.kind() == Kind2.BLOB ? Action.REPLACED : Action.UPDATED;
                copied++;
                bytes += p.size();
            }
            listener.fileDone(step, action);
        }
        OriginFiles.syncDir(origin);
        return new Result(channels, copied, already, bytes);
    }

    /**
     * The origin's {@code root.json}, if any and valid, must not be newer than the bundle's or another root of the same
     * version, and must reach, through the {@code roots/} rotations, a root under which every playlist verifies: else
     * devices provisioned from it would refuse the new playlists. A {@code roots/<n>.json} already there must be the
     * same file.
     */
    private static void checkRoots(Path origin, BundleCheck.Verified v, Instant now, List<Msg> refusals, Listener listener)
            throws IOException {
        Map<Long, byte[]> theirs = BundleCheck.rotations(origin.resolve("roots"), null);
        for (Map.Entry<Long, byte[]> r : v.rotations().entrySet()) {
            byte[] there = theirs.get(r.getKey());
            if (there != null && !Arrays.equals(there, r.getValue())) {
                refusals.add(Msg.of("err.publishRotationDiffers", origin.resolve("roots").resolve(r.getKey() + ".json")));
            }
        }
        Path rootFile = origin.resolve(BundleWriter.ROOT_JSON);
        if (!Files.isRegularFile(rootFile)) {
            return;
        }
        TrustedRoot originRoot;
        try {
            originRoot = TrustedRoot.load(BundleCheck.readDocument(rootFile));
        } catch (Rejection r) {
            listener.warning(Msg.of("warn.publishOriginRootBad", rootFile, r.describe()));
            return;
        }
        long bundleVersion = v.rootVersion();
        long originVersion = originRoot.root().version();
        if (originVersion > v.trusted().root().version()) {
            refusals.add(Msg.of("err.publishRootOlder", rootFile, originVersion, v.trusted().root().version()));
            return;
        }
        if (originVersion == bundleVersion && !sameBytes(rootFile, v.rootJson())) {
            refusals.add(Msg.of("err.publishRootDiffers", rootFile, originVersion));
            return;
        }
        Map<Long, byte[]> all = new TreeMap<>(theirs);
        all.putAll(v.rotations());
        List<Msg> walkProblems = new ArrayList<>();
        TrustedRoot reached = BundleCheck.walk(originRoot, all, now, origin.resolve("roots"), walkProblems);
        if (reached == null) {
            refusals.addAll(walkProblems);
            return;
        }
        for (Map.Entry<String, TrustedRoot.Verified> e : v.playlists().entrySet()) {
            try {
                reached.verifyStored(e.getValue().envelopeBytes(), e.getKey());
            } catch (Rejection r) {
                refusals.add(Msg.of("err.publishRootUnreachable", e.getKey(), rootFile, originVersion, r.describe()));
            }
        }
    }

    /** The playlist versions in the origin by channel (read without verifying: only to compare). */
    private static Map<String, Long> originVersions(Path origin, Listener listener) throws IOException {
        Map<String, Long> versions = new LinkedHashMap<>();
        Path channels = origin.resolve(BundleWriter.CHANNELS);
        if (!Files.isDirectory(channels)) {
            return versions;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(channels)) {
            for (Path dir : ds) {
                Path file = dir.resolve(BundleWriter.PLAYLIST_JSON);
                if (!Files.isRegularFile(file)) {
                    continue;
                }
                try {
                    versions.put(dir.getFileName().toString(),
                            PlaylistCodec.decode(Envelope.parse(BundleCheck.readDocument(file)).payload()).version());
                } catch (IllegalArgumentException | Rejection e) {
                    // Devices refuse it too: replacing it can only help.
                    listener.warning(Msg.of("warn.publishOriginPlaylistBad", file, e.getMessage()));
                }
            }
        }
        return versions;
    }

    private static void removeTemporaries(Path origin) throws IOException {
        OriginFiles.removeTemporaries(origin);
        OriginFiles.removeTemporaries(origin.resolve("roots"));
        OriginFiles.removeTemporaries(origin.resolve(BundleWriter.BLOBS).resolve("sha256"));
        Path channels = origin.resolve(BundleWriter.CHANNELS);
        if (Files.isDirectory(channels)) {
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(channels)) {
                for (Path dir : ds) {
                    OriginFiles.removeTemporaries(dir);
                }
            }
        }
    }

    private static boolean sameBytes(Path file, byte[] bytes) throws IOException {
        return Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) && Files.size(file) == bytes.length
                && Arrays.equals(Files.readAllBytes(file), bytes);
    }
}
