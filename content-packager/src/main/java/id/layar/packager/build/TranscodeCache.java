package id.layar.packager.build;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Transcoded videos kept between builds, so a video whose bytes and settings did not change is not encoded again.
 *
 * <p>An entry is named by the SHA-256 of {@value #FORMAT}, the FFmpeg version, every setting that changes the
 * output ({@link VideoTranscoder.Settings}) and the SHA-256 of the source file's bytes: {@code <key>.mp4} and
 * {@code <key>.txt} (frames, size and SHA-256 of the MP4). An entry is used only when the MP4 still hashes to what
 * its record says; both files are written to temporary names, synced and renamed, so an interrupted build never
 * leaves a half entry that a later build would trust. The folder is created on first use; deleting it only costs
 * time.
 */
public final class TranscodeCache {
    /** Bump when the transcoding changes in a way the settings do not show. */
    public static final String FORMAT = "layar-video-1";

    private final Path dir;
    private int encoded;
    private int reused;

    public TranscodeCache(Path dir) {
        this.dir = dir.toAbsolutePath().normalize();
    }

    /** The default: {@code <bundle>.cache} beside the bundle (never inside it: the bundle is published as is). */
    public static Path besideBundle(Path bundle) {
        Path b = bundle.toAbsolutePath().normalize();
        return b.resolveSibling(b.getFileName() + ".cache");
    }

    public Path dir() {
        return dir;
    }

    /** Videos encoded by this instance. */
    public int encoded() {
        return encoded;
    }

    /** Videos this instance found already encoded. */
    public int reused() {
        return reused;
    }

    /**
     * A transcoded video.
     *
     * @param file   the MP4 in the cache
     * @param reused whether it was there already
     */
    public record Entry(Path file, String sha256, long size, long frames, boolean reused) {
    }

    /** The transcode of {@code source} with {@code settings}: from the cache, or made now and kept. */
    public Entry get(Path source, VideoTranscoder.Settings settings, VideoTranscoder.Progress progress)
            throws IOException, VideoTranscoder.TranscodeException {
        String key = key(source, settings);
        Path mp4 = dir.resolve(key + ".mp4");
        Path record = dir.resolve(key + ".txt");
        Entry hit = read(mp4, record);
        if (hit != null) {
            reused++;
            return hit;
        }
        Files.createDirectories(dir);
        Path temp = dir.resolve(".tmp-" + random() + ".mp4");
        try {
            VideoTranscoder.Result r = VideoTranscoder.transcode(source, temp, settings, progress);
            force(temp);
            String sha = sha256(temp);
            long size = Files.size(temp);
            move(temp, mp4);
            Map<String, String> fields = new LinkedHashMap<>();
            fields.put("format", FORMAT);
            fields.put("sha256", sha);
            fields.put("size", Long.toString(size));
            fields.put("frames", Long.toString(r.frames()));
            fields.put("settings", settings.key());
            StringBuilder text = new StringBuilder();
            fields.forEach((k, v) -> text.append(k).append('=').append(v).append('\n'));
            Path tempRecord = dir.resolve(".tmp-" + random() + ".txt");
            try {
                Files.writeString(tempRecord, text, StandardCharsets.UTF_8);
                force(tempRecord);
                move(tempRecord, record);
            } finally {
                Files.deleteIfExists(tempRecord);
            }
            encoded++;
            return new Entry(mp4, sha, size, r.frames(), false);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private static Entry read(Path mp4, Path record) throws IOException {
        if (!Files.isRegularFile(mp4) || !Files.isRegularFile(record)) {
            return null;
        }
        Map<String, String> fields = new LinkedHashMap<>();
        for (String line : Files.readAllLines(record, StandardCharsets.UTF_8)) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                fields.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        try {
            String sha = fields.get("sha256");
            long size = Long.parseLong(fields.get("size"));
            long frames = Long.parseLong(fields.get("frames"));
            if (!FORMAT.equals(fields.get("format")) || Files.size(mp4) != size || !sha256(mp4).equals(sha)) {
                return null;   // damaged or from another format: made again
            }
            return new Entry(mp4, sha, size, frames, true);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** The entry's name: every input that changes the output bytes. */
    static String key(Path source, VideoTranscoder.Settings settings) throws IOException {
        MessageDigest d = digest();
        d.update((FORMAT + "\n" + VideoTranscoder.ffmpegVersion() + "\n" + settings.key() + "\n").getBytes(StandardCharsets.UTF_8));
        d.update(sha256(source).getBytes(StandardCharsets.US_ASCII));
        return HexFormat.of().formatHex(d.digest());
    }

    static String sha256(Path file) throws IOException {
        MessageDigest d = digest();
        byte[] buf = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            int n;
            while ((n = in.read(buf)) > 0) {
                d.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(d.digest());
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void force(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static String random() {
        byte[] b = new byte[6];
        new SecureRandom().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
