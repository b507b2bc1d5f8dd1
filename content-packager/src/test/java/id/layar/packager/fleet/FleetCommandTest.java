package id.layar.packager.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import id.layar.packager.Cli;
import id.layar.packager.ExitCodes;
import id.layar.packager.FakeDevice;
import id.layar.packager.Poll;
import id.layar.packager.serve.EmbeddedBroker;
import id.layar.playlist.testing.TestKeys;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code fleet} against a real broker holding the retained messages of three fake devices: one online, one whose Last
 * Will fired (its connection dropped), one that published a state that is not JSON.
 */
class FleetCommandTest {
    private static final Instant NOW = TestKeys.NOW;

    @TempDir
    static Path tmp;
    static Vertx vertx;
    static EmbeddedBroker broker;
    static FakeDevice wall1;

    @BeforeAll
    static void devices() throws Exception {
        vertx = Vertx.vertx();
        broker = EmbeddedBroker.start("127.0.0.1", 0, tmp.resolve("data"), null);
        wall1 = FakeDevice.connect(vertx, broker.port(), "wall-1", null);
        wall1.online(NOW.minusSeconds(3 * 3600).toString());
        wall1.state(new JsonObject()
                .put("device", "wall-1").put("channel", "simpang-lima").put("version", 4)
                .put("playing", new JsonObject().put("id", "cegah-dbd").put("title", "Cegah DBD").put("since", NOW.minusSeconds(200).toString()))
                .put("problem", (String) null)
                .put("lastSync", new JsonObject().put("at", NOW.minusSeconds(180).toString()).put("outcome", "accepted").put("detail", "version 4"))
                .putNull("lastRejection").putNull("renderError").put("agentVersion", "0.1.0")
                .put("at", NOW.minusSeconds(180).toString()).put("online", true)
                .put("cpuTemperatureC", 51.5).put("diskFreeBytes", 1_234_567_890L)
                .put("aFieldFromANewerAgent", new JsonObject().put("x", 1)));

        FakeDevice.connectAndDrop(vertx, broker.port(), "wall-2", null, NOW.minusSeconds(2 * 3600).toString(), new JsonObject()
                .put("device", "wall-2").put("channel", "balai-kota").put("version", 3).putNull("playing")
                .putNull("problem").putNull("renderError")
                .put("lastRejection", new JsonObject().put("at", NOW.minusSeconds(7300).toString()).put("reason", "rollback")
                        .put("detail", "playlist version 2 is older than the accepted version 3"))
                .put("at", NOW.minusSeconds(2 * 3600).toString()).put("online", true));

        try (FakeDevice wall3 = FakeDevice.connect(vertx, broker.port(), "wall-3", null)) {
            wall3.online(NOW.minusSeconds(30).toString());
            wall3.publish("layar/devices/wall-3/state", "{\"device\":\"wall-3\",".getBytes(StandardCharsets.UTF_8), true);
        }
        // The broker publishes wall-2's will when it notices the dropped connection.
        try (FakeDevice watcher = FakeDevice.observer(vertx, broker.port(), "watcher", null)) {
            watcher.subscribe("layar/devices/wall-2/online");
            Poll.until("wall-2's Last Will", () -> watcher.received.stream().anyMatch(m -> m.endsWith("{\"online\":false}")),
                    watcher.received::toString);
        }
    }

    @AfterAll
    static void stop() throws Exception {
        wall1.close();
        broker.stop();
        Poll.await(vertx.close());
    }

    @Test
    void theTableShowsEveryDeviceOnlineOrNotWithWhatIsWrong() {
        Cli cli = new Cli();
        assertEquals(ExitCodes.OK, cli.run("fleet", "--broker", "mqtt://127.0.0.1:" + broker.port(), "--wait", "10s"), cli.err());
        List<String> out = cli.out().lines().toList();
        assertEquals(5, out.size(), cli.out());
        assertEquals("DEVICE  STATUS   CHANNEL       VERSION  PLAYING NOW  LAST SEEN  LAST ERROR", out.get(0));
        assertEquals("wall-1  online   simpang-lima  4        Cegah DBD    3 min ago  -", out.get(1));
        assertEquals("wall-2  OFFLINE  balai-kota    3        -            2 h ago    rollback: playlist version 2 is older than the accepted ver…",
                out.get(2));
        assertTrue(out.get(3).startsWith("wall-3  online   -             -        -            just now   status unreadable: not valid JSON"),
                out.get(3));
        assertEquals("3 devices: 2 online, 1 offline, 1 with unreadable status", out.get(4));
    }

    @Test
    void inIndonesianTheWordsAndTimesAreIndonesian() {
        Cli cli = new Cli();
        assertEquals(ExitCodes.OK, cli.run("--lang", "id", "fleet", "--broker", "mqtt://127.0.0.1:" + broker.port()), cli.err());
        List<String> out = cli.out().lines().toList();
        assertTrue(out.get(0).startsWith("PERANGKAT  STATUS  KANAL"), out.get(0));
        assertTrue(out.get(1).contains("daring") && out.get(1).contains("3 menit lalu"), out.get(1));
        assertTrue(out.get(2).contains("LURING") && out.get(2).contains("2 jam lalu"), out.get(2));
    }

    @Test
    void jsonIsAStableArraySortedByDevice() throws Exception {
        Cli cli = new Cli();
        assertEquals(ExitCodes.OK, cli.run("fleet", "--json", "--broker", "mqtt://127.0.0.1:" + broker.port()), cli.err());
        JsonNode a = new ObjectMapper().readTree(cli.out());
        assertEquals(3, a.size());
        JsonNode w1 = a.get(0);
        assertEquals(List.of("agentVersion", "channel", "cpuTemperatureC", "device", "diskFreeBytes", "lastError", "lastSeen", "online",
                "playing", "unreadable", "version"), iterable(w1.fieldNames()));
        assertEquals("wall-1", w1.get("device").asText());
        assertTrue(w1.get("online").asBoolean());
        assertEquals(4, w1.get("version").asLong());
        assertEquals("cegah-dbd", w1.get("playing").get("id").asText());
        assertEquals(NOW.minusSeconds(180).toString(), w1.get("lastSeen").asText());
        assertEquals(1_234_567_890L, w1.get("diskFreeBytes").asLong());
        JsonNode w2 = a.get(1);
        assertEquals(false, w2.get("online").asBoolean());
        assertEquals("rollback: playlist version 2 is older than the accepted version 3", w2.get("lastError").asText());
        assertTrue(w2.get("playing").isNull());
        JsonNode w3 = a.get(2);
        assertTrue(w3.get("unreadable").asText().startsWith("not valid JSON"), w3.toString());
        assertTrue(w3.get("channel").isNull());
        // Same input, same bytes.
        Cli again = new Cli();
        again.run("fleet", "--json", "--broker", "mqtt://127.0.0.1:" + broker.port());
        assertEquals(cli.out(), again.out());
    }

    @Test
    void aBrokerThatCannotBeReachedIsAnIoErrorNamingIt() throws Exception {
        int closed;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        Cli cli = new Cli();
        assertEquals(ExitCodes.IO_ERROR, cli.run("fleet", "--broker", "mqtt://127.0.0.1:" + closed));
        assertEquals("error: cannot reach the MQTT broker at mqtt://127.0.0.1:" + closed + ": connection refused. Is it running "
                + "(content-packager serve, or Mosquitto), and is the address right?", cli.err().strip());
    }

    @Test
    void aBrokerWithoutDevicesSaysSoAfterTheWait() throws Exception {
        EmbeddedBroker empty = EmbeddedBroker.start("127.0.0.1", 0, tmp.resolve("empty"), null);
        try {
            Cli cli = new Cli();
            long start = System.nanoTime();
            assertEquals(ExitCodes.OK, cli.run("fleet", "--broker", "mqtt://127.0.0.1:" + empty.port(), "--wait", "300ms"), cli.err());
            assertEquals("No device has reported to mqtt://127.0.0.1:" + empty.port() + " yet (devices publish their status once they "
                    + "are provisioned with --broker).", cli.out().strip());
            assertTrue(System.nanoTime() - start < 10_000_000_000L);
        } finally {
            empty.stop();
        }
    }

    private static List<String> iterable(java.util.Iterator<String> it) {
        List<String> out = new java.util.ArrayList<>();
        it.forEachRemaining(out::add);
        return out;
    }
}
