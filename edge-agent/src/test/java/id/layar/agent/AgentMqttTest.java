package id.layar.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import id.layar.agent.telemetry.Fleet;
import id.layar.agent.telemetry.Mosquitto;
import id.layar.agent.telemetry.MqttSettings;
import id.layar.playlist.proof.ChainCheck;
import id.layar.playlist.proof.PlayRecord;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;
import io.netty.handler.codec.mqtt.MqttQoS;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole agent against a real Mosquitto configured like production (passwords, the per-device ACL): its state
 * reaches the fleet, a notification brings a new playlist without waiting for the poll, and what left the wall
 * arrives as a chained proof-of-play record.
 */
@ExtendWith(VertxExtension.class)
class AgentMqttTest {
    private static final String DEVICE = "test-wall-01";
    private static final Duration WAIT = Duration.ofSeconds(15);
    private final byte[] red = Bundles.png(Bundles.RED);
    private final byte[] green = Bundles.png(Bundles.GREEN);
    private Harness h;
    private Mosquitto broker;
    private Fleet fleet;

    @AfterEach
    void tearDown() throws Exception {
        if (h != null) {
            h.close();
        }
        if (fleet != null) {
            fleet.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void stateReachesTheFleetANotificationSyncsAtOnceAndPlaysArriveChained(Vertx vertx, @TempDir Path dir) throws Exception {
        broker = Mosquitto.start(dir.resolve("broker"), Map.of(DEVICE, "device-pw", "fleet", "fleet-pw",
                "publisher", "publisher-pw"), false);
        fleet = new Fleet(vertx, broker.port(), "fleet", "fleet-pw", "fleet-test", false, List.of("layar/#")).connect();
        h = new Harness(vertx, dir.resolve("agent"));
        URI url = URI.create("mqtt://127.0.0.1:" + broker.port());
        h.tweak = c -> c.withMqtt(new MqttSettings(url, null, "device-pw", Duration.ofSeconds(5)));
        Bundles.publish(h.origin, Bundles.signed(Bundles.playlist(3, Bundles.still("red", red))), red);
        h.start();
        h.awaitPanel(Bundles.solid(Bundles.RED), "red");

        String stateTopic = "layar/devices/" + DEVICE + "/state";
        Fleet.await(() -> {
            JsonObject s = fleet.lastJson(stateTopic);
            return s != null && s.getLong("version", 0L) == 3 && s.getJsonObject("playing") != null;
        }, WAIT, () -> "retained state with version 3; last: " + fleet.lastJson(stateTopic));
        JsonObject s = fleet.lastJson(stateTopic);
        assertEquals(Bundles.CHANNEL, s.getString("channel"));
        assertEquals("red", s.getJsonObject("playing").getString("id"));
        assertTrue(s.getBoolean("online"));
        assertTrue(s.containsKey("diskFreeBytes") && s.containsKey("cpuTemperatureC") && s.containsKey("agentVersion"), s::encode);
        Fleet.await(() -> h.agent.status().mqtt() != null && h.agent.status().mqtt().getBoolean("connected", false), WAIT,
                () -> "status to show the broker connection: " + h.agent.status().mqtt());

        // Staff publish version 4 and notify; the agent polls only hourly, so the notification is what brings it.
        Bundles.publish(h.origin, Bundles.signed(Bundles.playlist(4, Bundles.still("green", green))), green);
        MqttClient publisher = MqttClient.create(vertx, new MqttClientOptions().setClientId("publisher-test")
                .setUsername("publisher").setPassword("publisher-pw"));
        publisher.connect(broker.port(), "127.0.0.1").await(10, TimeUnit.SECONDS);
        publisher.publish("layar/channels/" + Bundles.CHANNEL + "/notify",
                Buffer.buffer("{\"channel\":\"" + Bundles.CHANNEL + "\",\"version\":4}"), MqttQoS.AT_LEAST_ONCE, false, false)
                .await(10, TimeUnit.SECONDS);
        publisher.disconnect().await(10, TimeUnit.SECONDS);
        h.awaitPanel(Bundles.solid(Bundles.GREEN), "green, brought by the notification");

        // Red left the wall when version 4 arrived: one record, the first of this device's chain.
        Fleet.await(() -> !fleet.playsOf(DEVICE).isEmpty(), WAIT, () -> "the proof of play of red");
        PlayRecord r = fleet.playsOf(DEVICE).get(0);
        assertEquals("red", r.item());
        assertEquals(3, r.version());
        assertEquals(PlayRecord.Outcome.CUT, r.outcome());
        assertEquals(1, r.seq());
        assertEquals(List.of(), ChainCheck.check(fleet.playsOf(DEVICE)));
        Fleet.await(() -> h.agent.status().mqtt().getLong("outboxSize", -1L) == 0, WAIT,
                () -> "the outbox to empty once the broker acknowledged: " + h.agent.status().mqtt());

        // A clean stop says offline itself (a Last Will only fires when the connection drops).
        h.stopAgent();
        Fleet.await(() -> {
            JsonObject o = fleet.lastJson("layar/devices/" + DEVICE + "/online");
            return o != null && !o.getBoolean("online", true);
        }, WAIT, () -> "online=false after the agent stopped");
    }
}
