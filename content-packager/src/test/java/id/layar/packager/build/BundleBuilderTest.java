package id.layar.packager.build;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import id.layar.packager.Fixtures;
import id.layar.packager.PackagerException;
import id.layar.packager.site.SiteInvalidException;
import id.layar.playlist.Ed25519;
import id.layar.playlist.Item;
import id.layar.playlist.ItemKind;
import id.layar.playlist.Playlist;
import id.layar.playlist.Rejection;
import id.layar.playlist.TrustedRoot;
import id.layar.playlist.testing.TestKeys;
import id.layar.render.Frame;
import id.layar.render.Png;
import id.layar.render.TickerRenderer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BundleBuilderTest {
    static final Clock CLOCK = Clock.fixed(TestKeys.NOW, ZoneOffset.UTC);

    /** One build of the examples shared by the read-only tests (a build takes a couple of seconds). */
    @TempDir
    static Path shared;
    static Path bundle;
    static BuildResult built;

    @TempDir
    Path tmp;

    @BeforeAll
    static void buildExamples() throws Exception {
        Path site = Fixtures.examplesSite(shared);
        Path keys = Fixtures.testKeys(shared.resolve("keys"));
        bundle = shared.resolve("out/bundle");
        built = new BundleBuilder().build(site, keys, bundle, CLOCK);
    }

    private static Playlist verified(Path bundle, String channel) throws IOException, Rejection {
        TrustedRoot root = TrustedRoot.load(Files.readAllBytes(bundle.resolve("root.json")));
        byte[] envelope = Files.readAllBytes(bundle.resolve("channels").resolve(channel).resolve("playlist.json"));
        return root.verifyPlaylist(envelope, channel, 0, TestKeys.NOW).playlist();
    }

    @Test
    void buildsTheExamplesWithOnePlaylistPerChannel() throws Exception {
        assertEquals(List.of("blobs/", "channels/", "root.json"), Fixtures.names(bundle).stream()
                .map(n -> Files.isDirectory(bundle.resolve(n)) ? n + "/" : n).toList());
        assertArrayEquals(TestKeys.rootEnvelope(), Files.readAllBytes(bundle.resolve("root.json")));
        Playlist simpang = verified(bundle, "simpang-lima");
        Playlist balai = verified(bundle, "balai-kota");
        assertEquals(List.of("car-free-day", "cegah-dbd", "keamanan-malam", "lapor-sukamaju", "sukamaju-bersinar",
                "teks-berjalan-simpang-lima"), simpang.items().stream().map(Item::id).toList());
        assertEquals(List.of("akta-kelahiran-online", "car-free-day", "cegah-dbd", "lapor-sukamaju", "sukamaju-bersinar"),
                balai.items().stream().map(Item::id).toList());
        assertEquals(1, simpang.version());
        assertEquals(TestKeys.NOW, simpang.issued());
        assertEquals(TestKeys.NOW.plus(Duration.ofDays(30)), simpang.expires());
        assertEquals("768x384@30", simpang.panel().toString());
        assertEquals("Asia/Jakarta", simpang.timezone().getId());
        assertEquals(12_000, balai.item("akta-kelahiran-online").durationMs());
        assertEquals(2, built.channels().size());
        assertEquals(6, built.channel("simpang-lima").items());
    }

    @Test
    void everyBlobIsNamedByItsSha256AndEveryReferenceResolves() throws Exception {
        Path blobs = bundle.resolve("blobs/sha256");
        List<Path> files;
        try (Stream<Path> s = Files.list(blobs)) {
            files = s.toList();
        }
        assertEquals(built.blobs(), files.size());
        for (Path f : files) {
            assertEquals(f.getFileName().toString(), HexFormat.of().formatHex(Ed25519.sha256(Files.readAllBytes(f))));
        }
        for (String ch : List.of("simpang-lima", "balai-kota")) {
            for (Item i : verified(bundle, ch).items()) {
                Path f = bundle.resolve(i.blob().relativePath());
                assertEquals(i.blob().size(), Files.size(f), i.id());
                assertEquals("image/png", i.blob().mediaType());
            }
        }
    }

    @Test
    void stillBlobsHaveExactlyTheChannelsGeometryAndTickersItsHeight() throws Exception {
        for (String ch : List.of("simpang-lima", "balai-kota")) {
            Playlist p = verified(bundle, ch);
            for (Item i : p.items()) {
                Frame f = Png.decode(Files.readAllBytes(bundle.resolve(i.blob().relativePath())));
                assertEquals(p.panel().height(), f.height(), i.id());
                if (i.kind() == ItemKind.STILL) {
                    assertEquals(p.panel().width(), f.width(), i.id());
                } else {
                    assertEquals(120, i.speedPxPerS());
                    assertEquals(TickerRenderer.durationMs(f.width(), p.panel().width(), 120), i.durationMs());
                }
            }
        }
    }

    @Test
    void sameContentAtTheSameGeometryIsStoredOnce() throws Exception {
        // cegah-dbd on both channels: different geometry, so two blobs; the ticker exists only once.
        Playlist simpang = verified(bundle, "simpang-lima");
        Playlist balai = verified(bundle, "balai-kota");
        assertFalse(simpang.item("cegah-dbd").blob().equals(balai.item("cegah-dbd").blob()));
        assertEquals(11, built.blobs());
    }

    @Test
    void versionIncrementsOnRebuild() throws Exception {
        Path site = Fixtures.goldenSite(tmp);
        Path keys = Fixtures.testKeys(tmp.resolve("keys"));
        Path out = tmp.resolve("bundle");
        assertEquals(1, new BundleBuilder().build(site, keys, out, CLOCK).channel("simpang-lima").version());
        assertEquals(2, new BundleBuilder().build(site, keys, out, CLOCK).channel("simpang-lima").version());
        assertEquals(2, verified(out, "simpang-lima").version());
        assertEquals(7, new BundleBuilder(new BuildOptions(7L, 30), BuildListener.SILENT).build(site, keys, out, CLOCK)
                .channel("simpang-lima").version());
        assertEquals(7, verified(out, "simpang-lima").version());
        assertEquals(List.of("bundle", "golden-site", "keys"), Fixtures.names(tmp));
    }

    @Test
    void explicitVersionThatWouldRollDevicesBackIsRefused() throws Exception {
        Path site = Fixtures.goldenSite(tmp);
        Path keys = Fixtures.testKeys(tmp.resolve("keys"));
        Path out = tmp.resolve("bundle");
        new BundleBuilder(new BuildOptions(5L, 30), BuildListener.SILENT).build(site, keys, out, CLOCK);
        List<String> before = Fixtures.snapshot(out);
        PackagerException e = assertThrows(PackagerException.class, () ->
                new BundleBuilder(new BuildOptions(5L, 30), BuildListener.SILENT).build(site, keys, out, CLOCK));
        assertEquals(PackagerException.Kind.REFUSED, e.kind());
        assertTrue(e.getMessage().contains("--version 5 is not newer than version 5 of channel simpang-lima"), e.getMessage());
        assertEquals(before, Fixtures.snapshot(out));
    }

    @Test
    void corruptMediaFoundLateLeavesThePreviousBundleByteIdenticalAndNoTempFolders() throws Exception {
        Path site = Fixtures.examplesSite(tmp);
        Path keys = Fixtures.testKeys(tmp.resolve("keys"));
        Path out = tmp.resolve("out/bundle");
        new BundleBuilder().build(site, keys, out, CLOCK);
        List<String> before = Fixtures.snapshot(out);

        // A PNG whose header is fine but whose pixels are cut off: validation passes, decoding fails at step 5.
        Path png = site.resolve("media/sukamaju-bersinar.png");
        byte[] bytes = Files.readAllBytes(png);
        Files.write(png, java.util.Arrays.copyOf(bytes, bytes.length / 3));
        AtomicInteger finished = new AtomicInteger();
        BuildListener counting = new BuildListener() {
            @Override
            public void stepFinished(Step step, long millis) {
                finished.incrementAndGet();
            }
        };
        SiteInvalidException e = assertThrows(SiteInvalidException.class, () ->
                new BundleBuilder(BuildOptions.DEFAULTS, counting).build(site, keys, out, CLOCK));
        assertEquals(1, e.problems().size(), e.problems().toString());
        assertTrue(e.problems().get(0).toString().startsWith("pilot-kota/announcements/sukamaju-bersinar.yaml:7:8: image: "
                + "expected a PNG or JPEG image that decodes completely, found a corrupt image \"media/sukamaju-bersinar.png\""),
                e.problems().get(0).toString());
        assertEquals(9, finished.get(), "the other items were rendered and written before the failure was known");
        assertEquals(before, Fixtures.snapshot(out));
        assertEquals(List.of("bundle"), Fixtures.names(out.getParent()));
    }

    @Test
    void signingKeyTheRootDoesNotListIsRefusedNamingTheKeyAndTheFix() throws Exception {
        Path site = Fixtures.goldenSite(tmp);
        Path out = tmp.resolve("out/bundle");
        new BundleBuilder().build(site, Fixtures.testKeys(tmp.resolve("keys")), out, CLOCK);
        List<String> before = Fixtures.snapshot(out);
        Path strangerKeys = Fixtures.keys(tmp.resolve("stranger"), TestKeys.STRANGER, TestKeys.rootEnvelope());

        PackagerException e = assertThrows(PackagerException.class, () -> new BundleBuilder().build(site, strangerKeys, out, CLOCK));
        String id = Ed25519.keyId(TestKeys.STRANGER.getPublic());
        assertEquals(PackagerException.Kind.INVALID_INPUT, e.kind());
        assertTrue(e.getMessage().startsWith("the signing key " + id + " (" + strangerKeys.resolve("signing.pub")
                + ") is not listed in the playlist role of " + strangerKeys.resolve("root.json")), e.getMessage());
        assertTrue(e.getMessage().contains(Ed25519.keyId(TestKeys.SIGNER.getPublic())), "names the key that is listed");
        assertTrue(e.getMessage().contains("Fix: "), e.getMessage());
        assertEquals(before, Fixtures.snapshot(out));
        assertEquals(List.of("bundle"), Fixtures.names(out.getParent()));
    }

    @Test
    void abortHalfWayThroughLeavesThePreviousBundleAndNoTempFolders() throws Exception {
        Path site = Fixtures.goldenSite(tmp);
        Path keys = Fixtures.testKeys(tmp.resolve("keys"));
        Path out = tmp.resolve("out/bundle");
        new BundleBuilder().build(site, keys, out, CLOCK);
        List<String> before = Fixtures.snapshot(out);
        BuildListener crashing = new BuildListener() {
            @Override
            public void stepFinished(Step step, long millis) {
                if (step.number() == 2) {
                    throw new IllegalStateException("power cut");
                }
            }
        };
        assertThrows(IllegalStateException.class, () -> new BundleBuilder(BuildOptions.DEFAULTS, crashing).build(site, keys, out, CLOCK));
        assertEquals(before, Fixtures.snapshot(out));
        assertEquals(List.of("bundle"), Fixtures.names(out.getParent()));
        // And the next build carries on from the previous version.
        assertEquals(2, new BundleBuilder().build(site, keys, out, CLOCK).channel("simpang-lima").version());
    }

    @Test
    void emergencyItemsUnderARootThatWantsMoreSignersAreRefusedUpFront() throws Exception {
        java.util.Map<String, java.security.PublicKey> keys = java.util.Map.of(
                Ed25519.keyId(TestKeys.ROOT.getPublic()), TestKeys.ROOT.getPublic(),
                Ed25519.keyId(TestKeys.SIGNER.getPublic()), TestKeys.SIGNER.getPublic(),
                Ed25519.keyId(TestKeys.STRANGER.getPublic()), TestKeys.STRANGER.getPublic());
        id.layar.playlist.Root root = new id.layar.playlist.Root(1, TestKeys.ROOT_EXPIRES, keys, java.util.Map.of(
                "root", new id.layar.playlist.Root.Role(java.util.Set.of(Ed25519.keyId(TestKeys.ROOT.getPublic())), 1),
                "playlist", new id.layar.playlist.Root.Role(java.util.Set.of(Ed25519.keyId(TestKeys.SIGNER.getPublic())), 1),
                "emergency", new id.layar.playlist.Root.Role(java.util.Set.of(Ed25519.keyId(TestKeys.SIGNER.getPublic()),
                        Ed25519.keyId(TestKeys.STRANGER.getPublic())), 2)));
        byte[] rootJson = id.layar.playlist.Envelope.sign(id.layar.playlist.Envelope.ROOT_TYPE, root.toPayload(),
                List.of(TestKeys.signing(TestKeys.ROOT))).toBytes();
        Path keysDir = Fixtures.keys(tmp.resolve("keys"), TestKeys.SIGNER, rootJson);
        Path site = Fixtures.goldenSite(tmp);
        Path out = tmp.resolve("bundle");
        // Without an emergency item the root's emergency role does not matter.
        assertEquals(1, new BundleBuilder().build(site, keysDir, out, CLOCK).channel("simpang-lima").version());

        Fixtures.write(site.resolve("announcements/banjir.yaml"),
                "title: Banjir\ntype: slide\nchannels: [simpang-lima]\npriority: emergency\ntext: {heading: BANJIR}\n");
        List<String> before = Fixtures.snapshot(out);
        PackagerException e = assertThrows(PackagerException.class, () -> new BundleBuilder().build(site, keysDir, out, CLOCK));
        assertTrue(e.getMessage().startsWith(keysDir.resolve("root.json") + " requires 2 signature(s) of its emergency role "
                + "on playlists with an emergency item (banjir)"), e.getMessage());
        assertEquals(before, Fixtures.snapshot(out));
    }

    @Test
    void aFolderThatIsNotABundleIsNeverReplaced() throws Exception {
        Path site = Fixtures.goldenSite(tmp);
        Path keys = Fixtures.testKeys(tmp.resolve("keys"));
        Path precious = tmp.resolve("documents");
        Fixtures.write(precious.resolve("laporan.docx"), "important");
        PackagerException e = assertThrows(PackagerException.class, () -> new BundleBuilder().build(site, keys, precious, CLOCK));
        assertEquals(PackagerException.Kind.REFUSED, e.kind());
        assertTrue(e.getMessage().contains("it is not a bundle (it contains laporan.docx)"), e.getMessage());
        assertEquals("important", Files.readString(precious.resolve("laporan.docx")));
        assertEquals(List.of("documents", "golden-site", "keys"), Fixtures.names(tmp));
    }

    @Test
    void anInvalidSiteWritesNothing() {
        Path site = Fixtures.goldenSite(tmp);
        Fixtures.write(site.resolve("announcements/cegah-dbd.yaml"), "title: x\ntype: slide\nchannels: [nowhere]\ntext: {heading: x}\n");
        Path out = tmp.resolve("out/bundle");
        SiteInvalidException e = assertThrows(SiteInvalidException.class,
                () -> new BundleBuilder().build(site, Fixtures.testKeys(tmp.resolve("keys")), out, CLOCK));
        assertEquals("golden-site/announcements/cegah-dbd.yaml:3:12: channels[0]: expected a channel id from site.yaml "
                + "(simpang-lima), found \"nowhere\"", e.problems().get(0).toString());
        assertFalse(Files.exists(out.getParent()));
    }

    @Test
    void textThatCannotFitIsAProblemAtTheTextField() {
        Path site = Fixtures.goldenSite(tmp);
        Fixtures.write(site.resolve("announcements/cegah-dbd.yaml"), "title: x\ntype: slide\nchannels: [simpang-lima]\n"
                + "text:\n  heading: " + "Pemberantasan sarang nyamuk ".repeat(20) + "\n");
        SiteInvalidException e = assertThrows(SiteInvalidException.class,
                () -> new BundleBuilder().build(site, Fixtures.testKeys(tmp.resolve("keys")), tmp.resolve("b"), CLOCK));
        assertTrue(e.problems().get(0).toString().startsWith("golden-site/announcements/cegah-dbd.yaml:5:3: text: expected "
                + "text that fits channel simpang-lima (64x32) at a legible size; shorten it, found "), e.problems().toString());
        assertEquals(List.of("golden-site", "keys"), Fixtures.names(tmp));
    }
}
