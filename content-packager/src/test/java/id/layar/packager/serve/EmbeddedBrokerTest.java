package id.layar.packager.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import id.layar.packager.FakeDevice;
import id.layar.packager.Fixtures;
import id.layar.packager.PackagerException;
import id.layar.packager.Poll;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;
import java.io.IOException;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedBrokerTest {
    @TempDir
    Path tmp;

    private final Vertx vertx = Vertx.vertx();
    private EmbeddedBroker broker;

    @AfterEach
    void stop() throws Exception {
        if (broker != null) {
            broker.stop();
        }
        Poll.await(vertx.close());
    }

    @Test
    void startsWithoutWritingIntoTheWorkingDirectoryAndWithoutTelemetry() throws Exception {
        Path cwd = Path.of("").toAbsolutePath();
        List<String> before = Fixtures.names(cwd);
        ProxySelector previous = ProxySelector.getDefault();
        List<URI> requested = new CopyOnWriteArrayList<>();
        ProxySelector.setDefault(new ProxySelector() { // every HttpURLConnection asks it first
            @Override
            public List<Proxy> select(URI uri) {
                requested.add(uri);
                return List.of(Proxy.NO_PROXY);
            }

            @Override
            public void connectFailed(URI uri, SocketAddress sa, IOException ioe) {
            }
        });
        try {
            broker = EmbeddedBroker.start("127.0.0.1", 0, tmp.resolve("data"), null);
            assertEquals("false", broker.settings().getProperty("telemetry_enabled"));
            // A round trip through the store: a retained message survives the broker's restart.
            try (FakeDevice d = FakeDevice.connect(vertx, broker.port(), "wall-1", null)) {
                d.online("2026-11-24T03:00:00Z");
            }
            broker.stop();
            broker = EmbeddedBroker.start("127.0.0.1", 0, tmp.resolve("data"), null);
            try (FakeDevice reader = FakeDevice.observer(vertx, broker.port(), "reader", null)) {
                reader.subscribe("layar/devices/+/online");
                Poll.until("the retained online message after a restart", () -> reader.received.stream()
                        .anyMatch(m -> m.startsWith("layar/devices/wall-1/online ")), reader.received::toString);
                assertEquals(List.of("layar/devices/wall-1/online {\"online\":true,\"at\":\"2026-11-24T03:00:00Z\"}"),
                        reader.received.stream().filter(m -> m.startsWith("layar/devices/wall-1/")).toList());
            }
            broker.stop();
            broker = null;
        } finally {
            ProxySelector.setDefault(previous);
        }
        assertEquals(before, Fixtures.names(cwd), "nothing new in the working directory " + cwd);
        assertFalse(Files.exists(cwd.resolve("data")));
        assertTrue(Files.isDirectory(tmp.resolve("data").resolve(EmbeddedBroker.STORE)));
        try (Stream<Path> all = Files.walk(tmp)) {
            assertEquals(List.of(), all.filter(p -> p.getFileName().toString().contains("moquette_uuid")).toList(),
                    "the telemetry id is written only when telemetry is on");
        }
        assertEquals(List.of(), requested.stream().filter(u -> u.toString().contains("moquette")).toList());
    }

    /** The retained payload of {@code topic} as a new subscriber sees it, or null. */
    private String retained(String topic) throws Exception {
        try (FakeDevice reader = FakeDevice.observer(vertx, broker.port(), "reader-" + System.nanoTime(), null)) {
            reader.subscribe(topic);
            Poll.until("the retained " + topic, () -> !reader.received.isEmpty(), () -> "nothing");
            return reader.received.get(0).substring(topic.length() + 1);
        }
    }

    /**
     * Moquette's interceptors run in order on one thread: once a retained QoS 0 marker published now
     * is stored (by RetainLikeMosquitto), every connect and drop before it has been handled.
     */
    private void afterTheBrokerCaughtUp(FakeDevice via, String marker) throws Exception {
        via.publishAtMostOnce("layar/devices/" + via.id + "/marker", marker.getBytes(StandardCharsets.UTF_8), true);
        Poll.until("the marker " + marker, () -> {
            try (FakeDevice reader = FakeDevice.observer(vertx, broker.port(), "marker-" + System.nanoTime(), null)) {
                reader.subscribe("layar/devices/" + via.id + "/marker");
                long end = System.nanoTime() + 300_000_000L;
                while (reader.received.isEmpty() && System.nanoTime() < end) {
                    Thread.sleep(10);
                }
                return reader.received.stream().anyMatch(m -> m.endsWith(" " + marker));
            }
        }, () -> "not yet");
    }

    @Test
    void retainedStateAndWillsBehaveAsOnMosquitto() throws Exception {
        broker = EmbeddedBroker.start("127.0.0.1", 0, tmp.resolve("data"), null);
        // A QoS 0 retained message is kept (Moquette alone would clear the topic instead).
        try (FakeDevice d = FakeDevice.connect(vertx, broker.port(), "wall-0", null)) {
            d.publishAtMostOnce("layar/devices/wall-0/state", "{\"qos\":0}".getBytes(StandardCharsets.UTF_8), true);
            d.online("2026-11-24T03:00:00Z"); // acknowledged: the broker handled the publish before it, in order
        }
        Poll.until("the QoS 0 state retained", () -> "{\"qos\":0}".equals(retained("layar/devices/wall-0/state")), () -> "");

        // A dropped connection: its retained will is stored (Moquette alone only forwards it).
        FakeDevice.connectAndDrop(vertx, broker.port(), "wall-1", null, "2026-11-24T03:00:00Z", new JsonObject());
        Poll.until("wall-1's will retained", () -> "{\"online\":false}".equals(retained("layar/devices/wall-1/online")), () -> "");

        // A clean stop: no will.
        try (FakeDevice d = FakeDevice.connect(vertx, broker.port(), "wall-2", null)) {
            d.online("2026-11-24T03:00:00Z");
        }
        try (FakeDevice d = FakeDevice.connect(vertx, broker.port(), "wall-2", null)) {
            afterTheBrokerCaughtUp(d, "after-clean-stop");
        }
        assertEquals("{\"online\":true,\"at\":\"2026-11-24T03:00:00Z\"}", retained("layar/devices/wall-2/online"));

        // A session taken over by a reconnect (the old connection still open): the device is not offline.
        FakeDevice old = FakeDevice.connect(vertx, broker.port(), "wall-3", null);
        old.online("2026-11-24T03:00:00Z");
        try (FakeDevice again = FakeDevice.connect(vertx, broker.port(), "wall-3", null)) {
            again.online("2026-11-24T03:00:05Z");
            afterTheBrokerCaughtUp(again, "after-takeover");
            assertEquals("{\"online\":true,\"at\":\"2026-11-24T03:00:05Z\"}", retained("layar/devices/wall-3/online"));
        }
    }

    @Test
    void aTakenPortIsAnErrorNamingTheAddress() throws Exception {
        broker = EmbeddedBroker.start("127.0.0.1", 0, tmp.resolve("a"), null);
        PackagerException e = assertThrows(PackagerException.class,
                () -> EmbeddedBroker.start("127.0.0.1", broker.port(), tmp.resolve("b"), null));
        assertTrue(e.getMessage().contains("127.0.0.1:" + broker.port()), e.getMessage());
    }

    @Test
    void withAPasswordFileDevicesWriteOnlyBeneathTheirOwnIdAndStrangersAreRefused() throws Exception {
        Path passwd = tmp.resolve("broker.passwd");
        Files.writeString(passwd, "# users\n" + FakeDevice.passwdLine("wall-1", "pw1") + FakeDevice.passwdLine("fleet", "pwf"));
        broker = EmbeddedBroker.start("127.0.0.1", 0, tmp.resolve("data"), BrokerPasswords.read(passwd));

        MqttClient anonymous = MqttClient.create(vertx, new MqttClientOptions().setClientId("x"));
        assertThrows(Exception.class, () -> Poll.await(anonymous.connect(broker.port(), "127.0.0.1")));
        MqttClient wrong = MqttClient.create(vertx, new MqttClientOptions().setClientId("y").setUsername("wall-1").setPassword("nope"));
        assertThrows(Exception.class, () -> Poll.await(wrong.connect(broker.port(), "127.0.0.1")));

        try (FakeDevice fleet = FakeDevice.observer(vertx, broker.port(), "fleet", "pwf");
             FakeDevice wall = FakeDevice.connect(vertx, broker.port(), "wall-1", "pw1")) {
            fleet.subscribe("layar/#");
            wall.publishAtMostOnce("layar/devices/wall-2/state", "{\"forged\":true}".getBytes(StandardCharsets.UTF_8), true);
            wall.publishAtMostOnce("layar/channels/simpang-lima/notify", "{\"channel\":\"simpang-lima\",\"version\":99}".getBytes(StandardCharsets.UTF_8), false);
            wall.state(new JsonObject().put("device", "wall-1"));
            Poll.until("wall-1's own state", () -> fleet.received.stream().anyMatch(m -> m.startsWith("layar/devices/wall-1/")),
                    fleet.received::toString);
            assertEquals(List.of("layar/devices/wall-1/state {\"device\":\"wall-1\"}"), fleet.received,
                    "the forged state and notification were dropped");
        }
    }

    @Test
    void aBadPasswordFileLineIsNamedByFileAndLineWithoutEchoingIt() throws IOException {
        Path passwd = tmp.resolve("broker.passwd");
        Files.writeString(passwd, FakeDevice.passwdLine("wall-1", "pw1") + "fleet:s3cret\n");
        PackagerException e = assertThrows(PackagerException.class, () -> BrokerPasswords.read(passwd));
        assertTrue(e.getMessage().startsWith(passwd + ":2: "), e.getMessage());
        assertFalse(e.getMessage().contains("s3cret"), e.getMessage());
    }
}
