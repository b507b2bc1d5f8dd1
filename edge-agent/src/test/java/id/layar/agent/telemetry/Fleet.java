package id.layar.agent.telemetry;

import id.layar.playlist.proof.PlayRecord;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;
import io.vertx.mqtt.messages.MqttPublishMessage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The fleet's side in tests: an MQTT client (Vert.x's) that subscribes with QoS 1 on every connect, reconnects every
 * 200 ms when the broker goes away, keeps proof-of-play records by id (counting duplicates), the last message of each
 * topic, the first retained one, and every message it received. It counts as subscribed when the broker's SUBACK
 * granted every topic (as content-packager's MqttConnect does), not when Vert.x sent the SUBSCRIBE. With {@code persistent}, its session survives its disconnections and broker
 * restarts (clean session off), so QoS 1 messages queued for it meanwhile are delivered.
 */
public final class Fleet implements AutoCloseable {
    private final Vertx vertx;
    private final int port;
    private final MqttClientOptions options;
    private final List<String> topics;
    private volatile MqttClient client;
    private volatile boolean closed;
    private volatile boolean subscribed;
    private volatile String refused;
    final Map<String, PlayRecord> plays = new ConcurrentHashMap<>();
    final AtomicLong duplicates = new AtomicLong();
    final AtomicLong malformed = new AtomicLong();
    final Map<String, String> last = new ConcurrentHashMap<>();
    final Queue<String> messages = new ConcurrentLinkedQueue<>();
    /** The messages that were not the retained message a subscription starts with. */
    final Queue<String> live = new ConcurrentLinkedQueue<>();
    /** The first retained message of each topic: what the broker held when this client subscribed. */
    final Map<String, String> retained = new ConcurrentHashMap<>();

    public Fleet(Vertx vertx, int port, String user, String password, String clientId, boolean persistent, List<String> topics) {
        this.vertx = vertx;
        this.port = port;
        this.topics = topics;
        this.options = new MqttClientOptions().setClientId(clientId).setUsername(user).setPassword(password)
                .setCleanSession(!persistent).setMaxInflightQueue(100);
        options.setConnectTimeout(2000);
    }

    /** Connects (retrying until it is subscribed) and waits for the subscription. */
    public Fleet connect() throws InterruptedException {
        vertx.runOnContext(v -> attempt());
        await(() -> subscribed || refused != null, Duration.ofSeconds(15), () -> "no SUBACK for " + topics);
        if (refused != null) {
            throw new AssertionError(refused);
        }
        return this;
    }

    private void attempt() {
        if (closed) {
            return;
        }
        subscribed = false;
        MqttClient c = MqttClient.create(vertx, options);
        client = c;
        c.publishHandler(this::receive);
        c.closeHandler(v -> retry(c));
        c.subscribeCompletionHandler(ack -> {
            if (c != client) {
                return;
            }
            if (ack.grantedQoSLevels().contains(0x80)) {
                refused = "the broker refused the subscription to " + topics + ": " + ack.grantedQoSLevels();
            } else {
                subscribed = true;
            }
        });
        c.connect(port, "127.0.0.1").compose(ack -> {
            Map<String, Integer> subs = new java.util.LinkedHashMap<>();
            topics.forEach(t -> subs.put(t, 1));
            return c.subscribe(subs);
        }).onFailure(e -> {
            if (!c.isConnected()) {
                retry(c);
            }
        });
    }

    private void retry(MqttClient c) {
        if (c == client && !closed) {
            client = null;
            subscribed = false;
            vertx.setTimer(200, id -> attempt());
        }
    }

    private void receive(MqttPublishMessage m) {
        String payload = m.payload().toString(StandardCharsets.UTF_8);
        messages.add(m.topicName() + " " + payload);
        if (!m.isRetain()) {
            live.add(m.topicName() + " " + payload);
        } else {
            retained.putIfAbsent(m.topicName(), payload);
        }
        last.put(m.topicName(), payload);
        if (m.topicName().endsWith("/plays")) {
            try {
                PlayRecord r = PlayRecord.parse(m.payload().getBytes());
                if (plays.putIfAbsent(r.id(), r) != null) {
                    duplicates.incrementAndGet();
                }
            } catch (RuntimeException e) {
                malformed.incrementAndGet();
            }
        }
    }

    boolean subscribed() {
        return subscribed;
    }

    /** The last message on {@code topic} as JSON, or null. */
    public JsonObject lastJson(String topic) {
        String s = last.get(topic);
        return s == null ? null : new JsonObject(s);
    }

    /** The records of {@code device}, in seq order. */
    public List<PlayRecord> playsOf(String device) {
        return plays.values().stream().filter(r -> r.device().equals(device))
                .sorted(java.util.Comparator.comparingLong(PlayRecord::seq)).toList();
    }

    @Override
    public void close() throws Exception {
        closed = true;
        MqttClient c = client;
        if (c != null && c.isConnected()) {
            c.disconnect().await(5, TimeUnit.SECONDS);
        }
    }

    /** Polls {@code condition} every 20 ms until it holds; fails with {@code message} after {@code timeout}. */
    public static void await(BooleanSupplier condition, Duration timeout, Supplier<String> message) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout.toSeconds() + " s: " + message.get());
            }
            Thread.sleep(20);
        }
    }
}
