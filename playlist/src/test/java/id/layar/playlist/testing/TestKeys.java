package id.layar.playlist.testing;

import id.layar.playlist.BlobRef;
import id.layar.playlist.Ed25519;
import id.layar.playlist.Envelope;
import id.layar.playlist.Envelope.SigningKey;
import id.layar.playlist.Item;
import id.layar.playlist.ItemKind;
import id.layar.playlist.Panel;
import id.layar.playlist.Playlist;
import id.layar.playlist.PlaylistCodec;
import id.layar.playlist.Priority;
import id.layar.playlist.Root;
import id.layar.playlist.Rules;
import java.security.KeyPair;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;

/**
 * Fixed keys and dates for tests and golden vectors, shared by every module's tests. Never use these
 * keys for real content: their seeds are in this file.
 */
public final class TestKeys {
    public static final KeyPair ROOT = Ed25519.fromSeed(seed(1));
    public static final KeyPair SIGNER = Ed25519.fromSeed(seed(2));
    /** A key no root lists. */
    public static final KeyPair STRANGER = Ed25519.fromSeed(seed(3));

    public static final Instant ISSUED = Instant.parse("2026-11-01T00:00:00Z");
    public static final Instant EXPIRES = Instant.parse("2027-01-01T00:00:00Z");
    public static final Instant ROOT_EXPIRES = Instant.parse("2027-11-01T00:00:00Z");
    /** A moment inside the golden playlist's validity. */
    public static final Instant NOW = Instant.parse("2026-11-24T03:00:00Z");

    private TestKeys() {
    }

    private static byte[] seed(int n) {
        byte[] s = new byte[32];
        Arrays.fill(s, (byte) n);
        return s;
    }

    public static SigningKey signing(KeyPair pair) {
        return SigningKey.of(pair);
    }

    /** A root listing ROOT for the root role and SIGNER for playlists, threshold 1. */
    public static Root root() {
        return Root.of(1, ROOT_EXPIRES, ROOT.getPublic(), List.of(SIGNER.getPublic()), 1);
    }

    public static byte[] rootEnvelope() {
        return Envelope.sign(Envelope.ROOT_TYPE, root().toPayload(), List.of(signing(ROOT))).toBytes();
    }

    /** Signs a playlist's canonical payload with the given keys. */
    public static byte[] sign(Playlist playlist, KeyPair... keys) {
        return Envelope.sign(Envelope.PLAYLIST_TYPE, PlaylistCodec.encode(playlist),
                Arrays.stream(keys).map(SigningKey::of).toList()).toBytes();
    }

    /** A one-item still playlist for a channel; the blob is named but need not exist. */
    public static Playlist playlist(String channel, long version, Instant issued, Instant expires) {
        BlobRef blob = new BlobRef("a".repeat(64), 1234, "image/png");
        Item item = new Item("info", "Info", ItemKind.STILL, blob, 10_000, Priority.NORMAL, Rules.ALWAYS, 0);
        return new Playlist(channel, version, issued, expires, ZoneId.of("Asia/Jakarta"), new Panel(64, 32, 10), List.of(item));
    }
}
