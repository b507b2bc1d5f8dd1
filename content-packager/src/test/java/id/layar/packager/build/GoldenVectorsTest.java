package id.layar.packager.build;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import id.layar.packager.Fixtures;
import id.layar.playlist.Item;
import id.layar.playlist.Playlist;
import id.layar.playlist.TrustedRoot;
import id.layar.playlist.testing.TestKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The golden vectors other modules verify: a bundle built by the real build path from the fixed site in
 * {@code src/test/resources/golden-site}, signed with {@link TestKeys#SIGNER} under {@link TestKeys#rootEnvelope()},
 * issued {@link TestKeys#ISSUED}, expiring {@link TestKeys#EXPIRES}. Ed25519 and the renderer are deterministic,
 * so the bytes are stable. {@code mvn test -Dgolden.update=true} (re)writes them and the blobs they reference.
 */
class GoldenVectorsTest {
    static final Path GOLDEN = Path.of("../playlist/src/test/resources/golden");
    static final String CHANNEL = "simpang-lima";

    @TempDir
    Path tmp;

    @Test
    void buildReproducesTheGoldenRootAndPlaylistByteForByte() throws Exception {
        long days = Duration.between(TestKeys.ISSUED, TestKeys.EXPIRES).toDays();
        assertEquals(TestKeys.EXPIRES, TestKeys.ISSUED.plus(Duration.ofDays(days)), "golden dates are whole days apart");
        Path bundle = tmp.resolve("bundle");
        new BundleBuilder(new BuildOptions(1L, (int) days), BuildListener.SILENT)
                .build(Fixtures.goldenSite(tmp), Fixtures.testKeys(tmp.resolve("keys")), bundle,
                        Clock.fixed(TestKeys.ISSUED, ZoneOffset.UTC));
        byte[] root = Files.readAllBytes(bundle.resolve("root.json"));
        byte[] playlist = Files.readAllBytes(bundle.resolve("channels").resolve(CHANNEL).resolve("playlist.json"));

        Playlist p = TrustedRoot.load(root).verifyPlaylist(playlist, CHANNEL, 0, TestKeys.NOW).playlist();
        assertEquals(TestKeys.ISSUED, p.issued());
        assertEquals(TestKeys.EXPIRES, p.expires());

        if (Boolean.getBoolean("golden.update")) {
            Files.createDirectories(GOLDEN.resolve("blobs/sha256"));
            Files.write(GOLDEN.resolve("root.json"), root);
            Files.write(GOLDEN.resolve("playlist.json"), playlist);
            for (Item i : p.items()) {
                Files.copy(bundle.resolve(i.blob().relativePath()), GOLDEN.resolve(i.blob().relativePath()),
                        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
        assertTrue(Files.exists(GOLDEN.resolve("playlist.json")),
                "no golden vectors yet: run mvn -f content-packager/pom.xml test -Dtest=GoldenVectorsTest -Dgolden.update=true");
        assertArrayEquals(Files.readAllBytes(GOLDEN.resolve("root.json")), root, "root.json differs from the golden vector");
        assertArrayEquals(Files.readAllBytes(GOLDEN.resolve("playlist.json")), playlist,
                "playlist.json differs from the golden vector; if the change is intended, regenerate with -Dgolden.update=true");
        for (Item i : p.items()) {
            assertArrayEquals(Files.readAllBytes(GOLDEN.resolve(i.blob().relativePath())),
                    Files.readAllBytes(bundle.resolve(i.blob().relativePath())), "golden blob of " + i.id());
        }
        assertArrayEquals(TestKeys.rootEnvelope(), root, "the golden root is TestKeys' root");
    }
}
