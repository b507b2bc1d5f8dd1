package id.layar.packager.publish;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import id.layar.packager.Fixtures;
import id.layar.packager.build.BuildListener;
import id.layar.packager.build.BuildOptions;
import id.layar.packager.build.BundleBuilder;
import id.layar.playlist.Item;
import id.layar.playlist.TrustedRoot;
import id.layar.playlist.testing.TestKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** A small two-channel site, its bundles, and the check an agent polling an origin would make. */
final class PublishFixtures {
    static final Clock CLOCK = Clock.fixed(TestKeys.NOW, ZoneOffset.UTC);

    private PublishFixtures() {
    }

    /** Writes a site with channels simpang-lima and balai-kota and three announcements; {@code heading} varies content. */
    static Path site(Path dir, String heading) {
        Fixtures.write(dir.resolve("site.yaml"), """
                site: Publish test
                channels:
                  simpang-lima: { name: Simpang Lima, width: 64, height: 32, fps: 10, timezone: Asia/Jakarta }
                  balai-kota: { name: Balai Kota, width: 48, height: 24, fps: 10, timezone: Asia/Jakarta }
                """);
        Fixtures.write(dir.resolve("announcements/cegah-dbd.yaml"), """
                title: Cegah DBD
                type: slide
                channels: [simpang-lima, balai-kota]
                duration: 12s
                text:
                  heading: %s
                """.formatted(heading));
        Fixtures.write(dir.resolve("announcements/pajak.yaml"), """
                title: Bayar Pajak
                type: slide
                channels: [balai-kota]
                text:
                  heading: Pajak
                """);
        Fixtures.write(dir.resolve("announcements/darurat.yaml"), """
                title: Teks Berjalan
                type: ticker
                channels: [simpang-lima]
                text: "Darurat? Hubungi 112"
                speed: 32
                """);
        return dir;
    }

    /** Builds {@code site} into {@code bundle} with the test keys (version: next, or as given). */
    static Path build(Path site, Path bundle, Long version) throws Exception {
        Path keys = bundle.resolveSibling("keys");
        if (!Files.isDirectory(keys)) {
            Fixtures.testKeys(keys);
        }
        new BundleBuilder(new BuildOptions(version, 30), BuildListener.SILENT).build(site, keys, bundle, CLOCK);
        return bundle;
    }

    /**
     * What an agent polling {@code origin} right now would find, per channel: the version of a playlist that verifies
     * under the origin's root and whose every blob is there with the right SHA-256. Fails when a playlist is there
     * without all its blobs, or does not verify.
     */
    static Map<String, Long> servedVersions(Path origin) throws Exception {
        Map<String, Long> out = new TreeMap<>();
        Path channels = origin.resolve("channels");
        if (!Files.isDirectory(channels)) {
            return out;
        }
        TrustedRoot root = TrustedRoot.load(Files.readAllBytes(origin.resolve("root.json")));
        try (Stream<Path> dirs = Files.list(channels)) {
            for (Path dir : dirs.sorted().toList()) {
                String ch = dir.getFileName().toString();
                var v = root.verifyPlaylist(Files.readAllBytes(dir.resolve("playlist.json")), ch, 0, TestKeys.NOW);
                for (Item i : v.playlist().items()) {
                    Path blob = origin.resolve(i.blob().relativePath());
                    assertTrue(Files.isRegularFile(blob), ch + " version " + v.playlist().version() + " names " + blob + ", missing");
                    assertNull(BundleCheck.checkBlob(blob, i.blob()), blob.toString());
                }
                out.put(ch, v.playlist().version());
            }
        }
        return out;
    }

    /** No temporary or lock leftovers that a web server could serve. */
    static void noTemporaries(Path origin) throws Exception {
        try (Stream<Path> all = Files.walk(origin)) {
            assertEquals(java.util.List.of(), all.filter(p -> p.getFileName().toString().contains(OriginFiles.TEMP_MARK)).toList());
        }
    }
}
