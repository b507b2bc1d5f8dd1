package id.layar.packager;

import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetSocket;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;
import io.vertx.mqtt.MqttClientWillOptions;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.List;

/**
 * The device side of the MQTT contract for tests: a Vert.x MQTT client that publishes state, online and plays the way
 * the agent does; and a raw socket client whose connection can be dropped without a DISCONNECT, so the broker fires
 * its Last Will.
 */
public final class FakeDevice implements AutoCloseable {
    public final String id;
    private final MqttClient client;
    public final List<String> received = new CopyOnWriteArrayList<>();
    private final java.util.Map<Integer, CompletableFuture<Void>> acks = new java.util.concurrent.ConcurrentHashMap<>();

    private FakeDevice(String id, MqttClient client) {
        this.id = id;
        this.client = client;
    }

    private int port;

    /** Connects as {@code id} (user name too when {@code password} is set), with the contract's Last Will. */
    public static FakeDevice connect(Vertx vertx, int port, String id, String password) throws Exception {
        return connect(vertx, port, id, password, true);
    }

    /**
     * Connects as an observer (a reader, the fleet tool): no Last Will, so a connection the broker drops leaves no
     * retained "offline" device behind.
     */
    public static FakeDevice observer(Vertx vertx, int port, String id, String password) throws Exception {
        return connect(vertx, port, id, password, false);
    }

    private static FakeDevice connect(Vertx vertx, int port, String id, String password, boolean will) throws Exception {
        MqttClientOptions o = new MqttClientOptions().setClientId(id).setCleanSession(true);
        if (will) {
            o.setWillOptions(new MqttClientWillOptions().setTopic("layar/devices/" + id + "/online")
                    .setMessageBytes(Buffer.buffer("{\"online\":false}")).setQos(1).setRetain(true));
        }
        if (password != null) {
            o.setUsername(id).setPassword(password);
        }
        MqttClient c = MqttClient.create(vertx, o);
        FakeDevice d = new FakeDevice(id, c);
        c.publishHandler(m -> d.received.add(m.topicName() + " " + m.payload().toString(StandardCharsets.UTF_8)));
        c.publishCompletionHandler(pid -> d.acks.computeIfAbsent(pid, k -> new CompletableFuture<>()).complete(null));
        c.subscribeCompletionHandler(ack -> d.acks.computeIfAbsent(ack.messageId(), k -> new CompletableFuture<>()).complete(null));
        Poll.await(c.connect(port, "127.0.0.1"));
        d.port = port;
        return d;
    }

    public void publish(String topic, byte[] payload, boolean retain) throws Exception {
        int pid = Poll.await(client.publish(topic, Buffer.buffer(payload), MqttQoS.AT_LEAST_ONCE, false, retain));
        acks.computeIfAbsent(pid, k -> new CompletableFuture<>()).get(Poll.DEADLINE.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
        acks.remove(pid);
    }

    /** QoS 0, nothing to wait for (Moquette sends no PUBACK for a publish it refuses). */
    public void publishAtMostOnce(String topic, byte[] payload, boolean retain) throws Exception {
        Poll.await(client.publish(topic, Buffer.buffer(payload), MqttQoS.AT_MOST_ONCE, false, retain));
    }

    public void online(String at) throws Exception {
        publish("layar/devices/" + id + "/online", new JsonObject().put("online", true).put("at", at).encode()
                .getBytes(StandardCharsets.UTF_8), true);
    }

    public void state(JsonObject state) throws Exception {
        publish("layar/devices/" + id + "/state", state.encode().getBytes(StandardCharsets.UTF_8), true);
    }

    public void play(byte[] record) throws Exception {
        publish("layar/devices/" + id + "/plays", record, false);
    }

    /**
     * Subscribes and waits for the SUBACK (Vert.x completes {@code subscribe} when the packet is sent). Moquette 0.17
     * can drop a connection whose SUBSCRIBE came right after the CONNACK; then this reconnects and tries again.
     */
    public void subscribe(String filter) throws Exception {
        for (int attempt = 1; ; attempt++) {
            int pid = Poll.await(client.subscribe(filter, 1));
            CompletableFuture<Void> ack = acks.computeIfAbsent(pid, k -> new CompletableFuture<>());
            try {
                ack.get(3, java.util.concurrent.TimeUnit.SECONDS);
                acks.remove(pid);
                return;
            } catch (java.util.concurrent.TimeoutException e) {
                acks.remove(pid);
                if (attempt == 3) {
                    throw new AssertionError("no SUBACK for " + filter + " after 3 attempts", e);
                }
                if (!client.isConnected()) {
                    Poll.await(client.connect(port, "127.0.0.1"));
                }
            }
        }
    }

    public MqttClient client() {
        return client;
    }

    @Override
    public void close() throws Exception {
        if (client.isConnected()) {
            Poll.await(client.disconnect());
        }
    }

    /**
     * Connects with a raw MQTT 3.1.1 CONNECT carrying a retained Last Will {@code {"online":false}} on the device's
     * online topic, publishes {@code online:true} and {@code state} (retained, QoS 1, acknowledged), then drops the TCP
     * connection without a DISCONNECT: the broker must publish the will.
     */
    public static void connectAndDrop(Vertx vertx, int port, String id, String password, String onlineAt, JsonObject state)
            throws Exception {
        NetClient net = vertx.createNetClient();
        NetSocket socket = Poll.await(net.connect(port, "127.0.0.1"));
        CompletableFuture<Buffer> connack = new CompletableFuture<>();
        Buffer in = Buffer.buffer();
        socket.handler(b -> {
            in.appendBuffer(b);
            if (in.length() >= 4 && (in.getByte(0) & 0xff) == 0x20) {
                connack.complete(in.copy());
            }
        });
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(new byte[]{0, 4, 'M', 'Q', 'T', 'T', 4});
        int flags = 0x02 | 0x04 | 0x08 | 0x20 | (password != null ? 0xC0 : 0); // clean, will, will QoS 1, will retain
        body.write(flags);
        body.writeBytes(new byte[]{0, 60});
        string(body, id);
        string(body, "layar/devices/" + id + "/online");
        string(body, "{\"online\":false}");
        if (password != null) {
            string(body, id);
            string(body, password);
        }
        socket.write(packet(0x10, body.toByteArray()));
        Buffer ack = connack.get(Poll.DEADLINE.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
        if (ack.getByte(3) != 0) {
            throw new IllegalStateException("CONNACK refused: " + ack.getByte(3));
        }
        // Both at QoS 1, as the agent does, and acknowledged before the drop: the broker has them.
        java.util.concurrent.atomic.AtomicInteger pubacks = new java.util.concurrent.atomic.AtomicInteger();
        socket.handler(b -> {
            for (int i = 0; i + 1 < b.length(); i += 2 + (b.getByte(i + 1) & 0xff)) {
                if ((b.getByte(i) & 0xff) == 0x40) {
                    pubacks.incrementAndGet();
                }
            }
        });
        socket.write(publish("layar/devices/" + id + "/online",
                new JsonObject().put("online", true).put("at", onlineAt).encode(), 1));
        socket.write(publish("layar/devices/" + id + "/state", state.encode(), 2));
        Poll.until("the PUBACKs of " + id, () -> pubacks.get() == 2, pubacks::toString);
        Poll.await(socket.close());
        Poll.await(net.close());
    }

    /**
     * A collector that crashes before acknowledging: connects raw as {@code clientId} with a persistent session,
     * subscribes {@code filter} at QoS 1, waits until {@code expected} PUBLISH packets arrived, and drops the connection
     * without a PUBACK or DISCONNECT. Returns how many PUBLISH packets it saw.
     */
    public static int receiveWithoutAcking(Vertx vertx, int port, String clientId, String filter, Runnable whileSubscribed, int expected)
            throws Exception {
        // Moquette 0.17 may drop a SUBSCRIBE that follows the CONNACK too closely: then no SUBACK comes, and the
        // connection is made again (at most 3 times).
        for (int attempt = 1; ; attempt++) {
            NetClient net = vertx.createNetClient();
            NetSocket socket = Poll.await(net.connect(port, "127.0.0.1"));
            java.util.concurrent.atomic.AtomicInteger publishes = new java.util.concurrent.atomic.AtomicInteger();
            CompletableFuture<Void> connack = new CompletableFuture<>();
            CompletableFuture<Void> suback = new CompletableFuture<>();
            socket.handler(b -> {
                for (int i = 0; i < b.length(); i++) { // packets are small here: count the type bytes at packet starts
                    int type = b.getByte(i) & 0xf0;
                    int len = b.getByte(i + 1) & 0xff;
                    if (type == 0x20) {
                        connack.complete(null);
                    } else if (type == 0x90) {
                        suback.complete(null);
                    } else if (type == 0x30) {
                        publishes.incrementAndGet();
                    }
                    i += 1 + len;
                }
            });
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            body.writeBytes(new byte[]{0, 4, 'M', 'Q', 'T', 'T', 4, 0, 0, 60}); // no clean session: a persistent one
            string(body, clientId);
            socket.write(packet(0x10, body.toByteArray()));
            connack.get(Poll.DEADLINE.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
            ByteArrayOutputStream sub = new ByteArrayOutputStream();
            sub.writeBytes(new byte[]{0, 1});
            string(sub, filter);
            sub.write(1);
            socket.write(packet(0x82, sub.toByteArray()));
            try {
                suback.get(3, java.util.concurrent.TimeUnit.SECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                socket.close();
                Poll.await(net.close());
                if (attempt == 3) {
                    throw new AssertionError("no SUBACK for " + filter + " after 3 connections", e);
                }
                continue;
            }
            whileSubscribed.run();
            Poll.until(expected + " PUBLISH packets", () -> publishes.get() >= expected, () -> publishes.get() + " so far");
            Poll.await(socket.close());
            Poll.await(net.close());
            return publishes.get();
        }
    }

    /** A line of a broker password file (Moquette's {@code user:sha256} format) for {@code user} with {@code password}. */
    public static String passwdLine(String user, String password) {
        try {
            return user + ":" + java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(password.getBytes(StandardCharsets.UTF_8))) + "\n";
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A QoS 1 retained PUBLISH with packet id {@code packetId}. */
    private static Buffer publish(String topic, String payload, int packetId) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        string(body, topic);
        body.write(packetId >> 8);
        body.write(packetId & 0xff);
        body.writeBytes(payload.getBytes(StandardCharsets.UTF_8));
        return packet(0x33, body.toByteArray());
    }

    private static Buffer packet(int type, byte[] body) {
        Buffer b = Buffer.buffer().appendByte((byte) type);
        int len = body.length;
        do {
            int digit = len % 128;
            len /= 128;
            b.appendByte((byte) (len > 0 ? digit | 0x80 : digit));
        } while (len > 0);
        return b.appendBytes(body);
    }

    private static void string(ByteArrayOutputStream out, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.write(b.length >> 8);
        out.write(b.length & 0xff);
        out.writeBytes(b);
    }
}
