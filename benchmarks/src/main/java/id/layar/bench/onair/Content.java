package id.layar.bench.onair;

import id.layar.playlist.BlobRef;
import id.layar.playlist.Ed25519;
import id.layar.playlist.Envelope;
import id.layar.playlist.Item;
import id.layar.playlist.ItemKind;
import id.layar.playlist.Panel;
import id.layar.playlist.Playlist;
import id.layar.playlist.PlaylistCodec;
import id.layar.playlist.Priority;
import id.layar.playlist.Root;
import id.layar.playlist.Rules;
import id.layar.render.Frame;
import id.layar.render.Png;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.HexFormat;
import java.util.List;

/**
 * The publisher's side of the run, written straight into the origin folder: keys made for this run only, a root, and
 * per version a new still (a solid PNG in a colour of its own, so every version brings a blob the agents must fetch)
 * and a signed one-item playlist {@code announcement-v<version>}. Every file is written under a hidden temporary
 * name (the origin serves no hidden names), fsynced, and renamed into place: the playlist's rename is the publish.
 */
final class Content {
    static final ZoneId ZONE = ZoneId.of("Asia/Jakarta");
    /** How long one showing lasts: the item loops, so each agent also records a play every 10 s. */
    static final long ITEM_MS = 10_000;

    private final Path origin;
    private final KeyPair rootKey = Ed25519.generate();
    private final KeyPair signer = Ed25519.generate();
    private final int size;
    private final int fps;
    private final byte[] rootJson;

    private Content(Path origin, int size, int fps) {
        this.origin = origin;
        this.size = size;
        this.fps = fps;
        Root root = Root.of(1, Instant.now().plus(Duration.ofDays(30)), rootKey.getPublic(), List.of(signer.getPublic()), 1);
        this.rootJson = Envelope.sign(Envelope.ROOT_TYPE, root.toPayload(), List.of(Envelope.SigningKey.of(rootKey))).toBytes();
    }

    /** Fresh keys and {@code root.json} in the origin folder. */
    static Content create(Path origin, int size, int fps) throws IOException {
        Files.createDirectories(origin);
        Content c = new Content(origin, size, fps);
        writeAtomically(origin.resolve("root.json"), c.rootJson);
        return c;
    }

    /** What a device is provisioned with. */
    byte[] rootJson() {
        return rootJson.clone();
    }

    static String itemId(long version) {
        return "announcement-v" + version;
    }

    /**
     * Writes the version's blob (in place at once, as a publisher uploads blobs before the playlist) and its signed
     * playlist under a temporary name; {@link Staged#publish()} renames it into place.
     */
    Staged stage(String channel, long version) throws IOException {
        Frame f = new Frame(size, size);
        f.fill((int) ((version * 2_654_435_761L) & 0xFFFFFF));
        byte[] png = Png.encode(f);
        BlobRef blob = new BlobRef(HexFormat.of().formatHex(Ed25519.sha256(png)), png.length, "image/png");
        Path blobFile = origin.resolve(blob.relativePath());
        if (!Files.exists(blobFile)) {
            writeAtomically(blobFile, png);
        }
        Instant now = Instant.now();
        Item item = new Item(itemId(version), "Announcement version " + version, ItemKind.STILL, blob, ITEM_MS,
                Priority.NORMAL, Rules.ALWAYS, 0);
        Playlist p = new Playlist(channel, version, now, now.plus(Duration.ofDays(1)), ZONE, new Panel(size, size, fps),
                List.of(item));
        byte[] envelope = Envelope.sign(Envelope.PLAYLIST_TYPE, PlaylistCodec.encode(p),
                List.of(Envelope.SigningKey.of(signer))).toBytes();
        Path target = origin.resolve("channels").resolve(channel).resolve("playlist.json");
        Files.createDirectories(target.getParent());
        Path temp = target.resolveSibling(".playlist.json.tmp-" + version);
        write(temp, envelope);
        return new Staged(channel, version, item.id(), temp, target);
    }

    /** A signed playlist written and fsynced under a hidden name, waiting to be renamed into place. */
    record Staged(String channel, long version, String itemId, Path temp, Path target) {
        /** The publish: one atomic rename, after which the origin serves the new playlist. */
        void publish() throws IOException {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
        }
    }

    private static void writeAtomically(Path target, byte[] bytes) throws IOException {
        Files.createDirectories(target.getParent());
        Path temp = target.resolveSibling("." + target.getFileName() + ".tmp");
        write(temp, bytes);
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
    }

    private static void write(Path file, byte[] bytes) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE)) {
            ByteBuffer b = ByteBuffer.wrap(bytes);
            while (b.hasRemaining()) {
                ch.write(b);
            }
            ch.force(true);
        }
    }
}
