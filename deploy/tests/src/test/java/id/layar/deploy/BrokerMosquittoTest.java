package id.layar.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import id.layar.playlist.testing.RequiredServers;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;
import io.vertx.mqtt.MqttConnectionException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * deploy/mosquitto/layar.conf and layar.acl on a real Mosquitto (a child process on free loopback ports, with a
 * password file made by mosquitto_passwd): devices publish only beneath their own id, only staff announce playlists,
 * and no one gets in without a password. The TLS listener is tested too when openssl can make a certificate.
 * Skipped when Mosquitto is not installed; failed instead with {@code LAYAR_REQUIRE_SERVERS=1} ({@link RequiredServers}).
 * The clients are Vert.x's raw MQTT client (the agent's MQTT comes later).
 */
class BrokerMosquittoTest {
    static final String PASSWORD = "test-password-";

    @TempDir
    static Path tmp;

    static Servers.Child mosquitto;
    static int plainPort;
    static int tlsPort;
    static Path certificate;
    static Vertx vertx;
    final List<MqttClient> clients = new ArrayList<>();
    /** Per client, its SUBACKs by packet id: the granted QoS of each topic (0x80: refused). */
    final Map<MqttClient, Map<Integer, CompletableFuture<List<Integer>>>> subacks = new ConcurrentHashMap<>();

    @BeforeAll
    static void startMosquitto() throws Exception {
        Optional<Path> bin = Servers.binary("mosquitto");
        Optional<Path> passwd = Servers.binary("mosquitto_passwd");
        RequiredServers.assumeInstalled(bin.isPresent() && passwd.isPresent(), "mosquitto", "mosquitto",
                "the broker config tests (ACL, passwords, TLS)");
        Path pwFile = tmp.resolve("layar.passwd");
        for (String user : List.of("wall-a", "wall-b", "fleet", "publisher")) {
            List<String> argv = new ArrayList<>(List.of(passwd.get().toString(), "-b"));
            if (!Files.exists(pwFile)) {
                argv.add("-c");
            }
            argv.addAll(List.of(pwFile.toString(), user, PASSWORD + user));
            Servers.runOrFail(argv, tmp);
        }
        Optional<Path> openssl = Servers.binary("openssl");
        if (openssl.isPresent()) {
            certificate = tmp.resolve("cert.pem");
            Servers.runOrFail(List.of(openssl.get().toString(), "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                    "-subj", "/CN=localhost", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost",
                    "-keyout", tmp.resolve("key.pem").toString(), "-out", certificate.toString()), tmp);
        }
        plainPort = Servers.freePort();
        tlsPort = Servers.freePort();
        Path conf = tmp.resolve("mosquitto.conf");
        Files.writeString(conf, config(pwFile));
        int[] ports = certificate != null ? new int[] {plainPort, tlsPort} : new int[] {plainPort};
        mosquitto = Servers.Child.start("mosquitto", List.of(bin.get().toString(), "-c", conf.toString()), tmp,
                tmp.resolve("mosquitto.log"), Duration.ofSeconds(15), ports);
        vertx = Vertx.vertx();
    }

    /**
     * layar.conf with only paths and ports changed: the password file made here, the ACL from deploy/mosquitto, the
     * generated certificate, loopback ports, no persistence on disk. The test fails if those lines are not there.
     */
    static String config(Path pwFile) throws Exception {
        Path deploy = Servers.deployDir().resolve("mosquitto");
        List<String> in = Files.readAllLines(deploy.resolve("layar.conf"), StandardCharsets.UTF_8);
        for (String must : List.of("allow_anonymous false", "per_listener_settings false", "listener 8883",
                "listener 1883 127.0.0.1", "password_file /etc/mosquitto/layar.passwd", "acl_file /etc/mosquitto/layar.acl")) {
            assertTrue(in.contains(must), "layar.conf should contain '" + must + "'");
        }
        List<String> out = new ArrayList<>();
        out.add("# Generated by BrokerMosquittoTest from deploy/mosquitto/layar.conf.");
        if (Servers.isRoot()) {
            // As root, Mosquitto would switch to the 'mosquitto' user, who cannot read this test's private temp folder.
            out.add("user root");
        }
        boolean inTls = false;
        for (String line : in) {
            String l = line.trim();
            if (l.startsWith("listener ")) {
                inTls = l.equals("listener 8883");
                if (inTls && certificate == null) {
                    continue;
                }
                out.add("listener " + (inTls ? tlsPort : plainPort) + " 127.0.0.1");
            } else if (inTls && certificate == null && !l.startsWith("#") && !l.isEmpty()) {
                continue; // No openssl: the TLS listener and its settings are left out.
            } else if (l.startsWith("password_file ")) {
                out.add("password_file " + pwFile);
            } else if (l.startsWith("acl_file ")) {
                out.add("acl_file " + deploy.resolve("layar.acl"));
            } else if (l.startsWith("certfile ")) {
                out.add("certfile " + certificate);
            } else if (l.startsWith("keyfile ")) {
                out.add("keyfile " + tmp.resolve("key.pem"));
            } else if (l.startsWith("persistence ") || l.startsWith("persistence_location ")) {
                out.add("# (test) " + l);
            } else {
                out.add(line);
            }
        }
        out.add("log_dest stdout");
        out.add("");
        return String.join("\n", out);
    }

    @AfterEach
    void disconnect() throws Exception {
        for (MqttClient c : clients) {
            if (c.isConnected()) {
                c.disconnect().await(5, TimeUnit.SECONDS);
            }
        }
    }

    @AfterAll
    static void stopMosquitto() throws Exception {
        if (vertx != null) {
            vertx.close().await(10, TimeUnit.SECONDS);
        }
        if (mosquitto != null) {
            mosquitto.close();
        }
    }

    /** A connected client whose received messages ("topic payload") land in {@code inbox}. */
    MqttClient connect(String user, Queue<String> inbox, boolean tls) throws Exception {
        MqttClientOptions o = new MqttClientOptions().setClientId(user + "-" + UUID.randomUUID().toString().substring(0, 8))
                .setCleanSession(true);
        o.setConnectTimeout(5000);
        if (user != null) {
            o.setUsername(user).setPassword(PASSWORD + user);
        }
        if (tls) {
            o.setSsl(true).setTrustOptions(new PemTrustOptions().addCertPath(certificate.toString()))
                    .setHostnameVerificationAlgorithm("HTTPS");
        }
        MqttClient c = MqttClient.create(vertx, o);
        if (inbox != null) {
            c.publishHandler(m -> inbox.add(m.topicName() + " " + m.payload().toString(StandardCharsets.UTF_8)));
        }
        Map<Integer, CompletableFuture<List<Integer>>> acks = new ConcurrentHashMap<>();
        subacks.put(c, acks);
        c.subscribeCompletionHandler(ack -> acks.computeIfAbsent(ack.messageId(), k -> new CompletableFuture<>())
                .complete(ack.grantedQoSLevels()));
        c.connect(tls ? tlsPort : plainPort, "127.0.0.1").await(10, TimeUnit.SECONDS);
        clients.add(c);
        return c;
    }

    /**
     * Subscribes at QoS 1 and waits for the broker's SUBACK (Vert.x completes {@code subscribe} when the packet is sent,
     * not when the broker has the subscription); fails if the broker refused it. Mosquitto queues the retained messages
     * of the topic while it handles the SUBSCRIBE, before it reads the next packet from anyone.
     */
    void subscribe(MqttClient c, String topic) throws Exception {
        int id = c.subscribe(topic, 1).await(10, TimeUnit.SECONDS);
        List<Integer> granted = subacks.get(c).computeIfAbsent(id, k -> new CompletableFuture<>()).get(10, TimeUnit.SECONDS);
        assertEquals(List.of(1), granted, "the QoS the broker granted for " + topic + " (128: refused)");
    }

    /** QoS 1; returns once the packet is sent. Messages of one connection reach each subscriber in the order sent. */
    static void publish(MqttClient c, String topic, String payload) throws Exception {
        publish(c, topic, payload, false);
    }

    static void publish(MqttClient c, String topic, String payload, boolean retain) throws Exception {
        c.publish(topic, Buffer.buffer(payload), MqttQoS.AT_LEAST_ONCE, false, retain).await(10, TimeUnit.SECONDS);
    }

    /**
     * Waits until {@code inbox} has {@code expected}. To show that something did not arrive, make {@code expected} a
     * sentinel sent after it: on one connection, or once the broker has passed the first message on (another subscriber
     * has it), as Mosquitto queues messages to each client in the order it handles them.
     */
    static void awaitMessage(Queue<String> inbox, String expected) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!inbox.contains(expected)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for '" + expected + "'; got " + inbox + "; broker log:\n" + mosquitto.log());
            }
            Thread.sleep(10);
        }
    }

    @Test
    void aDeviceCannotPublishUnderAnotherDevicesId() throws Exception {
        Queue<String> fleet = new ConcurrentLinkedQueue<>();
        subscribe(connect("fleet", fleet, false), "layar/#");
        MqttClient a = connect("wall-a", null, false);

        publish(a, "layar/devices/wall-b/state", "forged by wall-a", true);
        publish(a, "layar/devices/wall-b/online", "{\"online\":false,\"forged\":true}", true);
        publish(a, "layar/devices/wall-b/plays", "forged by wall-a");
        // The sentinel, on the same connection: the forgeries would have reached the fleet before it.
        publish(a, "layar/devices/wall-a/plays", "sentinel");
        awaitMessage(fleet, "layar/devices/wall-a/plays sentinel");
        assertFalse(fleet.stream().anyMatch(m -> m.startsWith("layar/devices/wall-b/")), "wall-b's topics received " + fleet);

        // Nor did the broker keep a forged retained message: a new subscriber gets it while subscribing, before wall-b's
        // own message sent after the SUBACK.
        Queue<String> later = new ConcurrentLinkedQueue<>();
        MqttClient reader = connect("fleet", later, false);
        subscribe(reader, "layar/devices/wall-b/#");
        publish(connect("wall-b", null, false), "layar/devices/wall-b/plays", "sentinel");
        awaitMessage(later, "layar/devices/wall-b/plays sentinel");
        assertEquals(List.of("layar/devices/wall-b/plays sentinel"), List.copyOf(later), "retained forgeries");
    }

    @Test
    void onlyStaffAnnounceANewPlaylist() throws Exception {
        Queue<String> fleet = new ConcurrentLinkedQueue<>();
        Queue<String> wallB = new ConcurrentLinkedQueue<>();
        subscribe(connect("fleet", fleet, false), "layar/#");
        subscribe(connect("wall-b", wallB, false), "layar/channels/simpang-lima/notify");
        MqttClient a = connect("wall-a", null, false);
        MqttClient publisher = connect("publisher", null, false);

        publish(a, "layar/channels/simpang-lima/notify", "forged by wall-a");
        // wall-a's sentinel follows its forgery on the same connection; once the fleet has it, the broker has dealt
        // with the forgery, so the real announcement sent after that reaches wall-b after any forgery would have.
        publish(a, "layar/devices/wall-a/plays", "sentinel");
        awaitMessage(fleet, "layar/devices/wall-a/plays sentinel");
        publish(publisher, "layar/channels/simpang-lima/notify", "version 8");
        awaitMessage(wallB, "layar/channels/simpang-lima/notify version 8");
        awaitMessage(fleet, "layar/channels/simpang-lima/notify version 8");

        assertEquals(List.of("layar/channels/simpang-lima/notify version 8"), List.copyOf(wallB));
        assertFalse(fleet.contains("layar/channels/simpang-lima/notify forged by wall-a"), fleet.toString());
    }

    @Test
    void aDeviceCannotReadAnotherDevice() throws Exception {
        Queue<String> fleet = new ConcurrentLinkedQueue<>();
        Queue<String> wallB = new ConcurrentLinkedQueue<>();
        subscribe(connect("fleet", fleet, false), "layar/devices/#");
        MqttClient a = connect("wall-a", null, false);
        publish(a, "layar/devices/wall-a/state", "retained state of wall-a", true);
        awaitMessage(fleet, "layar/devices/wall-a/state retained state of wall-a");
        try {
            // Mosquitto grants the subscription (the ACL is applied to each message): a retained state would be queued now.
            MqttClient b = connect("wall-b", wallB, false);
            subscribe(b, "layar/#");
            publish(a, "layar/devices/wall-a/plays", "played cegah-dbd");
            // Once the fleet has the play, the broker has passed it on to every subscriber it may reach; a notification
            // sent after that reaches wall-b after it.
            awaitMessage(fleet, "layar/devices/wall-a/plays played cegah-dbd");
            publish(connect("publisher", null, false), "layar/channels/simpang-lima/notify", "sentinel");
            awaitMessage(wallB, "layar/channels/simpang-lima/notify sentinel");

            assertEquals(List.of("layar/channels/simpang-lima/notify sentinel"), List.copyOf(wallB),
                    "wall-b read wall-a's messages");
        } finally {
            publish(a, "layar/devices/wall-a/state", "", true); // removes the retained message
        }
    }

    @Test
    void nobodyGetsInWithoutTheirPassword() {
        MqttConnectionException anonymous = assertThrows(MqttConnectionException.class, () -> connect(null, null, false));
        assertEquals(MqttConnectReturnCode.CONNECTION_REFUSED_NOT_AUTHORIZED, anonymous.code());
        MqttClientOptions wrong = new MqttClientOptions().setClientId("intruder").setUsername("wall-a").setPassword("guess");
        wrong.setConnectTimeout(5000);
        MqttClient c = MqttClient.create(vertx, wrong);
        MqttConnectionException guessed = assertThrows(MqttConnectionException.class,
                () -> c.connect(plainPort, "127.0.0.1").await(10, TimeUnit.SECONDS));
        assertEquals(MqttConnectReturnCode.CONNECTION_REFUSED_NOT_AUTHORIZED, guessed.code());
    }

    @Test
    void devicesConnectOverTls() throws Exception {
        Assumptions.assumeTrue(certificate != null, "openssl is not installed: the TLS listener is not tested");
        Queue<String> fleet = new ConcurrentLinkedQueue<>();
        subscribe(connect("fleet", fleet, false), "layar/devices/#");
        MqttClient a = connect("wall-a", null, true);
        publish(a, "layar/devices/wall-b/state", "forged over tls");
        publish(a, "layar/devices/wall-a/state", "over tls"); // the sentinel: after the forgery, on one connection
        awaitMessage(fleet, "layar/devices/wall-a/state over tls");
        assertFalse(fleet.stream().anyMatch(m -> m.startsWith("layar/devices/wall-b/")), fleet.toString());
    }
}
