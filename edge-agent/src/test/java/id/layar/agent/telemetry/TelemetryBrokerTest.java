package id.layar.agent.telemetry;

import static id.layar.agent.telemetry.Fleet.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import id.layar.agent.DeviceStatus;
import id.layar.playlist.proof.ChainCheck;
import id.layar.playlist.proof.PlayRecord;
import id.layar.playlist.proof.PlayRecord.Outcome;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Telemetry against a real Mosquitto with deploy/mosquitto/layar.conf and layar.acl: retained state and online flag,
 * the Last Will, notifications, the ACL between devices, outages, wrong passwords. Skipped without Mosquitto.
 */
class TelemetryBrokerTest {
    static final Duration WAIT = Duration.ofSeconds(20);
    static final String CHANNEL = "simpang-lima";
    static final Map<String, String> USERS = Map.of("wall-a", "pw-wall-a", "wall-b", "pw-wall-b", "fleet", "pw-fleet",
            "publisher", "pw-publisher");
    static final Instant T0 = Instant.parse("2026-11-25T03:00:00Z");

    @TempDir
    Path dir;

    Mosquitto broker;
    Vertx vertx;
    final List<Telemetry> started = new ArrayList<>();
    final List<Fleet> fleets = new ArrayList<>();
    final List<MqttClient> clients = new ArrayList<>();
    final AtomicReference<JsonObject> status = new AtomicReference<>();
    final AtomicInteger statusCalls = new AtomicInteger();
    final AtomicInteger notified = new AtomicInteger();
    Path sysRoot;

    @BeforeEach
    void startBroker() throws Exception {
        broker = Mosquitto.start(dir.resolve("broker"), USERS, true);
        // The agent's own Vert.x options (Main.vertxOptions): one event loop, two workers.
        vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(2).setInternalBlockingPoolSize(2));
        status.set(statusJson("wall-a", 3, 10));
        sysRoot = dir.resolve("sys-root");
        Path zone = Files.createDirectories(sysRoot.resolve("sys/class/thermal/thermal_zone0"));
        Files.writeString(zone.resolve("type"), "cpu-thermal\n");
        Files.writeString(zone.resolve("temp"), "51234\n");
    }

    @AfterEach
    void stopAll() throws Exception {
        for (Telemetry t : started) {
            t.stop().await(10, TimeUnit.SECONDS);
        }
        for (Fleet f : fleets) {
            f.close();
        }
        for (MqttClient c : clients) {
            if (c.isConnected()) {
                c.disconnect().await(5, TimeUnit.SECONDS);
            }
        }
        vertx.close().await(10, TimeUnit.SECONDS);
        if (broker != null) {
            broker.close();
        }
    }

    static JsonObject statusJson(String device, long version, long uptime) {
        return new JsonObject().put("device", device).put("channel", CHANNEL).put("version", version)
                .put("playing", new JsonObject().put("id", "cegah-dbd")).put("uptimeSeconds", uptime)
                .put("agentVersion", "0.1.0-test").put("clock", new JsonObject().put("system", Instant.now().toString()));
    }

    Telemetry start(Vertx on, String device, String password) throws Exception {
        return start(on, device, password, broker.port());
    }

    Telemetry start(Vertx on, String device, String password, int port) throws Exception {
        return start(on, device, password, port, status::get, System::nanoTime);
    }

    /**
     * Telemetry with the default settings (state heartbeat {@link MqttSettings#DEFAULT_STATE_INTERVAL}), this status,
     * and {@code ticker} as its monotonic clock for the heartbeat; {@link #statusCalls} counts its status checks.
     */
    Telemetry start(Vertx on, String device, String password, int port, Supplier<JsonObject> statusNow,
                    LongSupplier ticker) throws Exception {
        MqttSettings settings = new MqttSettings(URI.create("mqtt://127.0.0.1:" + port), null, password, null);
        Telemetry t = Telemetry.start(on, settings, device, CHANNEL, dir.resolve("state-" + device), () -> {
            statusCalls.incrementAndGet();
            return statusNow.get();
        }, SystemFacts.at(sysRoot), notified::incrementAndGet, Clock.systemUTC(), ticker).await(20, TimeUnit.SECONDS);
        started.add(t);
        return t;
    }

    /**
     * A device's status as its agent reports it (hardware and mqtt blocks included), where everything that moves by
     * itself moves a second at every check, as on a device: frames, clocks, light, plays sent, polls.
     */
    static Supplier<JsonObject> ticking(DeviceStatus device) {
        return () -> {
            synchronized (device) {
                return device.tick(Duration.ofSeconds(1)).toJson();
            }
        };
    }

    static void change(DeviceStatus device, Consumer<DeviceStatus> change) {
        synchronized (device) {
            change.accept(device);
        }
    }

    List<JsonObject> states(Fleet f, String topic) {
        return received(f, topic).stream().map(m -> new JsonObject(m.substring(topic.length() + 1))).toList();
    }

    Fleet fleet(boolean persistent, String... topics) throws Exception {
        Fleet f = new Fleet(vertx, broker.port(), "fleet", USERS.get("fleet"), "fleet-" + fleets.size(), persistent,
                List.of(topics)).connect();
        fleets.add(f);
        return f;
    }

    /** A raw client of {@code user}; {@link #publish} through it waits for the broker's PUBACK. */
    MqttClient client(String user) throws Exception {
        MqttClientOptions o = new MqttClientOptions().setClientId(user + "-raw").setUsername(user)
                .setPassword(USERS.get(user)).setMaxInflightQueue(100);
        MqttClient c = MqttClient.create(vertx, o);
        c.publishCompletionHandler(pubacks::add);
        c.connect(broker.port(), "127.0.0.1").await(10, TimeUnit.SECONDS);
        clients.add(c);
        return c;
    }

    final Set<Integer> pubacks = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /**
     * The retained message on {@code topic} now, read by a fresh subscriber: the first message marked retained, which
     * Mosquitto sends right after its SUBACK. Fails when there is none (every caller expects one).
     */
    JsonObject retained(String topic) throws Exception {
        Fleet f = fleet(false, topic);
        try {
            await(() -> f.retained.containsKey(topic), WAIT, () -> "a retained message on " + topic + "; got " + f.messages);
            return new JsonObject(f.retained.get(topic));
        } finally {
            f.close();
            fleets.remove(f);
        }
    }

    /** Publishes with QoS 1 and waits for the broker's PUBACK (Mosquitto acknowledges what its ACL drops, too). */
    void publish(MqttClient c, String topic, String payload, boolean retain) throws Exception {
        int id = c.publish(topic, Buffer.buffer(payload), MqttQoS.AT_LEAST_ONCE, false, retain).await(10, TimeUnit.SECONDS);
        await(() -> pubacks.remove(id), WAIT, () -> "PUBACK for " + topic);
    }

    List<String> received(Fleet f, String topic) {
        return f.messages.stream().filter(m -> m.startsWith(topic + " ")).collect(Collectors.toList());
    }

    @Test
    void retainedStateAndOnlineAppearOnConnect() throws Exception {
        Fleet fleet = fleet(false, "layar/devices/#");
        Telemetry t = start(vertx, "wall-a", USERS.get("wall-a"));
        await(() -> fleet.last.containsKey("layar/devices/wall-a/state") && fleet.last.containsKey("layar/devices/wall-a/online"),
                WAIT, () -> "state and online of wall-a; got " + fleet.messages + "\n" + broker.log());

        JsonObject state = retained("layar/devices/wall-a/state");
        assertEquals("wall-a", state.getString("device"));
        assertEquals(3L, state.getLong("version"));
        assertEquals("0.1.0-test", state.getString("agentVersion"));
        assertEquals(true, state.getBoolean("online"));
        assertEquals(51.2, state.getDouble("cpuTemperatureC"));
        assertTrue(state.getLong("diskFreeBytes") > 0, state.encode());
        assertTrue(Instant.parse(state.getString("at")).isAfter(T0), state.encode());
        JsonObject online = retained("layar/devices/wall-a/online");
        assertEquals(true, online.getBoolean("online"));
        Instant.parse(online.getString("at"));
        TelemetryStatus s = t.status();
        assertTrue(s.connected(), s.toString());
        assertEquals("mqtt://127.0.0.1:" + broker.port(), s.broker());
        assertNull(s.lastError());
    }

    @Test
    void stateIsNotRepublishedWhileCountersTickButIsOnEveryMeaningfulChange() throws Exception {
        String topic = "layar/devices/wall-a/state";
        Fleet fleet = fleet(false, topic);
        DeviceStatus device = new DeviceStatus("wall-a");
        start(vertx, "wall-a", USERS.get("wall-a"), broker.port(), ticking(device), () -> 0L); // no heartbeat due
        await(() -> received(fleet, topic).size() == 1, WAIT, () -> "the first state; got " + fleet.messages);

        // Checks (once a second) in which frames, watchdog, light, plays and clocks moved: nothing to send. They move
        // at every check below too.
        int calls = statusCalls.get();
        await(() -> statusCalls.get() >= calls + 2, WAIT, () -> "two more status checks");
        // Real changes, each published at the next check. The device publishes its states one at a time on one
        // connection, so a state sent for the ticking counters would have arrived before the one for the change.
        change(device, d -> d.panelOn = false);
        await(() -> received(fleet, topic).size() >= 2, WAIT, () -> "the state with the panel off; got " + fleet.messages);
        change(device, d -> d.version = 4);
        await(() -> received(fleet, topic).size() >= 3, WAIT, () -> "the state with version 4; got " + fleet.messages);
        change(device, d -> d.problem = "the accepted playlist expired at 2026-12-25T00:00:00Z");
        await(() -> received(fleet, topic).size() >= 4, WAIT, () -> "the state with the problem; got " + fleet.messages);

        List<JsonObject> states = states(fleet, topic);
        assertEquals(4, states.size(), "one state on connect and one per real change, none for counters: " + states);
        assertEquals(List.of(true, false, false, false),
                states.stream().map(st -> st.getJsonObject("hardware").getJsonObject("power").getBoolean("on")).toList());
        assertEquals(List.of(3L, 3L, 4L, 4L), states.stream().map(st -> st.getLong("version")).toList());
        assertNull(states.get(2).getString("problem"));
        assertEquals("the accepted playlist expired at 2026-12-25T00:00:00Z", states.get(3).getString("problem"));
        assertTrue(states.get(1).getJsonObject("hardware").getLong("framesPresented")
                > states.get(0).getJsonObject("hardware").getLong("framesPresented"),
                "a state carries the counters of its moment: " + states);
    }

    @Test
    void stateIsRepublishedAtTheHeartbeatWithTheCountersUpToDate() throws Exception {
        String topic = "layar/devices/wall-a/state";
        Fleet fleet = fleet(false, topic);
        DeviceStatus device = new DeviceStatus("wall-a");
        AtomicLong ticker = new AtomicLong(); // the device's monotonic clock, in nanoseconds
        start(vertx, "wall-a", USERS.get("wall-a"), broker.port(), ticking(device), ticker::get);
        await(() -> received(fleet, topic).size() == 1, WAIT, () -> "the first state; got " + fleet.messages);
        int calls = statusCalls.get();
        await(() -> statusCalls.get() >= calls + 2, WAIT, () -> "two more status checks");

        ticker.set(MqttSettings.DEFAULT_STATE_INTERVAL.toNanos());
        await(() -> received(fleet, topic).size() >= 2, WAIT, () -> "the heartbeat; got " + fleet.messages);
        // Then a real change: a state for anything else between the first and the heartbeat would have come first.
        change(device, d -> d.panelOn = false);
        await(() -> received(fleet, topic).size() >= 3, WAIT, () -> "the state with the panel off; got " + fleet.messages);

        List<JsonObject> states = states(fleet, topic);
        assertEquals(3, states.size(), "on connect, the heartbeat, the change: " + states);
        JsonObject first = states.get(0);
        JsonObject beat = states.get(1);
        assertEquals(Telemetry.stableKey(first), Telemetry.stableKey(beat), "nothing meaningful changed at the heartbeat");
        assertTrue(beat.getJsonObject("hardware").getLong("framesPresented")
                > first.getJsonObject("hardware").getLong("framesPresented"), "the heartbeat brings frames up to date");
        assertTrue(beat.getJsonObject("mqtt").getLong("playsPublished") > first.getJsonObject("mqtt").getLong("playsPublished"),
                "and the counters");
        assertTrue(Instant.parse(beat.getString("at")).isAfter(Instant.parse(first.getString("at"))), beat.encode());
    }

    @Test
    void whenTheConnectionDiesTheWillMarksTheDeviceOffline() throws Exception {
        Fleet fleet = fleet(false, "layar/devices/wall-a/online");
        String topic = "layar/devices/wall-a/online";
        try (CuttableProxy link = CuttableProxy.start(vertx, broker.port())) {
            Telemetry t = start(vertx, "wall-a", USERS.get("wall-a"), link.port());
            await(() -> fleet.last.getOrDefault(topic, "").contains("true"), WAIT, () -> "online=true; got " + fleet.messages);
            // The link dies (power cut, 4G gone): no DISCONNECT reaches the broker, and the device cannot come back.
            link.close();
            await(() -> fleet.last.getOrDefault(topic, "").contains("false"), WAIT,
                    () -> "the will; got " + fleet.messages + "\n" + broker.log());
            await(() -> !t.status().connected(), WAIT, () -> "the device noticed: " + t.status());
        }
        assertEquals(new JsonObject().put("online", false), retained(topic), "the retained online flag is the will");
    }

    @Test
    void aCleanStopPublishesOfflineWithTheTimeAndNoWill() throws Exception {
        Fleet fleet = fleet(false, "layar/devices/wall-a/online");
        Telemetry t = start(vertx, "wall-a", USERS.get("wall-a"));
        await(() -> fleet.last.getOrDefault("layar/devices/wall-a/online", "").contains("true"), WAIT,
                () -> "online=true; got " + fleet.messages);
        t.stop().await(10, TimeUnit.SECONDS);
        started.remove(t);
        JsonObject online = retained("layar/devices/wall-a/online");
        assertEquals(false, online.getBoolean("online"), online.encode());
        assertTrue(online.containsKey("at"), "the goodbye carries a time (the will does not): " + online.encode());
        assertFalse(t.status().connected());
    }

    @Test
    void aNotificationCallsOnNotifyAndNothingElse() throws Exception {
        Fleet fleet = fleet(false, "layar/devices/#");
        Telemetry t = start(vertx, "wall-a", USERS.get("wall-a"));
        await(() -> fleet.last.containsKey("layar/devices/wall-a/state"), WAIT, () -> "the first state");
        int deviceMessages = fleet.messages.size();
        int calls = statusCalls.get();
        MqttClient publisher = client("publisher");
        MqttClient otherDevice = client("wall-b");

        // Not for this device's channel, and a device posing as staff (the ACL drops it): neither counts.
        publish(publisher, "layar/channels/other-channel/notify", "{\"version\":9}", false);
        publish(otherDevice, "layar/channels/" + CHANNEL + "/notify", "forged by wall-b", false);
        // A burst of hostile notifications: commands, a URL, control characters, 10 KB of padding.
        String hostile = "{\"version\":999999,\"url\":\"http://evil.example/playlist.json\",\"exec\":\"rm -rf /\","
                + "\"text\":\"\u001b[2J\r\nFAKE LOG LINE\",\"pad\":\"" + "x".repeat(10_000) + "\"}";
        long burstStart = System.nanoTime();
        for (int i = 0; i < 30; i++) {
            publish(publisher, "layar/channels/" + CHANNEL + "/notify", hostile, false);
        }
        long burstMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - burstStart);
        await(() -> t.status().notificationsReceived() == 30, WAIT, () -> "30 notifications; got " + t.status());
        await(() -> notified.get() >= 1 && statusCalls.get() >= calls + 2, WAIT, () -> "onNotify and the coalesced call");
        // The sentinel: a real change makes the device publish its state, after anything it sent in response.
        status.set(statusJson("wall-a", 4, 20));
        await(() -> fleet.messages.stream().anyMatch(m -> m.contains("\"version\":4")), WAIT,
                () -> "the state with version 4; got " + fleet.messages);

        long maxCalls = 2 + burstMillis / NotifyGate.COALESCE_MS;
        assertTrue(notified.get() <= maxCalls, "a burst of 30 in " + burstMillis + " ms is coalesced: " + notified.get()
                + " calls, at most " + maxCalls);
        assertEquals(30, t.status().notificationsReceived(), "the other channel and wall-b's forgery did not count");
        List<String> after = fleet.messages.stream().skip(deviceMessages).collect(Collectors.toList());
        assertEquals(1, after.size(), "the device published nothing in response, only the sentinel: " + after);
        assertEquals(4L, new JsonObject(after.get(0).substring(after.get(0).indexOf(' ') + 1)).getLong("version"), after.get(0));
        assertEquals(0, t.status().outboxSize());
    }

    @Test
    void aDeviceWithValidCredentialsCannotOverwriteAnotherDevicesState() throws Exception {
        Fleet fleet = fleet(false, "layar/devices/#");
        start(vertx, "wall-a", USERS.get("wall-a"));
        await(() -> fleet.last.containsKey("layar/devices/wall-a/state")
                && fleet.last.containsKey("layar/devices/wall-a/online"), WAIT, () -> "wall-a's state");
        JsonObject victimState = retained("layar/devices/wall-a/state");
        JsonObject victimOnline = retained("layar/devices/wall-a/online");

        MqttClient attacker = client("wall-b");
        JsonObject forged = statusJson("wall-a", 999, 1).put("online", true).put("problem", "forged by wall-b");
        publish(attacker, "layar/devices/wall-a/state", forged.encode(), true);
        publish(attacker, "layar/devices/wall-a/online", "{\"online\":false,\"forged\":true}", true);
        PlayRecord fake = PlayRecord.next("wall-a", PlayRecord.newChain(), 1, "indecent", 999, T0, T0.plusSeconds(10), Outcome.PLAYED,
                PlayRecord.GENESIS);
        publish(attacker, "layar/devices/wall-a/plays", new String(fake.toJson(), java.nio.charset.StandardCharsets.UTF_8), false);
        // Its own topic works: a barrier proving the broker processed the forgeries before it.
        publish(attacker, "layar/devices/wall-b/state", "{\"device\":\"wall-b\"}", true);
        await(() -> fleet.last.containsKey("layar/devices/wall-b/state"), WAIT, () -> "wall-b's own state");

        assertEquals(victimState, retained("layar/devices/wall-a/state"), "wall-a's retained state is unchanged");
        assertEquals(victimOnline, retained("layar/devices/wall-a/online"), "wall-a's retained online flag is unchanged");
        assertFalse(fleet.messages.stream().anyMatch(m -> m.contains("forged") || m.contains("indecent")),
                "the fleet received a forgery: " + fleet.messages);
        assertTrue(fleet.plays.isEmpty(), "a forged play record reached the fleet: " + fleet.plays);
    }

    @Test
    void aDamagedOutboxIsSetAsideAndProofOfPlayGoesOnUnderANewChain() throws Exception {
        Path state = dir.resolve("state-wall-a");
        java.nio.file.Files.createDirectories(state);
        java.nio.file.Files.writeString(state.resolve(PlayOutbox.FILE_NAME), "not a database, garbage from a failing card ".repeat(40));
        Fleet fleet = fleet(true, "layar/devices/+/plays");
        Telemetry t = start(vertx, "wall-a", USERS.get("wall-a"));
        assertTrue(t.status().outboxReset() != null && t.status().outboxReset().contains("plays.db.damaged-"),
                "status says where the damaged outbox went: " + t.status());
        t.recordPlay("after-the-reset", 3, T0, T0.plusSeconds(10), Outcome.PLAYED);
        await(() -> fleet.plays.size() == 1 && t.status().outboxSize() == 0, WAIT, () -> "the play; " + t.status());
        assertEquals(1, fleet.playsOf("wall-a").get(0).seq(), "a new chain from seq 1");
    }

    @Test
    void recordsSurviveABrokerOutageAndArriveAfterItReturns() throws Exception {
        Fleet fleet = fleet(true, "layar/devices/+/plays");
        Telemetry t = start(vertx, "wall-a", USERS.get("wall-a"));
        await(() -> t.status().connected(), WAIT, () -> "connected: " + t.status());
        for (int i = 0; i < 5; i++) {
            t.recordPlay("before-" + i, 3, T0.plusSeconds(i), T0.plusSeconds(i + 1), Outcome.PLAYED);
        }
        await(() -> fleet.plays.size() == 5 && t.status().outboxSize() == 0, WAIT,
                () -> "5 plays; fleet " + fleet.plays.keySet() + ", " + t.status());

        broker.stop();
        await(() -> !t.status().connected(), WAIT, () -> "disconnected: " + t.status());
        for (int i = 0; i < 20; i++) {
            t.recordPlay("during-" + i, 3, T0.plusSeconds(100 + i), T0.plusSeconds(101 + i), i % 2 == 0 ? Outcome.PLAYED : Outcome.CUT);
        }
        await(() -> t.status().outboxSize() == 20, WAIT, () -> "20 records kept while the broker is down: " + t.status());
        assertTrue(t.status().lastError().contains("cannot reach") || t.status().lastError().contains("lost"),
                t.status().lastError());

        broker.start();
        await(() -> fleet.plays.size() == 25 && t.status().outboxSize() == 0, WAIT,
                () -> "25 plays after the outage; fleet has " + fleet.plays.size() + ", " + t.status() + "\n" + broker.log());
        List<PlayRecord> chain = fleet.playsOf("wall-a");
        assertEquals(List.of(), ChainCheck.check(chain));
        assertEquals(25, chain.get(24).seq());
        assertTrue(t.status().connected());
        assertNull(t.status().lastError());
        assertTrue(t.status().playsPublished() >= 25, t.status().toString());
    }

    @Test
    void aWrongPasswordIsReportedWithTheFixAndPlaysWaitInTheOutbox() throws Exception {
        Telemetry t = start(vertx, "wall-a", "not-the-password");
        await(() -> t.status().lastError() != null, WAIT, () -> "an error: " + t.status());
        assertEquals("the broker mqtt://127.0.0.1:" + broker.port() + " refused user wall-a: not authorised; check"
                + " mqtt.username/password in agent.yaml against the broker's password file", t.status().lastError());
        assertFalse(t.status().connected());
        t.recordPlay("while-refused", 1, T0, T0.plusSeconds(5), Outcome.PLAYED);
        await(() -> t.status().outboxSize() == 1, WAIT, () -> "kept in the outbox: " + t.status());
    }

    @Test
    void startSucceedsWithTheBrokerDownAndConnectsWhenItComesUp() throws Exception {
        broker.stop();
        Telemetry t = start(vertx, "wall-a", USERS.get("wall-a"));
        await(() -> t.status().lastError() != null, WAIT, () -> "an error: " + t.status());
        assertTrue(t.status().lastError().startsWith("cannot reach the MQTT broker mqtt://127.0.0.1:" + broker.port()),
                t.status().lastError());
        broker.start();
        await(() -> t.status().connected(), WAIT, () -> "connected after the broker came up: " + t.status());
    }

    @Test
    void telemetryStartsNoThreadOfItsOwn() throws Exception {
        // Warm the pool up first: the event loop and both workers exist before the snapshot.
        for (int i = 0; i < 4; i++) {
            vertx.executeBlocking(() -> {
                Thread.sleep(50);
                return null;
            }, false).await(5, TimeUnit.SECONDS);
        }
        Set<Thread> before = testThreads();
        assertTrue(before.stream().anyMatch(th -> th.getName().startsWith("vert.x-eventloop-thread-")),
                "Vert.x's threads are counted: " + before);
        Fleet fleet = fleet(false, "layar/devices/+/plays");
        Telemetry t = start(vertx, "wall-a", USERS.get("wall-a"));
        for (int i = 0; i < 20; i++) {
            t.recordPlay("item-" + i, 1, T0.plusSeconds(i), T0.plusSeconds(i + 1), Outcome.PLAYED);
        }
        await(() -> fleet.plays.size() == 20 && t.status().outboxSize() == 0, WAIT, () -> "20 plays: " + t.status());
        List<String> added = testThreads().stream().filter(th -> !before.contains(th)).map(Thread::getName).sorted()
                .collect(Collectors.toList());
        assertEquals(List.of(), added, "threads started by Telemetry and the test's fleet client");
    }

    /**
     * The live threads of this test's thread group and its subgroups. Every thread that code started from the test or
     * from a Vert.x thread lands there (new Thread, an executor, Netty, a Vert.x pool, the common fork-join pool: a
     * thread joins its creator's group); the JVM's own (Cleaner, process reaper, attach listener) run in the system
     * group above it, and come and go with the garbage collector and child processes.
     */
    static Set<Thread> testThreads() {
        ThreadGroup group = Thread.currentThread().getThreadGroup();
        Thread[] threads = new Thread[group.activeCount() + 64];
        int n = group.enumerate(threads, true);
        assertTrue(n < threads.length, "more threads than room to list them");
        return Arrays.stream(threads, 0, n).filter(Thread::isAlive).collect(Collectors.toSet());
    }
}
