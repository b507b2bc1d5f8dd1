package id.layar.packager.publish;

import static id.layar.packager.publish.PublishFixtures.servedVersions;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import id.layar.packager.Cli;
import id.layar.packager.ExitCodes;
import id.layar.packager.FakeDevice;
import id.layar.packager.Fixtures;
import id.layar.packager.Poll;
import id.layar.packager.serve.EmbeddedBroker;
import io.vertx.core.Vertx;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code content-packager publish} in-process: output, exit codes, and the "sync now" notification on a real broker. */
class PublishCommandTest {
    @TempDir
    static Path shared;
    static Path v1;
    static Path v2;

    @TempDir
    Path tmp;

    private final Vertx vertx = Vertx.vertx();
    private EmbeddedBroker broker;

    @BeforeAll
    static void build() throws Exception {
        Path site = PublishFixtures.site(shared.resolve("site"), "DBD");
        v1 = Fixtures.copyTree(PublishFixtures.build(site, shared.resolve("b/bundle"), 1L), shared.resolve("v1"));
        PublishFixtures.site(shared.resolve("site"), "Awas DBD");
        v2 = PublishFixtures.build(site, shared.resolve("b/bundle"), 2L);
    }

    @AfterEach
    void stop() throws Exception {
        if (broker != null) {
            broker.stop();
        }
        Poll.await(vertx.close());
    }

    @Test
    void publishSendsTheNotificationOfEachChangedChannel() throws Exception {
        broker = EmbeddedBroker.start("127.0.0.1", 0, tmp.resolve("data"), null);
        Path origin = tmp.resolve("origin");
        assertEquals(ExitCodes.OK, new Cli().run("publish", v1, "--to", origin));
        try (FakeDevice wall = FakeDevice.connect(vertx, broker.port(), "wall-1", null)) {
            wall.subscribe("layar/channels/+/notify");
            Cli cli = new Cli();
            assertEquals(ExitCodes.OK, cli.run("publish", v2, "--to", origin, "--broker", "mqtt://127.0.0.1:" + broker.port()), cli.err());
            Poll.until("two notifications", () -> wall.received.size() == 2, wall.received::toString);
            assertEquals(List.of("layar/channels/balai-kota/notify {\"channel\":\"balai-kota\",\"version\":2}",
                    "layar/channels/simpang-lima/notify {\"channel\":\"simpang-lima\",\"version\":2}"), wall.received.stream().sorted().toList());
            List<String> out = cli.out().lines().toList();
            assertTrue(out.get(0).startsWith("Published " + v2 + " to " + origin + ": "), out.get(0));
            assertEquals("  balai-kota    version 2 (was 1)", out.get(1));
            assertEquals("  simpang-lima  version 2 (was 1)", out.get(2));
            assertEquals("Devices of balai-kota were told about version 2 (mqtt://127.0.0.1:" + broker.port() + ")", out.get(3));

            // Nothing changed: nothing to announce.
            Cli again = new Cli();
            assertEquals(ExitCodes.OK, again.run("publish", v2, "--to", origin, "--broker", "mqtt://127.0.0.1:" + broker.port()));
            assertTrue(again.out().contains("  simpang-lima  version 2 (unchanged)"), again.out());
            assertTrue(again.out().contains("0 file(s) copied (0 B)"), again.out());
        }
        assertEquals(Map.of("simpang-lima", 2L, "balai-kota", 2L), servedVersions(origin));
    }

    @Test
    void progressShowsEveryFileWithItsSizeOnStderr() {
        Cli cli = new Cli();
        assertEquals(ExitCodes.OK, cli.run("publish", v1, "--to", tmp.resolve("origin")), cli.err());
        List<String> err = cli.err().lines().toList();
        assertTrue(err.get(0).startsWith("verified " + v1 + ": 2 channels, "), err.get(0));
        List<String> steps = err.stream().filter(l -> l.startsWith("[")).toList();
        assertTrue(steps.get(0).matches("\\[ ?1/\\d+] blobs/sha256/[0-9a-f]{12}…  \\d+(\\.\\d)? (B|KB) \\.\\.\\. copied"), steps.get(0));
        assertTrue(steps.get(steps.size() - 1).matches("\\[\\d+/\\d+] channels/simpang-lima/playlist.json  .* \\.\\.\\. copied"),
                steps.get(steps.size() - 1));
        assertTrue(cli.err().contains("no --broker: devices pick the new version up at their next poll"), cli.err());
    }

    @Test
    void aBrokerThatIsDownIsAWarningAndThePublishStillSucceeds() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        Path origin = tmp.resolve("origin");
        Cli cli = new Cli();
        assertEquals(ExitCodes.OK, cli.run("publish", v1, "--to", origin, "--broker", "mqtt://127.0.0.1:" + closed), cli.err());
        assertTrue(cli.err().contains("warning: the content is published, but the devices could not be told: cannot reach the MQTT broker at mqtt://127.0.0.1:"
                + closed + ": connection refused"), cli.err());
        assertEquals(Map.of("simpang-lima", 1L, "balai-kota", 1L), servedVersions(origin));
    }

    @Test
    void goingBackIsRefusedWithExitThreeAndTheFixNamed() throws Exception {
        Path origin = tmp.resolve("origin");
        assertEquals(ExitCodes.OK, new Cli().run("publish", v2, "--to", origin));
        List<String> before = Fixtures.snapshot(origin);
        Cli cli = new Cli();
        assertEquals(ExitCodes.REFUSED, cli.run("publish", v1, "--to", origin));
        assertTrue(cli.err().contains("error: channel balai-kota: the bundle has version 1 but the origin already has version 2 ("
                + origin.resolve("channels/balai-kota/playlist.json") + "). Devices never go back a version"), cli.err());
        assertTrue(cli.err().contains("nothing was published: " + origin + " is as it was before"), cli.err());
        assertTrue(cli.err().contains("error: refusing to publish to " + origin + ": 2 problem(s) above; nothing was changed"), cli.err());
        assertEquals(before, Fixtures.snapshot(origin));
    }

    @Test
    void aBadBrokerUrlIsRefusedBeforeAnythingIsCopied() {
        Cli cli = new Cli();
        Path origin = tmp.resolve("origin");
        assertEquals(ExitCodes.INVALID_INPUT, cli.run("publish", v1, "--to", origin, "--broker", "http://broker:1883"));
        assertTrue(cli.err().contains("error: --broker must be a broker URL like mqtt://127.0.0.1:1883 or mqtts://broker.example.go.id:8883; "
                + "found \"http://broker:1883\""), cli.err());
        assertTrue(!Files.exists(origin));
    }

    @Test
    void indonesianMessagesWithLangId() {
        Cli cli = new Cli();
        assertEquals(ExitCodes.OK, cli.run("--lang", "id", "publish", v1, "--to", tmp.resolve("origin")), cli.err());
        assertTrue(cli.out().contains("  simpang-lima  versi 1 (kanal baru)"), cli.out());
        assertTrue(cli.err().contains("tanpa --broker"), cli.err());
        assertTrue(cli.err().contains("... disalin"), cli.err());
    }
}
