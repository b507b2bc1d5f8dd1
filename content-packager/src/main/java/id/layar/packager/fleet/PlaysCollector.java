package id.layar.packager.fleet;

import id.layar.packager.mqtt.BrokerAddress;
import id.layar.packager.mqtt.BrokerLogin;
import id.layar.packager.mqtt.MqttConnect;
import id.layar.packager.mqtt.Topics;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;
import io.vertx.mqtt.messages.MqttPublishMessage;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Collects proof of play: subscribes {@code layar/devices/+/plays} at QoS 1 with a persistent session (a fixed client
 * id, clean session off, so the broker queues records while the collector is away) and stores each record in a
 * {@link PlayStore}. A record is acknowledged only after its transaction committed, so a crash between the two means a
 * redelivery, which the store ignores: nothing is lost and nothing is counted twice.
 *
 * <p>Storing runs on a worker, in arrival order (acknowledgements go back in the same order). A dropped connection is
 * re-made with a growing pause (1 s to 30 s); a failed write closes the connection so the broker keeps the record.
 */
public final class PlaysCollector {
    /** The client id of the collector: the broker keeps its queue under this name. */
    public static final String CLIENT_ID = "layar-plays-collector";

    /** What the collector reports (called on the event loop). */
    public interface Listener {
        default void connected(BrokerAddress address) {
        }

        default void disconnected(BrokerAddress address, Throwable why, long retryMillis) {
        }

        default void storeFailed(Throwable why) {
        }
    }

    private final Vertx vertx;
    private final BrokerAddress address;
    private final BrokerLogin login;
    private final MqttClientOptions options;
    private final PlayStore store;
    private final Clock clock;
    private final Listener listener;
    private final AtomicLong stored = new AtomicLong();
    private final AtomicLong duplicates = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private volatile MqttClient client;
    /** The last store task (event loop only): stop waits for it, so nothing is written after the store closes. */
    private volatile Future<?> last = Future.succeededFuture();
    private volatile boolean stopped;
    private long pauseMillis = 1000;

    private PlaysCollector(Vertx vertx, BrokerAddress address, BrokerLogin login, String clientId, PlayStore store, Clock clock,
                           Listener listener) {
        this.vertx = vertx;
        this.address = address;
        this.login = login;
        this.options = MqttConnect.options(address, login, clientId, true).setAutoAck(false);
        this.store = store;
        this.clock = clock;
        this.listener = listener;
    }

    /**
     * Connects and subscribes; fails (with a message naming the broker) when the first connection cannot be made, so a
     * wrong address or password is reported at once instead of retried forever.
     */
    public static Future<PlaysCollector> start(Vertx vertx, BrokerAddress address, BrokerLogin login, String clientId,
                                               PlayStore store, Clock clock, Listener listener) {
        PlaysCollector c = new PlaysCollector(vertx, address, login, clientId, store, clock, listener);
        return c.connect().map(x -> c);
    }

    private Future<Void> connect() {
        return MqttConnect.connectAndSubscribe(vertx, options, address, login, Map.of(Topics.PLAYS_ALL, MqttQoS.AT_LEAST_ONCE.value()),
                        this::arrived, c -> lost(c, null))
                .map(c -> {
                    client = c;
                    pauseMillis = 1000;
                    listener.connected(address);
                    return (Void) null;
                });
    }

    private void arrived(MqttClient from, MqttPublishMessage m) {
        if (stopped) {
            return; // not acknowledged: the broker delivers it again to the next session
        }
        String[] device = Topics.device(m.topicName());
        byte[] payload = m.payload().getBytes();
        Future<PlayStore.Added> task = vertx.executeBlocking(() -> device == null || !device[1].equals("plays") ? null
                : store.add(device[0], payload, clock.instant()), true);
        last = task;
        task.onComplete(ar -> {
                    if (ar.failed()) {
                        listener.storeFailed(ar.cause());
                        if (from.isConnected()) {
                            from.disconnect(); // unacknowledged: the broker keeps it for the next session
                        }
                        return;
                    }
                    if (ar.result() != null) {
                        switch (ar.result()) {
                            case STORED -> stored.incrementAndGet();
                            case DUPLICATE -> duplicates.incrementAndGet();
                            case REJECTED -> rejected.incrementAndGet();
                        }
                    }
                    try {
                        if (from.isConnected()) {
                            m.ack();
                        }
                    } catch (RuntimeException e) {
                        // the connection went away between the commit and the ack: the broker redelivers, we ignore it
                    }
                });
    }

    private void lost(MqttClient which, Throwable why) {
        if (stopped || which != client) {
            return;
        }
        long pause = pauseMillis;
        pauseMillis = Math.min(30_000, pauseMillis * 2);
        listener.disconnected(address, why, pause);
        vertx.setTimer(pause, t -> {
            if (!stopped) {
                connect().onFailure(e -> lost(which, e));
            }
        });
    }

    /** Records stored since start. */
    public long stored() {
        return stored.get();
    }

    /** Redeliveries ignored since start. */
    public long duplicates() {
        return duplicates.get();
    }

    /** Messages kept aside as not a valid record since start. */
    public long rejected() {
        return rejected.get();
    }

    /** Disconnects (the broker keeps the session and queues what arrives meanwhile). */
    public Future<Void> stop() {
        Promise<Void> done = Promise.promise();
        stopped = true;
        last.onComplete(ar -> {
            MqttClient c = client;
            if (c == null || !c.isConnected()) {
                done.tryComplete();
            } else {
                c.disconnect().onComplete(d -> done.tryComplete());
            }
        });
        return done.future();
    }
}
