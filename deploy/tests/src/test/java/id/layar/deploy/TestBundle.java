package id.layar.deploy;

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
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.ZoneId;
import java.util.HexFormat;
import java.util.List;

/** A signed one-item bundle on disk, as `content-packager build` lays it out, with the test keys. */
final class TestBundle {
    static final String CHANNEL = "simpang-lima";
    static final int W = 64;
    static final int H = 32;
    static final int FPS = 20;
    static final int COLOUR = 0x2020CC;

    final Path dir;
    final byte[] png;
    final String blobHex;
    final byte[] playlist;

    TestBundle(Path dir) throws IOException {
        this.dir = dir;
        Frame f = new Frame(W, H);
        f.fill(COLOUR);
        this.png = Png.encode(f);
        this.blobHex = sha256(png);
        Item item = new Item("info", "Info", ItemKind.STILL, new BlobRef(blobHex, png.length, "image/png"), 10_000,
                Priority.NORMAL, Rules.ALWAYS, 0);
        Playlist p = new Playlist(CHANNEL, 1, TestKeys.ISSUED, TestKeys.EXPIRES, ZoneId.of("Asia/Jakarta"), new Panel(W, H, FPS),
                List.of(item));
        this.playlist = TestKeys.sign(p, TestKeys.SIGNER);
        write("root.json", TestKeys.rootEnvelope());
        write("roots/1.json", TestKeys.rootEnvelope());
        write("channels/" + CHANNEL + "/playlist.json", playlist);
        write("blobs/sha256/" + blobHex, png);
    }

    static Frame expectedFrame() {
        Frame f = new Frame(W, H);
        f.fill(COLOUR);
        return f;
    }

    void write(String rel, byte[] bytes) throws IOException {
        Path p = dir.resolve(rel);
        Files.createDirectories(p.getParent());
        Files.write(p, bytes);
    }

    static String sha256(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
