package id.layar.agent;

import id.layar.playlist.BlobRef;
import id.layar.playlist.Item;
import id.layar.playlist.ItemKind;
import id.layar.playlist.Panel;
import id.layar.playlist.Playlist;
import id.layar.playlist.Priority;
import id.layar.playlist.Rules;
import id.layar.playlist.testing.TestKeys;
import id.layar.render.Frame;
import id.layar.render.Png;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

/** Bundles for tests: solid-colour PNG stills at the test panel's size, signed with {@link TestKeys}. */
final class Bundles {
    static final String CHANNEL = "simpang-lima";
    static final int W = 64;
    static final int H = 32;
    static final int FPS = 20;
    static final String PLAYLIST_PATH = "channels/" + CHANNEL + "/playlist.json";

    static final int RED = 0xCC2020;
    static final int GREEN = 0x20CC20;
    static final int BLUE = 0x2020CC;
    static final int YELLOW = 0xEEDD10;

    private Bundles() {
    }

    static Frame solid(int rgb) {
        Frame f = new Frame(W, H);
        f.fill(rgb);
        return f;
    }

    static byte[] png(int rgb) {
        return Png.encode(solid(rgb));
    }

    static BlobRef ref(byte[] bytes) {
        return new BlobRef(FakeOrigin.sha256(bytes), bytes.length, "image/png");
    }

    /** A PNG of random noise (compresses badly, so it is large for its size); the same seed gives the same bytes. */
    static byte[] noisePng(long seed, int w, int h) {
        java.util.Random r = new java.util.Random(seed);
        Frame f = new Frame(w, h);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                f.set(x, y, r.nextInt(0x1000000));
            }
        }
        return Png.encode(f);
    }

    /** Signs arbitrary payload bytes as a playlist (for attacks on the payload's encoding). */
    static byte[] signPayload(byte[] payload, java.security.KeyPair... keys) {
        return id.layar.playlist.Envelope.sign(id.layar.playlist.Envelope.PLAYLIST_TYPE, payload,
                java.util.Arrays.stream(keys).map(id.layar.playlist.Envelope.SigningKey::of).toList()).toBytes();
    }

    static Item still(String id, byte[] png) {
        return new Item(id, "Title of " + id, ItemKind.STILL, ref(png), 10_000, Priority.NORMAL, Rules.ALWAYS, 0);
    }

    static Playlist playlist(String channel, long version, Instant issued, Instant expires, Item... items) {
        return new Playlist(channel, version, issued, expires, ZoneId.of("Asia/Jakarta"), new Panel(W, H, FPS), List.of(items));
    }

    static Playlist playlist(long version, Item... items) {
        return playlist(CHANNEL, version, TestKeys.ISSUED, TestKeys.EXPIRES, items);
    }

    static byte[] signed(Playlist p) {
        return TestKeys.sign(p, TestKeys.SIGNER);
    }

    static String blobPath(byte[] png) {
        return "blobs/sha256/" + FakeOrigin.sha256(png);
    }

    /** Puts the root, the envelope and the given blobs on the origin. */
    static void publish(FakeOrigin origin, byte[] envelope, byte[]... blobs) {
        origin.put("root.json", TestKeys.rootEnvelope());
        origin.put(PLAYLIST_PATH, envelope);
        for (byte[] b : blobs) {
            origin.put(blobPath(b), b);
        }
    }
}
