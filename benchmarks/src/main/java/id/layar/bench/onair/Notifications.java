package id.layar.bench.onair;

import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The publisher's "channel updated" messages: {@code {"channel":..,"version":..}} on
 * {@code layar/channels/<channel>/notify}, QoS 1, not retained (the packager's publish command sends the same). One
 * connection for the whole run, opened before the rounds; every call runs on the client's own context.
 */
final class Notifications implements AutoCloseable {
    private final Context context;
    private final MqttClient client;
    private final AtomicInteger sent = new AtomicInteger();
    private final AtomicInteger acked = new AtomicInteger();

    private Notifications(Context context, MqttClient client) {
        this.context = context;
        this.client = client;
    }

    static Notifications connect(Vertx vertx, int port) throws Exception {
        Context ctx = vertx.getOrCreateContext();
        Promise<MqttClient> ready = Promise.promise();
        ctx.runOnContext(v -> {
            MqttClient c = MqttClient.create(vertx, new MqttClientOptions().setClientId("bench-publisher")
                    .setCleanSession(true).setKeepAliveInterval(30));
            c.connect(port, "127.0.0.1").map(ack -> c).onComplete(ready);
        });
        MqttClient c = ready.future().await(15, TimeUnit.SECONDS);
        Notifications n = new Notifications(ctx, c);
        ctx.runOnContext(v -> c.publishCompletionHandler(id -> n.acked.incrementAndGet()));
        return n;
    }

    /** Sends one notification; does not wait for the broker's PUBACK (see {@link #unacknowledged()}). */
    void send(String channel, long version) {
        sent.incrementAndGet();
        String payload = new JsonObject().put("channel", channel).put("version", version).encode();
        context.runOnContext(v -> client.publish("layar/channels/" + channel + "/notify", Buffer.buffer(payload),
                MqttQoS.AT_LEAST_ONCE, false, false));
    }

    /** Notifications the broker has not acknowledged yet. */
    int unacknowledged() {
        return sent.get() - acked.get();
    }

    @Override
    public void close() throws Exception {
        Promise<Void> done = Promise.promise();
        context.runOnContext(v -> client.disconnect().onComplete(done));
        done.future().recover(t -> Future.succeededFuture()).await(5, TimeUnit.SECONDS);
    }
}
